"""Each Discord server's own settings (prefix, Q&A channels, roles, cooldown, retention),
stored in the query log's database beside the questions, one row per server and setting.

A row holds the value as its server's admin typed it, after the bot validated it; a setting
without a row falls back to the operator's configuration. The SQL is plain (one table, an
upsert with ON CONFLICT) so that it ports to PostgreSQL unchanged but for placeholders.
"""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from storage.connection import open_database
from storage.records import to_db_time, utc_now
from storage.sql import run_sql

BUSY_TIMEOUT_MS = 5000


class ServerSettingsStore:
    """Read and change servers' settings. Use `async with await ServerSettingsStore.open(db)`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    @classmethod
    async def open(cls, path: str | Path) -> ServerSettingsStore:
        """Open (creating and migrating when needed) the database at `path`."""
        return cls(await open_database(path, create=True, busy_timeout_ms=BUSY_TIMEOUT_MS))

    async def close(self) -> None:
        await self._conn.close()

    async def __aenter__(self) -> ServerSettingsStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def all(self) -> dict[int, dict[str, str]]:
        """Every server's settings: {guild id: {name: value}}."""
        found: dict[int, dict[str, str]] = {}
        async with self._conn.execute(
            "SELECT guild_id, name, value FROM server_settings ORDER BY guild_id, name"
        ) as cursor:
            for guild_id, name, value in await cursor.fetchall():
                found.setdefault(int(guild_id), {})[name] = value
        return found

    async def set(self, guild_id: int, name: str, value: str, *, changed_by: int | None) -> None:
        """Store one setting of one server, replacing its previous value (committed)."""
        await run_sql(
            self._conn,
            "INSERT INTO server_settings (guild_id, name, value, changed_at, changed_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, name) DO UPDATE SET "
            "value = excluded.value, changed_at = excluded.changed_at, "
            "changed_by = excluded.changed_by",
            (guild_id, name, value, to_db_time(utc_now()), changed_by),
        )

    async def clear(self, guild_id: int, name: str) -> bool:
        """Forget one server's value of a setting (back to the operator's); False if unset."""
        async with self._conn.execute(
            "DELETE FROM server_settings WHERE guild_id = ? AND name = ?", (guild_id, name)
        ) as cursor:
            return cursor.rowcount > 0
