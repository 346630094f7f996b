"""Deciding which fact answers a question, or that none does.

Each candidate fact from the term index is scored on a few signals, and each signal is
there for a kind of question people really ask:

- coverage: how much of the question's information (idf-weighted words) the fact holds.
  Words the knowledge base has never seen count against it, which turns away "what's the
  weather in Paris" and "does TSMC need a licence?"; everyday words ("explain", "calm")
  count little, so paraphrases survive.
- resemblance: rapidfuzz ``token_set_ratio`` against the fact's example questions and
  title, for paraphrases and word-order changes.
- entities: a question naming someone the fact is not about ("AMD's market cap" against
  Nvidia's valuation) is penalised; this, not a threshold, turns away near-domain questions.
- numbers: a year or figure the fact does not state ("revenue in 2023") is penalised.
- intent: "when" leans to dates, "how much" to figures, "say" to quotes.

The weights and the acceptance threshold live in :class:`MatcherSettings`; they were chosen
by cross-validation over the evaluation set (``python benchmarks/tune_matcher.py``), which
scores the same :class:`Features` this module ranks with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.index import FactEntry, KnowledgeIndex
from knowledge.query import Query


@dataclass(frozen=True)
class MatcherSettings:
    coverage_weight: float = 0.9  # the rest of the base score is resemblance
    unknown_weight: float = 1.0  # an unseen word counts as this share of the rarest word
    generic_weight: float = 0.3  # an everyday word counts as this share of its usual weight
    entity_penalty: float = 0.6  # when the fact is about none of the named entities
    number_penalty: float = 0.2  # per number the fact does not state
    intent_bonus: float = 0.05
    context_bonus: float = 0.1  # for holding the words said around the question
    party_penalty: float = 1.0  # the fact is about another country's party of that name
    threshold: float = 0.6
    candidates: int = 30
    suggestions: int = 3
    suggestion_floor: float = 0.15  # below this a fact is not even worth suggesting


class Features(NamedTuple):
    """What a candidate fact has in common with a question, before any weighting.

    Coverage is (held + g * held_generic) / (total + g * total_generic + u * unknown),
    with g and u the generic and unknown weights: linear pieces, so tuning can re-weight
    them without recomputing anything. A named tuple: filling in resemblance with
    _replace() costs a tenth of dataclasses.replace(), on every candidate scored.
    """

    entry: FactEntry
    held: float
    held_generic: float
    total: float
    total_generic: float
    unknown: float  # weight of the unknown non-everyday words (each as the rarest word)
    resemblance: float
    entity_missed: float  # share of the question's entities the fact is not about
    number_missed: int
    intent: bool
    # Weight of the context words (around the question, known to the knowledge base) that
    # the fact holds, and of all of them: the subject is often said first ("huang's april
    # trip - what did he say"), so holding it is a bonus; a preamble costs nothing.
    context_held: float = 0.0
    context_total: float = 0.0
    other_party: bool = False  # the fact is about a party the question displaced

    def coverage(self, s: MatcherSettings) -> float:
        g, u = s.generic_weight, s.unknown_weight
        total = self.total + g * self.total_generic + u * self.unknown
        return (self.held + g * self.held_generic) / total if total else 0.0

    def relevance(self, s: MatcherSettings) -> float:
        """How close the fact is to the question's topic, before the penalties for what it
        is not about: whether it is worth suggesting."""
        return s.coverage_weight * self.coverage(s) + (1 - s.coverage_weight) * self.resemblance

    def score(self, s: MatcherSettings) -> float:
        score = self.relevance(s)
        score -= s.entity_penalty * self.entity_missed + s.number_penalty * self.number_missed
        score -= s.party_penalty * self.other_party
        if self.context_total:
            score += s.context_bonus * self.context_held / self.context_total
        return score + (s.intent_bonus if self.intent else 0.0)


@dataclass(frozen=True)
class Scored:
    features: Features
    score: float

    @property
    def entry(self) -> FactEntry:
        return self.features.entry


class Matcher:
    def __init__(self, index: KnowledgeIndex, settings: MatcherSettings | None = None):
        self.index = index
        self.settings = settings or MatcherSettings()

    def features(self, query: Query) -> list[Features]:
        """Features of every candidate fact the term index offers for this question."""
        return [self._with_resemblance(query, f) for f in self._features(query)]

    def _features(self, query: Query) -> list[Features]:
        """Every candidate's features, resemblance (the costly one) left at 0.

        Words are weighted by how well they tell apart the facts that could answer (idf
        among the candidates, or among those about the entities the question names), not
        by their rarity in the whole knowledge base: "nvidia" is what most Nvidia facts
        share, whether the base holds 30 facts or 100,000 others besides, so answers do
        not shift as unrelated facts are added.
        """
        index = self.index
        found = index.candidates(query, self.settings.candidates)
        if not found:
            return []
        positions = [i for i, _ in found]
        entries = [index.entries[i] for i in positions]
        at = np.array(positions, dtype=np.int32)
        held = {t: index.held_by(at, t) for t in (*query.content, *query.context)}
        # Which facts could answer: when the question names entities, the facts about them
        # ("the price of an H20" is asked of H20 facts; that other facts mention prices
        # says nothing about whether these can answer it).
        peers = list(range(len(entries)))
        if query.entities:
            about = [
                k for k in peers if any(index.entity_held(entries[k], e) for e in query.entities)
            ]
            peers = about or peers
        n = len(peers)
        unseen = math.log(1 + 2 * n)  # a word none of them holds weighs like the rarest
        weight = {}
        for token, values in held.items():
            df = sum(1 for k in peers if values[k])
            weight[token] = math.log(1 + n / (df + 0.5)) if df else unseen

        known, generic_known, unknown_generic, unknown = [], [], 0.0, 0.0
        for token in query.content:
            generic = token in query.generic or index.is_generic(token)
            if token in index.idf:
                (generic_known if generic else known).append(token)
            elif generic:
                unknown_generic += unseen
            else:
                unknown += unseen
        total = sum(weight[t] for t in known)
        total_generic = sum(weight[t] for t in generic_known) + unknown_generic
        around = [t for t in query.context if t in index.idf]
        context_total = sum(weight[t] for t in around)
        found = []
        named = len(query.entities) + len(query.unknown_names)
        for k, entry in enumerate(entries):
            missed = 0.0
            if named:
                missed = sum(not index.entity_held(entry, e) for e in query.entities)
                missed = (missed + len(query.unknown_names)) / named
            found.append(
                Features(
                    entry=entry,
                    held=sum(weight[t] * held[t][k] for t in known),
                    held_generic=sum(weight[t] * held[t][k] for t in generic_known),
                    total=total,
                    total_generic=total_generic,
                    unknown=unknown,
                    resemblance=0.0,
                    entity_missed=missed,
                    number_missed=len(query.numbers.difference(entry.numbers)),
                    intent=entry.fact.kind in query.intents,
                    context_held=sum(weight[t] * held[t][k] for t in around),
                    context_total=context_total,
                    other_party=any(
                        p in entry.entities and p not in query.entities for p in query.displaced
                    ),
                )
            )
        return found

    @staticmethod
    def _with_resemblance(query: Query, features: Features) -> Features:
        """How closely the question reads like the fact's closest example question.

        token_set_ratio forgives word order and extra words, but calls a short question
        identical to any longer example that contains its words ("nvidia chip use" and "were
        the nvidia chip controls used as a bargaining chip"); token_sort_ratio counts the
        extra words. Their mean keeps both: reordering is free, padding is not.
        """
        examples = features.entry.examples.split("\n")
        pair = process.cdist(
            [query.content_string], examples, scorer=fuzz.token_set_ratio, processor=None
        )
        pair += process.cdist(
            [query.content_string], examples, scorer=fuzz.token_sort_ratio, processor=None
        )
        return features._replace(resemblance=float(pair.max()) / 200.0)

    def rank(self, query: Query) -> list[Scored]:
        """The best candidate facts, scored and sorted best first: enough of them to answer
        and to suggest, not necessarily all.

        Resemblance is three quarters of the cost of scoring, and it can add at most
        (1 - coverage_weight) to a score: candidates are scored in order of that upper
        bound, and the rest skipped once none of them could reach the top few.
        """
        s = self.settings
        partial = self._features(query)
        room = 1.0 - s.coverage_weight
        bounds = sorted(
            ((f.score(s) + room, order, f) for order, f in enumerate(partial)),
            key=lambda b: b[0],
            reverse=True,
        )
        keep = max(1, s.suggestions)
        ranked: list[tuple[float, int, Scored]] = []
        top: list[float] = []  # the best `keep` exact scores so far, best first
        for upper, order, features in bounds:
            if len(top) == keep and upper < top[-1]:
                break  # sorted by bound: no later candidate can reach the top either
            exact = self._with_resemblance(query, features)
            score = exact.score(s)
            ranked.append((score, order, Scored(exact, score)))
            top = sorted([*top, score], reverse=True)[:keep]
        # Equal scores keep the index's candidate order, as when every candidate was scored.
        ranked.sort(key=lambda r: (-r[0], r[1]))
        return [scored for _, _, scored in ranked]

    def accepts(self, best: Scored) -> bool:
        """Good enough to answer: on topic (some topic word held, not only everyday words
        such as "new") and scoring over the threshold."""
        return best.features.held > 0 and best.score >= self.settings.threshold
