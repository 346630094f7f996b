"""Which drafted claims restate a fact the knowledge base already has (from another article).

Wire stories repeat each other: an AFP story a week before the bundled article quotes the
same Nvidia statement and the same "visited China twice this year". Drafted as new facts,
such claims split their questions with the older facts, and where they tie nobody gets an
answer. A drafted fact is proposed as the same claim as an existing fact (`same_claim_as:`,
see knowledge.same_claims) when one of these holds:

- same quote: words quoted in the existing fact (two words or more, as a run) are quoted in
  the draft too, and the existing fact's speaker is named in it;
- same figure: an amount in the same unit that the existing fact gives, measuring the same;
- same dated event: the same date, a named actor in common and the same other words;
- same words: nearly all of the claim's words are the existing fact's, and most of the
  existing fact's answer is in the claim;

and, in every case, most of the claim's content words (rarer words weigh more; counts are
compared as numbers, so "twice" meets "his second visit") are already in the existing fact,
and the claim adds nothing to it: no figure, date, count or speaker the existing fact lacks,
no person, company, body or product it does not name, and no proposed `supersedes` of it
(an update is not a repetition). "… and will open an R&D centre" added to a repeated claim
leaves too many of its words new: it stays a fact of its own. Precision matters more than recall: a
new claim hidden behind a pointer is lost to askers, a missed repetition only competes, and
the moderator reviews both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from knowledge.base import KnowledgeBase
from knowledge.schema import Fact
from knowledge.spelling import NOT_CONTENT
from knowledge.text import fold, is_content, is_number, stem, words
from knowledge.vocabulary import Vocabulary, entity_token, is_entity_token

# Words of attribution and connection: "Nvidia said" and "Nvidia confirmed" report one claim.
_SAID = frozenset(
    stem(w)
    for w in """said says told added stated statement according report reports reported
    also however confirmed confirm company firm meanwhile""".split()
)
_SPECIFIC = frozenset(("person", "company", "organisation", "product"))
_BROAD = frozenset(("country", "place"))
_DAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|"
    r"tomorrow|week|weekend|day)\b"
)
_YEAR = re.compile(r"\b\d{4}\b")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
# How many times, or which time: "twice" and "his second visit" say the same, "three times"
# does not. An ordinal before a capitalised name is part of the name ("the 3rd China
# International Supply Chain Expo").
_NUMBER_WORDS = "one two three four five six seven eight nine ten".split()
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_COUNT = re.compile(
    r"\b(?i:(once|twice|thrice)|(\d+|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+times|("
    + "|".join(_ORDINALS)
    + r")|(\d+)(?:st|nd|rd|th))\b(?!\s+[A-Z])"
)

MIN_COVERAGE = 0.6  # share of the claim's weighted words the existing fact holds
SAME_WORDS = 0.75  # the same, without a quote, figure or dated event in common
SAME_WORDS_BACK = 0.5  # share of the existing answer's weighted words the claim holds


@dataclass(frozen=True)
class SameClaim:
    older: str  # the existing fact's id
    reason: str  # "same quote", "same figure", "same dated event", "same words"
    title: str  # the existing fact's title, so the proposal can be judged without looking


@dataclass(frozen=True)
class _Older:
    fact: Fact
    tokens: frozenset[str]  # title, answer, excerpts and quote
    answer: frozenset[str]
    text: str  # folded, for finding a date or figure as written
    counts: frozenset[int]  # how many times, or which time ("twice", "second visit")
    quoted: tuple[tuple[str, ...], ...]
    speakers: frozenset[str]
    actors: frozenset[str]
    published: str


class Restatements:
    """Finds, for drafted facts, the existing fact each restates (if any)."""

    def __init__(self, kb: KnowledgeBase, published: str | None, source_id: str):
        self.kb = kb
        self.published = published or ""
        self.vocabulary = Vocabulary(kb.synonyms, kb.entities.values(), kb.shorthand)
        self.older: list[_Older] = []
        for fact in kb.facts.values():
            if any(c.source == source_id for c in fact.sources):
                continue
            self.older.append(self._older(fact))
        counts = Counter(t for o in self.older for t in o.tokens)
        total = len(self.older) + 1
        # A word in every fact ("nvidia") says little; one no fact has says most.
        self.weight = lambda t: math.log(1 + total / (counts.get(t, 0) + 0.5))

    def _tokens(self, text: str) -> list[str]:
        """Content words as the matcher reads them (synonyms and names folded); counts and
        ordinals are left to `counts` ("twice" and "second" are one count)."""
        raw = self.vocabulary.pronouns_as_written(self.vocabulary.expand(words(text)), text)
        tokens = self.vocabulary.canonicalize([stem(w) for w in raw])
        return [
            t
            for t in tokens
            if t not in NOT_CONTENT
            and is_content(t)
            and t not in _SAID
            and t not in _COUNT_WORDS
            and not _NUMERAL.match(t)
        ]

    def _older(self, fact: Fact) -> _Older:
        parts = [fact.title, fact.answer, *(c.excerpt for c in fact.sources)]
        quoted = [q for text in parts for q in _QUOTED.findall(text)]
        if fact.quote:
            parts.append(fact.quote.words)
            quoted.append(fact.quote.words)
        speakers = {entity_token(e) for e in fact.said_by}
        if fact.quote:
            speakers.update(self._names(fact.quote.speaker) or {fold(fact.quote.speaker)})
        tokens = frozenset(t for p in parts for t in self._tokens(p))
        told = counts(" ".join(parts), names=False)
        source = self.kb.sources.get(fact.sources[0].source) if fact.sources else None
        return _Older(
            fact=fact,
            tokens=tokens | {entity_token(e) for e in fact.entities} | {f"#{n}" for n in told},
            answer=frozenset(self._tokens(fact.answer)),
            text=" ".join(fold(p) for p in parts),
            counts=frozenset(told),
            quoted=tuple(tuple(words(q)) for q in quoted if len(words(q)) >= 2),
            speakers=frozenset(speakers),
            actors=self._actors(tokens | {entity_token(e) for e in fact.entities}),
            published=(source.published or "") if source else "",
        )

    def _names(self, text: str) -> set[str]:
        return {t for t in self._tokens(text) if is_entity_token(t)}

    def _entities(self, ids: Collection[str]) -> tuple[set[str], set[str]]:
        """The entity tokens of a drafted fact's entities, and the other words of their
        names. A proposed name the vocabulary lacks is the entity it holds, if it holds one:
        "China International Supply Chain Expo" is the supply chain exposition (and
        "international" only part of its name), "Nvidia H20 GPU" the H20."""
        found: set[str] = set()
        name_words: set[str] = set()
        for entity_id in ids:
            if entity_id in self.kb.entities:
                found.add(entity_token(entity_id))
                continue
            tokens = self._tokens(entity_id.replace("-", " "))
            known = [
                t
                for t in tokens
                if is_entity_token(t) and self.kb.entities[t[1:]].kind not in _BROAD
            ]
            found.update(t for t in tokens if is_entity_token(t))
            if known:
                name_words.update(t for t in tokens if not is_entity_token(t))
            else:
                found.add(entity_token(entity_id))
        return found, name_words

    def _actors(self, tokens: Collection[str]) -> frozenset[str]:
        """People, companies, bodies and products named (a name the vocabulary lacks too)."""
        return frozenset(t for t in tokens if is_entity_token(t) and self._specific(t[1:]))

    def _specific(self, entity_id: str) -> bool:
        entity = self.kb.entities.get(entity_id)
        return entity is None or entity.kind in _SPECIFIC

    def find(self, drafted: Mapping, superseding: Collection[str] = ()) -> SameClaim | None:
        """The existing fact `drafted` (plain data, as the draft's YAML is written from)
        restates, if one does; `superseding` are the facts it is proposed to supersede."""
        text = drafted["answer"]
        claim = self._tokens(text)
        if not claim:
            return None
        entities, name_words = self._entities(drafted.get("entities", ()))
        mine = (set(claim) - name_words) | entities | {f"#{n}" for n in counts(text)}
        actors = self._actors(mine)
        quoted = [tuple(words(q)) for q in _QUOTED.findall(text)]
        quote = drafted.get("quote")
        if quote:
            quoted.append(tuple(words(quote["words"])))
        total = sum(self.weight(t) for t in mine)
        best: tuple[float, SameClaim] | None = None
        for older in self.older:
            if older.fact.id in superseding or not actors.intersection(older.actors):
                continue
            if actors - older.actors or self._adds(drafted, older):
                continue
            shared = mine & older.tokens
            coverage = sum(self.weight(t) for t in shared) / total
            if coverage < MIN_COVERAGE:
                continue
            reason = self._reason(drafted, older, mine, shared, quoted, coverage)
            if reason and (best is None or coverage > best[0]):
                best = (coverage, SameClaim(older.fact.id, reason, older.fact.title))
        return best[1] if best else None

    def _reason(
        self,
        drafted: Mapping,
        older: _Older,
        mine: set[str],
        shared: set[str],
        quoted: list[tuple[str, ...]],
        coverage: float,
    ) -> str | None:
        same_words = any(_within(q, d) for q in older.quoted for d in quoted)
        if same_words and older.speakers & (mine | self._speaker(drafted)):
            return "same quote"
        if any(self._same_figure(f, older) for f in drafted.get("figures", ())):
            return "same figure"
        named = {t for t in mine if is_entity_token(t)}
        if named <= older.tokens and any(
            self._same_date(d, older, listed_only=True) for d in drafted.get("dates", ())
        ):
            # Everyone and everything it names, on the same date, and what they did.
            plain = {t for t in shared if t[0] not in "@#" and not is_number(t)}
            date_words = {t for d in drafted["dates"] for t in self._tokens(d["as_written"])}
            if plain - date_words:
                return "same dated event"
        back = older.answer & mine
        weight_back = sum(self.weight(t) for t in back) / max(
            1e-9, sum(self.weight(t) for t in older.answer)
        )
        if coverage >= SAME_WORDS and weight_back >= SAME_WORDS_BACK:
            return "same words"
        return None

    def _speaker(self, drafted: Mapping) -> set[str]:
        quote = drafted.get("quote")
        if not quote:
            return set()
        return self._names(quote["speaker"]) or {fold(quote["speaker"])}

    def _adds(self, drafted: Mapping, older: _Older) -> bool:
        """Does the draft say something the existing fact does not: a figure, a date, a
        speaker of its own?"""
        if any(not self._known_figure(f, older) for f in drafted.get("figures", ())):
            return True
        if any(not self._same_date(d, older) for d in drafted.get("dates", ())):
            return True
        if not counts(drafted["answer"]) <= older.counts:
            return True
        speaker = self._speaker(drafted)
        return bool(speaker and older.speakers and not speaker & older.speakers)

    def _known_figure(self, figure: Mapping, older: _Older) -> bool:
        written = fold(figure["as_written"])
        for old in older.fact.figures:
            if fold(old.as_written) == written:
                return True
            amount = figure.get("amount")
            if amount is not None and old.unit == figure.get("unit") and old.amount == amount:
                return True
        return _mentions(older.text, written)

    def _same_figure(self, figure: Mapping, older: _Older) -> bool:
        amount = figure.get("amount")
        for old in older.fact.figures:
            if amount is None or old.amount != amount or old.unit != figure.get("unit"):
                continue
            mine = set(self._tokens(figure.get("measures", "")))
            theirs = set(self._tokens(old.measures))
            if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.3:
                return True
        return False

    def _same_date(self, date: Mapping, older: _Older, *, listed_only: bool = False) -> bool:
        """The same date: the same ISO date, or the same words anchored to the same time
        ("Monday" in two reports of different days is two days; "this year" in one year,
        one)."""
        written = fold(date["as_written"])
        iso = date.get("iso")
        for old in older.fact.dates:
            if iso and old.iso:
                if iso == old.iso:
                    return True
            elif fold(old.as_written) == written:
                return self._same_anchor(written, older)
        if listed_only:
            return False
        return _mentions(older.text, written) and self._same_anchor(written, older)

    def _same_anchor(self, written: str, older: _Older) -> bool:
        if _YEAR.search(written):
            return True
        mine, theirs = self.published, older.published
        if not mine or not theirs:
            return False
        if _DAY_WORDS.search(written):
            return mine == theirs
        if "month" in written:
            return mine[:7] == theirs[:7]
        return mine[:4] == theirs[:4]


def counts(text: str, *, names: bool = True) -> set[int]:
    """The counts and ordinals in `text` ("twice" and "second" are both 2); with
    `names=False`, ordinals before a capitalised word count too (the existing fact may
    hold them any way)."""
    found = set()
    for match in _COUNT.finditer(text) if names else _COUNT_ANYWHERE.finditer(text):
        once, times, ordinal, numeral = (g and g.casefold() for g in match.groups())
        if once:
            found.add(("once", "twice", "thrice").index(once) + 1)
        elif times:
            found.add(int(times) if times.isdigit() else _NUMBER_WORDS.index(times) + 1)
        elif ordinal:
            found.add(_ORDINALS.index(ordinal) + 1)
        elif numeral:
            found.add(int(numeral))
    return found


_COUNT_WORDS = frozenset(
    stem(w) for w in ["once", "twice", "thrice", "time", "times", *_NUMBER_WORDS, *_ORDINALS]
)
_NUMERAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_COUNT_ANYWHERE = re.compile(_COUNT.pattern.removesuffix(r"(?!\s+[A-Z])"))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is `short` a run of words inside `long` (or the other way round)?"""
    if len(short) > len(long):
        short, long = long, short
    if len(short) < 2 or sum(1 for w in short if is_content(stem(w))) < 2:
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _mentions(text: str, written: str) -> bool:
    return bool(written) and re.search(rf"(?<!\w){re.escape(written)}(?!\w)", text) is not None


def point_at(drafted: dict, same: SameClaim) -> None:
    """Make a drafted fact the same claim as an older one (its review mark stays last)."""
    reviewed = drafted.pop("reviewed", False)
    drafted["same_claim_as"] = same.older
    drafted["reviewed"] = reviewed


def same_claim_note(same: SameClaim) -> str:
    """The comment under a drafted fact proposed as the same claim as an older one."""
    return (
        f"same claim as “{same.title}” ({same.reason}): this article is added as a source of "
        f"{same.older}; delete the same_claim_as line if it says something new"
    )
