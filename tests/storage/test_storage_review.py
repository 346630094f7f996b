"""The admin review API: what people ask, what was missed, feedback, daily numbers, export,
and removing rows (retention purge, forgetting one person). Filters are parameters, never SQL.
Every test runs on SQLite and on PostgreSQL (the `log_db` fixture), except the few about
SQLite's file itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from storage_helpers import T0, column, count_rows, integrity, make_record, seed

from storage import (
    EXPORT_FIELDS,
    LogFilter,
    LogNotFound,
    LogReview,
    QueryLog,
    utc_now,
)

ALICE, BOB, CAROL, DAVE = 1, 2, 3, 4
GUILD_A, GUILD_B = 100, 200
GENERAL, TRADE, OTHER = 10, 11, 20


def day(offset: int, hour: int = 12) -> datetime:
    return T0.replace(hour=hour) + timedelta(days=offset)


def q(question, *, when, user=ALICE, guild=GUILD_A, channel=GENERAL, fact=None, outcome=None):
    return make_record(
        question=question,
        asked_at=when,
        user_id=user,
        user_name={ALICE: "alice", BOB: "bob", CAROL: "carol", DAVE: "dave"}.get(user),
        guild_id=guild,
        channel_id=channel,
        fact_id=fact,
        outcome=outcome or ("answered" if fact else "unanswered"),
        score=90.0 if fact else 30.0,
        suggestions=() if fact else ("h20-license",),
    )


@pytest.fixture
async def scene(log_db):
    """Three days of questions in two servers, with votes."""
    records = {
        "h20_1": q("can nvidia sell the h20?", when=day(-2), fact="h20-license"),
        "rev_1": q("nvidia revenue 2023?", when=day(-2, 13), user=ALICE),
        "rev_2": q("nvidia revenue 2023?", when=day(-1), user=BOB, channel=TRADE),
        "rev_3": q("nvidias revenue in 2023", when=day(-1, 14), user=CAROL),
        "rev_2024": q("Nvidia revenue 2024?", when=day(-1, 15), user=CAROL),
        "h20_2": q("h20 export license?", when=day(-1, 16), user=BOB, fact="h20-license"),
        "ceo": q("who runs nvidia", when=day(0), user=CAROL, fact="jensen-huang-ceo"),
        "hello": q("hello", when=day(0, 13), user=DAVE, outcome="help"),
        "mars": q("weather on mars", when=day(0, 14), user=DAVE, guild=GUILD_B, channel=OTHER),
        "h20_3": q(
            "is the h20 allowed", when=day(0, 15), user=DAVE, guild=GUILD_B, channel=OTHER,
            fact="h20-license",
        ),
    }  # fmt: skip
    votes = [
        (records["h20_1"].query_id, BOB, True),
        (records["h20_2"].query_id, ALICE, False),
        (records["h20_2"].query_id, CAROL, False),
        (records["ceo"].query_id, ALICE, True),
        (records["h20_3"].query_id, CAROL, False),
    ]
    db = log_db
    await seed(db, list(records.values()), votes)
    async with await LogReview.open(db) as review:
        yield db, review, records


async def test_recent_is_newest_first_and_filtered(scene):
    _, review, records = scene
    latest = await review.recent(limit=3)
    assert [r.question for r in latest] == ["is the h20 allowed", "weather on mars", "hello"]
    in_trade = await review.recent(LogFilter(channel_id=TRADE))
    assert [r.question for r in in_trade] == ["nvidia revenue 2023?"]
    yesterday = await review.recent(LogFilter(since=day(-1, 0), until=day(0, 0)))
    assert len(yesterday) == 4
    assert {r.query_id for r in await review.recent(LogFilter(guild_id=GUILD_B))} == {
        records["mars"].query_id,
        records["h20_3"].query_id,
    }
    (h20_2,) = await review.recent(LogFilter(text="export license"))
    assert (h20_2.helpful_votes, h20_2.unhelpful_votes) == (0, 2)


async def test_unanswered_groups_similar_wordings_most_asked_first(scene):
    _, review, _ = scene
    groups = await review.unanswered()
    first = groups[0]
    assert first.question == "nvidia revenue 2023?"
    assert first.count == 3
    assert first.askers == 3
    assert dict(first.wordings) == {"nvidia revenue 2023?": 2, "nvidias revenue in 2023": 1}
    assert first.last_asked == day(-1, 14)
    # Same words, different year: a different question.
    assert [(g.question, g.count) for g in groups[1:]] in (
        [("Nvidia revenue 2024?", 1), ("weather on mars", 1)],
        [("weather on mars", 1), ("Nvidia revenue 2024?", 1)],
    )
    # Greetings are not the knowledge base's to-do list.
    assert all("hello" not in dict(g.wordings) for g in groups)


async def test_unanswered_respects_filters(scene):
    _, review, _ = scene
    groups = await review.unanswered(LogFilter(guild_id=GUILD_B))
    assert [(g.question, g.count) for g in groups] == [("weather on mars", 1)]
    (only,) = await review.unanswered(LogFilter(channel_id=TRADE))
    assert (only.question, only.count) == ("nvidia revenue 2023?", 1)


async def test_top_facts_counts_answers_and_their_feedback(scene):
    _, review, _ = scene
    top = await review.top_facts()
    assert [(f.fact_id, f.asked, f.helpful, f.unhelpful) for f in top] == [
        ("h20-license", 3, 1, 3),
        ("jensen-huang-ceo", 1, 1, 0),
    ]
    assert top[0].last_asked == day(0, 15)
    top_a = await review.top_facts(LogFilter(guild_id=GUILD_A), limit=1)
    assert [(f.fact_id, f.asked) for f in top_a] == [("h20-license", 2)]


async def test_feedback_lists_unhelpful_votes_by_default(scene):
    _, review, records = scene
    unhelpful = await review.feedback()
    assert sorted((e.query_id, e.voter_id) for e in unhelpful) == sorted(
        [
            (records["h20_2"].query_id, ALICE),
            (records["h20_2"].query_id, CAROL),
            (records["h20_3"].query_id, CAROL),
        ]
    )
    assert all(not e.helpful and e.fact_id == "h20-license" for e in unhelpful)
    assert len(await review.feedback(only_unhelpful=False)) == 5
    in_b = await review.feedback(LogFilter(guild_id=GUILD_B))
    assert [(e.question, e.voter_id) for e in in_b] == [("is the h20 allowed", CAROL)]


async def test_daily_stats_count_questions_and_the_answer_rate(scene):
    _, review, _ = scene
    days = await review.daily_stats()
    assert [(d.day, d.questions, d.answered, d.unanswered) for d in days] == [
        (date(2025, 7, 20), 2, 1, 1),
        (date(2025, 7, 21), 4, 1, 3),
        (date(2025, 7, 22), 4, 2, 1),  # "hello" counts as a question, not against the rate
    ]
    assert [d.answer_rate for d in days] == [0.5, 0.25, pytest.approx(2 / 3)]
    (b_only,) = await review.daily_stats(LogFilter(guild_id=GUILD_B))
    assert (b_only.questions, b_only.answer_rate) == (2, 0.5)


async def test_export_has_every_recorded_field_and_the_votes(scene):
    _, review, records = scene
    rows = await review.export_rows()
    assert len(rows) == 10
    assert [r["asked_at"] for r in rows] == sorted(r["asked_at"] for r in rows)
    assert all(tuple(r) == EXPORT_FIELDS for r in rows)
    h20_2 = next(r for r in rows if r["query_id"] == records["h20_2"].query_id)
    original = records["h20_2"]
    assert h20_2 | {"feedback": None} == {
        "query_id": original.query_id,
        "asked_at": "2025-07-21T16:00:00.000000Z",
        "surface": "slash",
        "guild_id": GUILD_A,
        "channel_id": GENERAL,
        "user_id": BOB,
        "user_name": "bob",
        "question": "h20 export license?",
        "outcome": "answered",
        "fact_id": "h20-license",
        "score": 90.0,
        "suggestions": [],
        "latency_ms": original.latency_ms,
        "kb_version": "kb-1",
        "helpful_votes": 0,
        "unhelpful_votes": 2,
        "feedback": None,
    }
    assert sorted((v["user_id"], v["helpful"]) for v in h20_2["feedback"]) == [
        (ALICE, False),
        (CAROL, False),
    ]
    assert len(await review.export_rows(LogFilter(user_id=DAVE))) == 3


async def test_purge_removes_exactly_the_rows_older_than_the_retention(scene):
    db, review, records = scene
    async with await QueryLog.open(db) as log:
        await log.audit(actor_id=9, actor_name="mod", action="reload", result="ok")
    purged = await review.purge(1.5, now=day(0, 12), actor_name="cli")
    # Older than 2025-07-21 00:00: only the two questions of the 20th (and h20_1's vote).
    assert (purged.questions, purged.votes, purged.audit_entries) == (2, 1, 0)
    assert purged.cutoff == datetime(2025, 7, 21, 0, 0, tzinfo=UTC)
    assert "removed 2 questions and 1 feedback vote from before 2025-07-21" in str(purged)
    left = {r["query_id"] for r in await review.export_rows()}
    assert left == {r.query_id for k, r in records.items() if k not in ("h20_1", "rev_1")}
    assert count_rows(db, "feedback") == 4
    actions = [e.action for e in await review.audit_entries()]
    assert actions == ["purge", "reload"]
    # Nothing left that old: purging again removes nothing.
    again = await review.purge(1.5, now=day(0, 12))
    assert again.total == 0
    assert integrity(db) == "ok"


async def test_purge_removes_what_is_older_than_the_days_given(scene, monkeypatch):
    db, review, _ = scene
    # Storage reads no environment: the command line and the bot pass their retention in.
    monkeypatch.setenv("TRADEQA_RETENTION_DAYS", "1000")
    purged = await review.purge(0.5, now=day(0, 12))  # keeps only the last 12 hours
    assert purged.questions == 6
    assert count_rows(db) == 4
    with pytest.raises(ValueError):
        await review.purge(-1)


async def test_forget_removes_everything_about_one_person(scene):
    db, review, _ = scene
    async with await QueryLog.open(db) as log:
        await log.audit(actor_id=CAROL, actor_name="carol", action="reload", result="ok")
        await log.audit(actor_id=ALICE, actor_name="alice", action="check", result="ok")
    forgotten = await review.forget(CAROL, actor_name="cli")
    # Carol asked 3 questions; votes: her own 2, plus Alice's on Carol's "ceo" answer.
    assert (forgotten.questions, forgotten.votes, forgotten.audit_anonymised) == (3, 3, 1)
    assert count_rows(db, where="user_id = ?", params=(CAROL,)) == 0
    assert count_rows(db, "feedback", where="user_id = ?", params=(CAROL,)) == 0
    assert count_rows(db, "audit", where="actor_id = ?", params=(CAROL,)) == 0
    assert count_rows(db) == 7
    assert count_rows(db, "feedback") == 2
    # Everyone else is untouched; the moderation trail keeps Carol's action without her name.
    assert column(db, "SELECT actor_name FROM audit WHERE action = 'reload'") == [None]
    assert column(db, "SELECT actor_name FROM audit WHERE action = 'check'") == ["alice"]
    (note,) = column(db, "SELECT detail FROM audit WHERE action = 'forget'")
    assert note == "removed 3 questions and 3 feedback votes; anonymised 1 audit entry"
    if isinstance(db, str):
        return  # PostgreSQL: the file-level check below is SQLite's
    # Her name and questions are gone from the file itself, not just unlinked.
    raw = b"".join(p.read_bytes() for p in db.parent.glob("log.db*"))
    assert b"carol" not in raw
    assert b"nvidias revenue in 2023" not in raw
    assert b"alice" in raw
    assert integrity(db) == "ok"


async def test_forgetting_someone_unknown_removes_nothing(scene):
    db, review, _ = scene
    forgotten = await review.forget(999)
    assert forgotten.total == 0
    assert count_rows(db) == 10


HOSTILE = [
    "'; DROP TABLE queries; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "nvidia%2023",
    "--",
    ";",
    "\\",
]


@pytest.mark.parametrize("value", HOSTILE)
async def test_filter_values_that_look_like_sql_are_inert(scene, value):
    db, review, _ = scene
    assert await review.recent(LogFilter(text=value)) == []
    assert await review.recent(LogFilter(fact_id=value)) == []
    assert await review.unanswered(LogFilter(text=value)) == []
    assert await review.top_facts(LogFilter(fact_id=value)) == []
    assert await review.daily_stats(LogFilter(text=value)) == []
    assert await review.export_rows(LogFilter(fact_id=value)) == []
    assert count_rows(db) == 10
    assert count_rows(db, "feedback") == 5 and count_rows(db, "audit") == 0


async def test_text_filter_matches_wildcard_characters_literally(log_db):
    db = log_db
    await seed(
        db,
        [
            make_record(question="is it 100% banned?"),
            make_record(question="is it 100 percent banned?"),
            make_record(question="what is h_20"),
            make_record(question="what is h20"),
            make_record(question='it\'s "quoted"; -- really'),
        ],
    )
    async with await LogReview.open(db) as review:
        assert [r.question for r in await review.recent(LogFilter(text="100%"))] == [
            "is it 100% banned?"
        ]
        assert [r.question for r in await review.recent(LogFilter(text="h_2"))] == ["what is h_20"]
        assert len(await review.recent(LogFilter(text='"quoted"; --'))) == 1
        assert len(await review.recent(LogFilter(text="BANNED"))) == 2  # case-insensitive


async def test_reviewing_a_missing_database_creates_nothing(tmp_path):
    with pytest.raises(LogNotFound, match="no query log at"):
        await LogReview.open(tmp_path / "missing.db")
    assert list(tmp_path.iterdir()) == []


async def test_unanswered_groups_in_a_worker_thread_not_on_the_event_loop(scene, monkeypatch):
    import threading

    import storage.grouping as grouping

    _, review, _ = scene
    threads = set()
    normalise = grouping.normalise

    def recording(question):
        threads.add(threading.current_thread() is threading.main_thread())
        return normalise(question)

    monkeypatch.setattr(grouping, "normalise", recording)
    assert await review.unanswered()
    assert threads == {False}


async def test_a_server_scoped_review_sees_and_removes_only_that_server(scene):
    db, _, _ = scene
    async with await LogReview.open(db, guild_id=GUILD_B) as review:
        assert {q.question for q in await review.recent()} == {
            "weather on mars",
            "is the h20 allowed",
        }
        # A filter naming another server cannot widen it.
        with pytest.raises(ValueError, match="covers server"):
            await review.recent(LogFilter(guild_id=GUILD_A))
        assert [g.question for g in await review.unanswered()] == ["weather on mars"]
        assert sum(d.questions for d in await review.daily_stats()) == 2
        assert len(await review.export_rows()) == 2
        forgotten = await review.forget(DAVE)  # Dave asked in both servers
        assert forgotten.questions == 2
        purged = await review.purge(0, now=day(5))
        assert purged.questions == 0
        with pytest.raises(ValueError, match="whole log"):
            await review.purge(0, audit_older_than_days=0)
    assert column(db, "SELECT question FROM queries WHERE user_id = ?", (DAVE,)) == ["hello"]
    assert count_rows(db) == 8


async def test_the_audit_trail_has_its_own_retention(scene):
    db, review, _ = scene
    async with await QueryLog.open(db) as log:
        await log.audit(actor_id=9, actor_name="mod", action="reload", result="ok")
    later = utc_now() + timedelta(days=100)
    purged = await review.purge(1, now=later)  # questions only: the audit trail is kept
    assert purged.questions == 10 and purged.audit_entries == 0
    assert count_rows(db, "audit") == 2
    purged = await review.purge(1, audit_older_than_days=30, now=later)
    assert purged.audit_entries == 2 and "2 audit entries from before" in str(purged)
    assert [e.action for e in await review.audit_entries()] == ["purge"]


async def test_forget_finishes_the_wal_checkpoint_or_says_it_is_pending(scene, monkeypatch):
    import sqlite3

    import storage.connection as connection_module

    db, review, _ = scene
    if isinstance(db, str):
        pytest.skip("SQLite's write-ahead log only")
    monkeypatch.setattr(connection_module, "CHECKPOINT_PAUSE", 0.01)
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM queries").fetchone()  # holds a snapshot
        forgotten = await review.forget(CAROL)
    finally:
        reader.close()
    assert forgotten.questions == 3 and not forgotten.wal_cleared
    assert "Pending" in str(forgotten) and f"{db}-wal" in str(forgotten)
    # The reader gone, forgetting again finishes the job: the WAL is emptied.
    again = await review.forget(CAROL)
    assert again.wal_cleared and "Pending" not in str(again)
    assert (db.parent / "log.db-wal").stat().st_size == 0
