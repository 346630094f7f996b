"""The `tradeqa` command line as a user runs it: ask, kb check, kb test, errors."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from tradeqa.cli import main

FACT_FILE = """\
sources:
  - id: memo
    headline: A memo
facts:
  - id: tariff-on-widgets
    title: Widget tariff
    answer: Widgets carry a 7% tariff.
    kind: figure
    figures:
      - {as_written: 7%, amount: 7, unit: percent, measures: the tariff on widgets}
    questions: [what is the tariff on widgets?]
    sources:
      - {source: memo, excerpt: widgets}
"""


def run_cli(*argv: str, stdin: str | None = None, env: dict | None = None, cwd=None):
    """The installed console script, in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "tradeqa.cli", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def test_ask_json_has_the_public_fields(tmp_path, capsys):
    code = main(["ask", "--json", "--db", str(tmp_path / "q.db"), "china share of nvidia sales?"])
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert {"question", "answered", "fact_id", "answer", "score", "suggestions"} <= set(answer)
    assert answer["answered"] is True
    assert answer["fact_id"] == "china-share-of-nvidia-sales-2024"
    assert "13%" in answer["answer"]


def test_a_miss_in_json_has_null_answer_and_suggestions(tmp_path, capsys):
    main(["ask", "--json", "--db", str(tmp_path / "q.db"), "What is Apple's market cap?"])
    answer = json.loads(capsys.readouterr().out)
    assert answer["answered"] is False
    assert answer["fact_id"] is None and answer["answer"] is None
    assert answer["suggestions"] == [
        {"fact_id": "nvidia-4-trillion-valuation", "title": answer["suggestions"][0]["title"]}
    ]


def test_stdin_questions_are_answered_in_order_and_logged(tmp_path):
    db = tmp_path / "q.db"
    questions = ["when is huang in beijing?", "hello", "what did bessent say?"]
    result = run_cli("ask", "--json", "--db", str(db), stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    with sqlite3.connect(db) as con:
        logged = [r[0] for r in con.execute("SELECT question FROM queries ORDER BY rowid")]
    assert logged == questions


def test_no_log_writes_no_database(tmp_path, capsys):
    main(["ask", "--no-log", "--db", str(tmp_path / "q.db"), "hi"])
    assert "Ask me about" in capsys.readouterr().out
    assert not (tmp_path / "q.db").exists()


def test_the_database_defaults_to_tradeqa_db_env(tmp_path):
    env = {"TRADEQA_DB": str(tmp_path / "env.db"), "PATH": "/usr/bin:/bin"}
    result = run_cli("ask", "hi", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()


def test_a_knowledge_folder_can_replace_the_bundled_one(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "widgets.yaml").write_text(FACT_FILE)
    main(["ask", "--no-log", "--knowledge", str(folder), "--json", "widget tariff?"])
    assert json.loads(capsys.readouterr().out)["fact_id"] == "tariff-on-widgets"
    monkeypatch.setenv("TRADEQA_KNOWLEDGE", str(folder))
    main(["ask", "--no-log", "--json", "when is huang in beijing?"])
    assert json.loads(capsys.readouterr().out)["answered"] is False


def test_kb_check_passes_the_bundled_knowledge(capsys):
    assert main(["kb", "check"]) == 0
    out = capsys.readouterr().out.strip()
    facts = len(load_knowledge([BUNDLED_DIR]).facts)
    assert out.startswith("ok:") and f"{facts} facts" in out and len(out.splitlines()) == 1


def test_kb_check_reports_file_line_and_column(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(FACT_FILE.replace("    answer: Widgets carry a 7% tariff.\n", ""))
    assert main(["kb", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"{broken}:5:5:" in out and "answer" in out  # the fact that lacks it
    assert "Traceback" not in out


def test_kb_test_reports_both_splits_and_judges_the_holdout(capsys):
    code = main(["kb", "test"])
    out = capsys.readouterr().out
    assert "tune split" in out and "holdout split" in out
    assert "(targets judged here)" in out.split("holdout split", 1)[1].splitlines()[0]
    assert "ranking, right fact answered or first suggested" in out
    # The exit status is the holdout's verdict: 0 only when every target there is met.
    judged = out.split("holdout split", 1)[1]
    assert code == (1 if "FAIL" in judged else 0)


def test_kb_test_json_names_the_split_it_judges(capsys):
    main(["kb", "test", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["judged_on"] == "holdout"
    assert set(report["splits"]) == {"tune", "holdout"}
    assert all(f["question"] for f in report["failures"])


@pytest.mark.parametrize(
    "argv",
    [["ask", "--bogus"], ["nonsense"], ["kb"], ["kb", "test", "--json", "--nope"]],
)
def test_bad_arguments_get_one_line_and_exit_2(argv):
    result = run_cli(*argv)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "error:" in result.stderr


def test_help_names_every_subcommand():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("ask", "kb", "logs"):
        assert command in result.stdout


def test_bundled_files_are_found_from_any_directory(tmp_path):
    result = run_cli("ask", "--no-log", "mi308?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "MI308" in result.stdout
    assert Path(tmp_path).exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_waiting_for_input_closes_cleanly(tmp_path, signum, code):
    db = tmp_path / "q.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "tradeqa.cli", "ask", "--json", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    child.stdin.write("when is huang in beijing?\n")
    child.stdin.flush()
    assert json.loads(child.stdout.readline())["answered"] is True
    child.send_signal(signum)  # stdin stays open: the reader is blocked on it
    assert child.wait(timeout=30) == code
    assert "Traceback" not in child.stderr.read()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM queries").fetchone() == (1,)


def _no_passwd_entry():
    raise KeyError("getpwuid(): uid not found: 54321")


def test_a_user_without_a_passwd_entry_can_ask(tmp_path, capsys, monkeypatch):
    # Containers often run as a uid with no name: getpass.getuser() raises KeyError there.
    monkeypatch.setattr("getpass.getuser", _no_passwd_entry)
    db = tmp_path / "q.db"
    assert main(["ask", "--db", str(db), "china share of nvidia sales?"]) == 0
    assert "13%" in capsys.readouterr().out
    with sqlite3.connect(db) as con:
        [(name,)] = con.execute("SELECT user_name FROM queries").fetchall()
    assert name.startswith("uid ")


def test_ask_and_logs_read_the_database_named_in_dot_env(tmp_path):
    """The bot, `chat`, `ask` and `logs` read one configuration: a TRADEQA_DB in .env is
    where `ask` logs and where `logs` reads, so an admin sees the bot's log."""
    db = tmp_path / "from-dotenv.db"
    (tmp_path / ".env").write_text(f"TRADEQA_DB={db}\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin"}
    asked = run_cli("ask", "when is huang in beijing?", cwd=tmp_path, env=env)
    assert asked.returncode == 0, asked.stderr
    assert db.exists() and not (tmp_path / "tradeqa.db").exists()
    recent = run_cli("logs", "recent", "--json", cwd=tmp_path, env=env)
    assert recent.returncode == 0, recent.stderr
    assert "when is huang in beijing?" in recent.stdout
