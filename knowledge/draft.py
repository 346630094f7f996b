"""`tradeqa kb draft`: draft facts from an article, for a moderator to review.

One fact per sentence that states something (headings, hashtags and datelines are left
out), each with its sentence as the verbatim excerpt and as the answer (the most faithful
answer there is: the moderator shortens it), the dates, figures and quotes in it
(:mod:`knowledge.draft_text`), the vocabulary entities it names, new names proposed as
entities, a kind, a title and example questions. Every fact carries `reviewed: false` until
a moderator removes that line. The draft is checked with the real loader before it is kept.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import draft_text
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.problems import KnowledgeError
from knowledge.schema import Entity, control_character_message
from knowledge.text import fold

MIN_WORDS = 6  # shorter lines are headings, captions or bylines
# Capitalised, but no one's name: weekdays and months are dates, not entities.
_CALENDAR = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_STOPWORDS = set(
    "a an the of to in on at for from by with and or but is are was were be been has have had "
    "it its this that these those as after before over under into than then there their they "
    "he she his her we our you your will would could should may might can said says also not "
    "about up out more most new last next year years month week".split()
)
_FIRST_WORDS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "after", "on"}


class DraftRefused(Exception):
    """Why nothing was drafted: one line for a moderator."""


@dataclass
class Draft:
    file: Path
    document: Path
    facts: int
    proposed_entities: int
    problems: list[str] = field(default_factory=list)


def slug(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text).replace("’", "").replace("'", ""))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "draft"


def _vocabulary(folder: Path) -> KnowledgeBase | None:
    """The knowledge base the draft joins: the folder itself, else beside the bundled one."""
    for paths in ([folder], [BUNDLED_DIR, folder]):
        try:
            kb = load_knowledge(paths)
        except KnowledgeError:
            continue
        if kb.entities:
            return kb
    return None


def _names(entities: Iterable[Entity]) -> list[tuple[re.Pattern[str], Entity]]:
    found = []
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            if len(name) >= 3:
                pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I)
                found.append((pattern, entity))
    found.sort(key=lambda p: -len(p[0].pattern))  # the longest name first
    return found


_CAPITALISED = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'.-]*[a-z0-9][\w’'-]*|[A-Z]{2,}\d*)"
    r"(?:\s+(?:of\s+|the\s+)?(?:[A-Z][\w’'.-]*[a-z0-9][\w’'-]*|[A-Z]{2,}\d*))*"
)


def _new_names(sentence: str, known: Sequence[tuple[re.Pattern[str], Entity]]) -> list[str]:
    """Capitalised names the vocabulary does not have (not a sentence's first word alone)."""
    text = sentence
    for pattern, _ in known:
        text = pattern.sub(" ", text)
    found = []
    for match in _CAPITALISED.finditer(text):
        name = match.group().strip(" .’'")
        name = re.sub(r"[’']s$", "", name)
        if match.start() == 0 and " " not in name:
            continue  # "However", "Consequently": capitalised because they start the sentence
        if fold(name) in _FIRST_WORDS or fold(name) in _CALENDAR or len(name) < 3:
            continue
        found.append(name)
    return found


@dataclass
class _Linked:
    ids: list[str]
    people: list[str]  # names of the person entities named, in order


def _link(sentence: str, known, proposed: dict[str, dict]) -> _Linked:
    ids: list[str] = []
    people: list[str] = []
    for pattern, entity in known:
        if pattern.search(sentence) and entity.id not in ids:
            ids.append(entity.id)
            if entity.kind == "person":
                people.append(entity.name)
    for name in _new_names(sentence, known):
        entry = proposed.get(fold(name))
        if entry is not None and entry["id"] not in ids:
            ids.append(entry["id"])
    return _Linked(ids, people)


def _title(sentence: str) -> str:
    text = re.sub(r"^(?:However|Consequently|Meanwhile|Moreover|Also|But|And),\s*", "", sentence)
    text = text.rstrip(" .!?")
    text = text[:1].upper() + text[1:]
    if len(text) <= 90:
        return text
    cut = text[:90].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"


def _questions(
    title: str, names: list[str], dates, figures, quote, speaker: str | None
) -> list[str]:
    plain = title.rstrip(" …").rstrip(".")
    # The claim's core: up to its first comma, at most 12 words (a question stays short).
    core = re.split(r",\s", plain)[0] if len(plain.split()) > 12 else plain
    core = " ".join(core.split()[:12])
    low = core[:1].lower() + core[1:]
    topic = [w for w in re.findall(r"[\w’'$%.,-]+", plain.casefold()) if w not in _STOPWORDS]
    subject = names[0] if names else " ".join(topic[:3]).strip(",.") or "this"
    pair = " and ".join(names[:2]) if len(names) >= 2 else subject
    asked = [
        f"is it true that {low}?",
        f"what's the news about {pair}?",
        f"what happened with {subject}?",
        f"{pair} latest".casefold(),
        f"{low}?",
        f"tell me about {low}",
    ]
    if dates:
        asked[1:1] = [f"when was it reported that {low}?", f"{subject} when?".casefold()]
    if figures:
        asked[1:1] = [f"how much, according to the report: {low}?", f"{subject} figures?"]
    if quote and speaker:
        asked[1:1] = [f"what did {speaker} say?", f"{speaker} quote".casefold()]
    seen: dict[str, str] = {}
    for question in asked:
        question = " ".join(question.split())[:200]
        seen.setdefault(fold(question), question)
    return list(seen.values())


def draft_facts(
    article: str, source_id: str, kb: KnowledgeBase | None, taken_ids: set[str]
) -> tuple[list[dict], list[dict]]:
    """The drafted facts and the proposed new entities, as plain data for the YAML file."""
    known = _names(kb.entities.values()) if kb else []
    known_names = {
        fold(n) for e in (kb.entities.values() if kb else ()) for n in (e.name, *e.aliases)
    }
    sentences = draft_text.sentences(article)
    proposed: dict[str, dict] = {}
    for sentence in sentences:
        for name in _new_names(sentence.text, known):
            key = fold(name)
            entity_id = slug(name, 50)
            if key in known_names or key in proposed or entity_id in taken_ids:
                continue
            if any(entity_id == p["id"] for p in proposed.values()):
                continue
            proposed[key] = {"id": entity_id, "name": name, "kind": "other"}
    facts: list[dict] = []
    last_person: str | None = None
    for number, sentence in enumerate(sentences):
        text = sentence.text
        linked = _link(text, known, proposed)
        if linked.people:
            last_person = linked.people[-1]
        if not re.search(r"[.!?][”\"’)]*$", text) or len(text.split()) < MIN_WORDS:
            continue
        if len(text) > 2000 or control_character_message(text, re.compile(r"[\x00-\x08\x0b-\x1f]")):
            continue
        dates = draft_text.dates(text)
        figures = draft_text.figures(text)
        quote = next(iter(draft_text.quotes(text)), None)
        speaker = None
        if quote is not None:
            following = sentences[number + 1].text if number + 1 < len(sentences) else ""
            byline = re.match(r"^[—–-]\s*([^,]{3,60})", following)
            speaker = quote.speaker or (byline.group(1).strip() if byline else last_person)
        fact: dict = {"id": "", "title": _title(text), "answer": text}
        kind = "event"
        if quote is not None and speaker:
            kind = "quote"
        elif figures:
            kind = "figure"
        elif any(d.iso or d.quarter for d in dates) or dates:
            kind = "date"
        fact["kind"] = kind
        if dates:
            fact["dates"] = [
                {"as_written": d.as_written}
                | ({"iso": d.iso} if d.iso else {})
                | ({"quarter": d.quarter} if d.quarter else {})
                for d in dates
            ]
        if figures:
            measures = _title(text).rstrip(" …")[:200]
            fact["figures"] = [
                {"as_written": f.as_written}
                | ({"amount": f.amount} if f.amount is not None else {})
                | {"unit": f.unit, "measures": measures}
                for f in figures
            ]
        if quote is not None and speaker:
            fact["quote"] = {"speaker": speaker[:200], "words": quote.words}
        names = [kb.entities[i].name for i in linked.ids if kb and i in kb.entities]
        names += [p["name"] for p in proposed.values() if p["id"] in linked.ids]
        fact["questions"] = _questions(fact["title"], names, dates, figures, quote, speaker)
        if linked.ids:
            fact["entities"] = linked.ids
        fact["sources"] = [{"source": source_id, "excerpt": text}]
        fact["reviewed"] = False
        fact_id = slug(fact["title"], 60)
        base, n = fact_id, 2
        while fact_id in taken_ids:
            fact_id = f"{base[:60]}-{n}"
            n += 1
        taken_ids.add(fact_id)
        fact["id"] = fact_id
        facts.append(fact)
    used = {i for f in facts for i in f.get("entities", ())}
    entities = [p for p in proposed.values() if p["id"] in used]
    return facts, entities


def _yaml(source: dict, facts: list[dict], entities: list[dict], article_name: str) -> str:
    header = (
        "# yaml-language-server: $schema=../schema/knowledge.schema.json\n"
        f"# Drafted by `tradeqa kb draft` from {article_name}. Every fact is marked\n"
        "# `reviewed: false`: check its excerpt, answer, values and questions, then remove\n"
        "# that line. Proposed entities (kind: other) are new names: fix their kind, merge or\n"
        "# delete them. Relative dates stay relative.\n\n"
    )
    body: dict = {"sources": [source], "facts": facts}
    if entities:
        body["entities"] = entities
    dumped = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    return header + re.sub(r"\n(  - id: )", r"\n\n\1", dumped)


def draft(
    article_path: Path,
    folder: Path,
    *,
    source_id: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Draft:
    """Store the article under `folder`/sources and write `folder`/<id>.yaml beside it."""
    try:
        article = article_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftRefused(f"cannot read {article_path}: {exc}") from None
    if not article.strip():
        raise DraftRefused(f"{article_path} is empty")
    if not folder.is_dir():
        raise DraftRefused(f"{folder} is not a folder")
    first_line = next((line.strip() for line in article.splitlines() if line.strip()), "")
    headline = (headline or first_line)[:200]
    source_id = source_id or slug(headline, 50)
    kb = _vocabulary(folder)
    taken = set(kb.facts) | set(kb.entities) | set(kb.sources) if kb else set()
    if source_id in taken:
        raise DraftRefused(f"the id {source_id!r} is taken: give another with --id")
    target = folder / f"{source_id}.yaml"
    document = folder / "sources" / f"{source_id}.txt"
    for path in (target, document):
        if path.exists():
            raise DraftRefused(f"{path} exists already: give another --id")
    taken.add(source_id)
    facts, entities = draft_facts(article, source_id, kb, taken)
    if not facts:
        raise DraftRefused(f"no sentence of {article_path} states anything to draft")
    source: dict = {"id": source_id, "headline": headline}
    if publisher:
        source["publisher"] = publisher
    if published:
        source["published"] = published
    if url:
        source["url"] = url
    source["document"] = f"sources/{source_id}.txt"
    document.parent.mkdir(exist_ok=True)
    shutil.copyfile(article_path, document)
    result = Draft(target, document, len(facts), len(entities))
    for attempt in (entities, []):  # proposed names that clash with the vocabulary: dropped
        target.write_text(_yaml(source, facts, attempt, article_path.name), encoding="utf-8")
        try:
            _check(folder)
        except KnowledgeError as exc:
            result.problems = [str(p) for p in exc.problems]
            for fact in facts:
                fact["entities"] = [i for i in fact.get("entities", ()) if i not in _ids(entities)]
                if not fact["entities"]:
                    del fact["entities"]
            continue
        result.proposed_entities = len(attempt)
        result.problems = []
        break
    return result


def _ids(entities: list[dict]) -> set[str]:
    return {e["id"] for e in entities}


def _check(folder: Path) -> None:
    """The folder loads (beside the bundled base when it needs its vocabulary)."""
    try:
        load_knowledge([folder])
    except KnowledgeError:
        load_knowledge([BUNDLED_DIR, folder])
