"""`tradeqa chat`: the bot in a terminal, on the same answering path and query log.

For trying the bot without Discord, and for moderators checking their edits (`/reload`).
Piped input works too: with no terminal there is no banner and no prompt, only answers.
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Sequence
from typing import TextIO

from knowledge.answer import Suggestion
from knowledge.problems import first_lines
from tradeqa.service import Asker, Reply, TradeQA

HELP = """\
Type a question and press Enter. After a miss, type a suggestion's number to get that answer.
  /reload   reload the knowledge files (they are validated first)
  /help     this text
  /quit     leave (or Ctrl-D)"""


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "console"


def format_reply(reply: Reply) -> str:
    answer = reply.answer
    lines = [answer.text]
    if answer.outcome == "unanswered" and answer.suggestions:
        lines = [answer.text.split(" Closest topics:")[0], "Did you mean:"]
        lines += [f"  {n}. {s.title}" for n, s in enumerate(answer.suggestions, start=1)]
        lines.append("(type a number)")
    elif answer.outcome == "related" and len(answer.suggestions) > 1:
        lines.append("Or did you mean:")
        lines += [f"  {n}. {s.title}" for n, s in enumerate(answer.suggestions, start=1)]
        lines.append("(type a number)")
    return "\n".join(lines)


async def chat(
    service: TradeQA,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool | None = None,
) -> int:
    """Answer each line of `stdin` until end of input or /quit."""
    interactive = stdin.isatty() if interactive is None else interactive
    asker = Asker(surface="console", user_name=_user_name())
    suggestions: Sequence[Suggestion] = ()

    def say(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    if interactive:
        say("tradeqa chat: ask about the trade-policy news in the knowledge base. /help for help.")
    while True:
        if interactive:
            stdout.write("? ")
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            break
        if text == "/help":
            say(HELP)
            continue
        if text == "/reload":
            report = await service.reload(asker)
            say(report.summary())
            for line in first_lines(report.problems):  # the first problems, then a count
                say(f"  {line}")
            continue
        if text.isdigit() and 1 <= int(text) <= len(suggestions):
            reply = await service.ask_fact(suggestions[int(text) - 1].fact_id, asker)
        else:
            reply = await service.ask(text, asker)
        offered = reply.answer.outcome in ("unanswered", "related")
        suggestions = reply.answer.suggestions if offered else ()
        say(format_reply(reply))
        say("")
    return 0
