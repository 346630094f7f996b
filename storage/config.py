"""Where the query log lives and how long it keeps rows, unless the caller says otherwise."""

from __future__ import annotations

import math
import os
from pathlib import Path

DB_ENV_VAR = "TRADEQA_DB"
DEFAULT_DB_NAME = "tradeqa.db"

RETENTION_ENV_VAR = "TRADEQA_RETENTION_DAYS"
# Long enough to see what people keep asking across a news cycle; short enough not to hoard.
DEFAULT_RETENTION_DAYS = 90


AUDIT_RETENTION_ENV_VAR = "TRADEQA_AUDIT_RETENTION_DAYS"
# The audit trail outlives questions: who deleted what must stay visible after the deletion.
DEFAULT_AUDIT_RETENTION_DAYS = 365

# A hundred years: longer is a typo, and dates cannot go back much further.
MAX_DAYS = 36_525


def default_db_path() -> Path:
    """$TRADEQA_DB if set, else tradeqa.db in the working directory."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_NAME)


def default_retention_days() -> float:
    """$TRADEQA_RETENTION_DAYS if set (a number of days), else DEFAULT_RETENTION_DAYS."""
    return _days_from_env(RETENTION_ENV_VAR, DEFAULT_RETENTION_DAYS)


def default_audit_retention_days() -> float:
    """$TRADEQA_AUDIT_RETENTION_DAYS if set, else DEFAULT_AUDIT_RETENTION_DAYS."""
    return _days_from_env(AUDIT_RETENTION_ENV_VAR, DEFAULT_AUDIT_RETENTION_DAYS)


def check_days(days: float) -> float:
    """A number of days to keep: from 0 to MAX_DAYS (refuses NaN and infinity)."""
    if not (math.isfinite(days) and 0 <= days <= MAX_DAYS):
        raise ValueError(f"a number of days from 0 to {MAX_DAYS:,} is needed, not {days:g}")
    return days


def _days_from_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        days = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number of days") from None
    if days < 0:
        raise ValueError(f"{name}={raw!r} must not be negative")
    try:
        return check_days(days)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r}: {exc}") from None
