"""The one answering path: question in, answer out, query logged.

The command line, the console chat and every Discord way of asking call :meth:`TradeQA.ask`,
so an answer reads, scores and is logged the same wherever it was asked. The knowledge base
is an immutable snapshot behind one reference: a reload parses and indexes off the event
loop and swaps the reference only when the new files are valid.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.answer import Answer
from knowledge.engine import AnswerEngine
from knowledge.evaluation import EvalReport, evaluate
from knowledge.loader import ParseCache, load_knowledge
from knowledge.paths import BUNDLED_DIR, expand_knowledge
from knowledge.problems import KnowledgeError, Problem
from knowledge.schema import Fact, Source
from knowledge.teach import Taught, TeachRefused, teach
from storage import QueryLog, QueryRecord, new_query_id
from storage.location import database_location

log = logging.getLogger("tradeqa.service")

# Whoever uses the command line (`tradeqa chat`) has no Discord id; their picks of a
# suggestion are recorded under this one (Discord ids are never 0).
LOCAL_USER = 0

# Autocomplete runs on every keystroke and a client may send thousands of characters as the
# text typed so far: only its start is looked at (a fact id or title is at most 100).
MAX_TYPED = 200


@dataclass(frozen=True)
class Asker:
    """Who asked, where, and how."""

    surface: str  # slash | prefix | mention | qa_channel | button | cli | console
    user_id: int | None = None
    user_name: str | None = None
    guild_id: int | None = None
    channel_id: int | None = None


@dataclass(frozen=True)
class Reply:
    answer: Answer
    query_id: str  # the log row's id; feedback buttons carry it
    asker_id: int | None = None  # who asked: the only person who may vote on the answer


@dataclass(frozen=True)
class ReloadReport:
    ok: bool
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    version: str = ""
    fact_count: int = 0
    # Drafted entries and proposed entities awaiting a moderator's review (kb draft).
    awaiting_review: tuple[int, int] = (0, 0)

    def summary(self) -> str:
        if not self.ok:
            return (
                f"reload refused: {len(self.problems)} problem(s); "
                "still answering from the previous knowledge base"
            )
        if not (self.added or self.changed or self.removed):
            return f"reloaded: no changes ({self.fact_count} facts, version {self.version})"
        return (
            f"reloaded: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed ({self.fact_count} facts, version {self.version})"
        )


def _diff(old: Mapping[str, Fact], new: Mapping[str, Fact]) -> tuple[tuple[str, ...], ...]:
    added, changed, removed = [], [], []
    for fact_id, fact in new.items():
        was = old.get(fact_id)
        if was is None:
            added.append(fact_id)
        # Identity first: unchanged files hand back the very same fact objects.
        elif was is not fact and was != fact:
            changed.append(fact_id)
    for fact_id in old:
        if fact_id not in new:
            removed.append(fact_id)
    return tuple(added), tuple(changed), tuple(removed)


class TradeQA:
    def __init__(
        self,
        engine: AnswerEngine,
        query_log: QueryLog | None,
        knowledge_paths: Sequence[Path],
        *,
        cache: ParseCache | None = None,
        db_path: Path | str | None = None,
    ):
        self._engine = engine
        self.query_log = query_log
        self.knowledge_paths = tuple(knowledge_paths)
        self.db_path = db_path
        self._cache = cache or ParseCache()
        # One reload or check at a time (each loads every file, in a worker thread); answers
        # go on from the current snapshot meanwhile.
        self._reload_lock = asyncio.Lock()
        # Answers are worked out one at a time, each after a pass of the event loop: see ask().
        self._answer_turns = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        *,
        knowledge: Sequence[Path | str] | None = None,
        db: Path | str | None = "tradeqa.db",
        log: bool = True,
    ) -> TradeQA:
        """Load the knowledge base (off the event loop) and open the query log.

        Raises KnowledgeError when the knowledge files are invalid: a bot must not start
        answering from nothing.
        """
        paths = expand_knowledge(knowledge)  # `bundled` (or nothing) is the bundled base
        cache = ParseCache()
        engine = await asyncio.to_thread(_first_engine, paths, cache)
        query_log = None
        db_path = None
        if log and db is not None:
            db_path = database_location(db)  # a SQLite path or a postgresql:// URL
            query_log = await QueryLog.open(db_path)
        return cls(engine, query_log, paths, cache=cache, db_path=db_path)

    @property
    def engine(self) -> AnswerEngine:
        return self._engine

    # -- asking -----------------------------------------------------------------------------

    async def ask(self, question: str, asker: Asker) -> Reply:
        started = time.perf_counter()
        # On the event loop: matching is mostly Python, so a worker thread would only take
        # turns with the loop on the GIL. An answer takes a few milliseconds at most.
        # Take turns: a burst of questions (1,000 at once, say) would otherwise be matched back
        # to back in one pass of the loop, with no heartbeat or other server's event between
        # them. A bare sleep(0) is not enough: every asker yields once, then all match in the
        # next pass. Queued on the lock (first come, first served), each yields once it holds
        # it, so the rest of the loop runs between any two answers.
        async with self._answer_turns:
            await asyncio.sleep(0)
            answer = self._engine.answer(question)
        return await self._logged(answer, asker, started)

    def preview(self, question: str) -> Answer:
        """The answer `question` would get now; nothing is logged."""
        return self._engine.answer(question)

    def suggestion_answer(self, fact_id: str) -> Answer:
        """One suggested fact's answer, by id (`gone` if a reload removed it); not logged."""
        fact = self._engine.fact(fact_id)
        if fact is None:
            return Answer(fact_id, "gone")
        return self._engine.fact_answer(fact, question=fact.title)

    async def resolve(self, query_id: str, fact_id: str, asker: Asker) -> Reply:
        """The asker picked a "Did you mean …?" suggestion under their own question.

        Not a new question: nothing is added to the questions (so clicks never count towards
        the most-asked facts), and the pick is recorded as the asker's helpful vote on the
        question they asked, which a later 👍/👎 of theirs replaces. Which suggestion they
        picked is kept with it: `tradeqa logs learned` lists those wordings for teaching.
        The command line's asker has no Discord id: their pick is recorded as LOCAL_USER's.
        """
        answer = self.suggestion_answer(fact_id)
        voter = LOCAL_USER if asker.user_id is None else asker.user_id
        if answer.answered and query_id and self.query_log is not None:
            await self.query_log.record_feedback(query_id, voter, True, fact_id)
        return Reply(answer, query_id, asker.user_id)

    async def log_refusal(self, question: str, asker: Asker, reason: str) -> None:
        """A question that was not answered on purpose (a cooldown, say) is logged too."""
        answer = Answer(question, "unanswered")
        await self._record(answer, asker, time.perf_counter(), outcome="refused")

    async def _logged(self, answer: Answer, asker: Asker, started: float) -> Reply:
        query_id = await self._record(answer, asker, started, outcome=answer.outcome)
        return Reply(answer, query_id, asker.user_id)

    async def _record(self, answer: Answer, asker: Asker, started: float, *, outcome: str) -> str:
        query_id = new_query_id()
        if self.query_log is None:
            return query_id
        record = QueryRecord(
            query_id=query_id,
            asked_at=datetime.now(UTC),
            surface=asker.surface,
            guild_id=asker.guild_id,
            channel_id=asker.channel_id,
            user_id=asker.user_id,
            user_name=asker.user_name,
            question=answer.question,
            outcome=outcome,
            fact_id=answer.fact_id,
            score=answer.score,
            suggestions=tuple(s.fact_id for s in answer.suggestions),
            latency_ms=(time.perf_counter() - started) * 1000,
            kb_version=self._engine.version,
        )
        # Commit before the answer is shown; the log keeps the row queued if it cannot.
        await self.query_log.record(record)
        return query_id

    async def feedback(self, query_id: str, user_id: int, helpful: bool) -> bool:
        if self.query_log is None:
            return False
        return await self.query_log.record_feedback(query_id, user_id, helpful)

    # -- moderating -------------------------------------------------------------------------

    async def reload(self, actor: Asker) -> ReloadReport:
        async with self._reload_lock:
            old = self._engine
            try:
                # Parse, index and compare off the event loop: at 100k facts each of them
                # takes seconds, and answering goes on meanwhile.
                engine, (added, changed, removed) = await asyncio.to_thread(
                    _rebuild, self.knowledge_paths, self._cache, old
                )
            except Exception as exc:  # whatever it was, the old knowledge keeps answering
                problems = _problems_of(exc, self.knowledge_paths)
                report = ReloadReport(
                    ok=False,
                    problems=problems,
                    version=old.version,
                    fact_count=len(old.facts),
                )
            else:
                self._engine = engine  # the swap: one reference, atomic for readers
                report = ReloadReport(
                    ok=True,
                    added=added,
                    changed=changed,
                    removed=removed,
                    version=engine.version,
                    fact_count=len(engine.facts),
                    awaiting_review=engine.kb.awaiting_review(),
                )
        log.info("knowledge %s", report.summary())
        await self.audit(actor, "reload", "ok" if report.ok else "refused", report.summary())
        return report

    async def check(self, actor: Asker) -> tuple[Problem, ...]:
        """Validate the knowledge files without swapping anything in."""
        problems: tuple[Problem, ...] = ()
        async with self._reload_lock:  # one load at a time: checks cost what reloads cost
            try:
                await asyncio.to_thread(load_knowledge, self.knowledge_paths, cache=self._cache)
            except Exception as exc:
                problems = _problems_of(exc, self.knowledge_paths)
        result = "ok" if not problems else f"{len(problems)} problem(s)"
        await self.audit(actor, "check", result)
        return problems

    async def teach(self, question: str, fact_id: str, actor: Asker) -> Taught:
        """Add `question` to a fact's example questions in its file (knowledge/teach.py, as
        `tradeqa kb teach`), audited. TeachRefused says why nothing changed; a reload then
        answers from it."""
        detail = f"{question!r} -> {fact_id}"
        async with self._reload_lock:  # no reload reads the files while one is edited
            try:
                taught = await asyncio.to_thread(teach, self.knowledge_paths, question, fact_id)
            except TeachRefused as exc:
                await self.audit(actor, "teach", "refused", f"{detail}: {exc}")
                raise
        await self.audit(actor, "teach", "ok", detail)
        return taught

    async def evaluate(self) -> EvalReport:
        return await asyncio.to_thread(evaluate, self._engine)

    async def audit(self, actor: Asker, action: str, result: str, detail: str = "") -> None:
        if self.query_log is not None:
            await self.query_log.audit(
                actor_id=actor.user_id,
                actor_name=actor.user_name or actor.surface,
                action=action,
                result=result,
                detail=detail,
                guild_id=actor.guild_id,  # that server's admins see it in /logs audit
            )

    # -- lookups for front ends -------------------------------------------------------------

    def fact(self, fact_id: str) -> Fact | None:
        return self._engine.fact(fact_id)

    def source(self, fact: Fact) -> Source | None:
        """The fact's first cited source, shown with it."""
        return self._engine.primary_source(fact)

    def fact_ids(self, prefix: str = "", limit: int = 25) -> list[tuple[str, str]]:
        """(id, title) pairs whose id or title contains what was typed."""
        needle = prefix[:MAX_TYPED].strip().casefold()
        found = []
        for fact in self._engine.facts.values():
            if not needle or needle in fact.id or needle in fact.title.casefold():
                found.append((fact.id, fact.title))
                if len(found) >= limit:
                    break
        return found

    def suggest_questions(self, prefix: str, limit: int = 25) -> list[str]:
        """Known questions closest to what the asker has typed so far (autocomplete)."""
        engine = self._engine
        prefix = prefix[:MAX_TYPED]
        if not prefix.strip():
            return [f.questions[0] for f in itertools.islice(engine.facts.values(), limit)]
        pool: list[str] = []
        for fact in engine.closest_facts(prefix, 10):
            pool.extend(fact.questions)
        pool.sort(key=lambda q: fuzz.token_set_ratio(prefix, q), reverse=True)
        return list(dict.fromkeys(pool))[:limit]

    async def close(self) -> None:
        if self.query_log is not None:
            await self.query_log.close()


def _problems_of(exc: Exception, paths: Sequence[Path]) -> tuple[Problem, ...]:
    """The problems a failed load reports: its own list, or one line for anything else."""
    if isinstance(exc, KnowledgeError):
        return tuple(exc.problems)
    return (_failure(paths, exc),)


def _failure(paths: Sequence[Path], exc: Exception) -> Problem:
    # Not the exception's text: it could quote a file that is not a knowledge file.
    log.error("loading the knowledge base failed", exc_info=exc)
    where = paths[0] if paths else BUNDLED_DIR
    message = f"could not be loaded ({type(exc).__name__}); the bot's log has the details"
    return Problem(where, 0, 0, message)


def _rebuild(
    paths: Sequence[Path], cache: ParseCache, old: AnswerEngine
) -> tuple[AnswerEngine, tuple[tuple[str, ...], ...]]:
    engine = _build_engine(paths, cache, old)
    return engine, _diff(old.facts, engine.facts)


def _first_engine(paths: Sequence[Path], cache: ParseCache) -> AnswerEngine:
    """The engine a start answers from; any failure is a KnowledgeError, which every front
    end reports in one line per problem."""
    try:
        return _build_engine(paths, cache)
    except KnowledgeError:
        raise
    except Exception as exc:
        raise KnowledgeError([_failure(paths, exc)]) from None


def _build_engine(
    paths: Sequence[Path], cache: ParseCache, previous: AnswerEngine | None = None
) -> AnswerEngine:
    # A knowledge base is millions of objects that live until the next reload. A garbage
    # collection walks every one of them holding the GIL, so the event loop stalls: at 100k
    # facts a reload without this stalled answering for 1.5 s. So no collection runs while
    # they are built, and they are frozen out of all later ones (reference counting still
    # frees them when a reload drops them).
    enabled = gc.isenabled()
    gc.disable()
    try:
        engine = AnswerEngine(load_knowledge(paths, cache=cache), previous=previous)
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return engine
