"""Reading the query log back for admins: what people ask, what the bot missed, what to purge.

The Discord admin cog and `tradeqa logs` both call LogReview; neither writes SQL of its own.
Every filter value is bound as an SQL parameter, never pasted into the statement.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from storage.config import DEFAULT_RETENTION_DAYS, check_days
from storage.connection import checkpoint_wal, open_read_only, primary_code
from storage.database import Database, SqliteDatabase, connect
from storage.filters import LogFilter
from storage.location import Location, database_location
from storage.open_logs import open_log_for
from storage.records import from_db_time, to_db_time, utc_now
from storage.review_records import (
    _QUERY_COLUMNS,
    EXPORT_FIELDS,
    AuditEntry,
    DayStats,
    FactCount,
    FeedbackEntry,
    Forgotten,
    LoggedQuery,
    Purged,
    UnansweredGroup,
    Vote,
    _logged_query,
    stats_to_dict,
)
from storage.sql import run_sql
from storage.unanswered import MAX_WORDINGS, WORDINGS_SQL, unanswered_groups

__all__ = [
    "EXPORT_FIELDS",
    "AuditEntry",
    "DayStats",
    "FactCount",
    "FeedbackEntry",
    "Forgotten",
    "LogFilter",
    "LogReview",
    "LoggedQuery",
    "Purged",
    "UnansweredGroup",
    "Vote",
    "stats_to_dict",
]

# Admin commands may wait for the bot's writer; the writer commits in milliseconds.
REVIEW_BUSY_TIMEOUT_MS = 5000


class LogReview:
    """Review, export and prune an existing query log. Use `await LogReview.open(path)`.

    Opened with a `guild_id`, a review covers that Discord server only: every read, purge,
    forget and audit listing is limited to its rows, whatever filter a caller passes. Without
    one it covers the whole log (the command line, the bot's owners).
    """

    def __init__(
        self,
        db: Database,
        path: Location,
        *,
        guild_id: int | None = None,
        read_only: bool = False,
        shared: bool = False,
    ) -> None:
        self._db = db
        self.path = path
        self.guild_id = guild_id
        self.read_only = read_only
        self._shared = shared  # the bot's review connection: close() leaves it open

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        guild_id: int | None = None,
        busy_timeout_ms: int = REVIEW_BUSY_TIMEOUT_MS,
    ) -> LogReview:
        """Open an existing log, a SQLite path or a PostgreSQL URL (LogNotFound if there is
        none; nothing is created). An older schema is upgraded like the bot would; a newer one
        raises SchemaTooNew. A SQLite log in a folder the admin cannot write to is opened for
        reading only. Where this process has the log open for writing (the bot), the review
        shares its one review connection: nothing is reopened per command."""
        location = database_location(path)
        log = open_log_for(location)
        if log is not None:
            return await log.review(guild_id)
        try:
            db = await connect_for_review(location, busy_timeout_ms=busy_timeout_ms)
        except sqlite3.OperationalError as exc:
            if primary_code(exc) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                raise
            conn = await open_read_only(location, busy_timeout_ms=busy_timeout_ms)
            db = SqliteDatabase(conn, Path(location))
            return cls(db, location, guild_id=guild_id, read_only=True)
        return cls(db, location, guild_id=guild_id)

    async def close(self) -> None:
        if not self._shared:
            await self._db.close()

    async def __aenter__(self) -> LogReview:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _fetchall(self, sql: str, params: list[Any]) -> list[tuple]:
        return await self._db.fetchall(sql, params)

    def _where(self, filters: LogFilter | None, alias: str = "q") -> tuple[str, list[Any]]:
        """The caller's filter, limited to this review's server."""
        filters = filters or LogFilter()
        if self.guild_id is not None:
            if filters.guild_id not in (None, self.guild_id):
                raise ValueError(f"this review covers server {self.guild_id} only")
            filters = replace(filters, guild_id=self.guild_id)
        return filters.sql(alias)

    # -- reviewing --------------------------------------------------------------------------

    async def recent(
        self, filters: LogFilter | None = None, *, limit: int = 20
    ) -> list[LoggedQuery]:
        """The latest questions, newest first."""
        where, params = self._where(filters)
        rows = await self._fetchall(
            f"SELECT {_QUERY_COLUMNS} FROM queries q WHERE {where} "
            "ORDER BY q.asked_at DESC, q.rowid DESC LIMIT ?",
            [*params, limit],
        )
        return [_logged_query(row) for row in rows]

    async def unanswered(
        self, filters: LogFilter | None = None, *, limit: int = 20
    ) -> list[UnansweredGroup]:
        """Questions the bot could not answer, near-identical wordings grouped, most asked
        first. Only the MAX_WORDINGS most recently asked distinct wordings are grouped, in a
        worker thread: the event loop goes on answering meanwhile."""
        where, params = self._where(filters)
        rows = await self._fetchall(WORDINGS_SQL.format(where=where), [*params, MAX_WORDINGS])
        return await asyncio.to_thread(unanswered_groups, rows, limit)

    async def top_facts(
        self, filters: LogFilter | None = None, *, limit: int = 10
    ) -> list[FactCount]:
        """The facts that answered most often, with the feedback they got."""
        where, params = self._where(filters)
        rows = await self._fetchall(
            "WITH votes AS (SELECT query_id, count(CASE WHEN helpful = 1 THEN 1 END) AS up, "
            "                      count(CASE WHEN helpful = 0 THEN 1 END) AS down "
            "               FROM feedback GROUP BY query_id) "
            "SELECT q.fact_id, count(*), coalesce(sum(v.up), 0), coalesce(sum(v.down), 0), "
            "       max(q.asked_at) "
            "FROM queries q LEFT JOIN votes v ON v.query_id = q.query_id "
            f"WHERE q.outcome = 'answered' AND q.fact_id IS NOT NULL AND {where} "
            "GROUP BY q.fact_id ORDER BY count(*) DESC, q.fact_id LIMIT ?",
            [*params, limit],
        )
        return [
            FactCount(fact_id, int(asked), int(up), int(down), from_db_time(last))
            for fact_id, asked, up, down, last in rows
        ]

    async def feedback(
        self, filters: LogFilter | None = None, *, only_unhelpful: bool = True, limit: int = 50
    ) -> list[FeedbackEntry]:
        """Feedback votes, newest first (by default only "not helpful" ones)."""
        where, params = self._where(filters)
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
        where, params = self._where(filters)
        rows = await self._fetchall(
            "SELECT substr(q.asked_at, 1, 10) AS day, count(*), "
            "       sum(CASE WHEN q.outcome = 'answered' THEN 1 ELSE 0 END), "
            "       sum(CASE WHEN q.outcome IN ('unanswered', 'related') THEN 1 ELSE 0 END) "
            f"FROM queries q WHERE {where} GROUP BY day ORDER BY day",
            params,
        )
        return [DayStats(date.fromisoformat(day), int(n), int(a), int(u)) for day, n, a, u in rows]

    def _export_sql(self, filters: LogFilter | None) -> tuple[str, list[Any]]:
        where, params = self._where(filters)
        sql = f"SELECT {_QUERY_COLUMNS} FROM queries q WHERE {where} ORDER BY q.asked_at, q.rowid"
        return sql, params

    async def iter_export(self, filters: LogFilter | None = None) -> AsyncIterator[LoggedQuery]:
        """Every matching question with all its fields and votes, oldest first, streamed."""
        async for rows in self.iter_export_rows(filters):
            for row in rows:
                yield _logged_query(row)

    async def iter_export_rows(
        self, filters: LogFilter | None = None, *, batch: int = 500
    ) -> AsyncIterator[list[tuple]]:
        """The same, as raw rows a batch at a time: for converting in a worker thread
        (storage.export) rather than on the event loop."""
        sql, params = self._export_sql(filters)
        async for rows in self._db.iter_rows(sql, params, batch):
            yield rows

    async def export_rows(self, filters: LogFilter | None = None) -> list[dict[str, Any]]:
        return [query.to_dict() async for query in self.iter_export(filters)]

    async def audit_entries(
        self, *, since: datetime | None = None, limit: int = 50
    ) -> list[AuditEntry]:
        """Moderator and admin actions, newest first. A server's review lists what was done
        in that server, and the operator's actions on the whole log (no server: the command
        line, the bot's owners), which touched it too."""
        clauses, params = ["1 = 1"], []
        if since is not None:
            clauses.append("at >= ?")
            params.append(to_db_time(since))
        if self.guild_id is not None:
            clauses.append("(guild_id = ? OR guild_id IS NULL)")
            params.append(self.guild_id)
        rows = await self._fetchall(
            "SELECT at, actor_id, actor_name, action, result, detail, guild_id FROM audit "
            f"WHERE {' AND '.join(clauses)} ORDER BY at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
        return [AuditEntry(from_db_time(row[0]), *row[1:]) for row in rows]

    # -- removing ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _write_transaction(self) -> AsyncIterator[None]:
        outer = self._db
        async with outer.transaction() as tx:
            self._db = tx  # on PostgreSQL, the pool's connection holding the transaction
            try:
                yield
            finally:
                self._db = outer

    async def _change(self, sql: str, params: list[Any]) -> int:
        return await self._db.execute(sql, params)

    async def _audit(
        self, actor_id: int | None, actor_name: str | None, action: str, detail: str
    ) -> None:
        await self._change(
            "INSERT INTO audit (at, actor_id, actor_name, action, result, detail, guild_id) "
            "VALUES (?, ?, ?, ?, 'ok', ?, ?)",
            [to_db_time(utc_now()), actor_id, actor_name, action, detail, self.guild_id],
        )

    def _in_scope(self, column: str = "guild_id") -> tuple[str, list[Any]]:
        if self.guild_id is None:
            return "1 = 1", []
        return f"{column} = ?", [self.guild_id]

    async def purge(
        self,
        older_than_days: float | None = None,
        *,
        audit_older_than_days: float | None = None,
        now: datetime | None = None,
        actor_id: int | None = None,
        actor_name: str | None = None,
    ) -> Purged:
        """Delete questions (with their votes) older than the retention period (default:
        $TRADEQA_RETENTION_DAYS or DEFAULT_RETENTION_DAYS), recording the purge itself in the
        audit table in the same transaction. Audit entries are kept: they are purged only when
        `audit_older_than_days` is given, and only from the whole log."""
        days = DEFAULT_RETENTION_DAYS if older_than_days is None else older_than_days
        cutoff = _cutoff(now, days)
        audit_cutoff = None
        if audit_older_than_days is not None:
            if self.guild_id is not None:
                raise ValueError("the audit trail is purged for the whole log only")
            audit_cutoff = _cutoff(now, audit_older_than_days)
        scope, scope_params = self._in_scope()
        stamp = to_db_time(cutoff)
        async with self._write_transaction():
            votes = await self._change(
                "DELETE FROM feedback WHERE query_id IN "
                f"(SELECT query_id FROM queries WHERE asked_at < ? AND {scope})",
                [stamp, *scope_params],
            )
            questions = await self._change(
                f"DELETE FROM queries WHERE asked_at < ? AND {scope}", [stamp, *scope_params]
            )
            audit = 0
            if audit_cutoff is not None:
                audit = await self._change(
                    "DELETE FROM audit WHERE at < ?", [to_db_time(audit_cutoff)]
                )
            purged = Purged(cutoff, questions, votes, audit, audit_cutoff, self.guild_id)
            await self._audit(actor_id, actor_name, "purge", f"older than {days:g} days: {purged}")
        return purged

    async def forget(
        self, user_id: int, *, actor_id: int | None = None, actor_name: str | None = None
    ) -> Forgotten:
        """Delete everything recorded about one person (in this review's server, or
        everywhere): their questions, every vote on those questions, and their own votes.
        Audit entries where they acted (as a moderator) are kept so the moderation trail stays
        complete, but their id and name are cleared. The audit entry recording this request
        does not name the person."""
        scope, scope_params = self._in_scope()
        async with self._write_transaction():
            in_scope = (
                ""
                if self.guild_id is None
                else (f"query_id IN (SELECT query_id FROM queries WHERE {scope}) AND ")
            )
            votes = await self._change(
                f"DELETE FROM feedback WHERE {in_scope}(user_id = ? OR query_id IN "
                "(SELECT query_id FROM queries WHERE user_id = ?))",
                [*scope_params, user_id, user_id],
            )
            questions = await self._change(
                f"DELETE FROM queries WHERE user_id = ? AND {scope}", [user_id, *scope_params]
            )
            audit = await self._change(
                "UPDATE audit SET actor_id = NULL, actor_name = NULL "
                f"WHERE actor_id = ? AND {scope}",
                [user_id, *scope_params],
            )
            forgotten = Forgotten(questions, votes, audit)
            await self._audit(actor_id, actor_name, "forget", str(forgotten))
        if not isinstance(self._db, SqliteDatabase) or await checkpoint_wal(self._db.conn):
            return forgotten
        return replace(forgotten, wal_cleared=False, wal_file=f"{self.path}-wal")


async def connect_for_review(
    location: Location, *, busy_timeout_ms: int = REVIEW_BUSY_TIMEOUT_MS, pool_size: int = 1
) -> Database:
    """A connection for reviewing (and purging, forgetting) an existing log."""
    db = await connect(location, create=False, busy_timeout_ms=busy_timeout_ms, pool_size=pool_size)
    if isinstance(db, SqliteDatabase):
        # Deleted questions are overwritten, not just unlinked: forget() should mean it (most
        # builds of SQLite do this by default; not all).
        await run_sql(db.conn, "PRAGMA secure_delete = ON")
    return db


def _cutoff(now: datetime | None, days: float) -> datetime:
    return (now or utc_now()) - timedelta(days=check_days(days))
