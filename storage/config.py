"""Where the query log lives and how long it keeps rows, unless the caller says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV_VAR = "TRADEQA_DB"
DEFAULT_DB_NAME = "tradeqa.db"

RETENTION_ENV_VAR = "TRADEQA_RETENTION_DAYS"
# Long enough to see what people keep asking across a news cycle; short enough not to hoard.
DEFAULT_RETENTION_DAYS = 90


def default_db_path() -> Path:
    """$TRADEQA_DB if set, else tradeqa.db in the working directory."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_NAME)


def default_retention_days() -> float:
    """$TRADEQA_RETENTION_DAYS if set (a number of days), else DEFAULT_RETENTION_DAYS."""
    raw = os.environ.get(RETENTION_ENV_VAR)
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = float(raw)
    except ValueError:
        raise ValueError(f"{RETENTION_ENV_VAR}={raw!r} is not a number of days") from None
    if days < 0:
        raise ValueError(f"{RETENTION_ENV_VAR}={raw!r} must not be negative")
    return days
