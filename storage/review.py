"""Reading the query log back for admins: what people ask, what the bot missed, what to purge.

The Discord admin cog and `tradeqa logs` both call LogReview; neither writes SQL of its own.
Every filter value is bound as an SQL parameter, never pasted into the statement.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from storage.config import default_retention_days
from storage.connection import open_database
from storage.grouping import group_similar
from storage.records import QueryRecord, from_db_time, to_db_time, utc_now
from storage.sql import run_sql

# Admin commands may wait for the bot's writer; the writer commits in milliseconds.
REVIEW_BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class LogFilter:
    """Which questions a review covers. Every field is optional; all given ones must match.

    since/until bound the time asked (since inclusive, until exclusive); text matches questions
    containing it literally (case-insensitive for ASCII; % and _ are ordinary characters).
    """

    since: datetime | None = None
    until: datetime | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    user_id: int | None = None
    fact_id: str | None = None
    text: str | None = None

    def sql(self, alias: str = "q") -> tuple[str, list[Any]]:
        """An SQL condition (always valid after WHERE/AND) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.since is not None:
            clauses.append(f"{alias}.asked_at >= ?")
            params.append(to_db_time(self.since))
        if self.until is not None:
            clauses.append(f"{alias}.asked_at < ?")
            params.append(to_db_time(self.until))
        for column in ("guild_id", "channel_id", "user_id", "fact_id"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{alias}.{column} = ?")
                params.append(value)
        if self.text:
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(f"{alias}.question LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        return (" AND ".join(clauses) or "1"), params


@dataclass(frozen=True)
class Vote:
    user_id: int
    helpful: bool
    voted_at: datetime


@dataclass(frozen=True)
class LoggedQuery(QueryRecord):
    """A question as stored, with the feedback votes it received."""

    votes: tuple[Vote, ...] = ()

    @property
    def helpful_votes(self) -> int:
        return sum(1 for v in self.votes if v.helpful)

    @property
    def unhelpful_votes(self) -> int:
        return sum(1 for v in self.votes if not v.helpful)

    def to_dict(self) -> dict[str, Any]:
        """Every recorded field, JSON-ready (times as UTC ISO 8601 text)."""
        row = {f.name: getattr(self, f.name) for f in fields(QueryRecord)}
        row["asked_at"] = to_db_time(self.asked_at)
        row["suggestions"] = list(self.suggestions)
        row["helpful_votes"] = self.helpful_votes
        row["unhelpful_votes"] = self.unhelpful_votes
        row["feedback"] = [
            {"user_id": v.user_id, "helpful": v.helpful, "voted_at": to_db_time(v.voted_at)}
            for v in self.votes
        ]
        return row


EXPORT_FIELDS = (
    *(f.name for f in fields(QueryRecord)),
    "helpful_votes",
    "unhelpful_votes",
    "feedback",
)


@dataclass(frozen=True)
class UnansweredGroup:
    """One thing people asked that the knowledge base could not answer, however it was worded."""

    question: str  # the most common wording
    count: int
    askers: int  # distinct people (all CLI/console use counts as one)
    last_asked: datetime
    wordings: tuple[tuple[str, int], ...]  # every wording with its count, most common first


@dataclass(frozen=True)
class FactCount:
    fact_id: str
    asked: int
    helpful: int
    unhelpful: int
    last_asked: datetime


@dataclass(frozen=True)
class FeedbackEntry:
    """One vote, with the question and answer it was about."""

    voted_at: datetime
    voter_id: int
    helpful: bool
    query_id: str
    asked_at: datetime
    surface: str
    guild_id: int | None
    channel_id: int | None
    question: str
    outcome: str
    fact_id: str | None
    score: float


@dataclass(frozen=True)
class DayStats:
    """One UTC day. answer_rate = answered / (answered + unanswered): greetings, empty and
    over-long messages and refusals are counted in `questions` but not held against the rate."""

    day: date
    questions: int
    answered: int
    unanswered: int

    @property
    def answer_rate(self) -> float | None:
        asked = self.answered + self.unanswered
        return self.answered / asked if asked else None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    result: str
    detail: str


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Purged:
    cutoff: datetime
    questions: int
    votes: int
    audit_entries: int

    @property
    def total(self) -> int:
        return self.questions + self.votes + self.audit_entries

    def __str__(self) -> str:
        return (
            f"removed {_count(self.questions, 'question', 'questions')}, "
            f"{_count(self.votes, 'feedback vote', 'feedback votes')} and "
            f"{_count(self.audit_entries, 'audit entry', 'audit entries')} "
            f"from before {self.cutoff:%Y-%m-%d %H:%M} UTC"
        )


@dataclass(frozen=True)
class Forgotten:
    questions: int
    votes: int  # the user's own votes and every vote on the user's questions
    audit_anonymised: int  # audit entries kept, with the actor's id and name cleared

    @property
    def total(self) -> int:
        return self.questions + self.votes + self.audit_anonymised

    def __str__(self) -> str:
        return (
            f"removed {_count(self.questions, 'question', 'questions')} and "
            f"{_count(self.votes, 'feedback vote', 'feedback votes')}; anonymised "
            f"{_count(self.audit_anonymised, 'audit entry', 'audit entries')}"
        )


_QUERY_COLUMNS = """
    q.query_id, q.asked_at, q.surface, q.guild_id, q.channel_id, q.user_id, q.user_name,
    q.question, q.outcome, q.fact_id, q.score, q.suggestions, q.latency_ms, q.kb_version,
    (SELECT json_group_array(json_array(f.user_id, f.helpful, f.voted_at))
       FROM feedback f WHERE f.query_id = q.query_id) AS votes
"""


def _logged_query(row: aiosqlite.Row | tuple) -> LoggedQuery:
    votes = sorted(
        (
            Vote(int(user), bool(helpful), from_db_time(at))
            for user, helpful, at in json.loads(row[14])
        ),
        key=lambda v: v.voted_at,
    )
    return LoggedQuery(
        query_id=row[0],
        asked_at=from_db_time(row[1]),
        surface=row[2],
        guild_id=row[3],
        channel_id=row[4],
        user_id=row[5],
        user_name=row[6],
        question=row[7],
        outcome=row[8],
        fact_id=row[9],
        score=row[10],
        suggestions=tuple(json.loads(row[11] or "[]")),
        latency_ms=row[12],
        kb_version=row[13],
        votes=tuple(votes),
    )


class LogReview:
    """Review, export and prune an existing query log. Use `await LogReview.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    async def open(
        cls, path: str | Path, *, busy_timeout_ms: int = REVIEW_BUSY_TIMEOUT_MS
    ) -> LogReview:
        """Open an existing log (LogNotFound if there is none; nothing is created). An older
        schema is upgraded like the bot would; a newer one raises SchemaTooNew."""
        conn = await open_database(path, create=False, busy_timeout_ms=busy_timeout_ms)
        # Deleted questions are overwritten, not just unlinked: forget() should mean it.
        await run_sql(conn, "PRAGMA secure_delete = ON")
        return cls(conn, Path(path))

    async def close(self) -> None:
        await self._conn.close()

    async def __aenter__(self) -> LogReview:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _fetchall(self, sql: str, params: list[Any]) -> list[tuple]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    # -- reviewing --------------------------------------------------------------------------

    async def recent(
        self, filters: LogFilter | None = None, *, limit: int = 20
    ) -> list[LoggedQuery]:
        """The latest questions, newest first."""
        where, params = (filters or LogFilter()).sql()
        rows = await self._fetchall(
            f"SELECT {_QUERY_COLUMNS} FROM queries q WHERE {where} "
            "ORDER BY q.asked_at DESC, q.rowid DESC LIMIT ?",
            [*params, limit],
        )
        return [_logged_query(row) for row in rows]

    async def unanswered(
        self, filters: LogFilter | None = None, *, limit: int = 20
    ) -> list[UnansweredGroup]:
        """Questions the bot could not answer, near-identical wordings grouped, most asked first."""
        where, params = (filters or LogFilter()).sql()
        rows = await self._fetchall(
            "SELECT q.question, q.user_id, q.asked_at FROM queries q "
            f"WHERE q.outcome IN ('unanswered', 'related') AND {where}",
            params,
        )
        askers: dict[str, set[int | None]] = {}
        last: dict[str, str] = {}
        for question, user_id, asked_at in rows:
            askers.setdefault(question, set()).add(user_id)
            last[question] = max(last.get(question, asked_at), asked_at)
        groups = []
        for group in group_similar(question for question, _, _ in rows):
            wordings = sorted(group.wordings.items(), key=lambda item: (-item[1], item[0]))
            people = set().union(*(askers[w] for w, _ in wordings))
            groups.append(
                UnansweredGroup(
                    question=wordings[0][0],
                    count=group.count,
                    askers=len(people),
                    last_asked=from_db_time(max(last[w] for w, _ in wordings)),
                    wordings=tuple(wordings),
                )
            )
        groups.sort(key=lambda g: (-g.count, -g.askers, -g.last_asked.timestamp()))
        return groups[:limit]

    async def top_facts(
        self, filters: LogFilter | None = None, *, limit: int = 10
    ) -> list[FactCount]:
        """The facts that answered most often, with the feedback they got."""
        where, params = (filters or LogFilter()).sql()
        rows = await self._fetchall(
            "WITH votes AS (SELECT query_id, sum(helpful) AS up, sum(1 - helpful) AS down "
            "               FROM feedback GROUP BY query_id) "
            "SELECT q.fact_id, count(*), coalesce(sum(v.up), 0), coalesce(sum(v.down), 0), "
            "       max(q.asked_at) "
            "FROM queries q LEFT JOIN votes v ON v.query_id = q.query_id "
            f"WHERE q.outcome = 'answered' AND q.fact_id IS NOT NULL AND {where} "
            "GROUP BY q.fact_id ORDER BY count(*) DESC, q.fact_id LIMIT ?",
            [*params, limit],
        )
        return [
            FactCount(fact_id, asked, up, down, from_db_time(last))
            for fact_id, asked, up, down, last in rows
        ]

    async def feedback(
        self, filters: LogFilter | None = None, *, only_unhelpful: bool = True, limit: int = 50
    ) -> list[FeedbackEntry]:
        """Feedback votes, newest first (by default only "not helpful" ones)."""
        where, params = (filters or LogFilter()).sql()
        helpful_clause = "AND f.helpful = 0" if only_unhelpful else ""
        rows = await self._fetchall(
            "SELECT f.voted_at, f.user_id, f.helpful, q.query_id, q.asked_at, q.surface, "
            "       q.guild_id, q.channel_id, q.question, q.outcome, q.fact_id, q.score "
            "FROM feedback f JOIN queries q ON q.query_id = f.query_id "
            f"WHERE {where} {helpful_clause} ORDER BY f.voted_at DESC LIMIT ?",
            [*params, limit],
        )
        return [
            FeedbackEntry(
                voted_at=from_db_time(row[0]),
                voter_id=row[1],
                helpful=bool(row[2]),
                query_id=row[3],
                asked_at=from_db_time(row[4]),
                surface=row[5],
                guild_id=row[6],
                channel_id=row[7],
                question=row[8],
                outcome=row[9],
                fact_id=row[10],
                score=row[11],
            )
            for row in rows
        ]

    async def daily_stats(self, filters: LogFilter | None = None) -> list[DayStats]:
        """Questions per UTC day with at least one question, oldest first."""
        where, params = (filters or LogFilter()).sql()
        rows = await self._fetchall(
            "SELECT substr(q.asked_at, 1, 10) AS day, count(*), "
            "       sum(q.outcome = 'answered'), sum(q.outcome IN ('unanswered', 'related')) "
            f"FROM queries q WHERE {where} GROUP BY day ORDER BY day",
            params,
        )
        return [DayStats(date.fromisoformat(day), n, a, u) for day, n, a, u in rows]

    async def iter_export(self, filters: LogFilter | None = None) -> AsyncIterator[LoggedQuery]:
        """Every matching question with all its fields and votes, oldest first, streamed."""
        where, params = (filters or LogFilter()).sql()
        async with self._conn.execute(
            f"SELECT {_QUERY_COLUMNS} FROM queries q WHERE {where} ORDER BY q.asked_at, q.rowid",
            params,
        ) as cursor:
            async for row in cursor:
                yield _logged_query(row)

    async def export_rows(self, filters: LogFilter | None = None) -> list[dict[str, Any]]:
        return [query.to_dict() async for query in self.iter_export(filters)]

    async def audit_entries(
        self, *, since: datetime | None = None, limit: int = 50
    ) -> list[AuditEntry]:
        """Moderator and admin actions, newest first."""
        where, params = ("at >= ?", [to_db_time(since)]) if since else ("1", [])
        rows = await self._fetchall(
            "SELECT at, actor_id, actor_name, action, result, detail FROM audit "
            f"WHERE {where} ORDER BY at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
        return [AuditEntry(from_db_time(row[0]), *row[1:]) for row in rows]

    # -- removing ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _write_transaction(self) -> AsyncIterator[None]:
        await run_sql(self._conn, "BEGIN IMMEDIATE")
        try:
            yield
            await run_sql(self._conn, "COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                await run_sql(self._conn, "ROLLBACK")
            raise

    async def _change(self, sql: str, params: list[Any]) -> int:
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def _audit(
        self, actor_id: int | None, actor_name: str | None, action: str, detail: str
    ) -> None:
        await self._change(
            "INSERT INTO audit (at, actor_id, actor_name, action, result, detail) "
            "VALUES (?, ?, ?, ?, 'ok', ?)",
            [to_db_time(utc_now()), actor_id, actor_name, action, detail],
        )

    async def _checkpoint(self) -> None:
        """Move the overwritten pages out of the WAL too. Best effort: a busy bot may hold it."""
        async with self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            await cursor.fetchall()

    async def purge(
        self,
        older_than_days: float | None = None,
        *,
        now: datetime | None = None,
        actor_id: int | None = None,
        actor_name: str | None = None,
    ) -> Purged:
        """Delete questions (with their votes) and audit entries older than the retention
        period (default: $TRADEQA_RETENTION_DAYS or DEFAULT_RETENTION_DAYS), recording the
        purge itself in the audit table in the same transaction."""
        days = default_retention_days() if older_than_days is None else older_than_days
        if days < 0:
            raise ValueError("older_than_days must not be negative")
        cutoff = (now or utc_now()) - timedelta(days=days)
        stamp = to_db_time(cutoff)
        async with self._write_transaction():
            votes = await self._change(
                "DELETE FROM feedback WHERE query_id IN "
                "(SELECT query_id FROM queries WHERE asked_at < ?)",
                [stamp],
            )
            questions = await self._change("DELETE FROM queries WHERE asked_at < ?", [stamp])
            audit = await self._change("DELETE FROM audit WHERE at < ?", [stamp])
            purged = Purged(cutoff, questions, votes, audit)
            await self._audit(actor_id, actor_name, "purge", f"older than {days:g} days: {purged}")
        return purged

    async def forget(
        self, user_id: int, *, actor_id: int | None = None, actor_name: str | None = None
    ) -> Forgotten:
        """Delete everything recorded about one person: their questions, every vote on those
        questions, and their own votes. Audit entries where they acted (as a moderator) are
        kept so the moderation trail stays complete, but their id and name are cleared. The
        audit entry recording this request does not name the person."""
        async with self._write_transaction():
            votes = await self._change(
                "DELETE FROM feedback WHERE user_id = ? OR query_id IN "
                "(SELECT query_id FROM queries WHERE user_id = ?)",
                [user_id, user_id],
            )
            questions = await self._change("DELETE FROM queries WHERE user_id = ?", [user_id])
            audit = await self._change(
                "UPDATE audit SET actor_id = NULL, actor_name = NULL WHERE actor_id = ?",
                [user_id],
            )
            forgotten = Forgotten(questions, votes, audit)
            await self._audit(actor_id, actor_name, "forget", str(forgotten))
        await self._checkpoint()
        return forgotten


def stats_to_dict(day: DayStats) -> dict[str, Any]:
    return {**asdict(day), "day": day.day.isoformat(), "answer_rate": day.answer_rate}
