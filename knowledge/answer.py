"""What the answering path returns: one Answer per question, whatever the front end.

An Answer is data, never prose: each front end words it its own way (tradeqa.answer_text
for the command line and the console, cogs._answer_embed for Discord).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from knowledge.schema import Fact, Source

# answered: a fact matched. related: a fact is on the topic but lacks the detail asked for
# (a count, a date, another period...): it is offered as what the knowledge base has, never
# as the answer. unanswered: nothing matched well enough (suggestions may follow).
# help: a greeting or a request for help. empty / too_long: the question itself was unusable.
# gone: a suggested fact picked after a reload removed it (never the outcome of a question).
Outcome = Literal["answered", "related", "unanswered", "help", "empty", "too_long", "gone"]


@dataclass(frozen=True)
class Suggestion:
    fact_id: str
    title: str


@dataclass(frozen=True)
class Replaced:
    """An older fact the answering fact replaces, with its first source (for its date)."""

    title: str
    source: Source | None


@dataclass(frozen=True)
class Answer:
    question: str
    outcome: Outcome
    score: float = 0.0
    fact: Fact | None = None
    # The fact's first cited source: front ends show it with the answer.
    source: Source | None = None
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)
    # For `related`: what was asked that the knowledge base does not say ("how many").
    missing: str | None = None
    # For `answered`: the older facts the answering fact replaces.
    replaces: tuple[Replaced, ...] = ()
    # For `answered`: the other sources that report the fact (a later article making the
    # same claim), each with whether a moderator has confirmed it.
    also_reported: tuple[tuple[Source, bool], ...] = ()
    # For `too_long`: the question's length in characters, chat markup aside.
    length: int = 0

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"

    @property
    def fact_id(self) -> str | None:
        """The fact that answers the question; None unless answered (a `related` fact is
        the first suggestion, not the answer)."""
        return self.fact.id if self.fact and self.answered else None
