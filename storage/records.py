"""What one logged question is, and how times are written in the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

# How a question reached the bot. Free text in the database so a new front end needs no migration.
SURFACES = frozenset({"slash", "prefix", "mention", "qa_channel", "cli", "console", "button"})
# answered/unanswered/help/empty/too_long come from the engine; refused = the bot declined
# (rate limit, permissions) before answering.
OUTCOMES = frozenset({"answered", "unanswered", "help", "empty", "too_long", "refused"})


def new_query_id() -> str:
    """The id a caller gives a question before logging it (feedback buttons refer to it)."""
    return uuid.uuid4().hex


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
