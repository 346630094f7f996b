"""Shared helpers for the storage tests: records to log, and raw looks at the SQLite file."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
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


def count_rows(db: Path, table: str = "queries", where: str = "1", params: tuple = ()) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


def column(db: Path, sql: str, params: tuple = ()) -> list[Any]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute(sql, params)]


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


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
