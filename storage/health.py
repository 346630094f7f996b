"""The query log writer's health: counts, and trouble and recovery each logged once.

An outage is logged when it starts and when it ends, never once per message. Each row lost
(the outage queue full, or the log closed first) and each row the database rejects on its
own is one error line saying which row and why.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from storage.connection import describe
from storage.errors import StorageError
from storage.records import LogHealth

logger = logging.getLogger("tradeqa.storage")


class WriterHealth:
    def __init__(self, retry_interval: float) -> None:
        self._retry_interval = retry_interval
        self.unavailable = False
        self._unavailable_since = 0.0
        self.last_error: str | None = None
        self.written = 0
        self.dropped = 0
        self.rejected = 0
        self._dropped_this_outage = 0

    def snapshot(self, pending: int) -> LogHealth:
        return LogHealth(
            available=not self.unavailable,
            pending=pending,
            written=self.written,
            dropped=self.dropped,
            rejected=self.rejected,
            last_error=self.last_error,
        )

    def lose(self, kind: str, params: tuple, reason: str) -> None:
        """One row that will never be written (queue full, log closed): one line naming it."""
        self.dropped += 1
        self._dropped_this_outage += 1
        logger.error("query log lost a %s: %s", _which(kind, params), reason)

    def reject(self, kind: str, key: tuple, exc: BaseException) -> None:
        """One row the database refused for its own reasons: one line, and the writer goes on."""
        self.rejected += 1
        reason = " ".join(describe(exc).split())
        logger.error("query log rejected a %s row %r: %s", kind, key, reason)

    def mark_unavailable(self, exc: BaseException, waiting: int) -> None:
        from_database = type(exc).__module__.startswith("asyncpg")
        if not (from_database or isinstance(exc, sqlite3.Error | OSError | StorageError)):
            # Not a database problem: a bug. Keep the rows and keep answering, but say so loudly.
            logger.exception("query log writer failed unexpectedly", exc_info=exc)
        self.last_error = describe(exc)
        if not self.unavailable:
            self.unavailable = True
            self._unavailable_since = time.monotonic()
            logger.warning(
                "query log unavailable: %s; %d rows waiting (retrying every %gs)",
                self.last_error,
                waiting,
                self._retry_interval,
            )

    def mark_available(self, written_now: int, still_queued: int) -> None:
        self.unavailable = False
        logger.warning(
            "query log available again after %.0fs: %d waiting rows written, %d still queued, "
            "%d dropped while it was unavailable",
            time.monotonic() - self._unavailable_since,
            written_now,
            still_queued,
            self._dropped_this_outage,
        )
        self._dropped_this_outage = 0


def _which(kind: str, params: tuple) -> str:
    """Enough to find the row again (ids and times, never the question's text)."""
    if kind == "query":
        return f"question (id {params[0]}, asked {params[1]}, user {params[5]})"
    if kind == "feedback":
        return f"vote (on question {params[0]}, by user {params[1]})"
    return f"audit entry ({params[3]!r} at {params[0]}, by {params[1]})"
