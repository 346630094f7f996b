"""How `/logs stats` and `/logs unanswered` read: every count named, plurals right, the
period said, so an admin never wonders what a number includes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import discord

from cogs import _safe_text as limits
from cogs._answer_embed import INFO
from storage.review_records import DayStats, UnansweredGroup
from tradeqa.chart import render_daily_chart

STATS_FILE = "stats.png"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def period(days: int | None) -> str:
    """ "last 7 days", "last day", or "all time" when no number of days was given."""
    if not days:
        return "all time"
    return "last day" if days == 1 else f"last {days} days"


def span(start: date, end: date) -> str:
    """ "Jun 29 – Jul 30, 2025"; the year twice only when it differs."""
    first = f"{start:%b} {start.day}" + (f", {start.year}" if start.year != end.year else "")
    return f"{first} – {end:%b} {end.day}, {end.year}"


def stats_screen(daily: Sequence[DayStats], days: int, today: date) -> tuple[discord.Embed, bytes]:
    """The embed and chart of `/logs stats`: CPU work, call it with asyncio.to_thread.

    The window is every day the filter reaches (from `days` ago to today, UTC), not only
    the days with questions."""
    start = today - timedelta(days=days)
    png = render_daily_chart(
        daily, title=f"Questions a day, {span(start, today)} (UTC)", start=start, end=today
    )
    asked = sum(d.questions for d in daily)
    answered = sum(d.answered for d in daily)
    missed = sum(d.unanswered for d in daily)
    rest = asked - answered - missed
    lines = [
        f"**{plural(asked, 'message')}** to the bot in the {period(days)} (UTC):",
        f"🟦 **{answered:,}** answered",
        f"⬜ **{missed:,}** not answered (nothing on it, or only a related fact)",
    ]
    if rest:
        lines.append(f"▫️ **{rest:,}** greetings, help, empty or refused (cooldown)")
    if answered + missed:
        rate = answered / (answered + missed)
        lines += [
            "",
            f"Answer rate **{rate:.0%}**: answered ÷ (answered + not answered); "
            "greetings and the like don't count.",
        ]
    embed = discord.Embed(
        title=f"Questions in the {period(days)}", description="\n".join(lines), colour=INFO
    )
    embed.set_image(url=f"attachment://{STATS_FILE}")
    return limits.fit_embed(embed), png


def unanswered_lines(groups: Sequence[UnansweredGroup], *, show_wordings: bool) -> list[str]:
    """One line per missed question: how often, by how many people, and its wordings when
    asked for (else how many there are)."""
    lines = []
    for group in groups:
        line = (
            f"**{group.count:,}×** {limits.echo(group.question, 200)} · "
            f"{plural(group.askers, 'person', 'people')}"
        )
        others = group.wordings[1:]
        if others and not show_wordings:
            line += f" · {plural(len(group.wordings), 'wording')}"
        for wording, count in others if show_wordings else ():
            line += f"\n  ↳ {limits.echo(wording, 150)} ({count:,}×)"
        lines.append(line)
    if not show_wordings and any(len(g.wordings) > 1 for g in groups):
        lines.append("*Add `wordings: True` to list every wording of each question.*")
    return lines
