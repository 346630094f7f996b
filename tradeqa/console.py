"""`tradeqa chat`: the bot in a terminal, on the same answering path and query log.

For trying the bot without Discord, and for moderators checking their edits (`/reload`).
On a terminal, lines are read with the standard `readline` module: arrows edit the line,
up and down walk the history (kept in ~/.tradeqa_history, or $TRADEQA_HISTORY), and
Ctrl-D or Ctrl-C leave. Piped input works too: no banner, no prompt, only answers.
Only questions are asked and logged: `/commands`, unknown ones included, and suggestion
numbers never are. Picking a suggestion resolves the question it was offered for, as a
Discord button does (TradeQA.resolve).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from knowledge.answer import Suggestion
from knowledge.problems import first_lines
from tradeqa.answer_text import chat_text
from tradeqa.service import Asker, TradeQA
from tradeqa.user_input import (
    ctrl_c_allowed,
    hold_ctrl_c,
    read_lines,
    release_ctrl_c,
    user_name,
)

COMMANDS = {
    "/reload": "reload the knowledge files (they are validated first)",
    "/help": "this text",
    "/quit": "leave (or Ctrl-D, or Ctrl-C)",
}
HELP = (
    "Type a question and press Enter. After a miss, type a suggestion's number to get that "
    "answer.\n" + "\n".join(f"  {name:<9} {what}" for name, what in COMMANDS.items())
)
BANNER = "tradeqa chat: ask about the trade-policy news in the knowledge base. /help for help."
HISTORY_ENV = "TRADEQA_HISTORY"
HISTORY_LENGTH = 1000


class Console:
    """What one line typed into the console gets back; None means leave."""

    def __init__(self, service: TradeQA, asker: Asker | None = None) -> None:
        self.service = service
        self.asker = asker or Asker(surface="console", user_name=user_name())
        self.suggestions: Sequence[Suggestion] = ()
        self.offered_for = ""  # the log id of the question the suggestions answer

    async def respond(self, line: str) -> str | None:
        text = line.strip()
        if not text:
            return ""
        if text.startswith("/"):
            return await self._command(text.split()[0].lower())
        if text.isascii() and text.isdigit():  # picking a suggestion, never a question
            return await self._pick(text)
        reply = await self.service.ask(text, self.asker)
        offered = reply.answer.outcome in ("unanswered", "related")
        self.suggestions = reply.answer.suggestions if offered else ()
        self.offered_for = reply.query_id
        return chat_text(reply.answer) + "\n"

    async def _command(self, name: str) -> str | None:
        if name in ("/quit", "/exit"):
            return None
        if name == "/help":
            return HELP
        if name == "/reload":
            report = await self.service.reload(self.asker)
            # The first problems, then a count.
            return "\n".join(
                [report.summary(), *(f"  {line}" for line in first_lines(report.problems))]
            )
        known = ", ".join(COMMANDS)
        return f"Unknown command {name}. Commands: {known}. Anything else is a question."

    async def _pick(self, text: str) -> str:
        count = len(self.suggestions)
        if count == 0:
            return "There are no suggestions to pick from: ask a question in words."
        number = int(text[:6])  # digits only; a huge number is just out of range
        if not 1 <= number <= count:
            return f"There is no suggestion {text[:6]}: type 1 to {count}, or a question."
        fact_id = self.suggestions[number - 1].fact_id
        reply = await self.service.resolve(self.offered_for, fact_id, self.asker)
        self.suggestions = ()
        return chat_text(reply.answer) + "\n"


async def chat(
    service: TradeQA,
    stdin: TextIO | None,
    stdout: TextIO,
    *,
    interactive: bool | None = None,
) -> int:
    """Answer each line of `stdin` until end of input or /quit (piped input, tests)."""
    interactive = bool(stdin and stdin.isatty()) if interactive is None else interactive
    console = Console(service)

    def say(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    def prompt() -> None:
        if interactive:
            stdout.write("? ")
            stdout.flush()

    if interactive:
        say(BANNER)
    prompt()
    async for line in read_lines(stdin):
        response = await console.respond(line)
        if response is None:
            break
        if response:
            say(response)
        prompt()
    return 0


# -- on a terminal -----------------------------------------------------------------------------


def history_file() -> Path | None:
    """Where the question history is kept; TRADEQA_HISTORY= (empty) keeps none."""
    configured = os.environ.get(HISTORY_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    return Path("~/.tradeqa_history").expanduser()


def _start_history():
    """Line editing and history via readline; None where readline is not available."""
    try:
        import readline
    except ImportError:  # e.g. Windows: plain input() still works
        return None
    path = history_file()
    readline.set_history_length(HISTORY_LENGTH)
    if path is not None and path.is_file():
        with contextlib.suppress(OSError):  # unreadable: start a fresh history
            readline.read_history_file(path)
    return readline


def _save_history(readline) -> None:
    path = history_file()
    if readline is None or path is None:
        return
    with contextlib.suppress(OSError):  # a read-only home: no history, no error
        # Questions may be private: readable by their owner only.
        path.touch(mode=0o600, exist_ok=True)
        os.chmod(path, 0o600)
        readline.write_history_file(path)


def interactive(runner: asyncio.Runner, console: Console, stdout: TextIO = sys.stdout) -> int:
    """The terminal loop: input() in the main thread (so readline and Ctrl-C behave),
    each line answered on the runner's event loop. Call with SIGINT held (hold_ctrl_c)."""
    readline = _start_history()
    print(BANNER, file=stdout)
    try:
        while True:
            try:
                with ctrl_c_allowed():
                    line = input("? ")
            except (EOFError, KeyboardInterrupt):  # Ctrl-D, Ctrl-C: leave cleanly
                print(file=stdout)
                return 0
            except UnicodeDecodeError:  # a strict terminal encoding and a stray byte
                print("That line was not readable text; please type it again.", file=stdout)
                continue
            response = runner.run(console.respond(line))
            if response is None:
                return 0
            if response:
                print(response, file=stdout, flush=True)
    finally:
        _save_history(readline)


def main(
    *,
    knowledge: Sequence[Path | str] | None,
    db: Path | str | None,
    log: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Open the bot's service, chat until the end, close it (queued log rows are written).

    Raises KnowledgeError when the knowledge files are invalid.
    """
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    on_terminal = stdin is not None and stdin.isatty() and stdout.isatty()
    if on_terminal:
        hold_ctrl_c()  # Ctrl-C is let through only while waiting for a line (user_input.py)
    try:
        with asyncio.Runner() as runner:
            try:
                service = runner.run(TradeQA.open(knowledge=knowledge or None, db=db, log=log))
            except KeyboardInterrupt:
                return 130
            try:
                if on_terminal:
                    return interactive(runner, Console(service), stdout)
                return runner.run(chat(service, stdin, stdout, interactive=False))
            except KeyboardInterrupt:
                return 0
            finally:
                runner.run(service.close())
    finally:
        if on_terminal:
            with contextlib.suppress(KeyboardInterrupt):
                release_ctrl_c()
