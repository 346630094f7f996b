"""The query log: every question recorded in SQLite or PostgreSQL, the API admins review it
with, and the knowledge version processes sharing the database announce reloads through."""

from storage.config import (
    DEFAULT_AUDIT_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    MAX_DAYS,
)
from storage.errors import ForeignDatabase, LogNotFound, NotAQueryLog, SchemaTooNew, StorageError
from storage.location import BadLocation, database_location
from storage.migrations import LATEST_VERSION, MIGRATIONS
from storage.querylog import QueryLog
from storage.records import (
    OUTCOMES,
    SURFACES,
    LogHealth,
    QueryRecord,
    new_query_id,
    utc_now,
)
from storage.reloads import ReloadEvent, ReloadSignal
from storage.review import (
    EXPORT_FIELDS,
    AuditEntry,
    DayStats,
    FactCount,
    FeedbackEntry,
    Forgotten,
    LogFilter,
    LoggedQuery,
    LogReview,
    Purged,
    UnansweredGroup,
    Vote,
)

__all__ = [
    "DEFAULT_AUDIT_RETENTION_DAYS",
    "DEFAULT_RETENTION_DAYS",
    "EXPORT_FIELDS",
    "LATEST_VERSION",
    "MAX_DAYS",
    "MIGRATIONS",
    "OUTCOMES",
    "SURFACES",
    "AuditEntry",
    "BadLocation",
    "DayStats",
    "FactCount",
    "FeedbackEntry",
    "ForeignDatabase",
    "Forgotten",
    "LogFilter",
    "LogHealth",
    "LogNotFound",
    "LogReview",
    "LoggedQuery",
    "NotAQueryLog",
    "Purged",
    "QueryLog",
    "QueryRecord",
    "ReloadEvent",
    "ReloadSignal",
    "SchemaTooNew",
    "StorageError",
    "UnansweredGroup",
    "Vote",
    "database_location",
    "new_query_id",
    "utc_now",
]
