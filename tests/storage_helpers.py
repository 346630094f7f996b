"""Shared helpers for the storage tests: records to log, and raw looks at the database (a
SQLite file, or a PostgreSQL URL: the same SQL, translated as storage does)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storage import QueryRecord, new_query_id

T0 = datetime(2025, 7, 22, 12, 0, tzinfo=UTC)


def make_record(**overrides: Any) -> QueryRecord:
    fields: dict[str, Any] = {
        "query_id": new_query_id(),
        "asked_at": T0,
        "surface": "slash",
        "guild_id": 111,
        "channel_id": 222,
        "user_id": 333,
        "user_name": "alice",
        "question": "Can Nvidia sell the H20 to China?",
        "outcome": "answered",
        "fact_id": "h20-license",
        "score": 91.5,
        "suggestions": (),
        "latency_ms": 3.25,
        "kb_version": "kb-1",
    }
    fields.update(overrides)
    return QueryRecord(**fields)


def count_rows(db: Path | str, table: str = "queries", where: str = "1 = 1", params=()) -> int:
    return column(db, f"SELECT count(*) FROM {table} WHERE {where}", params)[0]


def column(db: Path | str, sql: str, params: tuple = ()) -> list[Any]:
    if isinstance(db, str):
        return [row[0] for row in postgres_rows(db, sql, params)]
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute(sql, params)]


def integrity(db: Path | str) -> str:
    if isinstance(db, str):
        return "ok"  # PostgreSQL checks its own pages; there is no file of ours to check
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# -- PostgreSQL ------------------------------------------------------------------------------


def postgres_rows(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of one SQLite-dialect statement run on PostgreSQL, from synchronous test code
    (a worker thread with its own event loop: the test's loop may be running)."""
    from storage.dialect import to_postgres

    async def go() -> list[tuple]:
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            return [tuple(row) for row in await conn.fetch(to_postgres(sql), *params)]
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, go()).result()


@functools.cache
def postgres_server() -> tuple[str | None, str]:
    """(URL, "") of the test server, or (None, why there is none)."""
    url = os.environ.get("TRADEQA_TEST_POSTGRES_URL", "").strip()
    if not url:
        return None, "no PostgreSQL server: set TRADEQA_TEST_POSTGRES_URL (.ci/run starts one)"
    try:
        import asyncpg  # noqa: F401
    except ImportError:
        return None, "asyncpg is not installed"
    try:
        postgres_rows(url, "SELECT 1")
    except Exception as exc:
        return None, f"the PostgreSQL server at TRADEQA_TEST_POSTGRES_URL cannot be used: {exc}"
    return url, ""


def with_setting(url: str, name: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{name}={value}"


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose tables live in a fresh, empty schema, dropped afterwards."""
    url, why = postgres_server()
    if url is None:
        pytest.skip(why)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    postgres_rows(url, f"CREATE SCHEMA {schema}")
    try:
        yield with_setting(url, "search_path", schema)
    finally:
        postgres_rows(url, f"DROP SCHEMA {schema} CASCADE")


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "4m") -> Iterator[Path]:
    """A small RAM filesystem at `path`, so a test can fill it or make it read-only for real
    (chmod does not stop root). Skips the test where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a real full or read-only filesystem")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True)


async def seed(db: Path, records: list[QueryRecord], votes: list[tuple[str, int, bool]] = ()):
    """Log these records (and (query_id, user_id, helpful) votes) through the real writer."""
    from storage import QueryLog

    async with await QueryLog.open(db) as log:
        for record in records:
            assert await log.record(record)
        for query_id, user_id, helpful in votes:
            assert await log.record_feedback(query_id, user_id, helpful)
