"""The query log writer: committed before record() returns, concurrent questions share commits,
feedback and audit rows land where they belong. On SQLite and PostgreSQL alike (`log_db`)."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone

import pytest
from storage_helpers import column, count_rows, make_record

from storage import LogReview, QueryLog, QueryRecord, new_query_id
from storage.querylog import QueryLog as _QueryLogClass


async def test_1000_questions_from_50_concurrent_tasks_leave_exactly_1000_rows(log_db):
    db = log_db
    log = await QueryLog.open(db)

    async def asker(task: int) -> list[bool]:
        return [
            await log.record(make_record(question=f"task {task} question {n}", user_id=task))
            for n in range(20)
        ]

    try:
        results = await asyncio.gather(*(asker(task) for task in range(50)))
    finally:
        await log.close()

    assert all(all(r) for r in results)
    assert count_rows(db) == 1000
    assert len(set(column(db, "SELECT query_id FROM queries"))) == 1000
    assert column(db, "SELECT count(DISTINCT question) FROM queries") == [1000]
    assert log.health.written == 1000
    assert (log.health.pending, log.health.dropped) == (0, 0)


async def test_concurrent_questions_share_commits(log_db, monkeypatch):
    commits = 0
    original = _QueryLogClass._write_batch

    async def counting(self, batch):
        nonlocal commits
        commits += 1
        return await original(self, batch)

    monkeypatch.setattr(_QueryLogClass, "_write_batch", counting)
    db = log_db
    async with await QueryLog.open(db) as log:
        results = await asyncio.gather(
            *(log.record(make_record(question=f"q{n}")) for n in range(200))
        )
    assert all(results)
    assert count_rows(db) == 200
    # 200 questions arriving together are written in a handful of transactions, not 200.
    assert commits < 20


async def test_a_recorded_row_is_committed_when_record_returns(log_db):
    db = log_db
    async with await QueryLog.open(db) as log:
        rec = make_record(question="is it durable?")
        assert await log.record(rec) is True
        # Another connection (another process, in effect) sees it immediately.
        assert column(db, "SELECT question FROM queries WHERE query_id = ?", (rec.query_id,)) == [
            "is it durable?"
        ]


async def test_every_field_reads_back_as_recorded(log_db):
    db = log_db
    rec = make_record(
        asked_at=datetime(2025, 7, 22, 14, 3, 7, 123456, tzinfo=UTC),
        surface="mention",
        guild_id=2**62,  # Discord ids are 64-bit
        channel_id=None,
        user_id=None,
        user_name="Zoë 🚀",
        question="Qu'est-ce que le H20 ?\nSecond line; -- and 'quotes'",
        outcome="unanswered",
        fact_id=None,
        score=42.125,
        suggestions=("h20-license", "export-rules"),
        latency_ms=12.5,
        kb_version="sha-abc",
    )
    async with await QueryLog.open(db) as log:
        assert await log.record(rec)
    async with await LogReview.open(db) as review:
        (stored,) = await review.recent()
    assert QueryRecord(**{f: getattr(stored, f) for f in rec.__dataclass_fields__}) == rec
    assert stored.votes == ()


async def test_feedback_is_one_changeable_vote_per_person(log_db):
    db = log_db
    async with await QueryLog.open(db) as log:
        rec = make_record()
        assert await log.record(rec)
        assert await log.record_feedback(rec.query_id, user_id=5, helpful=True)
        assert await log.record_feedback(rec.query_id, user_id=6, helpful=True)
        assert await log.record_feedback(rec.query_id, user_id=5, helpful=False)  # changed mind
    assert column(db, "SELECT user_id || ':' || helpful FROM feedback ORDER BY user_id") == [
        "5:0",
        "6:1",
    ]


async def test_feedback_for_an_unknown_question_is_refused(log_db):
    db = log_db
    async with await QueryLog.open(db) as log:
        assert await log.record_feedback("no-such-question", user_id=5, helpful=True) is False
    assert count_rows(db, "feedback") == 0


async def test_feedback_for_a_question_still_in_the_queue_waits_for_it(log_db):
    db = log_db
    async with await QueryLog.open(db) as log:
        rec = make_record()
        # The vote is submitted before the question's own record() has returned.
        recorded, voted = await asyncio.gather(
            log.record(rec), log.record_feedback(rec.query_id, user_id=5, helpful=False)
        )
    assert (recorded, voted) == (True, True)
    assert count_rows(db, "feedback") == 1


async def test_audit_entries_are_recorded(log_db):
    db = log_db
    async with await QueryLog.open(db) as log:
        await log.audit(actor_id=7, actor_name="mod", action="reload", result="ok", detail="30")
        await log.audit(actor_id=8, actor_name="eve", action="refused:reload", result="denied")
    async with await LogReview.open(db) as review:
        entries = await review.audit_entries()
    assert [(e.actor_name, e.action, e.result, e.detail) for e in entries] == [
        ("eve", "refused:reload", "denied", ""),
        ("mod", "reload", "ok", "30"),
    ]


async def test_a_bad_row_is_rejected_alone_and_reported(log_db, caplog):
    db = log_db
    async with await QueryLog.open(db) as log:
        good = [make_record(question=f"good {n}") for n in range(5)]
        bad = make_record(question="bad", guild_id=2**70)  # too big for SQLite's INTEGER
        with caplog.at_level(logging.ERROR, logger="tradeqa.storage"):
            results = await asyncio.gather(*(log.record(r) for r in [*good[:2], bad, *good[2:]]))
    assert results == [True, True, False, True, True, True]
    assert sorted(column(db, "SELECT question FROM queries")) == [f"good {n}" for n in range(5)]
    assert log.health.rejected == 1
    assert "rejected a query row" in caplog.text


async def test_close_is_idempotent_and_later_rows_are_counted_as_dropped(log_db, caplog):
    db = log_db
    log = await QueryLog.open(db)
    await log.close()
    await log.close()
    with caplog.at_level(logging.ERROR, logger="tradeqa.storage"):
        assert await log.record(make_record()) is False
    assert log.health.dropped == 1
    assert "closed" in caplog.text
    assert count_rows(db) == 0


def test_a_log_left_open_when_the_event_loop_ends_does_not_hang_the_process(log_db):
    # asyncio.run() cancels the writer; it must close its connection, whose thread would
    # otherwise keep the interpreter from exiting.
    db = log_db
    script = textwrap.dedent(
        f"""
        import asyncio
        from datetime import UTC, datetime
        from storage import QueryLog, QueryRecord

        async def main():
            log = await QueryLog.open({str(db)!r})
            rec = QueryRecord("q1", datetime.now(UTC), "cli", None, None, None, None,
                              "left open?", "answered", None, 0.0, (), 1.0, "kb")
            assert await log.record(rec)

        asyncio.run(main())
        print("exited")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, "exited"), done.stderr
    assert count_rows(db) == 1


def test_a_naive_time_is_refused_when_the_record_is_made():
    with pytest.raises(ValueError, match="timezone-aware"):
        make_record(asked_at=datetime(2025, 7, 22, 12, 0))


async def test_times_are_stored_in_utc(log_db):
    db = log_db
    four_pm_at_utc_plus_2 = datetime(2025, 7, 22, 16, 0, tzinfo=timezone(timedelta(hours=2)))
    async with await QueryLog.open(db) as log:
        assert await log.record(make_record(asked_at=four_pm_at_utc_plus_2))
    assert column(db, "SELECT asked_at FROM queries") == ["2025-07-22T14:00:00.000000Z"]
    if isinstance(db, str):
        return
    # SQLite's own date functions read the stored text (sqlite3 / Datasette users rely on it).
    assert column(db, "SELECT date(asked_at) FROM queries") == ["2025-07-22"]


def test_query_ids_are_distinct_hex_and_come_in_time_order():
    ids = [new_query_id() for _ in range(5000)]  # more than one 4 KiB read of randomness
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    # Time first: a later row's key goes at the end of the primary-key index.
    assert [i[:16] for i in ids] == sorted(i[:16] for i in ids)
    # The second half is random, not a counter: neighbours share no obvious pattern.
    assert len({i[16:] for i in ids}) == len(ids)


async def test_a_batch_reads_back_exactly_as_recorded(log_db):
    # Questions arriving together share one transaction; every field reads back unchanged.
    db = log_db
    records = [
        make_record(
            asked_at=datetime(2025, 7, 22, 14, 3, n, 5000 * n, tzinfo=UTC),
            guild_id=2**62 + n if n % 2 else None,
            user_name=f"Zoë {n} 🚀",
            question=f"question {n}; -- 'quoted'\nline two",
            outcome="answered" if n % 3 else "unanswered",
            fact_id=None if n % 3 == 0 else f"fact-{n}",
            score=n + 0.125,
            suggestions=tuple(f"s{k}" for k in range(n % 4)),
            latency_ms=n / 8,
        )
        for n in range(10)
    ]
    async with await QueryLog.open(db) as log:
        assert all(await asyncio.gather(*(log.record(r) for r in records)))
    async with await LogReview.open(db) as review:
        stored = await review.recent(limit=50)
    fields = records[0].__dataclass_fields__
    read_back = {QueryRecord(**{f: getattr(s, f) for f in fields}) for s in stored}
    assert read_back == set(records)
