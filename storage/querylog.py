"""The query log writer: every question becomes a committed row before its answer is shown.

record() puts the row in a queue and waits (at most `max_wait`) for the writer task to
commit it. The writer takes everything queued, writes it in one transaction and tells each
caller; askers arriving together share a commit. When the database cannot be written (disk
full, locked, read-only, server down) the callers are told False at once and the answer is
shown anyway; their rows stay in memory, up to `queue_limit`, and are written when the
database is back (retried every `retry_interval`). Each row that is lost (beyond the bound,
or still queued at close) gets one error line. An outage and its end are logged once each.

Durability: SQLite in WAL mode with synchronous=FULL (fsync at each commit), so a shown
answer's row survives a SIGKILL and a power cut; PostgreSQL commits are durable by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from storage.connection import is_unavailable, primary_code
from storage.database import Database, connect
from storage.health import WriterHealth
from storage.location import Location, database_location, describe_location, is_postgres
from storage.open_logs import remember_open_log
from storage.records import LogHealth, QueryRecord
from storage.rows import (
    INSERT_AUDIT,
    INSERT_QUERY,
    UPSERT_FEEDBACK,
    audit_params,
    feedback_params,
    query_params,
)

if TYPE_CHECKING:
    from storage.review import LogReview

logger = logging.getLogger("tradeqa.storage")

# The writer's lock wait. Short: a waiting question is a waiting user. In WAL mode an admin's
# long read does not block us; only another writer can.
DEFAULT_BUSY_TIMEOUT_MS = 500
DEFAULT_MAX_WAIT = 1.5  # the longest record() keeps a caller waiting
DEFAULT_RETRY_INTERVAL = 2.0  # between attempts while the database is unusable
MAX_BATCH = 1000  # rows per transaction
# A first failure is retried this soon before callers are told: SQLite in WAL mode may say
# "busy" for a moment without waiting (another process recovering the WAL, say).
FIRST_RETRY = 0.05
# A file another process is creating or migrating is locked for a moment: tried this often.
OPEN_TRIES = 5
OPEN_PAUSE = 0.1

Kind = Literal["query", "feedback", "audit"]


@dataclass(eq=False)
class Row:
    kind: Kind
    params: tuple
    waiter: asyncio.Future[bool] | None = None

    def tell(self, ok: bool) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(ok)
        self.waiter = None


class QueryLog:
    """Append-only writer for questions, feedback votes and audit entries. Use QueryLog.open()."""

    def __init__(
        self,
        location: Location,
        *,
        queue_limit: int,
        busy_timeout_ms: int,
        max_wait: float,
        retry_interval: float,
        synchronous: str,
    ) -> None:
        self.path = location
        self._queue_limit = queue_limit
        self._busy_timeout_ms = busy_timeout_ms
        self._max_wait = max_wait
        self._retry_interval = retry_interval
        self._synchronous = synchronous
        self._db: Database | None = None
        self._queue: list[Row] = []
        self._wake = asyncio.Event()  # rows arrived, or flush()/close() wants an attempt now
        self._idle = asyncio.Event()  # nothing queued and nothing being written
        self._idle.set()
        self._writer: asyncio.Task[None] | None = None
        self._closing = False
        self.closed = False
        self._close_lock = asyncio.Lock()
        self._health = WriterHealth(retry_interval)
        self._review_db: Database | None = None
        self._review_lock = asyncio.Lock()
        self._failures = 0  # failed attempts in a row

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
        """Open (creating and migrating as needed) the log at a SQLite path or PostgreSQL URL.

        Raises StorageError (SchemaTooNew, NotAQueryLog, an unusable URL...) when it can never
        be used. A SQLite file that merely cannot be written *now* (locked, read-only, disk
        full) opens anyway, unavailable, and is retried in the background.
        """
        if queue_limit < 1:
            raise ValueError("queue_limit must be at least 1")
        location = database_location(path)
        log = cls(
            location,
            queue_limit=queue_limit,
            busy_timeout_ms=busy_timeout_ms,
            max_wait=max_wait,
            retry_interval=retry_interval,
            synchronous=synchronous,
        )
        for attempt in range(OPEN_TRIES):
            try:
                log._db = await log._connect()
                break
            except Exception as exc:
                if is_postgres(location) or not is_unavailable(exc):
                    raise
                if primary_code(exc) == sqlite3.SQLITE_BUSY and attempt + 1 < OPEN_TRIES:
                    # Bot processes started together: another is creating or migrating it.
                    await asyncio.sleep(OPEN_PAUSE)
                    continue
                log._health.mark_unavailable(exc, 0)
                break
        log._writer = asyncio.create_task(log._run(), name="tradeqa-query-log-writer")
        remember_open_log(location, log)
        return log

    # -- what callers use -------------------------------------------------------------------

    async def record(self, rec: QueryRecord) -> bool:
        """Log one question. True once its row is committed; False (never an exception) if the
        database cannot be written now: the row then waits in memory and is written later."""
        return await self._submit("query", query_params, rec)

    async def record_feedback(
        self, query_id: str, user_id: int, helpful: bool, picked_fact: str | None = None
    ) -> bool:
        """Record (or change) one person's vote on a logged question; `picked_fact`, the
        "Did you mean" suggestion they pressed. False if there is no such question, or if
        the database cannot be written now (the vote then waits)."""
        return await self._submit(
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
        await self._submit(
            "audit", audit_params, actor_id, actor_name, action, result, detail, guild_id
        )

    @property
    def health(self) -> LogHealth:
        return self._health.snapshot(len(self._queue))

    async def review(self, guild_id: int | None = None) -> LogReview:
        """A review of this log (for `/logs`) over one connection kept for the log's lifetime:
        no reopening or schema check per command. Closing the review leaves it open."""
        from storage.review import LogReview, connect_for_review

        async with self._review_lock:
            if self._review_db is None:
                self._review_db = await connect_for_review(self.path, pool_size=4)
        return LogReview(self._review_db, self.path, guild_id=guild_id, shared=True)

    async def flush(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109 (agreed API)
        """Try to write everything waiting now. True if nothing is left waiting; False if the
        timeout passed first (e.g. the database is still unusable)."""
        if self._writer is None or self._writer.done():
            return not self._queue
        self._wake.set()
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, grace: float = 5.0) -> None:
        """Write what can be written within `grace` seconds, then close. Each row still
        waiting is lost, with an error line. Safe to call more than once."""
        async with self._close_lock:
            if self.closed:
                return
            self._closing = True
            self._wake.set()
            if self._writer is not None:
                try:
                    await asyncio.wait_for(asyncio.shield(self._writer), grace)
                except TimeoutError:
                    self._writer.cancel()
                    await asyncio.gather(self._writer, return_exceptions=True)
            await self._shut()

    async def __aenter__(self) -> QueryLog:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- the queue --------------------------------------------------------------------------

    async def _submit(self, kind: Kind, build, *args) -> bool:
        try:  # a row that cannot even be turned into parameters is that caller's alone
            params = build(*args)
        except Exception as exc:
            self._health.reject(kind, args[:1], exc)
            return False
        if self._closing or self.closed:
            self._health.lose(kind, params, "the query log is closed")
            return False
        if len(self._queue) >= self._queue_limit:
            reason = f"the queue is full ({self._queue_limit} rows waiting"
            reason += f": {self._health.last_error})" if self._health.last_error else ")"
            self._health.lose(kind, params, reason)
            return False
        # Known unusable: the caller does not wait; the row waits for the database.
        waiter = None if self._health.unavailable else asyncio.get_running_loop().create_future()
        self._queue.append(Row(kind, params, waiter))
        self._idle.clear()
        self._wake.set()
        if waiter is None:
            return False
        try:
            # shield: a caller giving up (or cancelled) leaves the row to be written.
            return await asyncio.wait_for(asyncio.shield(waiter), self._max_wait)
        except TimeoutError:
            return False

    # -- the writer -------------------------------------------------------------------------

    async def _connect(self) -> Database:
        return await connect(
            self.path,
            create=True,
            busy_timeout_ms=self._busy_timeout_ms,
            synchronous=self._synchronous,
        )

    async def _run(self) -> None:
        try:
            while True:
                if not self._queue:
                    self._idle.set()
                    if self._closing:
                        return
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                if await self._write_some():
                    continue
                if self._closing:
                    return  # close() made its last attempt
                await self._pause(FIRST_RETRY if self._failures == 1 else self._retry_interval)
        except asyncio.CancelledError:
            if not self._closing:
                # The event loop is ending without close() (asyncio.run returning): the
                # connection's thread would keep the process alive, so close it here.
                await self._shut()
            raise

    async def _pause(self, seconds: float) -> None:
        """Wait before retrying, unless flush()/close() asks for an attempt now."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _write_some(self) -> bool:
        """One transaction's worth of the queue. False if the database was unusable."""
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        results: list[bool] = []
        try:
            if self._db is not None and self._db.replaced():
                logger.warning("query log file %s was deleted or replaced; reopening", self.path)
                await self._drop_connection()
            if self._db is None:
                self._db = await self._connect()
            try:
                results = await self._write_batch(batch)
            except Exception as exc:
                if self._db.is_outage(exc):
                    raise
                # One row is at fault, not the database: write them one at a time, so only
                # that row is lost.
                results = []
                for row in batch:
                    results.append(await self._write_alone(row))
        except Exception as exc:
            done = len(results)
            for row, ok in zip(batch[:done], results, strict=True):
                row.tell(ok)
            self._health.written += sum(results)
            self._queue[:0] = batch[done:]  # back to the front, in order
            await self._drop_connection()
            self._failures += 1
            if self._failures > 1 or self._closing or self._health.unavailable:
                self._mark_unavailable(exc)
            return False
        self._failures = 0
        for row, ok in zip(batch, results, strict=True):
            row.tell(ok)
        self._health.written += sum(results)
        if self._health.unavailable:
            self._health.mark_available(sum(results), len(self._queue))
        return True

    async def _write_batch(self, batch: list[Row]) -> list[bool]:
        assert self._db is not None
        results: list[bool] = []
        async with self._db.transaction() as tx:
            for kind, run in itertools.groupby(batch, key=lambda row: row.kind):
                rows = list(run)
                if kind == "feedback":  # one by one: the row count says if the question exists
                    for row in rows:
                        results.append(await tx.execute(UPSERT_FEEDBACK, row.params) > 0)
                else:
                    sql = INSERT_QUERY if kind == "query" else INSERT_AUDIT
                    await tx.executemany(sql, [row.params for row in rows])
                    results.extend(True for _ in rows)
        return results

    async def _write_alone(self, row: Row) -> bool:
        """One row in its own transaction; an error that is not an outage is this row's:
        one error line, and the writer moves on."""
        try:
            return (await self._write_batch([row]))[0]
        except Exception as exc:
            assert self._db is not None
            if self._db.is_outage(exc):
                raise
            self._health.reject(row.kind, row.params[:1], exc)
            return False

    def _mark_unavailable(self, exc: BaseException) -> None:
        for row in self._queue:  # waiting callers stop waiting; their rows stay queued
            row.tell(False)
        self._health.mark_unavailable(exc, len(self._queue))

    async def _drop_connection(self) -> None:
        """Close the connection so the next attempt reopens the database (it may have become
        writable, or been replaced)."""
        db, self._db = self._db, None
        if db is not None:
            try:
                await db.close()
            except Exception:
                logger.debug("closing the query log connection failed", exc_info=True)

    async def _shut(self) -> None:
        if self._queue:
            trouble = self._health.last_error or "timed out"
            reason = f"the query log closed before it could be written ({trouble})"
            for row in self._queue:
                row.tell(False)
                self._health.lose(row.kind, row.params, reason)
            logger.error(
                "query log closed with %d rows unwritten at %s; they are lost",
                len(self._queue),
                describe_location(self.path),
            )
            self._queue.clear()
        self.closed = True
        self._idle.set()
        await self._drop_connection()
        review, self._review_db = self._review_db, None
        if review is not None:
            with contextlib.suppress(Exception):
                await review.close()
