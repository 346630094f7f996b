"""`tradeqa ask` and its query log: a question that cannot be logged is never silent."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys

from storage_helpers import column, count_rows

BEIJING = "when is huang in beijing?"


def ask(*argv: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tradeqa.cli", "ask", *argv],
        capture_output=True,
        timeout=120,
    )


def test_a_question_that_cannot_be_logged_makes_ask_exit_non_zero_with_a_warning(tmp_path):
    db = tmp_path / "log.db"
    assert ask("--db", str(db), "hello").returncode == 0
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as locker:
        locker.execute("BEGIN EXCLUSIVE")  # another program holds the write lock throughout
        done = ask("--db", str(db), BEIJING)
        locker.execute("ROLLBACK")
    err = done.stderr.decode()
    assert done.returncode == 1
    assert b"Beijing" in done.stdout  # the answer is still shown
    assert "query log unavailable" in err and "locked" in err  # a warning for the outage
    assert "1 question(s) answered but not logged" in err
    assert "Traceback" not in err
    assert count_rows(db) == 1


def test_a_missing_folder_for_the_log_is_created(tmp_path):
    db = tmp_path / "not" / "yet" / "log.db"
    done = ask("--db", str(db), BEIJING)
    assert (done.returncode, done.stderr) == (0, b"")
    assert count_rows(db) == 1


def test_invalid_utf8_on_the_command_line_is_logged_with_a_replacement_character(tmp_path):
    db = tmp_path / "log.db"
    done = ask("--db", str(db), b"caf\xe9 prices in beijing?", BEIJING)
    assert done.returncode == 0, done.stderr
    assert column(db, "SELECT question FROM queries") == [f"caf\ufffd prices in beijing? {BEIJING}"]


def test_another_applications_database_is_refused_in_one_line(tmp_path):
    db = tmp_path / "app.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
    before = db.read_bytes()
    done = ask("--db", str(db), BEIJING)
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1 and b"not a tradeqa query log" in done.stderr
    assert db.read_bytes() == before
