"""Running statements with aiosqlite without leaving cursors open."""

from __future__ import annotations

import aiosqlite


async def run_sql(conn: aiosqlite.Connection, sql: str, params=()) -> None:
    """Execute a statement and close its cursor at once.

    A bare ``await conn.execute(...)`` leaves the cursor to the garbage collector; while it
    lives, SQLite counts its statement as in progress and a later COMMIT fails.
    """
    async with conn.execute(sql, params):
        pass


async def run_sql_many(conn: aiosqlite.Connection, sql: str, rows) -> None:
    async with conn.executemany(sql, rows):
        pass
