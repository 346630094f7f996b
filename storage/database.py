"""One small interface over the two databases the query log can live in.

The writer and the review speak to a `Database`: fetch rows, run a statement (its row
count), run one for many rows, a write transaction, rows streamed in batches. SQL is
written in SQLite's dialect; the PostgreSQL side translates it (storage.dialect).
SQLite is reached through aiosqlite here; PostgreSQL through asyncpg in storage.postgres,
imported only when a postgresql:// URL is used.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from storage.connection import FileIdentity, file_identity, is_outage, open_database
from storage.location import Location, is_postgres
from storage.postgres import is_pg_outage  # a pure function: asyncpg is not imported
from storage.sql import run_sql, run_sql_many


class Database(Protocol):
    dialect: str  # "sqlite" or "postgresql"
    location: Location

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    async def executemany(self, sql: str, rows: list[tuple]) -> None: ...
    def transaction(self) -> Any: ...  # async context manager yielding a Database
    def iter_rows(self, sql: str, params: Sequence[Any], batch: int) -> AsyncIterator[list]: ...
    def is_outage(self, exc: BaseException) -> bool: ...
    def replaced(self) -> bool: ...
    async def close(self) -> None: ...


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.location: Location = path
        self._identity: FileIdentity | None = file_identity(path)
        # Transactions on one shared connection take turns (two /logs purges at once).
        self._turn = asyncio.Lock()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self.conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: list[tuple]) -> None:
        await run_sql_many(self.conn, sql, rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteDatabase]:
        async with self._turn:
            await run_sql(self.conn, "BEGIN IMMEDIATE")
            try:
                yield self
                await run_sql(self.conn, "COMMIT")
            except BaseException:
                # The connection is dropped after an outage anyway.
                with contextlib.suppress(Exception):
                    if self.conn.in_transaction:
                        await run_sql(self.conn, "ROLLBACK")
                raise

    async def iter_rows(
        self, sql: str, params: Sequence[Any], batch: int
    ) -> AsyncIterator[list[tuple]]:
        async with self.conn.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                yield list(rows)

    def is_outage(self, exc: BaseException) -> bool:
        return is_outage(exc)

    def replaced(self) -> bool:
        """True if the file was deleted or replaced since it was opened: rows committed
        through this connection would go into a file nobody can see."""
        return file_identity(self.location) != self._identity  # type: ignore[arg-type]

    async def close(self) -> None:
        await self.conn.close()


def is_database_outage(exc: BaseException) -> bool:
    """True when the database (either kind) cannot be used right now, rather than a
    statement being wrong: a server down or restarting, a file locked or unwritable."""
    return is_outage(exc) or is_pg_outage(exc)


async def connect(
    location: Location,
    *,
    create: bool,
    busy_timeout_ms: int,
    synchronous: str = "FULL",
    pool_size: int = 1,
) -> Database:
    """Open (creating and migrating when `create`) the query log at a path or URL."""
    if is_postgres(location):
        from storage.postgres import open_postgres  # asyncpg only when it is used

        return await open_postgres(str(location), create=create, pool_size=pool_size)
    path = Path(location)
    conn = await open_database(
        path, create=create, busy_timeout_ms=busy_timeout_ms, synchronous=synchronous
    )
    return SqliteDatabase(conn, path)
