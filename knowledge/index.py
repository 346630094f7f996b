"""The search index over a knowledge base: what each fact is about, in canonical tokens.

Built once per knowledge-base snapshot and never mutated, so a reload builds a new index
off the event loop and swaps it in whole. A term index (token -> facts) narrows each question
to a few candidate facts before any fuzzy scoring, which keeps answering fast at 100k facts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.base import KnowledgeBase
from knowledge.schema import Fact
from knowledge.text import intents, is_content, is_number, tokenize
from knowledge.vocabulary import Vocabulary, entity_token, is_entity_token

# How much a word counts for, by where the fact uses it: the ways people ask (questions,
# keywords, aliases, title) say what the fact is about; the answer text mentions more.
_STRONG_FIELD = 1.0
_ANSWER_FIELD = 0.6


@dataclass(frozen=True)
class FactEntry:
    fact: Fact
    weights: dict[str, float]  # canonical content token -> field weight
    entities: frozenset[str]  # entity tokens ("@nvidia") the fact is about
    numbers: frozenset[str]  # every number the fact states
    examples: tuple[str, ...]  # canonical content strings of its questions and title


@dataclass(frozen=True)
class Query:
    text: str
    tokens: tuple[str, ...]  # canonical, all
    content: tuple[str, ...]  # canonical content tokens, de-duplicated, in order
    unknown: frozenset[str]  # content tokens the knowledge base never uses
    corrected: dict[str, str]  # typo -> correction
    entities: frozenset[str]
    numbers: frozenset[str]
    intents: frozenset[str]

    @property
    def content_string(self) -> str:
        return " ".join(self.content)


class SpellingCorrector:
    """Corrects a word to the closest word the knowledge base uses.

    Words are bucketed by first letter and by last letter: a typo rarely hits both ends of
    a word, and scanning two small buckets is ~10x cheaper than the whole vocabulary.
    """

    def __init__(self, words: set[str]):
        self._by_first: dict[str, list[str]] = defaultdict(list)
        self._by_last: dict[str, list[str]] = defaultdict(list)
        for word in sorted(words):
            if len(word) >= 3 and not is_number(word):
                self._by_first[word[0]].append(word)
                self._by_last[word[-1]].append(word)

    def correct(self, word: str) -> str | None:
        if len(word) < 4 or is_number(word) or any(ch.isdigit() for ch in word):
            return None
        # One edit for short words, two for longer ones: "nvdia", "lisence", "beijng".
        max_edits = 1 if len(word) <= 5 else 2
        best: tuple[int, str] | None = None
        for bucket in (self._by_first.get(word[0], ()), self._by_last.get(word[-1], ())):
            found = process.extractOne(
                word, bucket, scorer=Levenshtein.distance, score_cutoff=max_edits
            )
            if found and (best is None or found[1] < best[0]):
                best = (found[1], found[0])
        return best[1] if best else None


class KnowledgeIndex:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.vocabulary = Vocabulary(kb.synonyms, kb.entities.values())
        self.entries: list[FactEntry] = [self._entry(f) for f in kb.facts.values()]
        self.by_id = {entry.fact.id: i for i, entry in enumerate(self.entries)}

        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for token, weight in entry.weights.items():
                postings[token].append((i, weight))
        self.postings = dict(postings)
        n = max(len(self.entries), 1)
        self.max_idf = math.log(1 + n)
        self.idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}
        # Raw words as typed in the knowledge files, so a typo can be corrected to a synonym
        # variant ("lisence" -> "license") before it is folded to its canonical token.
        self.corrector = SpellingCorrector(set(self.postings) | self.vocabulary.words)

    # -- building ---------------------------------------------------------------------------

    def _canonical(self, text: str) -> list[str]:
        return self.vocabulary.canonicalize(tokenize(text))

    def _entry(self, fact: Fact) -> FactEntry:
        weights: dict[str, float] = {}
        numbers: set[str] = set()

        def add(text: str, weight: float) -> list[str]:
            tokens = self._canonical(text)
            for token in tokens:
                if is_number(token):
                    numbers.add(token)
                if is_content(token) and weights.get(token, 0.0) < weight:
                    weights[token] = weight
            return tokens

        examples = []
        for text in (fact.title, *fact.questions):
            tokens = add(text, _STRONG_FIELD)
            examples.append(" ".join(t for t in tokens if is_content(t)))
        for text in (*fact.keywords, *fact.aliases):
            add(text, _STRONG_FIELD)
        add(fact.answer, _ANSWER_FIELD)
        for figure in fact.figures:
            add(figure.as_written, _STRONG_FIELD)
        for date in fact.dates:
            add(date.as_written, _STRONG_FIELD)
            if date.iso:
                numbers.add(date.iso[:4])
        if fact.quote:
            add(fact.quote.speaker, _STRONG_FIELD)
            add(fact.quote.words, _ANSWER_FIELD)

        entities = {entity_token(e) for e in fact.entities}
        entities.update(t for t in weights if is_entity_token(t))
        for entity in entities:
            weights[entity] = max(weights.get(entity, 0.0), _STRONG_FIELD)
        return FactEntry(
            fact=fact,
            weights=weights,
            entities=frozenset(entities),
            numbers=frozenset(numbers),
            examples=tuple(e for e in examples if e),
        )

    # -- querying ---------------------------------------------------------------------------

    def analyse(self, text: str) -> Query:
        raw = tokenize(text)
        corrected: dict[str, str] = {}
        known = self.postings
        words = self.vocabulary.words
        fixed = []
        for token in raw:
            if is_content(token) and token not in known and token not in words:
                correction = self.corrector.correct(token)
                if correction:
                    corrected[token] = correction
                    token = correction
            fixed.append(token)
        tokens = self.vocabulary.canonicalize(fixed)
        content = tuple(dict.fromkeys(t for t in tokens if is_content(t)))
        return Query(
            text=text,
            tokens=tuple(tokens),
            content=content,
            unknown=frozenset(t for t in content if t not in known),
            corrected=corrected,
            entities=frozenset(t for t in content if is_entity_token(t)),
            numbers=frozenset(t for t in content if is_number(t)),
            intents=frozenset(intents(raw)),
        )

    def candidates(self, query: Query, limit: int) -> list[tuple[int, float]]:
        """Facts sharing the most informative words with the query, best first.

        Returns (entry index, idf-weighted overlap). Very common words are left out of the
        lookup when rarer ones exist: they would touch most facts and change no ranking.
        """
        terms = [t for t in query.content if t in self.postings]
        if not terms:
            return []
        terms.sort(key=lambda t: len(self.postings[t]))
        budget = max(2000, len(self.entries) // 20)
        scores: dict[int, float] = defaultdict(float)
        for rank, term in enumerate(terms):
            postings = self.postings[term]
            if rank > 0 and len(postings) > budget:
                break
            idf = self.idf[term]
            for i, weight in postings:
                scores[i] += idf * weight
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        return best[:limit]

    def term_weight(self, token: str, unknown_weight: float) -> float:
        """How much a query word counts towards coverage."""
        if token in self.idf:
            return self.idf[token]
        return self.max_idf * unknown_weight
