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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import draft_claim, draft_text
from knowledge.base import KnowledgeBase
from knowledge.draft_answer import spelled_out
from knowledge.draft_duplicates import Restatements, SameClaim, point_at, same_claim_note
from knowledge.draft_entities import EntityLinker
from knowledge.draft_guard import baseline, protect
from knowledge.draft_questions import claim_kind, example_questions, short_name
from knowledge.draft_supersedes import Proposal
from knowledge.draft_supersedes import propose as propose_supersedes
from knowledge.draft_title import headline
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.problems import KnowledgeError
from knowledge.schema import control_character_message
from knowledge.text import fold

MIN_WORDS = 6  # shorter lines are headings, captions or bylines
# A first line longer than this is the article's first paragraph, not its headline.
HEADLINE_WORDS = 25
GUESSED_HEADLINE_CHARS = 120


class DraftRefused(Exception):
    """Why nothing was drafted: one line for a moderator."""


@dataclass
class Draft:
    file: Path
    document: Path
    facts: int
    proposed_entities: int
    problems: list[str] = field(default_factory=list)
    review: Review | None = None  # what the moderator is asked to decide
    headline_guessed: bool = False  # no --headline, and the article opens with its text


def slug(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text).replace("’", "").replace("'", ""))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "draft"


def _vocabulary(folder: Path) -> tuple[KnowledgeBase | None, list[Path]]:
    """The knowledge base the draft joins, and where it loads from: the folder itself, else
    the folder beside the bundled base (whose vocabulary it then uses)."""
    for paths in ([folder], [BUNDLED_DIR, folder]):
        try:
            kb = load_knowledge(paths)
        except KnowledgeError:
            continue
        if kb.entities:
            return kb, paths
    return None, [folder]


def draft_facts(
    article: str, source_id: str, kb: KnowledgeBase | None, taken_ids: set[str]
) -> tuple[list[dict], list[dict]]:
    """The drafted facts and the proposed new entities, as plain data for the YAML file."""
    sentences = draft_text.sentences(article)
    linker = EntityLinker(kb, slug)
    linker.propose((s.text for s in sentences), taken_ids)
    facts: list[dict] = []
    last_person: str | None = None
    last_speaker: str | None = None
    asked_before: set[str] = set()
    last_company: str | None = None
    last_subject: str | None = None  # whose "decision" the next sentence may report
    for number, sentence in enumerate(sentences):
        text = sentence.text
        linked = linker.link(text)
        if not re.search(r"[.!?][”\"’)]*$", text) or len(text.split()) < MIN_WORDS:
            if linked.people:
                last_person = linked.people[-1]
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
            # A quotation that names no speaker is the words of the person its sentence
            # names ("Celebrating it as “…”, Axel Eggert hopes …"); in a sentence that names
            # nobody it goes on from the last one quoted, else the last person named.
            speaker = quote.speaker or (
                byline.group(1).strip()
                if byline
                else _person_near(text, quote.words, linked, linker) or last_speaker or last_person
            )
            if speaker and fold(speaker) in (
                "company",
                "firm",
            ):  # "the firm said": the company named
                companies = [i for i in linked.ids if linker.kind_of(i) == "company"]
                named = linker.name_of(companies[0]) if companies else last_company
                speaker = named or speaker
            last_speaker = speaker
        kind = claim_kind(text, dates, figures, quote is not None and bool(speaker))
        companies = [linker.name_of(i) for i in linked.ids if linker.kind_of(i) == "company"]
        answer = spelled_out(
            text,
            person=last_person,
            company=next(iter(companies), last_company),
            previous=last_subject,
        )
        # Read as spelled out ("Nvidia’s decision follows …"), except a pronoun, which the
        # claim reader resolves itself ("He harangues …" reads better than "Donald Trump
        # harangues …" to its verb rules).
        reading = text if re.match(r"(?:He|She|His|Her|It)\b", text) else answer
        if answer != text:
            linked = linker.link(answer)
        spans = [span for span, _ in linked.named]
        title = headline(answer, spans, speaker if quote is not None and speaker else "")
        fact: dict = {"id": "", "title": title, "answer": answer, "kind": kind}
        if dates:
            fact["dates"] = [
                {"as_written": d.as_written}
                | ({"iso": d.iso} if d.iso else {})
                | ({"quarter": d.quarter} if d.quarter else {})
                for d in dates
            ]
        if figures:
            fact["figures"] = [
                {"as_written": f.as_written}
                | ({"amount": f.amount} if f.amount is not None else {})
                | {"unit": f.unit, "measures": draft_text.measure_of(text, f)}
                for f in figures
            ]
        if quote is not None and speaker:
            fact["quote"] = {"speaker": speaker[:200], "words": quote.words}
        shorts = {i: short_name(linker.name_of(i), linker.kind_of(i)) for i in linked.ids}
        claim = draft_claim.read(
            reading,
            [(span, shorts[i]) for span, i in linked.named],
            [d.as_written for d in dates],
            [f.as_written for f in figures],
            short_name(last_person, "person") if last_person else "",
            short_name(next(iter(companies), last_company or ""), "company"),
        )
        # The subject's entities first: "US chipmaker AMD announced …" is about AMD.
        subject = {n for c in claim.clauses[:1] for n in c.subject_names}
        ids = sorted(linked.ids, key=lambda i: shorts[i] not in subject)
        # Who the claim is about, as its subject names them ("it" read as the speaker).
        said = claim.clauses[0].subject if claim.clauses else ""
        about = next((i for i in ids if shorts[i] == said), None)
        names = [(linker.name_of(i), linker.kind_of(i)) for i in ids]
        questions = example_questions(
            reading, kind, names, linked.spans, dates, figures, quote, speaker, claim
        )
        # A question two drafted facts share would answer neither reliably.
        fact["questions"] = [q for q in questions if fold(q) not in asked_before]
        asked_before.update(fold(q) for q in fact["questions"])
        if ids:
            fact["entities"] = ids
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
        if linked.people:
            last_person = linked.people[-1]
        last_subject = linker.name_of(about) if about else None
        last_company = next(
            (linker.name_of(i) for i in linked.ids if linker.kind_of(i) == "company"),
            last_company,
        )
    used = {i for f in facts for i in f.get("entities", ())}
    return facts, linker.used(used)


def _yaml(source: dict, facts: list[dict], entities: list[dict], review: Review) -> str:
    # The stored document, not the file given (often a temporary one), says what was drafted.
    header = (
        "# yaml-language-server: $schema=../schema/knowledge.schema.json\n"
        f"# Drafted by `tradeqa kb draft` from {source['document']} (source"
        f" {source['id']}).\n"
        "# Every fact is marked `reviewed: false`: check its excerpt, answer, values and\n"
        "# questions, then remove that line. Until then a fact answers only what the\n"
        "# reviewed facts leave unanswered. Proposed entities are names the vocabulary\n"
        "# lacks: check their kind, merge or delete them (each is `reviewed: false` too).\n"
        "# Relative dates stay relative.\n"
        "# `# supersedes:` lines are proposals: uncomment one if this fact replaces that\n"
        "# older one, else delete it.\n"
        "# `same_claim_as:` says a fact already has this claim: the entry only adds this\n"
        "# article as its source and is not answered. Delete that line if it says more.\n"
    )
    if review.changed:
        header += (
            "#\n# With this draft, these evaluation questions are answered differently (if a\n"
            "# drafted fact now rightly answers one, set its `expect:` to that fact):\n"
        )
        header += "".join(f"#   {_one_line(line)}\n" for line in review.changed)
    body: dict = {"sources": [source], "facts": facts}
    if entities:
        body["entities"] = entities
    dumped = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    for fact in facts:
        notes = review.notes_for(fact["id"])
        if not notes:
            continue
        # The id as the dumper wrote it: plain, or quoted when it reads as a number.
        entry = re.search(rf"\n- id: ['\"]?{re.escape(fact['id'])}['\"]?\n", dumped)
        end = dumped.find("\n  reviewed: false\n", entry.end()) if entry else -1
        if end < 0:
            header += "".join(f"# {fact['id']}: {_one_line(n)}\n" for n in notes)
            continue
        end += len("\n  reviewed: false\n")
        dumped = dumped[:end] + "".join(f"  # {_one_line(n)}\n" for n in notes) + dumped[end:]
    head, facts_part = dumped.split("\nfacts:\n", 1)
    facts_part, *tail = facts_part.split("\nentities:\n", 1)
    facts_part = re.sub(r"\n(- id: )", r"\n\n\1", facts_part)
    rest = f"\nentities:\n{tail[0]}" if tail else ""
    return f"{header}\n{head}\nfacts:\n{facts_part}{rest}"


def _stand_in_headline(line: str) -> str:
    """For an article that opens with its text (wire copy often comes without its headline):
    the first sentence, no dateline, cut at a word and marked as cut."""
    found = draft_text.sentences(line)
    first = found[0].text if found else line
    if len(first) <= GUESSED_HEADLINE_CHARS:
        return first
    return first[:GUESSED_HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


@dataclass
class Review:
    """What the moderator is asked to decide, written as comments into the draft."""

    supersedes: dict[str, list[Proposal]] = field(default_factory=dict)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    same_claims: dict[str, SameClaim] = field(default_factory=dict)

    def notes_for(self, fact_id: str) -> list[str]:
        notes = [same_claim_note(s) for s in (self.same_claims.get(fact_id),) if s]
        notes += [
            f"supersedes: [{p.older}]  # proposed ({p.reason}): “{p.title}”"
            for p in self.supersedes.get(fact_id, ())
        ]
        notes += [
            f"left out, as it took an evaluation question from an older fact: {q}"
            for q in self.left_out.get(fact_id, ())
        ]
        return notes


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
    # A first line longer than a headline is the article's first paragraph.
    guessed = headline is None and len(first_line.split()) > HEADLINE_WORDS
    headline = (_stand_in_headline(first_line) if guessed else headline or first_line)[:200]
    source_id = source_id or slug(headline, 50)
    kb, paths = _vocabulary(folder)
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
    review = Review()
    if kb is not None:
        restated = Restatements(kb, published, source_id)
        for fact in facts:
            found = propose_supersedes(fact, kb, published, source_id)
            if found:
                review.supersedes[fact["id"]] = found
            same = restated.find(fact, {p.older for p in found})
            if same is not None:  # a repeated claim: a second source, never a rival fact
                point_at(fact, same)
                review.same_claims[fact["id"]] = same
    before = baseline(paths) if kb is not None else None
    document.parent.mkdir(exist_ok=True)
    shutil.copyfile(article_path, document)
    result = Draft(target, document, len(facts), len(entities), headline_guessed=guessed)

    def write(chosen: list[dict]) -> None:
        text = _yaml(source, facts, chosen, review)
        target.write_text(text, encoding="utf-8")

    for attempt in (entities, []):  # proposed names that clash with the vocabulary: dropped
        write(attempt)
        try:
            load_knowledge(paths)
        except KnowledgeError as exc:
            result.problems = [str(p) for p in exc.problems]
            for fact in facts:
                fact["entities"] = [i for i in fact.get("entities", ()) if i not in _ids(entities)]
                if not fact["entities"]:
                    del fact["entities"]
            continue
        result.proposed_entities = len(attempt)
        result.problems = []
        if before is not None:
            guarded = protect(before, paths, facts, lambda chosen=attempt: write(chosen))
            review.left_out, review.changed = guarded.left_out, guarded.changed
            write(attempt)
        break
    result.review = review
    return result


def _person_near(text: str, words: str, linked, linker: EntityLinker) -> str | None:
    """The person the sentence names first after the quoted words, else last before them."""
    quoted = text.find(words)
    after, before = [], []
    for span, entity_id in linked.named:
        if linker.kind_of(entity_id) == "person":
            at = text.find(span)
            (after if at > quoted else before).append((at, linker.name_of(entity_id)))
    if after:
        return min(after)[1]
    return max(before)[1] if before else None


def _ids(entities: list[dict]) -> set[str]:
    return {e["id"] for e in entities}
