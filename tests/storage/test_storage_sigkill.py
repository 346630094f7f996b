"""A SIGKILL at any moment loses no row of an answer that was already shown.

A child `tradeqa ask --db PATH --json` answers a continuous stream of questions from stdin and
is killed mid-stream; every answer it printed must have its row, and the database must pass
PRAGMA integrity_check and open again for more logging. On SQLite and PostgreSQL alike.

The child answers one line at a time, so its rows are in the order of its answers: the answers
it printed must be exactly the first rows it left, question, outcome and fact alike (stronger
than looking each one up by text, which would also miss a row written twice).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from storage_helpers import integrity, postgres_rows

from storage import QueryLog

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tradeqa.cli") is None,
    reason="needs `tradeqa ask --db PATH --json` (tradeqa/cli.py) to drive a child process",
)

ANSWERABLE = ("what is the h20 chip", "who is jensen huang", "who is nvidia's ceo")


def question(round_number: int, n: int) -> str:
    if n % 2:
        return ANSWERABLE[n // 2 % len(ANSWERABLE)]
    # A miss, unique to this child and position: misses are logged too.
    return f"what is the weather on mars in round {round_number} question {n}"


def feed(stdin, round_number: int, stop: threading.Event) -> None:
    """Write unique questions until the child dies (the pipe breaks) or we are told to stop."""
    n = 0
    with contextlib.suppress(BrokenPipeError, OSError, ValueError):
        while not stop.is_set() and n < 20_000:
            stdin.write(question(round_number, n) + "\n")
            stdin.flush()
            n += 1


def run_and_kill(db: Path | str, cwd: Path, round_number: int, kill_after: int) -> list[dict]:
    """Start the child, let it print `kill_after` answers, SIGKILL it while it keeps going, and
    return every complete answer line it managed to print."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tradeqa.cli", "ask", "--db", str(db), "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stop = threading.Event()
    feeder = threading.Thread(target=feed, args=(child.stdin, round_number, stop), daemon=True)
    feeder.start()
    printed: list[str] = []
    try:
        for line in child.stdout:
            printed.append(line)
            if len(printed) >= kill_after:
                child.send_signal(signal.SIGKILL)  # mid-stream: more questions are waiting
                break
        else:
            pytest.fail(f"the child stopped by itself:\n{child.stderr.read()}")
        # Whatever it printed before dying counts as shown too.
        printed.extend(child.stdout.read().splitlines(keepends=True))
    finally:
        stop.set()
        child.kill()
        child.wait(timeout=60)
        feeder.join(timeout=10)
        for stream in (child.stdin, child.stdout, child.stderr):
            with contextlib.suppress(OSError, BrokenPipeError):
                stream.close()
    assert child.returncode == -signal.SIGKILL
    # A line cut short by the kill was never fully shown; every complete one was.
    return [json.loads(line) for line in printed if line.endswith("\n")]


def rows_in_order(db: Path | str) -> list[tuple[str, bool, str | None]]:
    sql = "SELECT question, outcome, fact_id FROM queries ORDER BY rowid"  # insertion order
    if isinstance(db, str):
        if postgres_rows(db, "SELECT to_regclass('queries')") == [(None,)]:
            return []
        rows = postgres_rows(db, sql)
    elif not db.exists():
        return []
    else:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            rows = list(conn.execute(sql))
    return [(question, outcome == "answered", fact_id) for question, outcome, fact_id in rows]


@pytest.mark.parametrize("kill_after", [1, 37, 150])
async def test_every_answer_printed_before_a_sigkill_has_its_row(tmp_path, log_db, kill_after):
    db = log_db
    for round_number in range(2):  # the second child opens what the first one left behind
        before = len(rows_in_order(db))
        shown = run_and_kill(db, tmp_path, round_number, kill_after + round_number * 11)
        assert integrity(db) == "ok"

        assert len(shown) >= kill_after + round_number * 11
        assert [a["question"] for a in shown] == [
            question(round_number, n) for n in range(len(shown))
        ]
        rows = rows_in_order(db)[before:]
        # Every printed answer has its row (and in order); rows committed but not yet printed
        # when the kill came may follow: committed-before-shown allows that, never the reverse.
        assert rows[: len(shown)] == [(a["question"], a["answered"], a["fact_id"]) for a in shown]
        assert len(rows) - len(shown) <= 1
        if len(shown) > 2:
            assert {a["answered"] for a in shown} == {True, False}

    # And the log is still perfectly usable afterwards.
    async with await QueryLog.open(db) as log:
        assert log.health.available
    assert integrity(db) == "ok"
