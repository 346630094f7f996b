"""Rows the writer must survive: text SQLite cannot encode, a row that fails for its own
reasons, a 100 MB question; and where the rows go: a private file, in a folder that is created,
never into a file that was deleted meanwhile."""

from __future__ import annotations

import logging
import os
import stat

from storage_helpers import column, count_rows, make_record

from storage import QueryLog
from storage.text import MAX_STORED_QUESTION


async def test_a_lone_surrogate_or_nul_is_cleaned_and_logging_goes_on(tmp_path):
    # What Python makes of invalid UTF-8 on argv or stdin: "caf\udce9".
    db = tmp_path / "log.db"
    async with await QueryLog.open(db) as log:
        assert await log.record(make_record(question="caf\udce9 prices?", user_name="b\udcffob"))
        assert await log.record(make_record(question="nul\x00 in the middle"))
        for number in range(20):
            assert await log.record(make_record(question=f"after it {number}"))
        await log.audit(actor_id=1, actor_name="m\udc80od", action="check", result="ok\x00")
    assert count_rows(db) == 22
    questions = column(db, "SELECT question FROM queries ORDER BY rowid")
    assert questions[:2] == ["caf\ufffd prices?", "nul in the middle"]
    assert column(db, "SELECT user_name FROM queries ORDER BY rowid")[0] == "b\ufffdob"
    assert column(db, "SELECT actor_name || result FROM audit") == ["m\ufffdodok"]
    assert log.health.rejected == 0


async def test_a_row_that_fails_on_its_own_is_dropped_alone_with_one_line(tmp_path, caplog):
    # A fact id the writer does not clean (it comes from the knowledge base), made
    # unencodable: the error belongs to that row, not to the database.
    db = tmp_path / "log.db"
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    async with await QueryLog.open(db, retry_interval=0.05) as log:
        bad = make_record(question="the bad one", fact_id="fact-\udc80")
        assert await log.record(bad) is False
        for number in range(5):
            assert await log.record(make_record(question=f"after it {number}"))
    assert column(db, "SELECT question FROM queries ORDER BY rowid") == [
        f"after it {number}" for number in range(5)
    ]
    assert (log.health.rejected, log.health.pending, log.health.available) == (1, 0, True)
    [error] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "rejected a query row" in error and bad.query_id in error and "\n" not in error


async def test_a_bad_row_among_good_ones_in_one_batch_loses_only_itself(tmp_path):
    import asyncio

    db = tmp_path / "log.db"
    async with await QueryLog.open(db) as log:
        records = [make_record(question=f"q{n}") for n in range(30)]
        records[17] = make_record(question="bad", kb_version="kb-\ud800")
        results = await asyncio.gather(*(log.record(r) for r in records))
    assert results.count(False) == 1 and results[17] is False
    assert count_rows(db) == 29


async def test_a_huge_question_is_stored_as_a_bounded_prefix_that_says_it_was_cut(tmp_path):
    db = tmp_path / "log.db"
    huge = "why " * 25_000_000  # 100 MB
    async with await QueryLog.open(db) as log:
        assert await log.record(make_record(question=huge))
    [stored] = column(db, "SELECT question FROM queries")
    assert stored.startswith("why why")
    assert len(stored) < MAX_STORED_QUESTION + 100
    assert stored.endswith("[cut: 100,000,000 characters in all]")
    assert db.stat().st_size < 1_000_000


async def test_a_new_log_file_is_readable_by_its_owner_only(tmp_path):
    db = tmp_path / "log.db"
    old_umask = os.umask(0o022)
    try:
        async with await QueryLog.open(db) as log:
            assert await log.record(make_record())
            wal_modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob("log.db-*")}
            assert wal_modes and set(wal_modes.values()) == {0o600}
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


async def test_a_missing_folder_is_created_for_the_log(tmp_path):
    db = tmp_path / "new" / "deeper" / "log.db"
    async with await QueryLog.open(db) as log:
        assert await log.record(make_record())
    assert count_rows(db) == 1
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


async def test_rows_never_go_into_a_deleted_file(tmp_path, caplog):
    db = tmp_path / "log.db"
    caplog.set_level(logging.INFO, logger="tradeqa.storage")
    async with await QueryLog.open(db) as log:
        assert await log.record(make_record(question="before"))
        for path in tmp_path.glob("log.db*"):
            path.unlink()
        assert await log.record(make_record(question="after the file was deleted"))
    # The row is in the file at the path, where an admin will look: not in the unlinked one.
    assert column(db, "SELECT question FROM queries") == ["after the file was deleted"]
    assert any("deleted or replaced" in r.getMessage() for r in caplog.records)
