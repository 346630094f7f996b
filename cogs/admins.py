"""Admins: `/logs …` to review the query log of this server; the owner's `!sync`.

Reviews are limited to the server the command is used in. Purge and forget act on the
whole log (every server), and say so before anything is deleted.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _limits as limits
from cogs._access import ADMIN_NEED, Refused, is_admin, refuse
from cogs._answers import (
    ANSWERED,
    INFO,
    MISSED,
    NO_PINGS,
    asker_from_interaction,
    asker_from_message,
)
from cogs._paging import send_pages
from storage import EXPORT_FIELDS, LogFilter, LogNotFound, LogReview, utc_now
from tradeqa.chart import render_daily_chart

log = logging.getLogger("tradeqa.discord")

# Bots may upload 10 MiB per message; a bigger export belongs to `tradeqa logs export`.
MAX_UPLOAD = 10 * 1024 * 1024
CONFIRM_TIMEOUT = 120.0

Days = app_commands.Range[int, 1, 3650]


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        flat = dict(row)
        flat["suggestions"] = " ".join(row["suggestions"])
        flat["feedback"] = (
            json.dumps(row["feedback"], ensure_ascii=False) if row["feedback"] else ""
        )
        writer.writerow([flat[name] for name in EXPORT_FIELDS])
    return out.getvalue().encode("utf-8")


T = TypeVar("T")


class Confirm(discord.ui.View):
    """A destructive action runs only after its requester clicks the red button."""

    def __init__(
        self, owner_id: int, action: Callable[[discord.Interaction], Awaitable[str]]
    ) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.owner_id = owner_id
        self.action = action

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Working…", view=None, allowed_mentions=NO_PINGS
        )
        text = await self.action(interaction)
        await interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled: nothing was deleted.", view=None, allowed_mentions=NO_PINGS
        )


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admins(commands.GroupCog, group_name="logs", group_description="Review the query log"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @property
    def service(self):
        return self.bot.service  # type: ignore[attr-defined]

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not is_admin(interaction):
            raise Refused(ADMIN_NEED)
        return True

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, Refused):
            await refuse(interaction, error)

    # -- helpers ---------------------------------------------------------------------------

    async def _review(self, interaction: discord.Interaction) -> LogReview | None:
        """The query log opened for reading, or None after telling the admin why not."""
        path = self.service.db_path
        try:
            if path is None:
                raise LogNotFound("logging is switched off")
            return await LogReview.open(path)
        except LogNotFound:
            await interaction.followup.send(
                "There is no query log to review (logging is off, or nobody has asked yet).",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return None

    async def _read(
        self, interaction: discord.Interaction, query: Callable[[LogReview], Awaitable[T]]
    ) -> T | None:
        """Defer, run one review query on the log, close it; None if there is no log."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        review = await self._review(interaction)
        if review is None:
            return None
        async with review:
            return await query(review)

    def _filter(
        self, interaction: discord.Interaction, days: int | None, channel=None
    ) -> LogFilter:
        since = utc_now() - timedelta(days=days) if days else None
        return LogFilter(
            since=since,
            guild_id=interaction.guild_id,
            channel_id=channel.id if channel is not None else None,
        )

    # -- reviewing -------------------------------------------------------------------------

    @app_commands.command(name="recent", description="The latest questions asked in this server")
    @app_commands.describe(days="Only the last N days", channel="Only this channel")
    async def recent(
        self,
        interaction: discord.Interaction,
        days: Days | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        queries = await self._read(
            interaction, lambda r: r.recent(self._filter(interaction, days, channel), limit=200)
        )
        if queries is None:
            return
        icons = {"answered": "✅", "unanswered": "❔", "refused": "⏳"}
        lines = []
        for q in queries:
            votes = f" · 👍{q.helpful_votes} 👎{q.unhelpful_votes}" if q.votes else ""
            target = f" → `{q.fact_id}`" if q.fact_id else ""
            lines.append(
                f"`{_when(q.asked_at)}` {icons.get(q.outcome, '•')} {limits.echo(q.question, 200)}"
                f"{target}{votes}"
            )
        await send_pages(
            interaction, "Recent questions", lines, colour=INFO, empty="No questions yet."
        )

    @app_commands.command(name="unanswered", description="What people asked that the bot missed")
    @app_commands.describe(days="Only the last N days")
    async def unanswered(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        groups = await self._read(
            interaction, lambda r: r.unanswered(self._filter(interaction, days), limit=100)
        )
        if groups is None:
            return
        lines = [
            f"**{g.count}×** ({g.askers} people) {limits.echo(g.question, 200)}"
            + (f" · {len(g.wordings)} wordings" if len(g.wordings) > 1 else "")
            for g in groups
        ]
        await send_pages(
            interaction, "Unanswered questions", lines, colour=MISSED, empty="Nothing missed."
        )

    @app_commands.command(name="top", description="The facts that answer most often")
    @app_commands.describe(days="Only the last N days")
    async def top(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        facts = await self._read(
            interaction, lambda r: r.top_facts(self._filter(interaction, days), limit=50)
        )
        if facts is None:
            return
        lines = [f"**{f.asked}×** `{f.fact_id}` · 👍{f.helpful} 👎{f.unhelpful}" for f in facts]
        await send_pages(interaction, "Top facts", lines, colour=ANSWERED, empty="No answers yet.")

    @app_commands.command(name="feedback", description="Votes on the bot's answers")
    @app_commands.describe(days="Only the last N days", only_unhelpful="Only 👎 votes (default)")
    async def feedback(
        self,
        interaction: discord.Interaction,
        days: Days | None = None,
        only_unhelpful: bool = True,
    ) -> None:
        entries = await self._read(
            interaction,
            lambda r: r.feedback(
                self._filter(interaction, days), only_unhelpful=only_unhelpful, limit=200
            ),
        )
        if entries is None:
            return
        lines = [
            f"`{_when(e.voted_at)}` {'👍' if e.helpful else '👎'} {limits.echo(e.question, 200)}"
            + (f" → `{e.fact_id}`" if e.fact_id else "")
            for e in entries
        ]
        await send_pages(interaction, "Feedback", lines, colour=INFO, empty="No votes yet.")

    @app_commands.command(
        name="stats", description="Questions per day and the answer rate, as a chart"
    )
    @app_commands.describe(days="How many days back (default 30)")
    async def stats(self, interaction: discord.Interaction, days: Days = 30) -> None:
        daily = await self._read(
            interaction, lambda r: r.daily_stats(self._filter(interaction, days))
        )
        if daily is None:
            return
        # Drawing takes a moment of CPU: keep it off the event loop.
        png = await asyncio.to_thread(render_daily_chart, daily, title=f"Last {days} days")
        asked = sum(d.questions for d in daily)
        answered = sum(d.answered for d in daily)
        missed = sum(d.unanswered for d in daily)
        rate = f"{answered / (answered + missed):.0%}" if answered + missed else "n/a"
        embed = discord.Embed(
            title=f"Questions in the last {days} days",
            description=f"{asked} questions · {answered} answered · {missed} missed · "
            f"answer rate {rate}",
            colour=INFO,
        )
        embed.set_image(url="attachment://stats.png")
        await interaction.followup.send(
            embed=embed,
            file=discord.File(io.BytesIO(png), "stats.png"),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="export", description="This server's questions as a CSV file")
    @app_commands.describe(days="Only the last N days")
    async def export(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        rows = await self._read(
            interaction, lambda r: r.export_rows(self._filter(interaction, days))
        )
        if rows is None:
            return
        data = await asyncio.to_thread(_csv, rows)
        if len(data) > MAX_UPLOAD:
            await interaction.followup.send(
                f"The export is {len(data) / 2**20:.0f} MiB, over Discord's upload limit: "
                "use a shorter `days`, or `tradeqa logs export` on the server.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        await interaction.followup.send(
            f"{len(rows)} questions.",
            file=discord.File(io.BytesIO(data), "tradeqa-questions.csv"),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    # -- removing --------------------------------------------------------------------------

    @app_commands.command(name="purge", description="Delete old questions from the query log")
    @app_commands.describe(older_than_days="Delete what is older than this (default: retention)")
    async def purge(
        self, interaction: discord.Interaction, older_than_days: Days | None = None
    ) -> None:
        days = older_than_days or self.bot.settings.retention_days  # type: ignore[attr-defined]
        asker = asker_from_interaction(interaction, "slash")

        async def run(_click: discord.Interaction) -> str:
            review = await self._review(interaction)
            if review is None:
                return "There is no query log."
            async with review:
                purged = await review.purge(
                    days, actor_id=asker.user_id, actor_name=asker.user_name
                )
            log.info("/logs purge by %s (%s): %s", asker.user_name, asker.user_id, purged)
            return f"Done: {purged}."

        await interaction.response.send_message(
            f"Delete every question, vote and audit entry older than {days:g} days, "
            "in every server this bot is in?",
            view=Confirm(interaction.user.id, run),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="forget", description="Delete everything logged about one person")
    @app_commands.describe(user="Whose questions and votes to delete")
    async def forget(self, interaction: discord.Interaction, user: discord.User) -> None:
        asker = asker_from_interaction(interaction, "slash")

        async def run(_click: discord.Interaction) -> str:
            review = await self._review(interaction)
            if review is None:
                return "There is no query log."
            async with review:
                done = await review.forget(
                    user.id, actor_id=asker.user_id, actor_name=asker.user_name
                )
            log.info("/logs forget by %s (%s): %s", asker.user_name, asker.user_id, done)
            return f"Done: {done}."

        name = limits.echo(str(user), 100)
        await interaction.response.send_message(
            f"Delete every question and vote by {name} (id {user.id}), in every server "
            "this bot is in?",
            view=Confirm(interaction.user.id, run),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


class Owner(commands.Cog):
    """Slash commands are synced only on request, as the discord.py maintainers advise."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(
        self, ctx: commands.Context, scope: Literal["global", "here", "clear"] = "global"
    ) -> None:
        """!sync: everywhere (can take a while to show); !sync here: this server now;
        !sync clear: remove this server's copy."""
        tree = self.bot.tree
        if scope == "global":
            synced = await tree.sync()
            text = f"Synced {len(synced)} commands to every server."
        elif ctx.guild is None:
            text = "`!sync here` and `!sync clear` work in a server."
            synced = []
        elif scope == "here":
            tree.copy_global_to(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
            text = f"Synced {len(synced)} commands to this server."
        else:
            tree.clear_commands(guild=ctx.guild)
            await tree.sync(guild=ctx.guild)
            text = "Removed this server's copy of the commands."
        log.info("!sync %s by %s (%s): %s", scope, ctx.author, ctx.author.id, text)
        await ctx.reply(text, mention_author=False, allowed_mentions=NO_PINGS)

    async def cog_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        if isinstance(error, commands.NotOwner):
            await ctx.reply(
                "Only the bot's owner can sync its commands.",
                mention_author=False,
                allowed_mentions=NO_PINGS,
            )
            log.warning("refused !sync for %s (%s): not an owner", ctx.author, ctx.author.id)
            service = self.bot.service  # type: ignore[attr-defined]
            await service.audit(
                asker_from_message(ctx.message, "prefix"), "sync", "refused", "not a bot owner"
            )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Admins(bot))
    await bot.add_cog(Owner(bot))
