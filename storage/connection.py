"""Opening the query log database: pragmas, schema check, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from storage.errors import LogNotFound, NotAQueryLog, SchemaTooNew
from storage.migrations import LATEST_VERSION, migrate, schema_version
from storage.sql import run_sql

# Errors that mean "the database cannot be written right now" (locked, read-only, disk full,
# I/O trouble, cannot open the file): worth retrying later, never worth a crash.
_UNAVAILABLE_CODES = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_NOMEM,
    }
)


def primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_unavailable(exc: BaseException) -> bool:
    """True for failures of the database/disk (retry later) rather than of the data or code."""
    return isinstance(exc, OSError) or primary_code(exc) in _UNAVAILABLE_CODES


def describe(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", None)
    return f"{exc} ({name})" if name else f"{type(exc).__name__}: {exc}"


async def open_database(
    path: str | Path,
    *,
    create: bool,
    busy_timeout_ms: int,
    synchronous: str = "FULL",
) -> aiosqlite.Connection:
    """Connect, check the schema version, switch on WAL and foreign keys, and migrate.

    Nothing is written before the version check, so a database from a newer tradeqa is left
    byte-for-byte as it was (SchemaTooNew). With create=False a missing file raises LogNotFound
    instead of leaving an empty database behind.
    """
    path = Path(path)
    if not create and not path.exists():
        raise LogNotFound(path)
    mode = "rwc" if create else "rw"
    conn = await aiosqlite.connect(
        f"{path.absolute().as_uri()}?mode={mode}", uri=True, isolation_level=None
    )
    try:
        await run_sql(conn, f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        try:
            await _refuse_newer_schema(conn, path)
        except sqlite3.DatabaseError as exc:
            if primary_code(exc) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                raise NotAQueryLog(path, str(exc)) from exc
            raise
        # WAL: readers (admins reviewing) never block the writer, and a commit is one append.
        await run_sql(conn, "PRAGMA journal_mode = WAL")
        await run_sql(conn, "PRAGMA foreign_keys = ON")
        if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, not {synchronous!r}")
        await run_sql(conn, f"PRAGMA synchronous = {synchronous.upper()}")
        await migrate(conn, path)
    except BaseException:
        await conn.close()
        raise
    return conn


async def _refuse_newer_schema(conn: aiosqlite.Connection, path: Path) -> None:
    """Raise SchemaTooNew (or a read error) before any pragma that writes to the file."""
    found = await schema_version(conn)
    if found > LATEST_VERSION:
        raise SchemaTooNew(path, found, LATEST_VERSION)
