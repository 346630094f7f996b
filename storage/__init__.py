"""The query log: every question recorded in SQLite, and the API admins review it with."""

from storage.config import (
    DB_ENV_VAR,
    DEFAULT_RETENTION_DAYS,
    RETENTION_ENV_VAR,
    default_db_path,
    default_retention_days,
)
from storage.errors import LogNotFound, NotAQueryLog, SchemaTooNew, StorageError
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
    "DB_ENV_VAR",
    "DEFAULT_RETENTION_DAYS",
    "EXPORT_FIELDS",
    "LATEST_VERSION",
    "MIGRATIONS",
    "OUTCOMES",
    "RETENTION_ENV_VAR",
    "SURFACES",
    "AuditEntry",
    "DayStats",
    "FactCount",
    "FeedbackEntry",
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
    "SchemaTooNew",
    "StorageError",
    "UnansweredGroup",
    "Vote",
    "default_db_path",
    "default_retention_days",
    "new_query_id",
    "utc_now",
]
