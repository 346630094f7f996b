"""Argument types for `tradeqa logs`: times, day counts, limits and ids, each checked for
range so that a typo is a one-line usage error (exit 2), never a traceback."""

from __future__ import annotations

import argparse
import math
import re
from datetime import UTC, datetime, timedelta

from storage import MAX_DAYS
from tradeqa.terminal import printable

_RELATIVE = re.compile(r"(\d+(?:\.\d+)?)\s*(m|min|h|d|w)", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_moment(text: str, *, now: datetime | None = None) -> datetime:
    """'7d', '24h', '30m', '2w' (that long ago), or an ISO date/datetime (UTC unless it says)."""
    text = text.strip()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        amount, unit = float(relative[1]), relative[2].lower()
        try:
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: amount})
        except (OverflowError, ValueError):
            raise argparse.ArgumentTypeError(
                f"{printable(text)!r} is too far back: at most {MAX_DAYS:,} days"
            ) from None
    try:
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(
            f"{printable(text)!r} is not a time: use e.g. 7d, 24h, 2025-07-01 or 2025-07-01T12:00"
        ) from None


def days_type(text: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError("the number of days must not be negative")
    if not (math.isfinite(days) and days <= MAX_DAYS):
        raise argparse.ArgumentTypeError(f"the number of days must be at most {MAX_DAYS:,}")
    return days


# More rows than anyone reads in a terminal; --json and export have no such limit.
MAX_LIMIT = 1_000_000
# Discord ids and SQLite integers are signed 64-bit.
MAX_ID = 2**63 - 1


def limit_type(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a whole number") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"the limit must be from 1 to {MAX_LIMIT:,}")
    return limit


def id_type(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{printable(text)!r} is not a Discord id") from None
    if not 0 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{value} is not a Discord id (too large or negative)")
    return value
