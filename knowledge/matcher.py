"""Deciding which fact answers a question, or that none does.

Each candidate fact from the term index is scored on a few signals, and each signal is
there for a kind of question people really ask:

- coverage: how much of the question's information (idf-weighted words) the fact holds.
  Words the knowledge base has never seen count against it, which is what turns away
  "what's the weather in Paris".
- resemblance: rapidfuzz ``token_set_ratio`` against the fact's example questions and
  title, for paraphrases and word-order changes.
- entities: a question naming someone the fact is not about ("AMD's market cap" against
  Nvidia's valuation) is penalised; this, not a threshold, turns away near-domain
  questions.
- numbers: a year or figure the fact does not state ("revenue in 2023") is penalised.
- intent: "when" leans to dates, "how much" to figures, "say" to quotes.

The weights and the acceptance threshold live in :class:`MatcherSettings`; they were
chosen by cross-validation over the evaluation set (see ``benchmarks/tune_matcher.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.index import FactEntry, KnowledgeIndex, Query


@dataclass(frozen=True)
class MatcherSettings:
    coverage_weight: float = 0.6  # the rest of the base score is resemblance
    unknown_weight: float = 0.8  # an unseen word counts as this share of the rarest word
    entity_penalty: float = 0.35  # per named entity the fact is not about
    number_penalty: float = 0.35  # per number the fact does not state
    intent_bonus: float = 0.05
    threshold: float = 0.5
    candidates: int = 40
    suggestions: int = 3
    suggestion_floor: float = 0.15  # below this a fact is not even worth suggesting


@dataclass(frozen=True)
class Scored:
    entry: FactEntry
    score: float
    coverage: float
    resemblance: float


class Matcher:
    def __init__(self, index: KnowledgeIndex, settings: MatcherSettings | None = None):
        self.index = index
        self.settings = settings or MatcherSettings()

    def rank(self, query: Query) -> list[Scored]:
        """Candidate facts scored and sorted, best first."""
        s = self.settings
        index = self.index
        weights = {t: index.term_weight(t, s.unknown_weight) for t in query.content}
        total = sum(weights.values()) or 1.0
        qstring = query.content_string
        ranked = []
        for i, _ in index.candidates(query, s.candidates):
            entry = index.entries[i]
            held = sum(w * entry.weights.get(t, 0.0) for t, w in weights.items())
            coverage = held / total
            resemblance = (
                max((fuzz.token_set_ratio(qstring, ex) for ex in entry.examples), default=0.0)
                / 100.0
            )
            score = s.coverage_weight * coverage + (1 - s.coverage_weight) * resemblance
            score -= s.entity_penalty * len(query.entities - entry.entities)
            score -= s.number_penalty * len(query.numbers - entry.numbers)
            if entry.fact.kind in query.intents:
                score += s.intent_bonus
            ranked.append(Scored(entry, score, coverage, resemblance))
        ranked.sort(key=lambda r: r.score, reverse=True)
        return ranked

    def accepts(self, best: Scored) -> bool:
        return best.score >= self.settings.threshold
