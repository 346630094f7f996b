"""What the answering path returns: one Answer per question, whatever the front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from knowledge.schema import Fact, Source

# answered: a fact matched. related: a fact is on the topic but lacks the detail asked for
# (a count, a date, another period...): it is offered as what the knowledge base has, never
# as the answer. unanswered: nothing matched well enough (suggestions may follow).
# help: a greeting or a request for help. empty / too_long: the question itself was unusable.
Outcome = Literal["answered", "related", "unanswered", "help", "empty", "too_long"]


@dataclass(frozen=True)
class Suggestion:
    fact_id: str
    title: str


@dataclass(frozen=True)
class Answer:
    question: str
    outcome: Outcome
    # The full plain text a user sees, source and report date included.
    text: str
    score: float = 0.0
    fact: Fact | None = None
    # The fact's first cited source, for front ends that show it apart (Discord embeds).
    source: Source | None = None
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)
    # For `related`: what was asked that the knowledge base does not say ("how many").
    missing: str | None = None
    # Lines shown besides the fact's answer: what it replaces, that it is an unreviewed draft.
    notes: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"

    @property
    def fact_id(self) -> str | None:
        """The fact that answers the question; None unless answered (a `related` fact is
        the first suggestion, not the answer)."""
        return self.fact.id if self.fact and self.answered else None

    def to_json(self) -> dict:
        """The public JSON shape of `tradeqa ask --json` (fields are a public interface)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "outcome": self.outcome,
            "fact_id": self.fact_id,
            "title": self.fact.title if self.fact and self.answered else None,
            "answer": self.text if self.answered else None,
            "message": self.text,
            "score": round(self.score, 2),
            "suggestions": [{"fact_id": s.fact_id, "title": s.title} for s in self.suggestions],
            "missing": self.missing,
            "replaces": list(self.fact.supersedes) if self.fact and self.answered else [],
            "reviewed": self.fact.reviewed if self.fact and self.answered else None,
        }
