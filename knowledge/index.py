"""The search index over a knowledge base: what each fact is about, in canonical tokens.

Built once per knowledge-base snapshot and never mutated, so a reload builds a new index
off the event loop and swaps it in whole. A term index (token -> facts) narrows each question
to a few candidate facts before any fuzzy scoring, which keeps answering fast at 100k facts.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from knowledge.base import KnowledgeBase
from knowledge.generic_words import GENERIC_WORDS
from knowledge.postings import Postings
from knowledge.query import Query, analyse, is_number_or_period
from knowledge.question import ACTOR_KINDS, details_given, split_question
from knowledge.schema import Fact
from knowledge.spelling import FUNCTION_SET, NOT_CONTENT, SpellingCorrector
from knowledge.text import (
    is_number,
    stem,
    words,
)
from knowledge.top_scores import best_of, kth_largest, union
from knowledge.vocabulary import Vocabulary, entity_token, is_entity_token

# How much a word counts for, by where the fact uses it: the ways people ask (questions,
# keywords, aliases, title) say what the fact is about; the answer text mentions more.
# No weight is above _STRONG_FIELD: candidate pruning (KnowledgeIndex._pruned) relies on it.
_STRONG_FIELD = 1.0
_ANSWER_FIELD = 0.6
_PHRASE_PART = 0.8
# Candidate search costs, in nanoseconds per fact (measured at 100k facts): adding a posting
# list into the scores, looking a word up for one fact (bisecting its postings, or reading
# its dense codes), picking the best from the scores.
_ADD_COST = 7
_LOOKUP_COST = 33
_DENSE_LOOKUP_COST = 6
_SELECT_COST = 4
# A word held by at least this share of the facts also gets a dense table of its weights by
# fact, one byte a fact (~140 words, 14 MB at 100k): looking a common word up for a few
# thousand candidate facts is then a gather, not a bisection of 50,000 postings.
_DENSE_SHARE = 1 / 32


@dataclass(frozen=True, slots=True)
class FactEntry:
    """What the index knows of one fact. Its position (in KnowledgeIndex.entries and in every
    posting list) is not stored here, so a reload reuses an unchanged fact's entry as is."""

    fact: Fact
    entities: tuple[str, ...]  # entity tokens ("@nvidia") the fact is about
    numbers: tuple[str, ...]  # every number the fact states
    # Canonical content strings of its questions and title, one per line: one string a fact
    # rather than six saves ~30 MB at 100k facts; the matcher splits the few candidates'.
    examples: str
    # The fact's tokens and their weights (in hundredths), kept so a reload can re-index an
    # unchanged fact without analysing its text again.
    terms: tuple[str, ...]
    codes: bytes
    # The kinds of detail the fact can give (knowledge.question.DETAIL_MISSING).
    details: frozenset[str] = frozenset()
    # Entity tokens of those whose words the fact gives (Fact.said_by, a quote's speaker).
    speakers: frozenset[str] = frozenset()
    # Tokens of what its figures measure ("revenue", "valuation"). A tuple: only ever
    # searched once per answer, and a frozenset of ten tokens costs six times as much
    # (~20 MB at 100k facts).
    measured: tuple[str, ...] = ()
    # Entity tokens of the people, companies, bodies and countries it is about: who it can
    # name in answer to "who".
    actors: frozenset[str] = frozenset()


class KnowledgeIndex:
    def __init__(self, kb: KnowledgeBase, previous: KnowledgeIndex | None = None):
        """Index a knowledge base; given the previous index, reuse what has not changed.

        After a reload only new or edited facts are analysed again, when the vocabulary
        (which shapes every fact's tokens) is unchanged too.
        """
        self.kb = kb
        self.vocabulary = Vocabulary(kb.synonyms, kb.entities.values(), kb.shorthand)
        self.parents = _entity_parents(kb)
        reusable: dict[str, FactEntry] = {}
        self._raw_words: set[str] = set(self.vocabulary.raw_words)
        if previous is not None and _same_vocabulary(previous.kb, kb):
            for entry in previous.entries:
                reusable[entry.fact.id] = entry
            # Words of facts since removed may stay: a typo corrected to one finds no fact.
            self._raw_words |= previous.corrector.words
        self.postings: dict[str, Postings] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self.entries: list[FactEntry] = []
        for position, fact in enumerate(kb.facts.values()):
            entry = reusable.get(fact.id)
            # Identity first: unchanged files hand back the very same objects. Equality
            # then catches unchanged facts in an edited file.
            if entry is None or not (entry.fact is fact or entry.fact == fact):
                entry = self._shared(self._analyse(fact))
            self._post(entry, position)
            self.entries.append(entry)
        n = max(len(self.entries), 1)
        self.idf = {}
        for token, posting in self.postings.items():
            self.idf[token] = math.log(1 + n / len(posting))
        for posting in self.postings.values():
            if len(posting) >= _DENSE_SHARE * n:
                posting.make_dense(len(self.entries))
        # Words as written in the knowledge files, before stemming: a typo is corrected to
        # a real word ("lisence" -> "licence") and only then stemmed and folded.
        # Stems too: "reveiw" is one swap from "review", the stem of "reviewed".
        stems = {stem(word) for word in self._raw_words}
        self.corrector = SpellingCorrector(self._raw_words | stems | FUNCTION_SET)
        del self._raw_words, self._sets

    # -- building ---------------------------------------------------------------------------

    def _post(self, entry: FactEntry, position: int) -> None:
        postings = self.postings
        for token, code in zip(entry.terms, entry.codes, strict=True):
            posting = postings.get(token)
            if posting is None:
                posting = postings[token] = Postings()
            posting.facts.append(position)
            posting.codes.append(code)

    def _shared(self, entry: FactEntry) -> FactEntry:
        """`entry`, its sets swapped for equal ones another fact already holds. Facts give
        the same few kinds of detail and name the same speakers and actors, and each set
        costs 200 bytes or more: shared, 100,000 facts take tens of MB less."""
        share = self._sets.setdefault
        return dataclasses.replace(
            entry,
            details=share(entry.details, entry.details),
            speakers=share(entry.speakers, entry.speakers),
            measured=share(entry.measured, entry.measured),
            actors=share(entry.actors, entry.actors),
        )

    def _analyse(self, fact: Fact) -> FactEntry:
        weights: dict[str, float] = {}
        numbers: set[str] = set()

        raw_words = self._raw_words
        canonicalize = self.vocabulary.canonicalize

        def add(text: str, weight: float) -> list[str]:
            raw = self.vocabulary.expand(words(text))
            raw_words.update(raw)
            stems = [stem(w) for w in raw]
            tokens = canonicalize(stems)
            if len(tokens) < len(stems):
                # A phrase was folded into one token; its words count too, a little less,
                # so "the most valuable in the world" still meets "most valuable company".
                part = weight * _PHRASE_PART
                for token in set(stems).difference(tokens):
                    if token not in NOT_CONTENT and weights.get(token, 0.0) < part:
                        weights[token] = part
            for token in tokens:
                if token in NOT_CONTENT:
                    continue
                if is_number_or_period(token):
                    numbers.add(token)
                if weights.get(token, 0.0) < weight:
                    weights[token] = weight
            return tokens

        examples = []
        for text in (fact.title, *fact.questions):
            # An example question is indexed as a question is read: its preamble, if it
            # has one, is context, not what the fact is about.
            tokens = add(split_question(text).focus, _STRONG_FIELD)
            examples.append(" ".join(t for t in tokens if t not in NOT_CONTENT))
        for text in (*fact.keywords, *fact.aliases):
            add(text, _STRONG_FIELD)
        add(fact.answer, _ANSWER_FIELD)
        measured: set[str] = set()
        for figure in fact.figures:
            measured.update(add(figure.as_written, _STRONG_FIELD))
            measured.update(add(figure.measures, _ANSWER_FIELD))
        for date in fact.dates:
            add(date.as_written, _STRONG_FIELD)
            if date.iso:
                numbers.add(date.iso[:4])
            if date.quarter:
                numbers.add(f"q{date.quarter}")
        if fact.quote:
            add(fact.quote.speaker, _STRONG_FIELD)
            add(fact.quote.words, _ANSWER_FIELD)

        entities = {entity_token(e) for e in fact.entities}
        entities.update(t for t in weights if is_entity_token(t))
        for entity in entities:
            weights[entity] = _STRONG_FIELD
        return FactEntry(
            fact=fact,
            entities=tuple(sorted(entities)),
            numbers=tuple(sorted(numbers)),
            examples="\n".join(e for e in examples if e),
            terms=tuple(weights),
            codes=bytes(round(w * 100) for w in weights.values()),
            details=details_given(fact, self.kb.entities),
            speakers=self._speakers(fact),
            measured=tuple(sorted(measured)),
            actors=frozenset(
                entity_token(e)
                for e in fact.entities
                if e in self.kb.entities and self.kb.entities[e].kind in ACTOR_KINDS
            ),
        )

    def _speakers(self, fact: Fact) -> frozenset[str]:
        """Whose words the fact gives; an official speaks for the body they are part of and
        a government for its country too ("what did the treasury call…" is answered by what
        the Treasury Secretary said, "what did the US say" by what the U.S. government said)."""
        found = {entity_token(e) for e in fact.said_by}
        if fact.quote:
            spoken = self.vocabulary.canonicalize([stem(w) for w in words(fact.quote.speaker)])
            found.update(t for t in spoken if is_entity_token(t))
        found.update(parent for t in list(found) for parent in self.parents.get(t, ()))
        countries = self.vocabulary.parties.country_of
        found.update(countries[t] for t in list(found) if t in countries)
        return frozenset(found)

    # -- querying ---------------------------------------------------------------------------

    def analyse(self, text: str) -> Query:
        """What the question asks, in the knowledge base's tokens (knowledge.query)."""
        return analyse(text, self.vocabulary, self.corrector, self.postings)

    def candidates(self, query: Query, limit: int) -> list[tuple[int, float]]:
        """Facts sharing the most informative words with the query, best first.

        Returns (entry index, idf-weighted overlap), at most `limit` of them; equal overlaps
        in knowledge-base order, so answers are reproducible. Overlaps are summed with numpy
        over the posting arrays, rarest word first. At 100k facts a common word's postings
        hold tens of thousands of facts: when the rarer words' facts are enough to fill the
        list and no other fact could overtake them, the common words are looked up for
        those facts only (MaxScore pruning), which gives the very same list.
        """
        postings = self.postings
        terms = sorted(
            (t for t in query.content if t in postings),
            key=lambda t: (len(postings[t]), t),
        )
        if all(is_number(t) for t in terms):
            # Nothing but numbers ("what's 2+2") names no topic; in a big knowledge base
            # some fact always states the number.
            return []
        found = self._pruned(terms, limit)
        if found is None:
            found = self._exhaustive(terms, limit)
        return found

    def _exhaustive(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        """Every fact's overlap, summed over all of each word's postings."""
        scores = np.zeros(len(self.entries), dtype=np.float32)
        for term in terms:
            facts, weights = self.postings[term].scaled(self.idf[term])
            # What scores[facts] += weights computes (a posting holds a fact once), at half
            # the cost.
            np.add.at(scores, facts, weights)
        # Every score is a sum of positive weights. `> 0` then nonzero is 6x faster than
        # flatnonzero on float32 (0.1 ms against 0.6 ms at 100k facts).
        found = np.nonzero(scores > 0)[0]
        return best_of(found, scores[found], limit)

    def _pruned(self, terms: list[str], limit: int) -> list[tuple[int, float]] | None:
        """What _exhaustive returns, without reading the common words' postings whole;
        None when that cannot be shown for this question (then _exhaustive answers it).

        The rare words' postings are summed as _exhaustive does, in the same order; the
        common words' weights are then looked up for just those facts, so their overlaps
        come out to the same float32 values. Any other fact holds only common words and
        overlaps at most the sum of their idf (a weight is at most 1): once the limit-th
        best overlap found is above that, no other fact can enter the list. Where to stop
        summing and start looking up is chosen by cost, and tried only where it would be
        cheaper than summing everything.
        """
        postings = self.postings
        sizes = [len(postings[t]) for t in terms]
        total = sum(sizes)
        budget = _ADD_COST * total + _SELECT_COST * min(total, len(self.entries))
        scores: np.ndarray | None = None
        held: list[np.ndarray] = []
        touched = 0
        for rare in range(len(terms) - 1):  # at least one word is left to look up
            touched += sizes[rare]
            common = terms[rare + 1 :]
            cost = touched * (_ADD_COST + sum(_lookup_cost(postings[t]) for t in common))
            if touched < limit or cost >= budget:
                continue
            budget -= cost  # a failed try is paid for out of what summing would cost
            if scores is None:
                scores = np.zeros(len(self.entries), dtype=np.float32)
            for term in terms[len(held) : rare + 1]:
                facts, weights = postings[term].scaled(self.idf[term])
                np.add.at(scores, facts, weights)  # as in _exhaustive
                held.append(facts)
            facts = union(held)
            if len(facts) < limit:
                continue
            found = scores[facts]
            for term in common:
                found += self.idf[term] * postings[term].weights_at(facts)
            kth = kth_largest(found, limit)
            outside = math.fsum(self.idf[t] for t in common) * _STRONG_FIELD
            # The margin covers float32 rounding in both sums.
            if kth > outside * (1 + 1e-4) + 1e-6:
                return best_of(facts, found, limit)
        return None

    def held_by(self, positions: np.ndarray, token: str) -> list[float]:
        """How strongly each fact at `positions` (int32) holds a query word, 0 if it does not.

        A place inside a country the fact is about ("Beijing" for a China fact) is held a
        little less than the country itself. One numpy lookup per word, not a bisect per
        fact and word.
        """
        weights = _weights_at(self.postings.get(token), positions)
        parents = [self.postings[p] for p in self.parents.get(token, ()) if p in self.postings]
        if parents:
            inherited = np.max([_weights_at(p, positions) for p in parents], axis=0)
            weights = np.where(weights > 0, weights, 0.8 * inherited)
        return weights.tolist()

    def entity_held(self, entry: FactEntry, token: str) -> bool:
        if token in entry.entities:
            return True
        return any(parent in entry.entities for parent in self.parents.get(token, ()))

    @staticmethod
    def is_generic(token: str) -> bool:
        """An everyday word: it says how something is asked, not what about."""
        return token in GENERIC_WORDS


def _lookup_cost(posting: Postings) -> int:
    return _LOOKUP_COST if posting.dense is None else _DENSE_LOOKUP_COST


def _weights_at(posting: Postings | None, positions: np.ndarray) -> np.ndarray:
    """The posting's weight for each position (0 where the fact does not hold the word)."""
    if posting is None or not len(posting):
        return np.zeros(len(positions))
    # float64 of the float32 weight the candidate search sums, as scores always were.
    return posting.weights_at(positions).astype(np.float64)


def _entity_parents(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Entity token -> every entity token it is part of, transitively."""
    direct = {e.id: set(e.part_of) for e in kb.entities.values()}
    parents: dict[str, set[str]] = {}
    for entity_id in direct:
        seen: set[str] = set()
        todo = list(direct[entity_id])
        while todo:
            parent = todo.pop()
            if parent not in seen and parent != entity_id:
                seen.add(parent)
                todo.extend(direct.get(parent, ()))
        if seen:
            parents[entity_token(entity_id)] = {entity_token(p) for p in seen}
    return parents


def _same_vocabulary(old: KnowledgeBase, new: KnowledgeBase) -> bool:
    """Synonyms, shorthand and entities shape every fact's tokens: reuse analyses only if
    unchanged."""
    return (
        old.synonyms == new.synonyms
        and old.shorthand == new.shorthand
        and list(old.entities.values()) == list(new.entities.values())
    )
