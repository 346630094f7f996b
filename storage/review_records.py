"""What the admin review returns: questions as stored, groups, counts, votes, audit entries,
and what a purge or a forget removed. Plain frozen dataclasses, no database access."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.records import QueryRecord, from_db_time, to_db_time


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
    guild_id: int | None = None  # the server it happened in; None: command line or the bot


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Purged:
    cutoff: datetime
    questions: int
    votes: int
    audit_entries: int = 0
    audit_cutoff: datetime | None = None  # None: the audit trail was not purged
    guild_id: int | None = None  # None: every server

    @property
    def total(self) -> int:
        return self.questions + self.votes + self.audit_entries

    def __str__(self) -> str:
        text = (
            f"removed {_count(self.questions, 'question', 'questions')} and "
            f"{_count(self.votes, 'feedback vote', 'feedback votes')} "
            f"from before {self.cutoff:%Y-%m-%d %H:%M} UTC"
        )
        if self.audit_cutoff is not None:
            text += (
                f", and {_count(self.audit_entries, 'audit entry', 'audit entries')} from "
                f"before {self.audit_cutoff:%Y-%m-%d %H:%M} UTC"
            )
        return text


@dataclass(frozen=True)
class Forgotten:
    questions: int
    votes: int  # the user's own votes and every vote on the user's questions
    audit_anonymised: int  # audit entries kept, with the actor's id and name cleared
    # False: a reader kept SQLite from emptying its write-ahead log, which may still hold
    # the forgotten text until the next checkpoint.
    wal_cleared: bool = True
    wal_file: str = ""

    @property
    def total(self) -> int:
        return self.questions + self.votes + self.audit_anonymised

    def __str__(self) -> str:
        text = (
            f"removed {_count(self.questions, 'question', 'questions')} and "
            f"{_count(self.votes, 'feedback vote', 'feedback votes')}; anonymised "
            f"{_count(self.audit_anonymised, 'audit entry', 'audit entries')}"
        )
        if not self.wal_cleared:
            text += (
                f". Pending: the forgotten text may remain in {self.wal_file or 'the WAL file'}"
                " while another program (an open sqlite3 or datasette, say) is reading the log;"
                " run forget again once it is done to clear it"
            )
        return text


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
            for user, helpful, at in json.loads(row[14] or "[]")
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


def stats_to_dict(day: DayStats) -> dict[str, Any]:
    return {**asdict(day), "day": day.day.isoformat(), "answer_rate": day.answer_rate}
