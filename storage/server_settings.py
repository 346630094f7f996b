"""Each Discord server's own settings (prefix, Q&A channels, roles, cooldown, retention),
stored in the query log's database beside the questions, one row per server and setting.

A row holds the value as its server's admin typed it, after the bot validated it; a setting
without a row falls back to the operator's configuration. The store speaks to the small
Database interface (storage.database), so it works on a SQLite file and on PostgreSQL alike.
"""

from __future__ import annotations

from pathlib import Path

from storage.database import Database, connect
from storage.location import database_location
from storage.records import to_db_time, utc_now

BUSY_TIMEOUT_MS = 5000

_UPSERT = (
    "INSERT INTO server_settings (guild_id, name, value, changed_at, changed_by) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, name) DO UPDATE SET "
    "value = excluded.value, changed_at = excluded.changed_at, "
    "changed_by = excluded.changed_by"
)


class ServerSettingsStore:
    """Read and change servers' settings. Use `async with await ServerSettingsStore.open(db)`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    async def open(cls, location: str | Path) -> ServerSettingsStore:
        """Open (creating and migrating when needed) the database at a SQLite path or a
        postgresql:// URL."""
        where = database_location(location)
        return cls(await connect(where, create=True, busy_timeout_ms=BUSY_TIMEOUT_MS))

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> ServerSettingsStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def all(self) -> dict[int, dict[str, str]]:
        """Every server's settings: {guild id: {name: value}}."""
        found: dict[int, dict[str, str]] = {}
        rows = await self._db.fetchall(
            "SELECT guild_id, name, value FROM server_settings ORDER BY guild_id, name"
        )
        for guild_id, name, value in rows:
            found.setdefault(int(guild_id), {})[name] = value
        return found

    async def set(self, guild_id: int, name: str, value: str, *, changed_by: int | None) -> None:
        """Store one setting of one server, replacing its previous value (committed)."""
        params = (guild_id, name, value, to_db_time(utc_now()), changed_by)
        await self._db.execute(_UPSERT, params)

    async def clear(self, guild_id: int, name: str) -> bool:
        """Forget one server's value of a setting (back to the operator's); False if unset."""
        changed = await self._db.execute(
            "DELETE FROM server_settings WHERE guild_id = ? AND name = ?", (guild_id, name)
        )
        return changed > 0
