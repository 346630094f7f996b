"""Question in, answer out: the answer engine every front end calls.

The engine holds one immutable knowledge-base snapshot and its index. It does no I/O, so
it is safe to share between the event loop and worker threads; a reload builds a new
engine and swaps the reference.

Busy servers ask the same questions again and again (a news spike: dozens ask "h20 china
share?"), so each engine remembers its recent answers. The cache belongs to the engine and
so to one knowledge-base snapshot and one set of matcher settings: a reload builds a new
engine with an empty cache, and no answer can outlive the facts it came from.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.answer import Answer, Suggestion
from knowledge.answer_notes import answering_fact, notes
from knowledge.base import KnowledgeBase
from knowledge.generic_words import GENERIC_WORDS
from knowledge.index import FactEntry, KnowledgeIndex
from knowledge.matcher import Matcher, MatcherSettings, Scored
from knowledge.query import Query
from knowledge.question import DETAIL_MISSING
from knowledge.schema import Fact, Source
from knowledge.supersedes import superseded_by
from knowledge.text import is_content, stem, stem_words, strip_chat_markup, words

# Longer than any real question; beyond it we say so rather than match a wall of text.
MAX_QUESTION_CHARS = 500

# Cache entries per engine: 4,096 questions, each under three keys (its text as typed, its
# words, and what the matcher makes of them) sharing one answer. ~1.7 KB a question (keys
# and the answer text; facts are shared with the knowledge base), so a full cache is ~7 MB.
ANSWER_CACHE_SIZE = 12288

_GREETINGS = stem_words(
    """
    hi hello hey hiya howdy yo sup hallo morning evening afternoon night greetings help thanks
    thank thx ty cheers appreciate appreciated bot start commands usage good nice great cool
    awesome lol haha everyone everybody anyone anybody all folks guys people around today
    welcome bye goodbye cya later gm gn
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
    when = source.date_note or report_date(source)
    reported = f" (reported {when})" if when else ""
    return f"Source: {by}\u201c{source.headline}\u201d{reported}"


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: int
    currsize: int


class AnswerEngine:
    def __init__(
        self,
        kb: KnowledgeBase,
        settings: MatcherSettings | None = None,
        previous: AnswerEngine | None = None,
        *,
        cache_size: int = ANSWER_CACHE_SIZE,
    ):
        """Index `kb`; `previous` (the engine being replaced) lets unchanged facts be reused.

        `cache_size` cache entries are kept, up to three per question (least recently asked
        forgotten first); 0 turns the cache off. Nothing is carried over from `previous`'s
        cache: any edit can change any answer (a new fact, or new word frequencies).
        """
        self.kb = kb
        self.index = KnowledgeIndex(kb, previous.index if previous else None)
        self.matcher = Matcher(self.index, settings)
        self._newer = superseded_by(kb)
        self._start_cache(cache_size)

    def _start_cache(self, size: int) -> None:
        # An OrderedDict under a lock, not functools.lru_cache: the key (the question's
        # words) does not carry what matching needs (the text), and the lock costs ~0.3 µs
        # against ~10 µs to work out the key. The engine is shared with worker threads.
        self._cache: OrderedDict[Hashable, Answer] = OrderedDict()
        self._cache_size = max(0, size)
        self._cache_lock = threading.Lock()
        self._cached_settings = self.matcher.settings
        self._hits = self._misses = 0

    def with_cache(self, size: int) -> AnswerEngine:
        """The same snapshot, index and settings, with a cache of its own (0: none).

        Cheap (nothing is re-indexed): for measuring the matcher with the cache on or off.
        """
        twin = copy.copy(self)
        twin._start_cache(size)
        return twin

    def cache_info(self) -> CacheInfo:
        with self._cache_lock:
            return CacheInfo(self._hits, self._misses, self._cache_size, len(self._cache))

    def cache_clear(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._hits = self._misses = 0

    @property
    def version(self) -> str:
        return self.kb.version

    def primary_source(self, fact: Fact) -> Source | None:
        return self.kb.sources.get(fact.sources[0].source) if fact.sources else None

    def fact_answer(self, fact: Fact, question: str, score: float = 1.0) -> Answer:
        fact = answering_fact(fact, self._newer)  # a superseded fact: its newest update
        source = self.primary_source(fact)
        extra = notes(fact, self.kb)
        text = "\n".join([fact.answer, *extra, source_line(source)]).rstrip("\n")
        return Answer(question, "answered", text, score, fact, source, notes=extra)

    def answer(self, question: str, *, cached: bool = True) -> Answer:
        """The answer to `question`; `cached=False` works it out afresh (for timing)."""
        use_cache = cached and self._cache_size > 0
        settings = self.matcher.settings
        if use_cache:
            # First the question exactly as typed: a busy server's repeats mostly are, and
            # this skips folding its words (8 of the ~70 us a cached answer costs the loop).
            with self._cache_lock:
                found = self._recall_checked(question, settings)
            if found is not None:
                return found

        stripped = strip_chat_markup(question).strip()
        raw = words(stripped)
        if not raw:
            return Answer(question, "empty", "Ask me a question in words. " + HELP_TEXT)
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(
                question,
                "too_long",
                f"That question is {len(stripped):,} characters long; please ask it in "
                f"under {MAX_QUESTION_CHARS} characters.",
            )
        if not use_cache:
            return self._work_out(question, stripped, raw)

        # Then the question's words, exactly as the index analyses them (folded: case,
        # accents, punctuation, chat markup and spacing gone; "h-20" and "h 20" made "h20"):
        # everything below depends on the question through them alone. A looser key (the
        # folded text with spaces squeezed) would let "h  20" and "h 20" meet.
        key = tuple(raw)
        with self._cache_lock:
            found = self._recall_checked(key, settings)
        if found is not None:
            answer = found if found.question == question else _asked(found, question)
            self._remember(answer, settings, question)
        else:
            answer = self._work_out(question, stripped, raw, cached=True)
            self._remember(answer, settings, key, question)
        return answer

    def _recall_checked(self, key: Hashable, settings: MatcherSettings) -> Answer | None:
        """_recall, after forgetting everything if the settings were swapped (lock held)."""
        if settings is not self._cached_settings:
            # Settings are fixed at construction; should anyone swap them, forget all.
            self._cache.clear()
            self._cached_settings = settings
        return self._recall(key)

    def _recall(self, key: Hashable) -> Answer | None:
        """The cached answer under `key`, counted as a hit (call with the lock held)."""
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            self._hits += 1
        return found

    def _remember(self, answer: Answer, settings: MatcherSettings, *keys: Hashable) -> None:
        with self._cache_lock:
            if settings is self._cached_settings is self.matcher.settings:
                for key in keys:
                    self._cache[key] = answer
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)

    def _work_out(
        self, question: str, stripped: str, raw: list[str], *, cached: bool = False
    ) -> Answer:
        """The answer worked out from the question's words; with `cached`, an answer to the
        same meaning (the analysed question) is reused instead of matching again."""
        # Greetings are judged on the words as typed: typo correction would turn "thanks"
        # into some word of the knowledge base.
        content = [t for t in (stem(w) for w in raw) if is_content(t)]
        if _is_greeting(content):
            return Answer(question, "help", HELP_TEXT)
        query = self.index.analyse(stripped)
        if not cached:
            return self._rank(question, query)

        # Worded differently, asked the same: a typo corrected, "the"/"please" dropped, a
        # synonym folded. The matcher sees the question only through these fields, so an
        # answer to the same meaning is the answer (analysing costs a tenth of matching).
        meaning = _meaning(query)
        settings = self.matcher.settings
        with self._cache_lock:
            found = self._recall(meaning)
            if found is None:
                self._misses += 1
        if found is not None:
            return _asked(found, question)
        answer = self._rank(question, query)
        self._remember(answer, settings, meaning)
        return answer

    def _rank(self, question: str, query: Query) -> Answer:
        """Match the analysed question and word the answer, the related fact, or the "I
        don't know"."""
        ranked = self.matcher.rank(query)
        best = ranked[0] if ranked else None
        if best is not None and self.matcher.accepts(best) and not _undecided(ranked):
            # The best fact that gives what is asked: "how much is nvidia worth" wants the
            # valuation, not the fact that ranks first on "nvidia" alone.
            for scored in ranked if query.detail in _FIGURES else ranked[:1]:
                if best.score - scored.score > _DETAIL_MARGIN or not self.matcher.accepts(scored):
                    break
                if missing_detail(query, scored.entry, self.kb) is None:
                    return self.fact_answer(scored.entry.fact, question, scored.score)
            missing = missing_detail(query, best.entry, self.kb)
            return self._related(question, best, missing, ranked)
        if query.numbers:
            # A period or figure the facts do not state ("q4", "2023"): if the question
            # without it has a good answer, that fact is what the knowledge base has on it.
            bare = self.matcher.rank(_without_numbers(query))
            if bare and self.matcher.accepts(bare[0]):
                stated = set(bare[0].entry.numbers)
                absent = [n for n in query.numbers if n not in stated]
                if absent:
                    missing = "anything for " + " or ".join(_period(n) for n in sorted(absent))
                    return self._related(question, bare[0], missing, bare)
        return self._unanswered(question, ranked)

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
        source = self.primary_source(fact)
        line = source_line(source)
        text = f"The knowledge base doesn't say {missing}. What it has on that: {fact.answer}"
        text = f"{text}\n{line}" if line else text
        return Answer(
            question,
            "related",
            text,
            score=best.score,
            fact=fact,
            source=source,
            suggestions=self._suggestions(ranked, first=fact),
            missing=missing,
        )

    def _unanswered(self, question: str, ranked: list[Scored]) -> Answer:
        suggestions = self._suggestions(ranked)
        text = "I don't know that one: my knowledge base doesn't cover it."
        if suggestions:
            text += " Closest topics: " + "; ".join(s.title for s in suggestions) + "."
        best = ranked[0].score if ranked else 0.0
        return Answer(question, "unanswered", text, score=best, suggestions=suggestions)


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
        return DETAIL_MISSING[query.detail or "amount"] + " (" + _plain_word(query.measured) + ")"
    return None


def _plain_word(token: str) -> str:
    return token.lstrip("@").replace("_", " ").replace("-", " ")


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


# Query fields that do not change the answer: the words as typed, and how they were spelt.
_AS_TYPED = frozenset(("text", "tokens", "corrected"))


def _meaning(query: Query) -> tuple:
    """A cache key: everything the matcher sees of a question (see AnswerEngine._work_out),
    so a field added to Query is part of the key unless it is listed in _AS_TYPED."""
    return tuple(
        getattr(query, f.name) for f in dataclasses.fields(query) if f.name not in _AS_TYPED
    )


def _asked(answer: Answer, question: str) -> Answer:
    return dataclasses.replace(answer, question=question)
