"""The command line behaves as command lines do: version, help, errors that point to help."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest

from tradeqa import __version__
from tradeqa.cli import build_parser

TRADEQA = [sys.executable, "-m", "tradeqa"]


def run(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*TRADEQA, *argv], capture_output=True, text=True, timeout=120, **kwargs)


def test_version_is_printed_by_the_module_and_the_script():
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"tradeqa {__version__}"
    script = os.path.join(os.path.dirname(sys.executable), "tradeqa")
    assert subprocess.run([script, "--version"], capture_output=True, text=True).stdout == (
        done.stdout
    )


def test_a_bare_tradeqa_prints_the_help():
    done = run()
    assert done.returncode == 0
    assert done.stdout.startswith("usage: tradeqa")
    for command in ("ask", "chat", "kb", "logs", "run", "sync"):
        assert f"    {command} " in done.stdout


def _all_parsers(parser, prefix="tradeqa"):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub
                yield from _all_parsers(sub, f"{prefix} {name}")


@pytest.mark.parametrize("group", ["ask", "kb", "logs", "chat"])
def test_every_subcommand_help_page_has_a_description(group):
    parsers = list(_all_parsers(build_parser([group])))
    assert parsers
    for name, parser in parsers:
        assert parser.description, f"{name} --help has no description"


def test_the_logs_placeholder_says_what_the_full_logs_command_says():
    def logs_help(argv):
        [action] = [a for a in build_parser(argv)._actions if hasattr(a, "_choices_actions")]
        return {c.dest: c.help for c in action._choices_actions}["logs"]

    assert logs_help([]) == logs_help(["logs"])


@pytest.mark.parametrize(
    ("argv", "pointer"),
    [
        (["ask", "--bogus"], "tradeqa ask --help"),
        (["kb", "show"], "tradeqa kb show --help"),
        (["kb", "check", "--nope"], "tradeqa kb check --help"),
        (["logs", "recent", "--bogus"], "tradeqa logs recent --help"),
        (["logs", "recent", "--since", "someday"], "tradeqa logs recent --help"),
        (["chat", "--bogus"], "tradeqa chat --help"),
        (["nonsense"], "tradeqa --help"),
    ],
)
def test_an_error_is_one_line_pointing_to_the_right_help(argv, pointer):
    done = run(*argv)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert f"(see '{pointer}')" in line


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_import_nothing_heavy(option):
    # The matcher, pydantic, numpy and discord.py take ~0.4 s to import: only commands pay.
    code = (
        "import sys; from tradeqa.cli import main\n"
        f"try: main([{option!r}])\n"
        "except SystemExit: pass\n"
        "heavy = {'numpy', 'pydantic', 'discord', 'rapidfuzz', 'aiosqlite', 'yaml', 'asyncio'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # Not timed here (shared machines); measured: ~0.1 s, see the README.
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_ask_on_a_terminal_says_it_is_waiting_for_a_question(tmp_path):
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [*TRADEQA, "ask", "--no-log"],
        stdin=child,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    os.close(child)
    try:
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no hint on stderr"
        hint = os.read(process.stderr.fileno(), 4096).decode()
        assert "type a question" in hint and "Ctrl-D" in hint
        os.write(parent, b"china share of nvidia sales?\n\x04")
        out, _ = process.communicate(timeout=60)
        assert "13%" in out.decode()
    finally:
        process.kill()
        os.close(parent)


def test_ask_with_piped_input_prints_no_hint(tmp_path):
    done = run("ask", "--no-log", input="china share of nvidia sales?\n", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
