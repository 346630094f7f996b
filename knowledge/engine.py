"""Question in, answer out: the answer engine every front end calls.

The engine holds one immutable knowledge-base snapshot and its index. It does no I/O, so
it is safe to share between the event loop and worker threads; a reload builds a new
engine and swaps the reference. It returns data (knowledge.answer.Answer), never prose:
each front end words answers its own way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.answer import Answer, Replaced, Suggestion
from knowledge.base import KnowledgeBase
from knowledge.generic_words import GENERIC_WORDS
from knowledge.index import FactEntry, KnowledgeIndex
from knowledge.matcher import Matcher, MatcherSettings, Scored
from knowledge.query import Query
from knowledge.question import DETAIL_MISSING, QUANTITY_WORDS
from knowledge.schema import Fact, Source
from knowledge.supersedes import newest, superseded_by
from knowledge.text import is_content, stem, stem_words, strip_chat_markup, words

# Longer than any real question; beyond it we say so rather than match a wall of text.
MAX_QUESTION_CHARS = 500

_GREETINGS = stem_words(
    """
    hi hello hey hiya howdy yo sup hallo morning evening afternoon night greetings help thanks
    thank thx ty cheers appreciate appreciated bot start commands usage good nice great cool
    awesome lol haha everyone everybody anyone anybody all folks guys people around today
    welcome bye goodbye cya later gm gn
    mate mates bro bros buddy pal pals dude dudes fam friend friends team yall
    """.split()
)

_GREETING_LIST = sorted(w for w in _GREETINGS if len(w) >= 4)


def _is_greeting(content: list[str]) -> bool:
    """Greetings, thanks and small talk: a greeting word first ("helo" too), then nothing
    but greetings and everyday words ("good morning, hope you're doing well")."""
    if not content:
        return True
    first = content[0]
    if first not in _GREETINGS:
        near = len(first) >= 4 and process.extractOne(
            first, _GREETING_LIST, scorer=Levenshtein.distance, score_cutoff=1
        )
        if not near:
            return False
    return all(t in _GREETINGS or t in GENERIC_WORDS for t in content[1:])


class AnswerEngine:
    def __init__(
        self,
        kb: KnowledgeBase,
        settings: MatcherSettings | None = None,
        previous: AnswerEngine | None = None,
    ):
        """Index `kb`; `previous` (the engine being replaced) lets unchanged facts be reused."""
        self.kb = kb
        reviewed, drafts = kb.split_by_review()
        self.index = KnowledgeIndex(reviewed, previous.index if previous else None)
        self.matcher = Matcher(self.index, settings)
        # Unreviewed drafts answer only what the reviewed facts leave unanswered, matched
        # among themselves: loading a drafted article never changes a reviewed answer.
        self._drafts: Matcher | None = None
        if drafts is not None:
            earlier = previous._drafts.index if previous and previous._drafts else None
            self._drafts = Matcher(KnowledgeIndex(drafts, earlier), settings)
        self._newer = superseded_by(kb)

    @property
    def version(self) -> str:
        return self.kb.version

    # -- looking facts up ---------------------------------------------------------------------

    @property
    def facts(self) -> Mapping[str, Fact]:
        """Every fact by id, in knowledge-base order."""
        return self.kb.facts

    def fact(self, fact_id: str) -> Fact | None:
        return self.kb.facts.get(fact_id)

    def primary_source(self, fact: Fact) -> Source | None:
        return self.kb.sources.get(fact.sources[0].source) if fact.sources else None

    def closest_facts(self, text: str, limit: int) -> list[Fact]:
        """The facts that match `text` best, best first, however weakly (autocomplete)."""
        ranked = [s for m in self._matchers() for s in m.rank(m.index.analyse(text))]
        ranked.sort(key=lambda scored: -scored.score)
        return [scored.entry.fact for scored in ranked[:limit]]

    def _matchers(self) -> tuple[Matcher, ...]:
        return (self.matcher,) if self._drafts is None else (self.matcher, self._drafts)

    # -- answering ----------------------------------------------------------------------------

    def fact_answer(self, fact: Fact, question: str, score: float = 1.0) -> Answer:
        """`fact` as the answer; a superseded fact answers with its newest update."""
        fact = newest(fact, self._newer) if self._newer else fact
        older = (self.kb.facts[i] for i in fact.supersedes if i in self.kb.facts)
        replaces = tuple(Replaced(old.title, self.primary_source(old)) for old in older)
        source = self.primary_source(fact)
        also = self.kb.also_reported(fact)
        return Answer(
            question, "answered", score, fact, source, replaces=replaces, also_reported=also
        )

    def answer(self, question: str) -> Answer:
        stripped = strip_chat_markup(question).strip()
        raw = words(stripped)
        if not raw:
            return Answer(question, "empty")
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(question, "too_long", length=len(stripped))
        return self._work_out(question, stripped, raw)

    def _work_out(self, question: str, stripped: str, raw: list[str]) -> Answer:
        """The answer worked out from the question's words."""
        # Greetings are judged on the words as typed: typo correction would turn "thanks"
        # into some word of the knowledge base.
        content = [t for t in (stem(w) for w in raw) if is_content(t) or t in _GREETINGS]
        if _is_greeting(content):
            return Answer(question, "help")
        answer, ranked = self._rank(question, self.matcher.index.analyse(stripped), self.matcher)
        if answer.outcome == "answered" or self._drafts is None:
            return answer
        drafts = self._drafts
        drafted, ranked_drafts = self._rank(question, drafts.index.analyse(stripped), drafts)
        # Reviewed facts good enough to answer but too close to pick between ("which company
        # was it?"): the question is theirs, and a draft answering it would pick by chance.
        theirs = answer.outcome == "unanswered" and bool(ranked) and self.matcher.accepts(ranked[0])
        if drafted.outcome == "answered" and not theirs:
            return drafted
        if answer.outcome == "related" or drafted.outcome != "related" or theirs:
            ranked = sorted([*ranked, *ranked_drafts], key=lambda scored: -scored.score)
            return dataclasses.replace(
                answer, suggestions=self._suggestions(ranked, first=answer.fact)
            )
        return drafted

    def _rank(self, question: str, query: Query, matcher: Matcher) -> tuple[Answer, list[Scored]]:
        """Match the analysed question and word the answer, the related fact, or the "I
        don't know"; with the facts ranked."""
        ranked = matcher.rank(query)
        best = ranked[0] if ranked else None
        if best is not None and matcher.accepts(best) and not _undecided(ranked):
            # The best fact that gives what is asked: "how much is nvidia worth" wants the
            # valuation, not the fact that ranks first on "nvidia" alone.
            for scored in ranked if query.detail in _FIGURES else ranked[:1]:
                if best.score - scored.score > _DETAIL_MARGIN or not matcher.accepts(scored):
                    break
                if missing_detail(query, scored.entry, self.kb) is None:
                    return self.fact_answer(scored.entry.fact, question, scored.score), ranked
            missing = missing_detail(query, best.entry, self.kb)
            return self._related(question, best, missing, ranked), ranked
        if query.numbers:
            # A period or figure the facts do not state ("q4", "2023"): if the question
            # without it has a good answer, that fact is what the knowledge base has on it.
            bare = matcher.rank(_without_numbers(query))
            if bare and matcher.accepts(bare[0]):
                stated = set(bare[0].entry.numbers)
                absent = [n for n in query.numbers if n not in stated]
                if absent:
                    missing = "anything for " + " or ".join(_period(n) for n in sorted(absent))
                    return self._related(question, bare[0], missing, bare), ranked
        return self._unanswered(question, ranked), ranked

    def _suggestions(self, ranked: list[Scored], *, first: Fact | None = None):
        settings = self.matcher.settings
        # Worth suggesting when close to the topic, even if about someone else ("Apple's
        # market cap" -> Nvidia's valuation).
        chosen = [
            r.entry.fact
            for r in ranked
            if r.features.relevance(settings) >= settings.suggestion_floor
        ]
        if first is not None:
            chosen = [first, *(f for f in chosen if f.id != first.id)]
        return tuple(Suggestion(f.id, f.title) for f in chosen[: settings.suggestions])

    def _related(self, question: str, best: Scored, missing: str, ranked: list[Scored]) -> Answer:
        fact = best.entry.fact
        return Answer(
            question,
            "related",
            score=best.score,
            fact=fact,
            source=self.primary_source(fact),
            suggestions=self._suggestions(ranked, first=fact),
            missing=missing,
        )

    def _unanswered(self, question: str, ranked: list[Scored]) -> Answer:
        best = ranked[0].score if ranked else 0.0
        return Answer(question, "unanswered", best, suggestions=self._suggestions(ranked))


# How far below the best a fact may score and still answer instead of it, when it gives the
# figure asked for (and what the figure measures matches) and the best does not. Only for
# figures: a fact that has some date may date another event, and naming some company or
# place is too weak a sign that it answers "who" or "where".
_DETAIL_MARGIN = 0.1
_FIGURES = frozenset(("count", "amount", "money", "percent"))


# Three facts or more within this of each other at the top: the question does not say which
# of them it means ("which company was it?" fits every fact about Nvidia), so it gets them
# as suggestions, not one picked by a hair. Two close facts are common (an event and its
# date) and the better one is usually right; three are a question too vague to answer.
_TIE_MARGIN = 0.01
_TIE_COUNT = 3


def _undecided(ranked: list[Scored]) -> bool:
    if len(ranked) < _TIE_COUNT:
        return False
    return ranked[0].score - ranked[_TIE_COUNT - 1].score < _TIE_MARGIN


def missing_detail(query: Query, entry: FactEntry, kb: KnowledgeBase) -> str | None:
    """What the question asks that the fact does not give, or None if it gives it all."""
    if query.speakers and not query.speakers & entry.speakers:
        names = [kb.entities[t[1:]].name for t in sorted(query.speakers) if t[1:] in kb.entities]
        return "what " + " or ".join(names) + " said"
    if query.detail is not None and query.detail not in entry.details:
        return DETAIL_MISSING[query.detail]
    if query.detail == "person" and not entry.actors - query.entities:
        # "Who runs Nvidia?" is not answered by a fact whose only actor is Nvidia.
        return DETAIL_MISSING["person"]
    measured = query.measured
    if measured is not None and measured not in entry.measured and measured not in entry.terms:
        # A figure of something else: "the price of an H20" is not the H20 revenue lost.
        return DETAIL_MISSING[query.detail or "amount"] + " (" + _as_written(query, measured) + ")"
    return None


def _as_written(query: Query, token: str) -> str:
    """The question's own word for a canonical token ("price", not the stem "pric")."""
    found = next((w for w in words(query.text) if stem(w) == token), None)
    return (
        found or QUANTITY_WORDS.get(token) or token.lstrip("@").replace("_", " ").replace("-", " ")
    )


def _without_numbers(query: Query) -> Query:
    content = tuple(t for t in query.content if t not in query.numbers)
    return dataclasses.replace(
        query,
        content=content,
        unknown=query.unknown.difference(query.numbers),
        numbers=frozenset(),
    )


_QUARTERS = {"q1": "the first quarter", "q2": "the second quarter", "q3": "the third quarter"}
_QUARTERS["q4"] = "the fourth quarter"


def _period(token: str) -> str:
    return _QUARTERS.get(token, token)
