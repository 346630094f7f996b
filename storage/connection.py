"""Opening a SQLite query log (the file, pragmas, schema check, migrations); emptying its WAL."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import aiosqlite

from storage.errors import LogNotFound, NotAQueryLog, SchemaTooNew, StorageError
from storage.migrations import LATEST_VERSION, check_is_query_log, migrate, schema_version
from storage.sql import run_sql

# The file holds user ids and what people asked: only its owner may read it. SQLite gives
# the -wal and -shm files the database file's permissions.
DB_FILE_MODE = 0o600
DB_FOLDER_MODE = 0o700

FileIdentity = tuple[int, int]  # (device, inode)

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


def is_outage(exc: BaseException) -> bool:
    """True when the database, not one row, is at fault: the writer keeps the rows and retries.
    Anything else raised while writing (a text SQLite cannot encode, a number too big, a
    constraint) belongs to the row that caused it."""
    if isinstance(exc, OSError | sqlite3.OperationalError | StorageError):
        return True
    return primary_code(exc) in _UNAVAILABLE_CODES | _DAMAGED_CODES


_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def file_identity(path: Path) -> FileIdentity | None:
    """Which file is at `path` now (None: there is none)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def create_private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by its owner only. An existing
    file is left as it is."""
    if path.exists():
        return
    try:
        path.parent.mkdir(mode=DB_FOLDER_MODE, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DB_FILE_MODE)
    except FileExistsError:
        return  # another process created it meanwhile
    os.close(fd)


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
    if create:
        create_private_file(path)
    mode = "rwc" if create else "rw"
    conn = await aiosqlite.connect(
        f"{path.absolute().as_uri()}?mode={mode}", uri=True, isolation_level=None
    )
    try:
        try:
            await run_sql(conn, f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            # Nothing is written to another application's database, nor to a newer schema.
            await check_is_query_log(conn, path)
            await _refuse_newer_schema(conn, path)
            # WAL: readers (admins reviewing) never block the writer; a commit is one append.
            await run_sql(conn, "PRAGMA journal_mode = WAL")
            await run_sql(conn, "PRAGMA foreign_keys = ON")
            if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
                raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, not {synchronous!r}")
            await run_sql(conn, f"PRAGMA synchronous = {synchronous.upper()}")
            await migrate(conn, path)
        except sqlite3.DatabaseError as exc:
            # A truncated or damaged file can fail at any of these steps, not only the first.
            if primary_code(exc) in _DAMAGED_CODES:
                raise NotAQueryLog(path, str(exc)) from exc
            raise
    except BaseException:
        await conn.close()
        raise
    return conn


async def open_read_only(path: str | Path, *, busy_timeout_ms: int) -> aiosqlite.Connection:
    """Open a log whose folder (or file) cannot be written, for reading only.

    A WAL database needs its -shm file; where that cannot be created, SQLite can still read
    the file as immutable (nobody can be writing to a folder nobody may write in). An older
    schema cannot be upgraded here, so it is refused.
    """
    path = Path(path)
    uri = path.absolute().as_uri()
    last: Exception | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        conn = await aiosqlite.connect(f"{uri}?{options}", uri=True, isolation_level=None)
        try:
            await run_sql(conn, f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            found = await schema_version(conn)
        except sqlite3.Error as exc:
            await conn.close()
            if primary_code(exc) in _DAMAGED_CODES:
                raise NotAQueryLog(path, str(exc)) from exc
            last = exc
            continue
        try:
            await check_is_query_log(conn, path)
        except BaseException:
            await conn.close()
            raise
        if found != LATEST_VERSION:
            await conn.close()
            raise StorageError(
                f"{path}: cannot be opened for writing, and its schema (version {found}) is "
                f"not this tradeqa's ({LATEST_VERSION}), so it cannot be read as it is"
            )
        return conn
    assert last is not None
    raise last


async def _refuse_newer_schema(conn: aiosqlite.Connection, path: Path) -> None:
    """Raise SchemaTooNew (or a read error) before any pragma that writes to the file."""
    found = await schema_version(conn)
    if found > LATEST_VERSION:
        raise SchemaTooNew(path, found, LATEST_VERSION)


# forget() waits about CHECKPOINT_TRIES × (CHECKPOINT_WAIT_MS + CHECKPOINT_PAUSE) at most
# (two seconds) for readers to let the checkpoint finish.
CHECKPOINT_TRIES = 8
CHECKPOINT_WAIT_MS = 150
CHECKPOINT_PAUSE = 0.1


async def checkpoint_wal(conn: aiosqlite.Connection) -> bool:
    """Copy the WAL into the database file and empty it, so deleted text is gone from both.
    A reader still using an older snapshot blocks this; try a few times. True when done."""
    async with conn.execute("PRAGMA busy_timeout") as cursor:
        (usual_wait,) = await cursor.fetchone()
    # TRUNCATE waits for readers through the busy handler: short waits, a few tries.
    await run_sql(conn, f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    try:
        for attempt in range(CHECKPOINT_TRIES):
            async with conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
                busy, _log_frames, _done = await cursor.fetchone()
            if not busy:
                return True
            if attempt + 1 < CHECKPOINT_TRIES:
                await asyncio.sleep(CHECKPOINT_PAUSE)
        return False
    finally:
        await run_sql(conn, f"PRAGMA busy_timeout = {int(usual_wait)}")
