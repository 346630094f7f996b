"""`tradeqa chat` as people use it: on a terminal (a pty), piped, and line by line."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from knowledge_helpers import knowledge_copy

from tradeqa.console import COMMANDS, Console
from tradeqa.service import TradeQA

UP_ARROW = b"\x1b[A"
QUESTION = "china share of nvidia sales?"


def logged(db: Path) -> list[str]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as con:
        return [row[0] for row in con.execute("SELECT question FROM queries ORDER BY rowid")]


@pytest.fixture
async def console(tmp_path):
    service = await TradeQA.open(knowledge=[knowledge_copy(tmp_path)], db=tmp_path / "q.db")
    yield Console(service)
    await service.close()


async def test_unknown_commands_get_the_command_list_and_are_never_logged(console, tmp_path):
    for line in ("/frobnicate", "/Ask h20?", "/"):
        response = await console.respond(line)
        assert all(name in response for name in COMMANDS), response
    assert await console.respond("/help") and await console.respond("/quit") is None
    await console.service.close()
    assert logged(tmp_path / "q.db") == []


async def test_a_suggestion_number_out_of_range_is_an_error_not_a_question(console, tmp_path):
    assert "no suggestions" in await console.respond("2")  # nothing on offer yet
    miss = await console.respond("where is nvidia headquartered?")
    assert "Did you mean:" in miss
    offered = len(console.suggestions)
    for number in ("0", str(offered + 1), "9" * 5000):
        assert f"type 1 to {offered}" in await console.respond(number)
    assert "Source:" in await console.respond("1")
    await console.service.close()
    assert logged(tmp_path / "q.db") == ["where is nvidia headquartered?"]  # the pick is not


async def test_picking_a_suggestion_resolves_the_question_as_a_discord_button_does(
    console, tmp_path
):
    miss = await console.respond("where is nvidia headquartered?")
    picked = console.suggestions[0]
    answer = await console.respond("1")
    assert answer.startswith(console.service.fact(picked.fact_id).answer)
    await console.service.close()
    with sqlite3.connect(tmp_path / "q.db") as con:
        questions = con.execute("SELECT query_id, question, outcome FROM queries").fetchall()
        votes = con.execute("SELECT query_id, helpful, picked_fact FROM feedback").fetchall()
    # One question, still the miss it was; the pick is the asker's helpful vote on it, so
    # `tradeqa logs learned` can offer its wording to teach.
    [(query_id, question, outcome)] = questions
    assert (question, outcome) == ("where is nvidia headquartered?", "unanswered"), miss
    assert votes == [(query_id, 1, picked.fact_id)]


def _chat_child(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tradeqa", "chat", "--db", str(tmp_path / "q.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )


@pytest.mark.parametrize("command", ["chat", "ask"])
def test_invalid_utf8_on_a_strict_stdin_neither_hangs_nor_crashes(tmp_path, command):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict decoding of sys.stdin
    done = subprocess.run(
        [sys.executable, "-m", "tradeqa", command, "--db", str(tmp_path / "q.db")],
        input=b"china share of nvidia sales?\nbad \xff\xfe byte\nwhen is huang in beijing?\n",
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert b"13%" in done.stdout and b"Beijing" in done.stdout
    assert logged(tmp_path / "q.db")[1] == "bad \ufffd\ufffd byte"


def test_no_standard_input_at_all_is_end_of_input(tmp_path):
    for command in ("chat", "ask"):
        done = subprocess.run(
            [sys.executable, "-m", "tradeqa", command, "--no-log"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            cwd=tmp_path,
            timeout=60,
            preexec_fn=lambda: os.close(0),
        )
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr


class Terminal:
    """`tradeqa chat` on a pseudo-terminal, as a person at a keyboard runs it."""

    def __init__(self, tmp_path: Path, history: Path) -> None:
        env = {**os.environ, "TRADEQA_HISTORY": str(history), "TERM": "xterm"}
        argv = [sys.executable, "-m", "tradeqa", "chat", "--db", str(tmp_path / "q.db")]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: its controlling terminal is the pty
            os.chdir(tmp_path)
            os.execve(sys.executable, argv, env)
        self.seen = b""

    def read_until(self, wanted: bytes, count: int = 1, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        while self.seen.count(wanted) < count:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise AssertionError(f"no {wanted!r} in {self.seen[-500:]!r}")
            try:
                self.seen += os.read(self.fd, 4096)
            except OSError:  # the child has gone
                raise AssertionError(f"no {wanted!r} in {self.seen[-500:]!r}") from None
        return self.seen

    def type(self, keys: bytes) -> None:
        # As fast as a person, not faster: CPython's readline misses a signal that arrives
        # while it is between two waits for a key (it then leaves at the next key).
        time.sleep(0.2)
        os.write(self.fd, keys)

    def exit_code(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with_output = select.select([self.fd], [], [], 0.1)[0]
            if with_output:
                with contextlib.suppress(OSError):  # the child has gone
                    self.seen += os.read(self.fd, 4096)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"still running: {self.seen[-500:]!r}")


@pytest.mark.parametrize("leave", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_on_a_terminal_the_up_arrow_recalls_and_ctrl_c_or_d_leaves(tmp_path, leave):
    history = tmp_path / "history"
    term = Terminal(tmp_path, history)
    term.read_until(b"? ")
    term.type(QUESTION.encode() + b"\r")
    term.read_until(b"13%")
    term.read_until(b"? ", count=2)
    term.type(UP_ARROW + b"\r")  # the previous question again, not '^[[A'
    term.read_until(b"13%", count=2)
    term.read_until(b"? ", count=3)
    term.type(leave)
    assert term.exit_code() == 0
    assert b"Traceback" not in term.seen
    assert logged(tmp_path / "q.db") == [QUESTION, QUESTION]
    assert QUESTION in history.read_text()
    assert history.stat().st_mode & 0o077 == 0  # questions are private


def test_ctrl_c_while_reading_leaves_at_once_and_keeps_what_was_logged(tmp_path):
    term = Terminal(tmp_path, tmp_path / "history")
    term.read_until(b"? ")
    term.type(b"when is huang in beijing?\r")
    term.read_until(b"Beijing this Wednesday")
    term.read_until(b"? ", count=2)
    term.type(b"half a question")
    term.read_until(b"half a question")
    term.type(b"\x03")
    assert term.exit_code() == 0
    assert logged(tmp_path / "q.db") == ["when is huang in beijing?"]
