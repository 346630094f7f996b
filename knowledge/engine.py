"""Question in, answer out: the answer engine every front end calls.

The engine holds one immutable knowledge-base snapshot and its index. It does no I/O, so
it is safe to share between the event loop and worker threads; a reload builds a new
engine and swaps the reference.
"""

from __future__ import annotations

import datetime as dt

from knowledge.answer import Answer, Suggestion
from knowledge.base import KnowledgeBase
from knowledge.index import KnowledgeIndex
from knowledge.matcher import Matcher, MatcherSettings
from knowledge.schema import Fact, Source
from knowledge.text import is_content, stem_words, strip_chat_markup, tokenize

# Longer than any real question; beyond it we say so rather than match a wall of text.
MAX_QUESTION_CHARS = 500

_GREETINGS = stem_words(
    """
    hi hello hey hiya howdy yo sup hallo morning evening afternoon greetings help thanks thank
    thx ty cheers bot start commands usage good nice great cool
    """.split()
)

HELP_TEXT = (
    "Ask me about the trade-policy news in my knowledge base, in plain words — for example "
    "\u201cwhen will Nvidia resume H20 sales to China?\u201d or \u201cwhat did Bessent say?\u201d. "
    "I answer with the source, or tell you honestly when I don't know."
)


def report_date(source: Source | None) -> str | None:
    """'July 22, 2025' from the source's ISO date, as precise as it is."""
    if source is None or not source.published:
        return None
    parts = source.published.split("-")
    if len(parts) == 3:
        day = dt.date.fromisoformat(source.published)
        return f"{day:%B} {day.day}, {day.year}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return parts[0]


def source_line(source: Source | None) -> str:
    if source is None:
        return ""
    by = f"{source.publisher}, " if source.publisher else ""
    when = report_date(source)
    reported = f" (reported {when})" if when else ""
    return f"Source: {by}\u201c{source.headline}\u201d{reported}"


class AnswerEngine:
    def __init__(
        self,
        kb: KnowledgeBase,
        settings: MatcherSettings | None = None,
        previous: AnswerEngine | None = None,
    ):
        """Index `kb`; `previous` (the engine being replaced) lets unchanged facts be reused."""
        self.kb = kb
        self.index = KnowledgeIndex(kb, previous.index if previous else None)
        self.matcher = Matcher(self.index, settings)

    @property
    def version(self) -> str:
        return self.kb.version

    def primary_source(self, fact: Fact) -> Source | None:
        return self.kb.sources.get(fact.sources[0].source) if fact.sources else None

    def fact_answer(self, fact: Fact, question: str, score: float = 1.0) -> Answer:
        source = self.primary_source(fact)
        line = source_line(source)
        text = f"{fact.answer}\n{line}" if line else fact.answer
        return Answer(question, "answered", text, score=score, fact=fact, source=source)

    def answer(self, question: str) -> Answer:
        stripped = strip_chat_markup(question).strip()
        tokens = tokenize(stripped)
        if not tokens:
            return Answer(question, "empty", "Ask me a question in words. " + HELP_TEXT)
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(
                question,
                "too_long",
                f"That question is {len(stripped):,} characters long; please ask it in "
                f"under {MAX_QUESTION_CHARS} characters.",
            )

        # Greetings are judged on the words as typed: typo correction would turn "thanks"
        # into some word of the knowledge base.
        words = [t for t in tokens if is_content(t)]
        if not words or set(words) <= _GREETINGS:
            return Answer(question, "help", HELP_TEXT)
        query = self.index.analyse(stripped)

        ranked = self.matcher.rank(query)
        if ranked and self.matcher.accepts(ranked[0]):
            return self.fact_answer(ranked[0].entry.fact, question, ranked[0].score)

        floor = self.matcher.settings.suggestion_floor
        suggestions = tuple(
            Suggestion(r.entry.fact.id, r.entry.fact.title)
            for r in ranked[: self.matcher.settings.suggestions]
            if r.score >= floor
        )
        text = "I don't know that one: my knowledge base doesn't cover it."
        if suggestions:
            text += " Closest topics: " + "; ".join(s.title for s in suggestions) + "."
        best = ranked[0].score if ranked else 0.0
        return Answer(question, "unanswered", text, score=best, suggestions=suggestions)
