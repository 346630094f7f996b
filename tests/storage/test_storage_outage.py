"""Logging never stops answering: a locked, read-only or full database makes record() return
False quickly (never raise), the trouble is logged once, and the waiting rows are written once
the database is usable again. Rows beyond the queue's limit are counted, and each gets a line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path

import pytest
from storage_helpers import column, count_rows, integrity, make_record, remount, tmpfs

from storage import QueryLog

# Generous against a loaded 2-core machine; the point is "not stalled", not a benchmark.
PROMPT = 3.0


def unavailable_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("query log unavailable")
    ]


def recovery_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "available again" in r.getMessage()]


@contextlib.contextmanager
def exclusive_lock(db: Path):
    """Another connection holding the write lock (what a stuck tool or a long admin write does)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


async def test_a_locked_database_does_not_stop_answers_and_rows_arrive_after(tmp_path, caplog):
    db = tmp_path / "log.db"
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    async with await QueryLog.open(db, retry_interval=0.2) as log:
        assert await log.record(make_record(question="before the lock"))
        with exclusive_lock(db):
            for n in range(20):
                started = time.monotonic()
                assert await log.record(make_record(question=f"during the lock {n}")) is False
                assert time.monotonic() - started < PROMPT
            assert log.health.pending == 20
            assert not log.health.available
            assert "locked" in (log.health.last_error or "")
        # Released: everything that waited is written.
        assert await log.flush(timeout=30)
        assert log.health.available
        assert await log.record(make_record(question="after the lock"))

    questions = column(db, "SELECT question FROM queries ORDER BY rowid")
    assert questions == [
        "before the lock",
        *(f"during the lock {n}" for n in range(20)),
        "after the lock",
    ]
    # Once when it broke, once when it recovered: not once per question.
    assert len(unavailable_warnings(caplog)) == 1
    assert "locked" in unavailable_warnings(caplog)[0]
    assert len(recovery_messages(caplog)) == 1
    assert log.health.dropped == 0


async def test_a_slow_commit_lets_callers_go_after_max_wait_and_their_rows_still_land(tmp_path):
    db = tmp_path / "log.db"
    # The writer waits on the lock (busy timeout 10 s) instead of giving up: only the
    # callers' own patience (max_wait) lets them go.
    async with await QueryLog.open(db, busy_timeout_ms=10_000, max_wait=0.3) as log:
        assert await log.record(make_record(question="before"))
        with exclusive_lock(db):
            started = time.monotonic()
            results = await asyncio.gather(
                *(log.record(make_record(question=f"slow {n}")) for n in range(5))
            )
            waited = time.monotonic() - started
        assert results == [False] * 5
        assert 0.3 <= waited < PROMPT
        assert await log.flush(timeout=30)
        assert await log.record(make_record(question="after"))

    assert column(db, "SELECT question FROM queries ORDER BY rowid") == [
        "before",
        *(f"slow {n}" for n in range(5)),
        "after",
    ]
    assert log.health.dropped == 0


async def test_a_database_locked_at_startup_still_opens(tmp_path, caplog):
    db = tmp_path / "log.db"
    await (await QueryLog.open(db)).close()
    with exclusive_lock(db):
        started = time.monotonic()
        log = await QueryLog.open(db, retry_interval=0.2)
        assert await log.record(make_record(question="asked while locked")) is False
        assert time.monotonic() - started < 2 * PROMPT
    try:
        assert await log.flush(timeout=30)
    finally:
        await log.close()
    assert column(db, "SELECT question FROM queries") == ["asked while locked"]


async def test_rows_beyond_the_queue_limit_are_counted_and_reported(tmp_path, caplog):
    db = tmp_path / "log.db"
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    async with await QueryLog.open(db, queue_limit=5, retry_interval=0.2) as log:
        with exclusive_lock(db):
            results = [await log.record(make_record(question=f"q{n}")) for n in range(8)]
            assert results == [False] * 8
            assert (log.health.pending, log.health.dropped) == (5, 3)
        assert await log.flush(timeout=30)
    assert sorted(column(db, "SELECT question FROM queries")) == [f"q{n}" for n in range(5)]
    # One line for each lost row, saying which one and why.
    lost = [r.getMessage() for r in caplog.records if "lost a question" in r.getMessage()]
    assert len(lost) == 3 and all("queue is full" in line for line in lost)
    assert len({line.split(",")[0] for line in lost}) == 3
    (recovered,) = recovery_messages(caplog)
    assert "3 dropped" in recovered


async def test_closing_while_the_database_is_unusable_reports_what_is_lost(tmp_path, caplog):
    db = tmp_path / "log.db"
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    log = await QueryLog.open(db, retry_interval=0.2)
    with exclusive_lock(db):
        for n in range(3):
            await log.record(make_record(question=f"q{n}"))
        started = time.monotonic()
        await log.close(grace=1.0)
        assert time.monotonic() - started < 2 * PROMPT
    assert log.health.dropped == 3
    assert any("closed with 3 rows unwritten" in r.getMessage() for r in caplog.records)


async def test_a_read_only_file_does_not_stop_answers_and_rows_arrive_when_writable(
    tmp_path, caplog
):
    # chmod 0444 does not stop root (tests run as root), so the filesystem itself is made
    # read-only: writes then really fail, whoever we are.
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    with tmpfs(tmp_path / "mnt") as mnt:
        db = mnt / "log.db"
        async with await QueryLog.open(db) as log:
            assert await log.record(make_record(question="before"))
        remount(mnt, "ro")
        try:
            log = await QueryLog.open(db, retry_interval=0.2)
            for n in range(5):
                started = time.monotonic()
                assert await log.record(make_record(question=f"read-only {n}")) is False
                assert time.monotonic() - started < PROMPT
            assert not log.health.available
            assert await log.flush(timeout=0.5) is False
        finally:
            remount(mnt, "rw")
        try:
            assert await log.flush(timeout=30)
        finally:
            await log.close()
        assert column(db, "SELECT question FROM queries ORDER BY rowid") == [
            "before",
            *(f"read-only {n}" for n in range(5)),
        ]
        assert integrity(db) == "ok"
    assert len(unavailable_warnings(caplog)) == 1
    assert len(recovery_messages(caplog)) == 1


async def test_a_full_disk_does_not_stop_answers_and_rows_arrive_when_space_is_freed(
    tmp_path, caplog
):
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    with tmpfs(tmp_path / "mnt", size="2m") as mnt:
        db = mnt / "log.db"
        filler = mnt / "filler"
        log = await QueryLog.open(db, retry_interval=0.2)
        try:
            assert await log.record(make_record(question="before"))
            fill_disk(filler)
            big = "x" * 50_000  # each row needs fresh pages: there are none
            for n in range(5):
                started = time.monotonic()
                assert await log.record(make_record(question=f"{n} {big}")) is False
                assert time.monotonic() - started < PROMPT
            assert "full" in (log.health.last_error or "")
            filler.unlink()
            assert await log.flush(timeout=30)
        finally:
            await log.close()
        assert count_rows(db) == 6
        assert integrity(db) == "ok"
    assert len(unavailable_warnings(caplog)) == 1
    assert len(recovery_messages(caplog)) == 1


def fill_disk(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        chunk = b"\0" * 65536
        while True:
            try:
                os.write(fd, chunk)
            except OSError:
                if len(chunk) == 1:
                    return
                chunk = chunk[: len(chunk) // 2]
    finally:
        os.close(fd)
