"""`tradeqa logs ...` as an admin uses it: readable tables, JSON and CSV, purge and forget, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

import argparse
import asyncio
import csv
import importlib.util
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from storage_helpers import count_rows, make_record, seed

from tradeqa import cli_logs
from tradeqa.cli_logs import parse_moment

NOW = datetime.now(UTC)
EXPORT_HEADER = (
    "query_id,asked_at,surface,guild_id,channel_id,user_id,user_name,question,outcome,"
    "fact_id,score,suggestions,latency_ms,kb_version,helpful_votes,unhelpful_votes,feedback"
)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="tradeqa")
    cli_logs.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(log_db):
    """A log with questions from the last few days, in two servers, with feedback: a SQLite
    file, or a PostgreSQL URL (every command works the same on both)."""
    path = log_db
    old = make_record(
        question="what did nvidia say in 2024?",
        asked_at=NOW - timedelta(days=40),
        outcome="unanswered",
        fact_id=None,
        user_id=7,
        user_name="olga",
    )
    answered = make_record(
        question="Can Nvidia sell the H20 to China?", asked_at=NOW - timedelta(hours=5)
    )
    records = [
        old,
        answered,
        make_record(
            question="nvidia revenue 2023?",
            asked_at=NOW - timedelta(hours=4),
            outcome="unanswered",
            fact_id=None,
            suggestions=("h20-license", "jensen-huang-ceo"),
        ),
        make_record(
            question="nvidias revenue in 2023",
            asked_at=NOW - timedelta(hours=3),
            outcome="unanswered",
            fact_id=None,
            user_id=8,
            user_name="pete",
        ),
        make_record(
            question="is the h20 allowed again",
            asked_at=NOW - timedelta(hours=2),
            guild_id=999,
            channel_id=998,
        ),
        make_record(
            question="a 100% sure answer?",
            asked_at=NOW - timedelta(hours=1),
            outcome="unanswered",
            fact_id=None,
            surface="cli",
            guild_id=None,
            channel_id=None,
        ),
    ]
    asyncio.run(seed(path, records, [(answered.query_id, 8, False), (answered.query_id, 9, True)]))
    return path


def test_recent_prints_a_readable_table_newest_first(db, capsys):
    code, out, err = run(["logs", "recent", "--db", str(db), "--limit", "3"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "asked",
        "(UTC)",
        "via",
        "channel",
        "who",
        "outcome",
        "fact",
        "score",
        "question",
    ]
    assert [line.split("  ")[-1].strip() for line in lines[2:]] == [
        "a 100% sure answer?",
        "is the h20 allowed again",
        "nvidias revenue in 2023",
    ]
    assert "cli" in lines[2] and "pete" in lines[4]


def test_recent_filters_by_period_guild_and_text(db, capsys):
    _, out, _ = run(["logs", "recent", "--db", str(db), "--since", "30d", "--json"], capsys)
    assert len(json.loads(out)) == 5  # the 40-day-old question is outside
    _, out, _ = run(["logs", "recent", "--db", str(db), "--guild", "999", "--json"], capsys)
    assert [r["question"] for r in json.loads(out)] == ["is the h20 allowed again"]
    _, out, _ = run(["logs", "recent", "--db", str(db), "--search", "100%", "--json"], capsys)
    assert [r["question"] for r in json.loads(out)] == ["a 100% sure answer?"]
    _, out, _ = run(["logs", "recent", "--db", str(db), "--until", "1d"], capsys)
    assert "what did nvidia say in 2024?" in out and "H20" not in out


def test_hostile_filter_values_are_just_text(db, capsys):
    for value in ["'; DROP TABLE queries; --", "' OR 1=1 --", "99%", "_", '"', ";"]:
        code, out, _ = run(["logs", "recent", "--db", str(db), "--search", value], capsys)
        assert (code, out) == (0, "No questions match.\n")
        code, out, _ = run(["logs", "top", "--db", str(db), "--fact", value], capsys)
        assert (code, out) == (0, "No answered questions match.\n")
    assert count_rows(db) == 6


def test_unanswered_groups_wordings_with_counts(db, capsys):
    code, out, _ = run(["logs", "unanswered", "--db", str(db), "--since", "7d"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["asked", "people", "last", "asked", "question"]
    first = lines[2].split()
    assert first[:2] == ["2", "2"]
    assert lines[2].endswith("nvidia revenue 2023?")
    assert lines[3].strip() == "also: nvidias revenue in 2023 (×1)"
    assert "what did nvidia say" not in out  # older than --since
    _, out, _ = run(["logs", "unanswered", "--db", str(db), "--json"], capsys)
    groups = json.loads(out)
    assert groups[0]["count"] == 2
    assert {w["question"] for w in groups[0]["wordings"]} == {
        "nvidia revenue 2023?",
        "nvidias revenue in 2023",
    }


def test_top_and_feedback(db, capsys):
    _, out, _ = run(["logs", "top", "--db", str(db)], capsys)
    assert out.splitlines()[2].split()[:3] == ["2", "1", "1"]
    assert out.splitlines()[2].endswith("h20-license")
    _, out, _ = run(["logs", "feedback", "--db", str(db)], capsys)
    (row,) = out.splitlines()[2:]
    assert "unhelpful" in row and "Can Nvidia sell the H20 to China?" in row
    _, out, _ = run(["logs", "feedback", "--db", str(db), "--all", "--json"], capsys)
    assert sorted(v["helpful"] for v in json.loads(out)) == [False, True]


def test_stats_table_and_chart(db, tmp_path, capsys):
    chart = tmp_path / "days.png"
    code, out, _ = run(
        ["logs", "stats", "--db", str(db), "--since", "7d", "--chart", str(chart)], capsys
    )
    assert code == 0
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split() == ["total", "5", "2", "3", "40%"]
    assert f"Chart written to {chart}" in out
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    _, out, _ = run(["logs", "stats", "--db", str(db), "--json"], capsys)
    days = json.loads(out)
    assert sum(d["questions"] for d in days) == 6
    assert all(
        set(d) == {"day", "questions", "answered", "unanswered", "answer_rate"} for d in days
    )


def test_export_csv_has_every_field(db, capsys):
    code, out, _ = run(["logs", "export", "--db", str(db)], capsys)
    assert code == 0
    assert out.splitlines()[0] == EXPORT_HEADER
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    by_question = {r["question"]: r for r in rows}
    h20 = by_question["Can Nvidia sell the H20 to China?"]
    assert (h20["helpful_votes"], h20["unhelpful_votes"]) == ("1", "1")
    assert sorted(v["user_id"] for v in json.loads(h20["feedback"])) == [8, 9]
    assert by_question["nvidia revenue 2023?"]["suggestions"] == "h20-license jensen-huang-ceo"
    assert by_question["a 100% sure answer?"]["guild_id"] == ""


def test_export_json_to_a_file(db, tmp_path, capsys):
    target = tmp_path / "out.json"
    code, out, _ = run(
        ["logs", "export", "--db", str(db), "--json", "--out", str(target), "--since", "7d"], capsys
    )
    assert (code, out) == (0, f"Exported 5 questions to {target}\n")
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert len(rows) == 5
    assert set(rows[0]) == set(EXPORT_HEADER.split(","))
    assert isinstance(rows[0]["feedback"], list)
    _, out, _ = run(["logs", "export", "--db", str(db), "--json", "--guild", "12345"], capsys)
    assert json.loads(out) == []


def test_purge_says_what_it_removed(db, capsys):
    code, out, _ = run(["logs", "purge", "--db", str(db), "--older-than", "30"], capsys)
    assert code == 0
    assert "removed 1 question and 0 feedback votes from before" in out
    assert "and 0 audit entries from before" in out  # the audit trail's own retention
    assert count_rows(db) == 5
    _, out, _ = run(["logs", "audit", "--db", str(db)], capsys)
    assert "purge" in out and "cli" in out


def test_purge_takes_its_default_retention_from_the_configuration(db, capsys, monkeypatch):
    monkeypatch.setenv("TRADEQA_RETENTION_DAYS", "30")
    code, out, _ = run(["logs", "purge", "--db", str(db)], capsys)
    assert code == 0 and "removed 1 question" in out
    assert count_rows(db) == 5


def test_purge_refuses_a_bad_configured_retention(db, capsys, monkeypatch):
    monkeypatch.setenv("TRADEQA_RETENTION_DAYS", "a month")
    code, _, err = run(["logs", "purge", "--db", str(db)], capsys)
    assert code == 2 and "TRADEQA_RETENTION_DAYS" in err
    assert count_rows(db) == 6


def test_forget_says_what_it_removed(db, capsys):
    code, out, _ = run(["logs", "forget", "--db", str(db), "--user", "8"], capsys)
    assert code == 0
    assert out.strip().endswith(
        "user 8: removed 1 question and 1 feedback vote; anonymised 0 audit entries."
    )
    assert count_rows(db, where="user_id = 8") == 0
    assert count_rows(db, "feedback") == 1


def test_a_missing_database_is_one_clear_line_and_is_not_created(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    for command in ("recent", "unanswered", "top", "feedback", "stats", "export", "purge"):
        code, out, err = run(["logs", command, "--db", str(missing)], capsys)
        assert (code, out) == (1, "")
        assert err.count("\n") == 1 and f"no query log at {missing}" in err
    assert not missing.exists()


def test_the_database_comes_from_tradeqa_db_by_default(db, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TRADEQA_DB", str(db))
    code, out, _ = run(["logs", "top"], capsys)
    assert code == 0 and "h20-license" in out
    monkeypatch.delenv("TRADEQA_DB")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["logs", "top"], capsys)
    assert code == 1 and "tradeqa.db" in err


def test_bad_arguments_are_usage_errors(db, capsys):
    for argv in (
        ["logs", "recent", "--db", str(db), "--since", "last tuesday"],
        ["logs", "recent", "--db", str(db), "--guild", "'; DROP TABLE queries"],
        ["logs", "purge", "--db", str(db), "--older-than", "-3"],
        ["logs", "forget", "--db", str(db)],
    ):
        with pytest.raises(SystemExit) as exited:
            run(argv, capsys)
        assert exited.value.code == 2
    assert count_rows(db) == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", datetime(2025, 7, 15, 12, 0, tzinfo=UTC)),
        ("24h", datetime(2025, 7, 21, 12, 0, tzinfo=UTC)),
        ("90m", datetime(2025, 7, 22, 10, 30, tzinfo=UTC)),
        ("2w", datetime(2025, 7, 8, 12, 0, tzinfo=UTC)),
        ("2025-07-01", datetime(2025, 7, 1, tzinfo=UTC)),
        ("2025-07-01T08:30", datetime(2025, 7, 1, 8, 30, tzinfo=UTC)),
        ("2025-07-01T08:30+02:00", datetime(2025, 7, 1, 6, 30, tzinfo=UTC)),
    ],
)
def test_since_accepts_relative_and_iso_times(text, expected):
    assert parse_moment(text, now=datetime(2025, 7, 22, 12, 0, tzinfo=UTC)) == expected


@pytest.mark.skipif(importlib.util.find_spec("tradeqa.cli") is None, reason="tradeqa/cli.py")
def test_tradeqa_logs_is_wired_into_the_tradeqa_command(db, capsys):
    from tradeqa.cli import main

    assert main(["logs", "top", "--db", str(db)]) == 0
    assert "h20-license" in capsys.readouterr().out
