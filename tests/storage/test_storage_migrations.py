"""Schema versions: an empty or older database is upgraded, a newer one is refused untouched."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from pathlib import Path

import aiosqlite
import pytest
from storage_helpers import T0, column, count_rows, make_record

from storage import (
    LATEST_VERSION,
    MIGRATIONS,
    LogReview,
    NotAQueryLog,
    QueryLog,
    SchemaTooNew,
)
from storage.migrations import migrate


def schema_of(db: Path) -> set[tuple[str, str, str]]:
    """Every table and index with its normalised SQL: equal sets mean equal schemas."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return {(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows}


def pragma(db: Path, name: str) -> object:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


async def build_version(db: Path, version: int) -> None:
    """The database as a tradeqa that stopped at `version` left it, with a row in every table."""
    async with aiosqlite.connect(db, isolation_level=None) as conn:
        await migrate(conn, db, target=version)
        if version >= 1:
            await conn.execute(
                "INSERT INTO queries (query_id, asked_at, surface, guild_id, channel_id, user_id,"
                " user_name, question, outcome, fact_id, score, suggestions, latency_ms,"
                " kb_version) VALUES ('old-q', '2025-07-01T10:00:00.000000Z', 'slash', 1, 2, 3,"
                " 'bob', 'old question?', 'answered', 'h20-license', 88.0, '[\"a\"]', 4.0,"
                " 'kb-0')"
            )
            await conn.execute(
                "INSERT INTO feedback (query_id, user_id, helpful, voted_at)"
                " VALUES ('old-q', 9, 0, '2025-07-01T10:05:00.000000Z')"
            )
        if version >= 2:
            await conn.execute(
                "INSERT INTO audit (at, actor_id, actor_name, action, result) "
                "VALUES ('2025-07-01T11:00:00.000000Z', 7, 'mod', 'reload', 'ok')"
            )


async def test_a_new_database_gets_the_latest_schema_in_wal_mode(tmp_path):
    db = tmp_path / "new.db"
    log = await QueryLog.open(db)
    try:
        assert await log.record(make_record())
    finally:
        await log.close()
    assert pragma(db, "user_version") == LATEST_VERSION
    assert pragma(db, "journal_mode") == "wal"
    assert {"queries", "feedback", "audit"} <= {name for _, name, _ in schema_of(db)}
    assert count_rows(db) == 1


async def test_an_empty_file_is_a_new_database(tmp_path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    log = await QueryLog.open(db)
    await log.close()
    assert pragma(db, "user_version") == LATEST_VERSION


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_each_older_schema_is_upgraded_and_keeps_its_rows(tmp_path, version):
    old = tmp_path / f"v{version}.db"
    await build_version(old, version)
    assert pragma(old, "user_version") == version

    log = await QueryLog.open(old)
    try:
        assert await log.record(make_record(question="asked after the upgrade"))
        await log.audit(actor_id=1, actor_name="admin", action="check", result="ok")
    finally:
        await log.close()

    fresh = tmp_path / "fresh.db"
    await (await QueryLog.open(fresh)).close()
    assert pragma(old, "user_version") == LATEST_VERSION
    assert schema_of(old) == schema_of(fresh)
    assert column(old, "SELECT question FROM queries ORDER BY asked_at") == [
        "old question?",
        "asked after the upgrade",
    ]
    assert column(old, "SELECT helpful FROM feedback WHERE query_id = 'old-q'") == [0]
    assert count_rows(old, "audit") == (2 if version >= 2 else 1)
    # The old row reads back through the review API like a new one.
    async with await LogReview.open(old) as review:
        (row,) = [q for q in await review.recent() if q.query_id == "old-q"]
    assert (row.user_name, row.suggestions, row.unhelpful_votes) == ("bob", ("a",), 1)


async def test_every_migration_is_reachable_from_the_one_before(tmp_path):
    # Upgrading one step at a time ends where a fresh database starts.
    db = tmp_path / "steps.db"
    async with aiosqlite.connect(db, isolation_level=None) as conn:
        for migration in MIGRATIONS:
            await migrate(conn, db, target=migration.version)
            assert pragma(db, "user_version") == migration.version
    fresh = tmp_path / "fresh.db"
    await (await QueryLog.open(fresh)).close()
    assert schema_of(db) == schema_of(fresh)


async def test_a_newer_schema_is_refused_and_the_file_is_untouched(tmp_path):
    db = tmp_path / "future.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE queries (query_id TEXT, something_new BLOB)")
        conn.execute("INSERT INTO queries VALUES ('q', x'00ff')")
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
        conn.commit()
    before = db.read_bytes()

    with pytest.raises(SchemaTooNew) as refused:
        await QueryLog.open(db)
    message = str(refused.value)
    assert f"version {LATEST_VERSION + 1}" in message
    assert f"up to {LATEST_VERSION}" in message
    assert "not modified" in message

    with pytest.raises(SchemaTooNew):
        await LogReview.open(db)

    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.db"]


async def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path):
    # A version-1 log with a table in the way of migration 2 makes it fail after later
    # statements ran in the same transaction: none may stick.
    db = tmp_path / "blocked.db"
    await build_version(db, 1)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE audit (something TEXT)")
        conn.commit()
    before = schema_of(db)

    with pytest.raises(sqlite3.OperationalError, match="audit already exists"):
        await QueryLog.open(db)

    assert pragma(db, "user_version") == 1
    assert schema_of(db) == before


@pytest.mark.parametrize(
    ("version", "tables"),
    [
        (0, ["CREATE TABLE notes (body TEXT)"]),
        (0, ["CREATE TABLE audit (something TEXT)"]),  # a name we use, but not our file
        (3, ["CREATE TABLE settings (key TEXT, value TEXT)"]),  # apps set user_version too
        (99, ["CREATE TABLE settings (key TEXT, value TEXT)"]),
    ],
)
async def test_another_applications_database_is_refused_in_one_line_and_untouched(
    tmp_path, version, tables
):
    db = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for statement in tables:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
    before = db.read_bytes()

    for opener in (QueryLog.open, LogReview.open):
        with pytest.raises(NotAQueryLog) as refused:
            await opener(db)
        message = str(refused.value)
        assert "\n" not in message and "not a tradeqa query log" in message
        assert "not modified" in message
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.parametrize("keep", [50, 100, 4096, 8192])
async def test_a_truncated_database_is_one_clear_error(tmp_path, keep):
    db = tmp_path / "cut.db"
    async with await QueryLog.open(db) as log:
        for number in range(40):
            assert await log.record(make_record(question=f"question {number} " + "x" * 500))
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.truncate(db, keep)

    for opener in (QueryLog.open, LogReview.open):
        with pytest.raises(NotAQueryLog, match="not a usable SQLite database"):
            await opener(db)


async def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 100)
    before = db.read_bytes()
    with pytest.raises(NotAQueryLog, match="not a usable SQLite database"):
        await QueryLog.open(db)
    assert db.read_bytes() == before


async def test_a_log_another_process_is_migrating_opens_once_it_is_done(tmp_path):
    db = tmp_path / "busy.db"
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # as another process creating the file holds it
    other.execute("CREATE TABLE scratch (x)")
    loop = asyncio.get_running_loop()
    loop.call_later(0.7, other.rollback)  # longer than the log's busy timeout
    log = await QueryLog.open(db, busy_timeout_ms=300)
    try:
        assert await log.record(make_record(question="asked while it was locked", asked_at=T0))
    finally:
        await log.close()
        other.close()
    assert count_rows(db) == 1


async def test_two_processes_opening_a_new_database_at_once_both_succeed(tmp_path):
    db = tmp_path / "race.db"
    logs = await asyncio.gather(*(QueryLog.open(db) for _ in range(4)))
    try:
        for number, log in enumerate(logs):
            assert await log.record(make_record(question=f"from log {number}", asked_at=T0))
    finally:
        for log in logs:
            await log.close()
    assert count_rows(db) == 4
    assert pragma(db, "user_version") == LATEST_VERSION


async def test_a_log_another_process_creates_between_two_reads_is_not_called_foreign(
    tmp_path, monkeypatch
):
    """Another process finishing the log's creation between the check's two reads (its
    tables, then its version) must not look like a foreign database: version but no tables.
    The interleaving is forced: the other process migrates just before the version is read;
    read in one snapshot, the check either sees all of it or none of it."""
    import storage.migrations as migrations

    db = tmp_path / "race.db"
    sqlite3.connect(db).close()  # the other process has created the empty file
    read_version = migrations.schema_version
    other_migrated = []

    async def version_after_the_other_process_migrates(conn):
        if not other_migrated:
            other_migrated.append(True)
            other = sqlite3.connect(db, isolation_level=None, timeout=0.1)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("CREATE TABLE queries (x)")
                other.execute("PRAGMA user_version = 1")
                other.execute("COMMIT")
            except sqlite3.OperationalError:
                pass  # the check holds its snapshot: the other process waits its turn
            finally:
                other.close()
        return await read_version(conn)

    monkeypatch.setattr(migrations, "schema_version", version_after_the_other_process_migrates)
    log = await QueryLog.open(db, busy_timeout_ms=300)
    try:
        assert await log.record(make_record(question="asked during the race", asked_at=T0))
    finally:
        await log.close()
    assert count_rows(db) == 1


def test_migrations_are_numbered_in_order():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert all(m.statements for m in MIGRATIONS)
