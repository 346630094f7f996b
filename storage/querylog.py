"""The query log writer: every question becomes a committed row before its answer is shown.

One writer task owns the connection. Callers put rows in a queue and wait; the writer takes
everything waiting, writes it in one transaction (group commit) and wakes every waiter with
the result. When the database cannot be written (locked, read-only, disk full, I/O error) the
callers are told at once (record() returns False and the answer is shown anyway), rows stay
queued up to `queue_limit`, and the writer retries in the background. Trouble and recovery are
each logged once, never once per message.

Durability: WAL with synchronous=FULL by default. A SIGKILL alone would be covered by NORMAL (a
committed transaction is already in the WAL file, in the OS page cache); FULL also fsyncs it, so
a shown answer's row survives a power cut. Group commit keeps the cost small (see
benchmarks/log_throughput.py); pass synchronous="NORMAL" to trade that for throughput.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import logging
import sqlite3
from pathlib import Path

import aiosqlite

from storage.connection import (
    FileIdentity,
    file_identity,
    is_outage,
    is_unavailable,
    open_database,
    primary_code,
)
from storage.health import WriterHealth
from storage.records import LogHealth, QueryRecord
from storage.rows import (
    INSERT_AUDIT,
    ROWS_PER_INSERT,
    UPSERT_FEEDBACK,
    audit_params,
    feedback_params,
    insert_queries,
    query_params,
)
from storage.sql import run_sql, run_sql_many
from storage.waiting import CommitWaiters, Kind, Op

logger = logging.getLogger("tradeqa.storage")

# The writer's lock wait. Short: a waiting question is a waiting user. An admin holding a long
# read does not block us in WAL mode; only another writer can.
DEFAULT_BUSY_TIMEOUT_MS = 500
# The longest record() keeps a caller waiting, whatever the disk does.
DEFAULT_MAX_WAIT = 1.5
# How often the writer tries again while the database is unusable.
DEFAULT_RETRY_INTERVAL = 2.0
# Rows per transaction: large enough to amortise the commit, small enough to keep it short.
MAX_BATCH = 1000

# Quick retries of a transient SQLITE_BUSY: 20 ms, 40 ms, ... about 0.6 s in all.
_BUSY_RETRIES = 5


def _is_busy(exc: BaseException) -> bool:
    return primary_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class QueryLog:
    """Append-only writer for questions, feedback votes and audit entries. Use QueryLog.open()."""

    def __init__(
        self,
        path: Path,
        *,
        queue_limit: int,
        busy_timeout_ms: int,
        max_wait: float,
        retry_interval: float,
        synchronous: str,
    ) -> None:
        self.path = path
        self._queue_limit = queue_limit
        self._busy_timeout_ms = busy_timeout_ms
        self._busy_retries = 0
        self._retry_interval = retry_interval
        self._synchronous = synchronous
        self._conn: aiosqlite.Connection | None = None
        self._identity: FileIdentity | None = None  # the file the connection has open
        self._pending: collections.deque[Op] = collections.deque()
        self._waiters = CommitWaiters(max_wait)
        self._wake = asyncio.Event()  # rows arrived
        self._retry_now = asyncio.Event()  # flush()/close() want an attempt without waiting
        self._idle = asyncio.Event()  # nothing queued and nothing being written
        self._idle.set()
        self._writer: asyncio.Task[None] | None = None
        self._closing = False
        self._closed = False
        self._close_lock = asyncio.Lock()
        self._health = WriterHealth(retry_interval)

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        queue_limit: int = 10_000,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        max_wait: float = DEFAULT_MAX_WAIT,
        retry_interval: float = DEFAULT_RETRY_INTERVAL,
        synchronous: str = "FULL",
    ) -> QueryLog:
        """Open (creating and migrating as needed) the log at `path`.

        Raises SchemaTooNew / NotAQueryLog when the file can never be used by this code. When it
        merely cannot be used *now* (locked, read-only, disk full), the log opens anyway in the
        unavailable state and keeps trying in the background.
        """
        if queue_limit < 1:
            raise ValueError("queue_limit must be at least 1")
        log = cls(
            Path(path),
            queue_limit=queue_limit,
            busy_timeout_ms=busy_timeout_ms,
            max_wait=max_wait,
            retry_interval=retry_interval,
            synchronous=synchronous,
        )
        while True:
            try:
                log._conn = await log._connect()
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                if await log._retry_if_busy(exc):
                    continue
                log._mark_unavailable(exc)
            break
        log._writer = asyncio.create_task(log._run(), name="tradeqa-query-log-writer")
        return log

    # -- what callers use -------------------------------------------------------------------

    async def record(self, rec: QueryRecord) -> bool:
        """Log one question. True once its row is committed; False (never an exception) if the
        database cannot be written now: the row then waits in memory and is written later."""
        return await self._submit_built("query", query_params, rec)

    async def record_feedback(
        self, query_id: str, user_id: int, helpful: bool, picked_fact: str | None = None
    ) -> bool:
        """Record (or change) one person's vote on a logged question; `picked_fact`, the
        "Did you mean" suggestion they pressed. False if there is no such question, or if
        the database cannot be written now (the vote then waits)."""
        return await self._submit_built(
            "feedback", feedback_params, query_id, user_id, helpful, picked_fact
        )

    async def audit(
        self,
        *,
        actor_id: int | None,
        actor_name: str | None,
        action: str,
        result: str,
        detail: str = "",
        guild_id: int | None = None,
    ) -> None:
        """Record a moderator or admin action (reload, check, refused command, purge...).
        `guild_id` is the server it was done in (None: the command line or the bot itself);
        that server's admins see it in `/logs audit`."""
        await self._submit_built(
            "audit", audit_params, actor_id, actor_name, action, result, detail, guild_id
        )

    async def _submit_built(self, kind: Kind, build, *args) -> bool:
        # A row that cannot even be turned into parameters is that caller's problem alone.
        try:
            params = build(*args)
        except Exception as exc:
            self._health.reject(kind, args[:1], exc)
            return False
        return await self._submit(Op(kind, params))

    @property
    def health(self) -> LogHealth:
        return self._health.snapshot(len(self._pending))

    async def flush(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109 (agreed API)
        """Try to write everything waiting now. True if nothing is left waiting; False if the
        timeout passed first (e.g. the database is still unusable)."""
        if self._writer is None or self._writer.done():
            return not self._pending
        self._retry_now.set()
        self._wake.set()
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, grace: float = 5.0) -> None:
        """Write what can be written within `grace` seconds, then close. Rows still waiting are
        counted as dropped and logged. Safe to call more than once."""
        async with self._close_lock:
            if self._closed:
                return
            self._closing = True
            self._retry_now.set()
            self._wake.set()
            if self._writer is not None:
                try:
                    await asyncio.wait_for(asyncio.shield(self._writer), grace)
                except TimeoutError:
                    self._writer.cancel()
                    await asyncio.gather(self._writer, return_exceptions=True)
            if self._pending:
                left = len(self._pending)
                for op in self._pending:
                    op.tell(False)
                self._pending.clear()
                self._health.dropped += left
                logger.error(
                    "query log closed with %d rows unwritten (%s); they are lost",
                    left,
                    self._health.last_error or "timed out",
                )
            await self._drop_connection()
            self._waiters.cancel()
            self._closed = True
            self._idle.set()

    async def __aenter__(self) -> QueryLog:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- the queue --------------------------------------------------------------------------

    async def _submit(self, op: Op) -> bool:
        if self._closing or self._closed:
            self._health.drop(1, "the query log is closed")
            return False
        if len(self._pending) >= self._queue_limit:
            self._health.drop(1, f"the queue is full ({self._queue_limit} rows waiting)")
            return False
        self._pending.append(op)
        self._idle.clear()
        self._wake.set()
        if self._health.unavailable:
            # Don't make the user wait for a database we already know is unusable.
            return False
        loop = asyncio.get_running_loop()
        waiter = op.waiter = loop.create_future()
        self._waiters.wait_at_most(op, loop)
        # A caller cancelled meanwhile cancels only its waiter: the row is still written.
        return await waiter

    # -- the writer -------------------------------------------------------------------------

    async def _connect(self) -> aiosqlite.Connection:
        conn = await open_database(
            self.path,
            create=True,
            busy_timeout_ms=self._busy_timeout_ms,
            synchronous=self._synchronous,
        )
        self._identity = file_identity(self.path)
        return conn

    async def _run(self) -> None:
        try:
            await self._loop()
        except asyncio.CancelledError:
            if not self._closing:
                # The event loop is shutting down without close() (asyncio.run ending): the
                # connection's thread would keep the process alive, so close it here.
                await self._abandon()
            raise

    async def _abandon(self) -> None:
        if self._pending:
            self._health.dropped += len(self._pending)
            logger.error(
                "query log stopped without close(): %d rows unwritten are lost", len(self._pending)
            )
            for op in self._pending:
                op.tell(False)
            self._pending.clear()
        self._closed = True
        await self._drop_connection()

    async def _loop(self) -> None:
        while True:
            if not self._pending:
                self._idle.set()
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            if self._health.unavailable and not self._closing:
                await self._pause()
            written = await self._write_some()
            if not written and self._closing:
                return  # close() made its last attempt

    async def _pause(self) -> None:
        """Wait before retrying, unless flush()/close() asks for an attempt now."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._retry_now.wait(), self._retry_interval)
        self._retry_now.clear()

    async def _write_some(self) -> bool:
        """One transaction's worth of the queue. False if the database was unusable."""
        try:
            if self._conn is not None and self._file_was_replaced():
                await self._drop_connection()
            if self._conn is None:
                self._conn = await self._connect()
        except Exception as exc:
            if await self._retry_if_busy(exc):
                return True
            self._mark_unavailable(exc)
            return False
        batch = [self._pending.popleft() for _ in range(min(len(self._pending), MAX_BATCH))]
        results: list[bool] = []
        try:
            try:
                results = await self._write_batch(batch)
            except Exception as exc:
                if is_outage(exc):
                    raise
                # Something in one row (not the database): write the batch one row at a
                # time, so only that row is lost and every other row still lands.
                await self._rollback_quietly()
                results = []
                for op in batch:
                    results.append(await self._write_alone(op))
        except Exception as exc:
            await self._rollback_quietly()
            # Rows already committed alone (if any) are done; the rest go back to the front.
            committed = len(results)
            for op, ok in zip(batch[:committed], results, strict=True):
                op.tell(ok)
            self._health.written += sum(results)
            self._pending.extendleft(reversed(batch[committed:]))
            if await self._retry_if_busy(exc):
                return True
            self._mark_unavailable(exc)
            await self._drop_connection()
            return False
        self._busy_retries = 0
        for op, ok in zip(batch, results, strict=True):
            op.tell(ok)
        self._waiters.forget_told()
        self._health.written += sum(results)
        if self._health.unavailable:
            self._health.mark_available(sum(results), len(self._pending))
        return True

    def _file_was_replaced(self) -> bool:
        """True if the database file was deleted or replaced since we opened it: rows
        committed through the old connection would go into a file nobody can see."""
        if file_identity(self.path) == self._identity:
            return False
        logger.warning(
            "query log file %s was deleted or replaced while open; reopening it", self.path
        )
        return True

    async def _retry_if_busy(self, exc: BaseException) -> bool:
        """Wait a moment and say "try again" if the failure was a passing SQLITE_BUSY.

        In WAL mode SQLite may answer SQLITE_BUSY at once, without its busy handler (while
        another connection sets up or recovers the WAL, say); a moment later it is gone.
        Only after a few quick retries are waiting callers told the log is unavailable.
        """
        if not _is_busy(exc) or self._busy_retries >= _BUSY_RETRIES:
            self._busy_retries = 0
            return False
        self._busy_retries += 1
        await asyncio.sleep(0.01 * 2**self._busy_retries)
        return True

    async def _write_batch(self, batch: list[Op]) -> list[bool]:
        conn = self._conn
        assert conn is not None
        if len(batch) <= ROWS_PER_INSERT and all(op.kind == "query" for op in batch):
            # The usual batch: questions only. One INSERT of every row is one transaction of
            # its own (the connection autocommits) and one round trip to aiosqlite's thread;
            # BEGIN, executemany and COMMIT, each with its cursor closed after, were six.
            params = list(itertools.chain.from_iterable(op.params for op in batch))
            await conn.execute_fetchall(insert_queries(len(batch)), params)
            return [True] * len(batch)
        results: list[bool] = []
        await run_sql(conn, "BEGIN IMMEDIATE")
        for kind, run in itertools.groupby(batch, key=lambda op: op.kind):
            ops = list(run)
            if kind == "feedback":
                # One by one: the row count says whether the question existed.
                for op in ops:
                    async with conn.execute(UPSERT_FEEDBACK, op.params) as cursor:
                        results.append(cursor.rowcount > 0)
            else:
                sql = insert_queries(1) if kind == "query" else INSERT_AUDIT
                await run_sql_many(conn, sql, [op.params for op in ops])
                results.extend(True for _ in ops)
        await run_sql(conn, "COMMIT")
        return results

    async def _write_alone(self, op: Op) -> bool:
        """Write one row in its own transaction. An error that is not a database outage is
        this row's alone: it is logged in one line and dropped, and the writer moves on."""
        try:
            return (await self._write_batch([op]))[0]
        except Exception as exc:
            if is_outage(exc):
                raise
            await self._rollback_quietly()
            self._health.reject(op.kind, op.params[:1], exc)
            return False

    async def _rollback_quietly(self) -> None:
        if self._conn is None:
            return
        try:
            if self._conn.in_transaction:
                await run_sql(self._conn, "ROLLBACK")
        except Exception:  # the connection is about to be dropped anyway
            logger.debug("rollback failed", exc_info=True)

    async def _drop_connection(self) -> None:
        """Close the connection so the next attempt reopens the file (it may have become
        writable, or been replaced)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await conn.close()
        except Exception:
            logger.debug("closing the query log connection failed", exc_info=True)

    def _mark_unavailable(self, exc: BaseException) -> None:
        for op in self._pending:  # waiting callers stop waiting; their rows stay queued
            op.tell(False)
        self._health.mark_unavailable(exc, len(self._pending))
