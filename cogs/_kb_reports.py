"""How `/kb reload`, `/kb check` and the automatic reload report to moderators.

A refusal is a warning (amber, not the grey of a miss): each problem leads with its place,
`file:line:col` in code formatting, the place to look first, and every page says what to do
next. A success says what changed, with the version in the footer, not in the title.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import discord

from cogs import _safe_text as limits
from cogs._answer_embed import ANSWERED
from cogs._review_screens import plural
from knowledge.problems import Problem, first_lines
from tradeqa.reload_relay import ReloadEverywhere
from tradeqa.service import ReloadReport

WARNING = discord.Colour.from_rgb(230, 126, 34)

REFUSED_NEXT = (
    "Fix the file at the place shown first, run `/kb check` until it says the files are "
    "valid, then `/kb reload`."
)
CHECK_NEXT = "Fix the file at the place shown first, then run `/kb check` again."
STILL_OLD = "Nothing changed: the bot still answers from the previous knowledge base."

# A YAML parser reports where it gave up ("found unexpected end of stream", at the file's
# end) and, in parentheses, where the trouble began ("while scanning a quoted scalar at
# line 3, column 12"): the beginning is where to look, so it is shown first.
_STARTED_AT = re.compile(
    r"^(?P<head>[^:]*): (?P<what>.*) \((?P<context>while [^()]*?) at line (?P<line>\d+), "
    r"column (?P<column>\d+)\)$"
)


def _shown_file(problem: Problem, roots: Sequence[Path]) -> Path:
    shown = problem.file
    for root in roots:
        with contextlib.suppress(ValueError):
            shown = problem.file.relative_to(root if root.is_dir() else root.parent)
            if shown == Path("."):  # about the folder itself
                shown = Path(root.name)
            break
    return shown


def where_to_look(problem: Problem) -> tuple[int, int, str]:
    """(line, column, message) with the place the trouble began first."""
    found = _STARTED_AT.match(problem.message)
    if found is None:
        return problem.line, problem.column, problem.message
    message = (
        f"{found['head']}: {found['what']} {found['context']} that starts here "
        f"(reported at {problem.line}:{problem.column})"
    )
    return int(found["line"]), int(found["column"]), message


def problem_line(problem: Problem, roots: Sequence[Path]) -> str:
    """`file:line:col` message, the file relative to its knowledge folder when possible."""
    line, column, message = where_to_look(problem)
    place = str(_shown_file(problem, roots))
    if line > 0:  # 0:0 is about the whole file (unreadable, a symlink loop): no place in it
        place += f":{line}:{column}"
    place = place.replace("`", "'")
    return f"`{place}` {limits.neutralise(message)}"


def problem_lines(problems: Sequence[Problem], roots: Sequence[Path]) -> list[str]:
    """The first problems as lines, then how many more: run it off the event loop."""
    return first_lines(problems, lambda problem: problem_line(problem, roots))


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


@dataclass(frozen=True)
class Screen:
    """One report as moderators see it: paged lines under a title, a next step, a footer."""

    title: str
    lines: list[str]
    colour: discord.Colour
    next_step: str = ""
    footer: str = ""


def reload_screen(report: ReloadReport, roots: Sequence[Path]) -> Screen:
    """What a reload did, or why nothing changed. Formatting thousands of problems stalls
    the event loop: call it with asyncio.to_thread."""
    if not report.ok:
        title = f"Reload refused: {_count(len(report.problems), 'problem')} in the knowledge files"
        lines = [STILL_OLD, *problem_lines(report.problems, roots)]
        return Screen(title, lines, WARNING, REFUSED_NEXT)
    lines = [f"➕ added `{fact_id}`" for fact_id in report.added]
    lines += [f"✏️ changed `{fact_id}`" for fact_id in report.changed]
    lines += [f"➖ removed `{fact_id}`" for fact_id in report.removed]
    counts = zip(
        ("added", "changed", "removed"),
        (len(report.added), len(report.changed), len(report.removed)),
        strict=True,
    )
    changes = ", ".join(f"{n:,} {what}" for what, n in counts if n)
    title = f"Knowledge base reloaded: {_count(report.fact_count, 'fact')}"
    summary = f"Facts: {changes}." if changes else "No facts changed."
    pending = awaiting_review_line(*report.awaiting_review)
    lines = [summary, *([pending] if pending else []), *lines]
    return Screen(title, lines, ANSWERED, footer=f"Version {report.version}")


def awaiting_review_line(facts: int, entities: int) -> str:
    """What `kb draft` left for a moderator, and what it means for answers until then."""
    if not (facts or entities):
        return ""
    parts = [plural(facts, "drafted fact")] if facts else []
    if entities:
        parts.append(plural(entities, "proposed entity", "proposed entities"))
    verb = "awaits" if facts + entities == 1 else "await"
    return (
        f"📝 {' and '.join(parts)} {verb} review (marked `reviewed: false`): until then a "
        "draft answers only what reviewed facts leave unanswered, marked as a draft."
    )


def with_processes(screen: Screen, everywhere: ReloadEverywhere, own_origin: str) -> Screen:
    """The reload screen with which processes (shards) reloaded and which have not answered
    yet, when other processes share the database; unchanged when this one is alone."""
    others = [a for a in everywhere.answers if a.origin != own_origin]
    if not (others or everywhere.waiting_for or everywhere.trouble):
        return screen
    lines: list[str] = []
    if everywhere.trouble:
        lines.append(
            "⚠️ Reloaded here only: the other processes could not be told (the database is "
            "unreachable). Run `/kb reload` again once it is back."
        )
    reloaded = sum(a.outcome == "reloaded" for a in everywhere.answers)
    expected = len(everywhere.answers) + len(everywhere.waiting_for)
    if expected:
        lines.append(f"**Processes**: {reloaded} of {expected} reloaded")
    for answer in everywhere.answers:
        icon = "✅" if answer.outcome == "reloaded" else "⚠️"
        who = "this process" if answer.origin == own_origin else limits.echo(answer.origin, 80)
        lines.append(
            f"{icon} shards `{answer.shards}` ({who}): {answer.outcome}, "
            f"{_count(answer.fact_count, 'fact')}"
        )
    for listener in everywhere.waiting_for:
        lines.append(
            f"⌛ shards `{listener.shards}` ({limits.echo(listener.origin, 80)}): "
            "has not answered yet"
        )
    return dataclasses.replace(screen, lines=[screen.lines[0], *lines, *screen.lines[1:]])


def check_screen(problems: Sequence[Problem], roots: Sequence[Path]) -> Screen:
    if not problems:
        return Screen("The knowledge files are valid", ["A reload would succeed."], ANSWERED)
    title = f"{_count(len(problems), 'problem')} in the knowledge files"
    return Screen(title, problem_lines(problems, roots), WARNING, CHECK_NEXT)


def screen_embed(screen: Screen, footer: str = "") -> discord.Embed:
    """A whole screen as one embed (the automatic reload's report to a channel)."""
    embed = discord.Embed(
        title=limits.clip(screen.title, limits.EMBED_TITLE),
        description="\n".join(screen.lines),
        colour=screen.colour,
    )
    if screen.next_step:
        embed.add_field(name="Next step", value=screen.next_step, inline=False)
    text = " · ".join(part for part in (footer, screen.footer) if part)
    if text:
        embed.set_footer(text=text)
    return limits.fit_embed(embed)
