"""Who and what a drafted claim names: the vocabulary's entities, and new names to propose.

Entity linking is what lets two articles share an answer space: "Commerce Secretary Howard
Lutnick" in a new article must be the `howard-lutnick` a moderator already has, and "Intel
CEO Lip-Bu Tan" is two entities (Intel, and Lip-Bu Tan), not one named after a job title.
So a run of capitalised words is split at job titles and read part by part; a part the
vocabulary knows is linked, the rest are proposed as new entities (a person's surname as
an alias, so "Tan" later in the article links too). Words capitalised only because they
start a sentence or a quotation ("Shares of Nvidia", "“Either …") are not names, nor are
runs of a headline-case line ("… Met With President Trump Amid Trade Negotiations"), where
every word is capitalised, unless the article's normal-case text uses them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.base import KnowledgeBase
from knowledge.draft_attribution import CLAUSE_OPENERS
from knowledge.draft_entity_kinds import guess_country, guess_kind
from knowledge.schema import Entity
from knowledge.text import fold

# Capitalised, but no one's name: weekdays and months are dates, not entities.
_CALENDAR = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words that start a capitalised run without being part of the name after them.
_LEADING = CLAUSE_OPENERS | set(
    "the a an this that these those its his her their after on another other several some "
    "many most both each every when while if as either neither but and or however "
    "meanwhile also".split()
)
# Job titles: a run is split here ("Intel CEO Lip-Bu Tan" is Intel, and Lip-Bu Tan).
_TITLES = set(
    "ceo cfo coo cto chief president vice secretary undersecretary minister "
    "senator sen. rep. representative congressman congresswoman chairman chairwoman chair "
    "spokesperson spokesman spokeswoman director governor ambassador premier chancellor "
    "commissioner adviser advisor analyst founder".split()
)
# Words that go on a title only right after one ("Chief Executive", "Director General"):
# alone they start other names ("Executive Order", "General Motors").
_TITLE_GOES_ON = {"executive", "general", "officer"}
_ORGANISATION = re.compile(
    r"\b(?:Center|Centre|Institute|Department|Committee|Council|University|Bureau|Agency|"
    r"Ministry|Association|Foundation|Commission|Administration|Office|Group|Corp|Inc|"
    r"Board|Authority|Federation|Chamber|Parliament|Alliance|Forum|Union)\b"
)
_WORD = r"(?:[A-Z][\w’'.-]*[a-z0-9][\w’'-]*|[A-Z]{2,}\d*)"
_CAPITALISED = re.compile(rf"(?<![\w’']){_WORD}(?:\s+(?:(?:of|for|the|a)\s+)*{_WORD})*")
# Titles only a company gives: the name before one is a company's ("Intel CEO Lip-Bu Tan").
_COMPANY_TITLES = {"ceo", "cfo", "coo", "cto"}
# A job title in lower case before a name: "chief executive Lisa Su", "analyst Jo Park".
_TITLE_BEFORE = re.compile(
    r"\b(?:chief\s+executive|ceo|chief|president|chairman|chairwoman|secretary|minister|"
    r"founder|spokesperson|spokesman|spokeswoman|analyst|director|governor)\s+$",
    re.I,
)
# Family names that Chinese and Korean names put first: "Xi Jinping" is called Xi.
_FAMILY_FIRST = set(
    "xi li wang zhang liu chen yang zhao zhou wu xu sun ma zhu hu guo lin gao luo zheng liang "
    "xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang du ye cheng wei "
    "lu ding ren shen yao jin fu zhong qin bai kong mao hou lei xiong meng dai shi he "
    "kim park choi jung kang cho yoon jang lim moon".split()
)
# Words a product or company name carries without naming something else: "Nvidia H20 GPU"
# is the H20.
_KNOWN_WITH = re.compile(rf"^(?:{_ORGANISATION.pattern})$")


@dataclass
class Linked:
    ids: list[str]  # entity ids, in the order the sentence names them
    people: list[str]  # names of the people among them, in order
    spans: list[str]  # the words that named them, as written
    named: list[tuple[str, str]] = field(default_factory=list)  # (span, entity id) each


@dataclass
class Proposal:
    id: str
    name: str
    kind: str
    aliases: list[str]
    country: str | None = None

    def as_yaml(self) -> dict:
        entry: dict = {"id": self.id, "name": self.name, "kind": self.kind}
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        if self.country:
            entry["country"] = self.country
        entry["reviewed"] = False
        return entry


def _patterns(names: Iterable[tuple[str, str, str]]) -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, entity id, kind) for each name of 3+ characters, the longest name first. A
    model number or acronym is its plural too ("H20s", "MI308s")."""
    found = []
    for name, entity_id, kind in names:
        if len(name) >= 3:
            plural = "s?" if re.search(r"[0-9A-Z]$", name) else ""
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}{plural}(?![\w-])", re.I)
            found.append((pattern, entity_id, kind))
        elif kind == "person" and re.fullmatch(r"[A-Z][a-z]", name):
            # "Xi", "Su": a short family name, as written (never "su" in a word or "XI")
            found.append((re.compile(rf"(?<![\w-]){name}(?![\w-])"), entity_id, kind))
    found.sort(key=lambda p: -len(p[0].pattern))
    return found


class EntityLinker:
    """Links sentences to the vocabulary, and proposes the names it lacks."""

    def __init__(self, kb: KnowledgeBase | None, slug):
        self._slug = slug
        entities: Iterable[Entity] = kb.entities.values() if kb else ()
        self._known: dict[str, Entity] = {}
        for entity in entities:
            for name in (entity.name, *entity.aliases):
                self._known.setdefault(fold(name), entity)
        self._kinds = {e.id: e.kind for e in self._known.values()}
        self._countries = {
            name: e.id for name, e in self._known.items() if e.kind == "country"
        }  # "chinese": china
        self._names = {e.id: e.name for e in self._known.values()}
        self._patterns = _patterns((name, e.id, e.kind) for name, e in self._known.items())
        self.proposed: dict[str, Proposal] = {}  # folded name or alias -> proposal

    def propose(self, sentences: Iterable[str], taken_ids: set[str]) -> None:
        """Read every sentence once for names the vocabulary lacks."""
        sentences = list(sentences)
        # What the article's normal-case text says: a heading's run is a name only if used there.
        plain = "\n".join(s for s in sentences if not headline_case(s))
        for sentence in sentences:
            heading = headline_case(sentence)
            for name, kind in self._new_names(sentence):
                if heading and not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", plain):
                    continue  # "Trump Amid Trade Negotiations": capitalised by the heading
                key = fold(name)
                country = guess_country(name, sentence, lambda w: self._countries.get(fold(w)))
                if key in self.proposed and self.proposed[key].kind == "other":
                    self.proposed[key].kind = kind  # a later sentence says what it is
                if key in self.proposed and not self.proposed[key].country:
                    self.proposed[key].country = country
                if key in self._known or key in self.proposed:
                    continue
                longer = self._named_in_full(name)
                if longer is not None:  # "the Commission", after "the European Commission"
                    longer.aliases.append(name)
                    self.proposed[key] = longer
                    continue
                entity_id = self._slug(name, 50)
                if entity_id in taken_ids or any(p.id == entity_id for p in self.proposed.values()):
                    continue
                aliases = []
                surname = family_name(name)
                free = fold(surname) not in self._known and fold(surname) not in self.proposed
                if kind == "person" and " " in name and free:
                    aliases.append(surname)
                proposal = Proposal(entity_id, name, kind, aliases, country)
                for folded in (key, *(fold(a) for a in aliases)):
                    self.proposed[folded] = proposal
        self._fold_adjectives()
        self._patterns = _patterns(
            [(n, e.id, e.kind) for n, e in self._known.items()]
            + [(n, p.id, p.kind) for n, p in self.proposed.items()]
        )
        for proposal in {p.id: p for p in self.proposed.values()}.values():
            self._kinds[proposal.id] = proposal.kind
            self._names[proposal.id] = proposal.name

    def _fold_adjectives(self) -> None:
        """ "Russian oil", "Indian goods": the word for a place's people or things is that
        place (Russia, India), not a name of its own; "Western sanctions" is no name at all."""
        for key, proposal in list(self.proposed.items()):
            if " " in proposal.name or key != fold(proposal.name):
                continue
            places = [fold(b) for b in _place_bases(proposal.name)]
            bases = [b for b in places if b in self._known]
            owner = [b for b in places if b in self.proposed]
            if bases:
                self._known[key] = self._known[bases[0]]
            elif owner and self.proposed[owner[0]] is not proposal:
                self.proposed[owner[0]].aliases.append(proposal.name)
                self.proposed[key] = self.proposed[owner[0]]
                continue
            elif not _ADJECTIVE_ENDING.search(proposal.name):
                continue
            del self.proposed[key]

    def _named_in_full(self, word: str) -> Proposal | None:
        """The one proposed body whose name ends in this lone word, if any: an article
        names a body in full once, then by its last word."""
        if " " in word:
            return None
        bodies = {
            p.id: p
            for p in self.proposed.values()
            if p.kind in ("organisation", "company") and p.name.split()[-1] == word
        }
        return next(iter(bodies.values())) if len(bodies) == 1 else None

    def link(self, sentence: str) -> Linked:
        hits: list[tuple[int, str]] = []
        spans: list[str] = []
        named: list[tuple[str, str]] = []
        text = sentence
        for pattern, entity_id, _ in self._patterns:
            for match in pattern.finditer(text):
                hits.append((match.start(), entity_id))
                spans.append(match.group())
                named.append((match.group(), entity_id))
            # A longer name claims its words: "Nvidia CEO" is not also read as "CEO".
            text = pattern.sub(lambda m: " " * len(m.group()), text)
        for at, written, pair in self._pairs(sentence):  # "US-China trade": both countries
            hits += [(at, entity_id) for entity_id in pair]
            spans.append(written)
        ids: list[str] = []
        for _, entity_id in sorted(hits):
            if entity_id not in ids:
                ids.append(entity_id)
        people = [self._names[i] for i in ids if self._kinds.get(i) == "person"]
        return Linked(ids, people, spans, named)

    def _pairs(self, sentence: str) -> list[tuple[int, str, list[str]]]:
        """ "US-China", "China-EU": two names the vocabulary knows, joined by a hyphen, are
        a relation between them, no entity of its own."""
        found = []
        for match in re.finditer(r"(?<![\w-])([A-Z][\w.]*)-([A-Z][\w.]*)(?![\w-])", sentence):
            known = [self._known.get(fold(part)) for part in match.groups()]
            if all(known):
                found.append((match.start(), match.group(), [e.id for e in known if e]))
        return found

    def _covered(self, words: list[str]) -> bool:
        """The words are a name the vocabulary knows, as a plural ("H20s") or with a word it
        carries ("Nvidia H20 GPU", "AMD MI308 Accelerator"): no new entity."""
        name = " ".join(words)
        if fold(name) in self._known or fold(re.sub(r"s$", "", name)) in self._known:
            return True
        if self._pairs(name) and len(words) == 1:
            return True  # "US-China"
        if len(words) < 2 or _KNOWN_WITH.match(words[0]) or _KNOWN_WITH.match(words[-1]):
            return False  # "Nvidia Foundation" is an organisation of its own
        for head in (words[:-1], words[1:]):
            entity = self._known.get(fold(" ".join(head)))
            if entity is not None and entity.kind in ("product", "company"):
                return True
        # "China International Supply Chain Expo" is the "Supply Chain Expo" the vocabulary
        # has: a name of several words that ends the run, after at most two more.
        return any(
            " " in fold(" ".join(words[i:])) and fold(" ".join(words[i:])) in self._known
            for i in (1, 2)
        )

    def name_of(self, entity_id: str) -> str:
        return self._names.get(entity_id, entity_id)

    def kind_of(self, entity_id: str) -> str | None:
        return self._kinds.get(entity_id)

    def used(self, ids: set[str]) -> list[dict]:
        """The proposals some drafted fact links, once each, as YAML entries."""
        unique = {p.id: p for p in self.proposed.values()}
        return [p.as_yaml() for i, p in unique.items() if i in ids]

    def _first_word_of_one(self, word: str) -> bool:
        """ "Commerce" in "Commerce Secretary" is the Department of Commerce the vocabulary
        calls "commerce department": one word that starts names of one known entity only."""
        if " " in word:
            return False
        owners = {e.id for n, e in self._known.items() if n.split()[0] == word and " " in n}
        return len(owners) == 1

    @staticmethod
    def _kind_from(name: str, sentence: str, before: str) -> str:
        """A new name's kind from the name itself ("Center for …"), the noun that introduces
        it ("rivals like Zenvex"), a job title before it, or its saying something."""
        if _ORGANISATION.search(name):
            return "organisation"
        guessed = guess_kind(name, sentence)
        if guessed:
            return guessed
        if " " in name and _TITLE_BEFORE.search(before):
            return "person"  # "AMD chief executive Lisa Su"
        return "person" if _speaks(name, sentence) else "other"

    def _new_names(self, sentence: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for match in _CAPITALISED.finditer(sentence):
            words = match.group().split()
            # Capitalised because it starts the sentence or a quotation, unless a name.
            before = sentence[: match.start()]
            # Capitalised to open the sentence or a quotation inside it (“Officials have …”).
            opens = not before.strip(" “\"‘'(") or before.rstrip().endswith(("“", '"', "‘"))
            lone = len(words) == 1 or fold(words[1]) in ("of", "for", "the", "a")
            if opens and lone and fold(words[0]) not in self._known:
                words = words[1:]
            elif opens and len(words) == 2 and fold(words[1]) in self._known:
                words = words[1:]  # "Chipmaker AMD …": a descriptor, capitalised to open
            for part, kind in (
                p for group in _at_possessives(words) for p in _split_at_titles(group)
            ):
                while part and fold(part[0]) in _LEADING | _CALENDAR | {"of", "for"}:
                    part = part[1:]
                while part and fold(part[-1]) in ("of", "for", "the", "a"):
                    part = part[:-1]
                name = re.sub(r"[’']s$", "", " ".join(part).strip(" .’'"))
                key = fold(name)
                if len(name) < 3 or key in _CALENDAR or key in _LEADING:
                    continue
                if key in self._known or self._first_word_of_one(key):
                    continue
                if self._covered(name.split()):
                    continue
                if kind == "other":
                    kind = self._kind_from(name, sentence, before)
                found.append((name, kind))
        return found


# "The California-based company", "Seoul-based SK Hynix": a place made an adjective
# describes the name after it and is no name itself.
_DESCRIPTOR = re.compile(
    r".+-(?:based|born|listed|owned|headquartered|made|backed|led|run|registered|controlled)$",
    re.I,
)


# Endings of the words for a place's people and things ("Ukrainian", "Japanese", "British")
# and for a side of the world ("Western").
_ADJECTIVE_ENDING = re.compile(r"^\w{3,}(?:ian|ean|ese|ish|ern)$")


def _place_bases(word: str) -> list[str]:
    """The place names a people-word may come from: "Russian" Russia, "Ukrainian" Ukraine,
    "Chinese" China, "Japanese" Japan."""
    found = []
    for ending, restore in (
        ("n", ""),
        ("ian", "e"),
        ("ian", "ia"),
        ("ian", ""),
        ("ean", "e"),
        ("ese", "a"),
        ("ese", ""),
        ("an", "a"),
        ("an", ""),
    ):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            found.append(word[: -len(ending)] + restore)
    return found


def _at_possessives(words: list[str]) -> list[list[str]]:
    """ "Trump's Friday deadline": the owner and what is his are two runs."""
    groups: list[list[str]] = [[]]
    for word in words:
        groups[-1].append(word)
        if re.search(r"[’']s$", word):
            groups.append([])
    return [g for g in groups if g]


def _split_at_titles(words: list[str]) -> list[tuple[list[str], str]]:
    """["Intel", "CEO", "Lip-Bu", "Tan"] -> [(["Intel"], other), (["Lip-Bu", "Tan"], person)]."""
    parts: list[tuple[list[str], str]] = []
    current: list[str] = []
    titled = False
    for word in words:
        if _DESCRIPTOR.fullmatch(word):
            if current:
                parts.append((current, "other"))
            current = []
            continue
        if fold(word) in _TITLES or (fold(word) in _TITLE_GOES_ON and titled and not current):
            if current:  # "Intel CEO": whose chief executive is a company
                parts.append((current, "company" if fold(word) in _COMPANY_TITLES else "other"))
            current, titled = [], True  # "Director General": one title
            continue
        current.append(word)
    if titled:
        # "Director General of the European Steel Association Axel Eggert": the body, then
        # the person.
        heads = [i for i, w in enumerate(current) if _ORGANISATION.fullmatch(w)]
        if heads and heads[-1] <= len(current) - 3 and fold(current[0]) in ("of", "for", "at"):
            parts.append((current[: heads[-1] + 1], "organisation"))
            current = current[heads[-1] + 1 :]
    if current:
        parts.append((current, "person" if titled and len(current) >= 2 else "other"))
    return parts


# Words a headline-case line leaves in lower case, or that say nothing of its case.
_SMALL_WORDS = set(
    "a an the of to in on at for with and or as by from via vs nor but into over amid".split()
)


def headline_case(line: str) -> bool:
    """Every word that counts is capitalised, as in a subheading ("Export Controls as a
    Negotiating Chip"), not a sentence that names many things."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if fold(w) not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def family_name(name: str) -> str:
    """How the article calls a person after naming them: the family name, last in most
    names, first in Chinese and Korean ones ("Xi Jinping": Xi)."""
    words = name.split()
    if len(words) == 2 and fold(words[0]) in _FAMILY_FIRST and fold(words[1]) not in _FAMILY_FIRST:
        return words[0]
    return words[-1]


def _speaks(name: str, sentence: str) -> bool:
    """`name` is who said something in this sentence: a person (bodies "said" too, but their
    names carry an organisation word, checked first)."""
    said = r"(?:said|says|told|added|warned|wrote)"
    escaped = re.escape(name)
    return bool(re.search(rf"{said}\s+{escaped}|{escaped}(?:[’']s)?,?\s+{said}", sentence))
