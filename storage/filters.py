"""Which questions a review covers: a filter turned into an SQL condition with parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.records import to_db_time


@dataclass(frozen=True)
class LogFilter:
    """Which questions a review covers. Every field is optional; all given ones must match.

    since/until bound the time asked (since inclusive, until exclusive); text matches questions
    containing it literally (case-insensitive for ASCII; % and _ are ordinary characters).
    """

    since: datetime | None = None
    until: datetime | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    user_id: int | None = None
    fact_id: str | None = None
    text: str | None = None

    def sql(self, alias: str = "q") -> tuple[str, list[Any]]:
        """An SQL condition (always valid after WHERE/AND) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.since is not None:
            clauses.append(f"{alias}.asked_at >= ?")
            params.append(to_db_time(self.since))
        if self.until is not None:
            clauses.append(f"{alias}.asked_at < ?")
            params.append(to_db_time(self.until))
        for column in ("guild_id", "channel_id", "user_id", "fact_id"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{alias}.{column} = ?")
                params.append(value)
        if self.text:
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(f"{alias}.question LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        return (" AND ".join(clauses) or "1 = 1"), params
