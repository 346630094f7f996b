"""What one logged question is, and how times are written in the database."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

# How a question reached the bot. Free text in the database so a new front end needs no migration.
SURFACES = frozenset({"slash", "prefix", "mention", "qa_channel", "cli", "console", "button"})
# answered/related/unanswered/help/empty/too_long come from the engine; refused = the bot declined
# (rate limit, permissions) before answering.
OUTCOMES = frozenset({"answered", "related", "unanswered", "help", "empty", "too_long", "refused"})


class _QueryIds:
    """32 hex digits: the time in nanoseconds, then 64 random bits.

    Time first, so a new row's key lands at the end of the primary key's index rather than
    at a random place in it (a uuid4 made each 100-row commit ~30% slower). The random half
    comes from os.urandom, so one id does not give away another (a feedback button carries
    its question's id); it is read 4 KiB at a time because each os.urandom call lets go of
    the GIL, and on a busy bot getting it back can cost the event loop milliseconds.
    """

    _CHUNK = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._random = b""
        self._used = 0

    def next(self) -> str:
        with self._lock:
            if self._used >= len(self._random):
                self._random = os.urandom(self._CHUNK)
                self._used = 0
            salt = self._random[self._used : self._used + 8]
            self._used += 8
        return f"{time.time_ns():016x}{salt.hex()}"


_query_ids = _QueryIds()


def new_query_id() -> str:
    """The id a caller gives a question before logging it (feedback buttons refer to it)."""
    return _query_ids.next()


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_db_time(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601 text, so string order is time order and SQLite's date() reads it."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware (UTC) time")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True)
class QueryRecord:
    """One question as asked and as answered: a row of the `queries` table."""

    query_id: str
    asked_at: datetime
    surface: str
    guild_id: int | None
    channel_id: int | None
    user_id: int | None
    user_name: str | None
    question: str
    outcome: str
    fact_id: str | None
    score: float
    suggestions: tuple[str, ...]
    latency_ms: float
    kb_version: str

    def __post_init__(self) -> None:
        # A naive time would be stored as if it were UTC and silently shift every report.
        if self.asked_at.tzinfo is None:
            raise ValueError("QueryRecord.asked_at must be timezone-aware (UTC)")


@dataclass(frozen=True)
class LogHealth:
    """The query log's state, for /status-like reporting."""

    available: bool  # False while the database cannot be written (rows wait in memory)
    pending: int  # rows waiting in memory to be written
    written: int  # rows committed since the log was opened
    dropped: int  # rows lost: queue full, or still waiting when the log was closed
    rejected: int  # rows the database refused as invalid (a bug; each one is logged)
    last_error: str | None  # the most recent reason the database could not be written

    def __str__(self) -> str:
        state = "ok" if self.available else f"unavailable ({self.last_error})"
        return (
            f"query log {state}: {self.pending} waiting, {self.written} written, "
            f"{self.dropped} dropped, {self.rejected} rejected"
        )
