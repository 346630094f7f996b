"""The query log in PostgreSQL, through asyncpg (imported only when a URL is used).

The schema is the same numbered migrations as SQLite's (storage.migrations), translated by
storage.dialect; the version is kept in a one-row table `tradeqa_schema` instead of
SQLite's user_version. Migrating takes an advisory lock, so processes starting together
migrate once. A database whose schema is newer than this code is refused before anything
is written.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from storage.dialect import ddl_to_postgres, to_postgres
from storage.errors import ForeignDatabase, LogNotFound, SchemaTooNew, StorageError
from storage.location import redact
from storage.migrations import LATEST_VERSION, MIGRATIONS

# SQLSTATE classes that mean "the server cannot take writes now", not "this row is wrong":
# connection trouble, transaction rollback (deadlock, serialization), read-only transaction,
# insufficient resources (disk full, too many connections), operator intervention
# (shutdown, restart), system errors.
_OUTAGE_CLASSES = frozenset({"08", "40", "25", "53", "55", "57", "58", "XX"})

SCHEMA_TABLE = "tradeqa_schema"
_MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('tradeqa schema migration'))"


def is_pg_outage(exc: BaseException) -> bool:
    if isinstance(exc, OSError | TimeoutError | StorageError | ConnectionError):
        return True
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in _OUTAGE_CLASSES
    # asyncpg's InterfaceError: "connection is closed", "pool is closing"...
    return type(exc).__name__ in ("InterfaceError", "ConnectionDoesNotExistError")


def _rowcount(status: str) -> int:
    """asyncpg returns the command tag ("DELETE 3", "INSERT 0 1"): its last number."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, pool: Any, url: str, executor: Any = None) -> None:
        self.pool = pool
        self.location = url
        self._run = executor if executor is not None else pool

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return [tuple(row) for row in await self._run.fetch(to_postgres(sql), *params)]

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return _rowcount(await self._run.execute(to_postgres(sql), *params))

    async def executemany(self, sql: str, rows: list[tuple]) -> None:
        await self._run.executemany(to_postgres(sql), rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresDatabase]:
        if self._run is not self.pool:  # already inside one
            yield self
            return
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresDatabase(self.pool, self.location, conn)

    async def iter_rows(
        self, sql: str, params: Sequence[Any], batch: int
    ) -> AsyncIterator[list[tuple]]:
        async with self.pool.acquire() as conn, conn.transaction():
            cursor = await conn.cursor(to_postgres(sql), *params)
            while rows := await cursor.fetch(batch):
                yield [tuple(row) for row in rows]

    def is_outage(self, exc: BaseException) -> bool:
        return is_pg_outage(exc)

    def replaced(self) -> bool:
        return False

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.pool.close(), 5)
        except (TimeoutError, Exception):
            self.pool.terminate()


async def open_postgres(url: str, *, create: bool, pool_size: int = 1) -> PostgresDatabase:
    """Connect and bring the schema up to date. Any failure to connect (unreachable server,
    bad credentials, no such database) is one StorageError line naming the URL."""
    try:
        import asyncpg
    except ImportError as exc:
        raise StorageError(
            f"{redact(url)}: a PostgreSQL query log needs the asyncpg package (pip install asyncpg)"
        ) from exc
    try:
        pool = await asyncpg.create_pool(
            url, min_size=1, max_size=pool_size, timeout=10, command_timeout=60
        )
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        message = f"{redact(url)}: cannot use this PostgreSQL database ({reason})"
        raise StorageError(message) from exc
    db = PostgresDatabase(pool, url)
    try:
        await migrate_postgres(pool, url, create=create)
    except BaseException:
        await db.close()
        raise
    return db


async def schema_version_pg(conn: Any) -> int | None:
    """The schema version, or None where tradeqa has never written."""
    if await conn.fetchval(f"SELECT to_regclass('{SCHEMA_TABLE}')") is None:
        return None
    return int(await conn.fetchval(f"SELECT coalesce(max(version), 0) FROM {SCHEMA_TABLE}"))


async def migrate_postgres(
    pool: Any, url: str, *, create: bool = True, target: int = LATEST_VERSION
) -> int:
    """Apply the migrations this database lacks, in one transaction; the version found."""
    async with pool.acquire() as conn:
        found = await schema_version_pg(conn)
        if found is None:
            if await conn.fetchval("SELECT to_regclass('queries')") is not None:
                raise ForeignDatabase(url, ["queries (without tradeqa's schema version)"])
            if not create:
                raise LogNotFound(url)
            found = 0
        if found > LATEST_VERSION:
            raise SchemaTooNew(url, found, LATEST_VERSION)
        if found >= target:
            return found
        async with conn.transaction():
            await conn.fetchval(_MIGRATION_LOCK)
            await conn.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version INTEGER)")
            # Read again under the lock: another process may have migrated meanwhile.
            found = await schema_version_pg(conn) or 0
            if found > LATEST_VERSION:
                raise SchemaTooNew(url, found, LATEST_VERSION)
            for migration in MIGRATIONS[found:target]:
                for statement in migration.postgres or migration.statements:
                    sql = statement if migration.postgres else ddl_to_postgres(statement)
                    await conn.execute(sql)
            if found < target:
                await conn.execute(f"DELETE FROM {SCHEMA_TABLE}")
                await conn.execute(f"INSERT INTO {SCHEMA_TABLE} (version) VALUES ($1)", target)
        return found
