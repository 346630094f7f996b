"""The knowledge version: how one process tells the others sharing its database to reload.

A `/kb reload` in one bot process calls `announce_reload`, which bumps a one-row version in
the database (table `knowledge_version`). Every other process iterates `reload_events()` and
gets an event when the version moves. On PostgreSQL the announcement also sends
`NOTIFY tradeqa_reload`, so listeners wake at once; on SQLite they poll the row. Either way
the row is the truth and the notification only a wake-up: a listener that was disconnected
catches up from the row, and several announcements between two looks arrive as the latest.

Each process also reports back: `join(shards)` lists it among the listeners (refreshed while
it iterates reload_events, so a killed process drops out), `answer(version, ...)` records
what its reload did, and the announcer's `wait_for_answers(version)` says who answered and
which listeners have not yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from storage.database import Database, connect
from storage.location import Location, database_location, is_postgres
from storage.records import from_db_time, to_db_time, utc_now

logger = logging.getLogger("tradeqa.storage")

CHANNEL = "tradeqa_reload"
# SQLite: how often listeners look at the row. PostgreSQL: how often they look anyway, in
# case a notification was missed while their connection was down.
DEFAULT_POLL_INTERVAL = 1.0
POSTGRES_SAFETY_POLL = 30.0

_ANNOUNCE = """
    INSERT INTO knowledge_version (id, version, announced_by, origin, at) VALUES (1, 1, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
        version = knowledge_version.version + 1,
        announced_by = excluded.announced_by,
        origin = excluded.origin,
        at = excluded.at
"""
_CURRENT = "SELECT version, announced_by, origin, at FROM knowledge_version WHERE id = 1"

# A listener refreshes its row this often while it listens, and is expected to answer while
# its row is younger than LISTENER_EXPIRY (longer than PostgreSQL's safety poll, so a quiet
# listener waiting on LISTEN is never taken for gone).
HEARTBEAT = 15.0
LISTENER_EXPIRY = 90.0
ANSWERS_KEPT = 100  # versions of answers kept: enough to read back, never a growing table
_JOIN = """
    INSERT INTO reload_listeners (origin, shards, seen_at) VALUES (?, ?, ?)
    ON CONFLICT (origin) DO UPDATE SET shards = excluded.shards, seen_at = excluded.seen_at
"""
_ANSWER = """
    INSERT INTO reload_answers (version, origin, shards, outcome, fact_count, detail, at)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (version, origin) DO UPDATE SET outcome = excluded.outcome,
        fact_count = excluded.fact_count, detail = excluded.detail, at = excluded.at
"""


@dataclass(frozen=True)
class ReloadEvent:
    version: int  # 1, 2, 3...: one more with each announcement, whichever process made it
    by: str  # who asked for it, as the announcer gave it
    origin: str  # the announcing process: "host:pid:random"
    at: datetime  # when (UTC)


@dataclass(frozen=True)
class Listener:
    origin: str  # the process, "host:pid:random"
    shards: str  # which shards it runs, as it described them ("0/2", "all")


@dataclass(frozen=True)
class ReloadAnswer:
    """What one process's reload did for one announced version."""

    version: int
    origin: str
    shards: str
    outcome: str  # reloaded | refused | failed
    fact_count: int
    detail: str


class ReloadSignal:
    """Announce reloads to, and hear them from, every process sharing this database.

    `await ReloadSignal.open(location)`, then `await signal.announce_reload(by=...)` in the
    process that reloaded, and `async for event in signal.reload_events(): ...` in a task of
    every process. Close with `await signal.close()` (or `async with`).
    """

    def __init__(self, db: Database, location: Location, poll_interval: float) -> None:
        self._db = db
        self.location = location
        self.poll_interval = poll_interval
        self.origin = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._listener = None  # PostgreSQL: the connection LISTENing
        self._wake = asyncio.Event()
        self._version_at_open = 0
        self._shards: str | None = None  # set by join(): this process listens and answers
        self._last_heartbeat = 0.0

    @classmethod
    async def open(
        cls, location: str | Path, *, poll_interval: float = DEFAULT_POLL_INTERVAL
    ) -> ReloadSignal:
        where = database_location(location)
        db = await connect(where, create=True, busy_timeout_ms=5000)
        signal = cls(db, where, poll_interval)
        try:
            latest = await signal.current()
        except BaseException:
            await db.close()
            raise
        signal._version_at_open = latest.version if latest else 0
        return signal

    async def current(self) -> ReloadEvent | None:
        """The latest announcement (None: there has been none)."""
        rows = await self._db.fetchall(_CURRENT)
        if not rows:
            return None
        version, by, origin, at = rows[0]
        return ReloadEvent(int(version), by, origin, from_db_time(at))

    async def announce_reload(self, *, by: str) -> ReloadEvent:
        """Bump the knowledge version; every other process's reload_events() yields it."""
        async with self._db.transaction() as tx:
            await tx.execute(_ANNOUNCE, (by, self.origin, to_db_time(utc_now())))
            (row,) = await tx.fetchall(_CURRENT)
            if tx.dialect == "postgresql":
                await tx.execute(f"NOTIFY {CHANNEL}")  # delivered at commit
            # Old answers go as new versions come: the table stays a few hundred rows.
            await tx.execute(
                "DELETE FROM reload_answers WHERE version <= ?", (int(row[0]) - ANSWERS_KEPT,)
            )
        version, by, origin, at = row
        return ReloadEvent(int(version), by, origin, from_db_time(at))

    async def reload_events(self, *, include_own: bool = False) -> AsyncIterator[ReloadEvent]:
        """Each announcement made since open() (by another process, unless `include_own`), as
        it happens. A database outage is waited out, never raised."""
        seen = self._version_at_open
        trouble = False
        while True:
            await self._wait()
            try:
                await self._heartbeat()
                latest = await self.current()
            except Exception as exc:
                if not self._db.is_outage(exc):
                    raise
                if not trouble:
                    logger.warning("knowledge version unreadable (%s); retrying", exc)
                trouble = True
                continue
            trouble = False
            if latest is None or latest.version <= seen:
                continue
            seen = latest.version
            # A later reload_events() (a follower restarted) starts here, not from open().
            self._version_at_open = seen
            if include_own or latest.origin != self.origin:
                yield latest

    # -- reporting back -------------------------------------------------------------------

    async def join(self, shards: str) -> None:
        """List this process among those that reload on an announcement and answer it."""
        self._shards = shards
        now = utc_now()
        await self._db.execute(_JOIN, (self.origin, shards, to_db_time(now)))
        # Processes killed long ago (never expected again) leave no rows behind for good.
        long_ago = to_db_time(now - timedelta(days=1))
        await self._db.execute("DELETE FROM reload_listeners WHERE seen_at < ?", (long_ago,))
        self._last_heartbeat = time.monotonic()

    async def _heartbeat(self) -> None:
        if self._shards is not None and time.monotonic() - self._last_heartbeat >= HEARTBEAT:
            await self.join(self._shards)

    async def listeners(self) -> list[Listener]:
        """The processes listening now (seen within LISTENER_EXPIRY), this one included."""
        since = to_db_time(utc_now() - timedelta(seconds=LISTENER_EXPIRY))
        rows = await self._db.fetchall(
            "SELECT origin, shards FROM reload_listeners WHERE seen_at >= ? ORDER BY shards",
            (since,),
        )
        return [Listener(origin, shards) for origin, shards in rows]

    async def answer(
        self, version: int, *, outcome: str, fact_count: int, detail: str, shards: str = ""
    ) -> None:
        """Record what this process's reload for `version` did."""
        shards = shards or self._shards or "all"
        params = (version, self.origin, shards, outcome, fact_count, detail)
        await self._db.execute(_ANSWER, (*params, to_db_time(utc_now())))

    async def answers(self, version: int) -> list[ReloadAnswer]:
        """Every process's answer to `version` so far."""
        rows = await self._db.fetchall(
            "SELECT version, origin, shards, outcome, fact_count, detail FROM reload_answers "
            "WHERE version = ? ORDER BY shards, origin",
            (version,),
        )
        return [ReloadAnswer(int(v), o, s, out, int(n), d) for v, o, s, out, n, d in rows]

    async def wait_for_answers(
        self, version: int, within: float, poll: float = 0.1
    ) -> tuple[list[ReloadAnswer], list[Listener]]:
        """The answers to `version` once every listener has answered, or when `within`
        seconds have passed: (answers, listeners that have not answered yet)."""
        deadline = time.monotonic() + within
        while True:
            answers = await self.answers(version)
            answered = {a.origin for a in answers}
            missing = [x for x in await self.listeners() if x.origin not in answered]
            if not missing or time.monotonic() >= deadline:
                return answers, missing
            await asyncio.sleep(poll)

    async def _wait(self) -> None:
        if not is_postgres(self.location):
            await asyncio.sleep(self.poll_interval)
            return
        await self._listen()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), POSTGRES_SAFETY_POLL)
        self._wake.clear()

    async def _listen(self) -> None:
        """(Re)open the LISTEN connection if it is not up."""
        if self._listener is not None and not self._listener.is_closed():
            return
        import asyncpg

        try:
            self._listener = await asyncpg.connect(str(self.location))
            await self._listener.add_listener(CHANNEL, lambda *_: self._wake.set())
        except Exception as exc:
            logger.warning("cannot LISTEN for reloads (%s); polling meanwhile", exc)
            self._listener = None
            await asyncio.sleep(self.poll_interval)
            return
        self._wake.set()  # look at the row now: something may have been missed meanwhile

    async def close(self) -> None:
        if self._shards is not None:  # a clean stop: nobody should wait for this one
            with contextlib.suppress(Exception):
                await self._db.execute(
                    "DELETE FROM reload_listeners WHERE origin = ?", (self.origin,)
                )
        if self._listener is not None:
            await self._listener.close()
            self._listener = None
        await self._db.close()

    async def __aenter__(self) -> ReloadSignal:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
