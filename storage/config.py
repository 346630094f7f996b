"""Defaults for where the query log lives and how long it keeps rows.

Storage reads no environment: the command line and the bot pass their settings in
(tradeqa.config is the one reader of the environment, `.env` and the TOML file).
"""

from __future__ import annotations

import math

# Long enough to see what people keep asking across a news cycle; short enough not to hoard.
DEFAULT_RETENTION_DAYS = 90
# The audit trail outlives questions: who deleted what must stay visible after the deletion.
DEFAULT_AUDIT_RETENTION_DAYS = 365

# A hundred years: longer is a typo, and dates cannot go back much further.
MAX_DAYS = 36_525


def check_days(days: float) -> float:
    """A number of days to keep: from 0 to MAX_DAYS (refuses NaN and infinity)."""
    if not (math.isfinite(days) and 0 <= days <= MAX_DAYS):
        raise ValueError(f"a number of days from 0 to {MAX_DAYS:,} is needed, not {days:g}")
    return days
