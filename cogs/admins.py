"""Admins: `/logs …` to review the query log of this server; the owner's `!sync`.

Every /logs command acts on the server it is used in: reviews show that server's questions,
purge and forget delete only that server's rows, and `/logs audit` lists what was done there.
Purging or forgetting across every server (`everywhere:True`) is for the bot's owners, as on
the command line.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _safe_text as limits
from cogs._access import Refused, admin_only
from cogs._answer_embed import ANSWERED, INFO, MISSED
from cogs._confirm import Confirm
from cogs._log_access import LogUnreachable, open_review, outage_is_one_line
from cogs._paging import send_pages
from cogs._review_screens import period, stats_screen, unanswered_lines
from cogs._safe_text import NO_PINGS
from cogs._sync import Owner
from cogs._teaching import GroupPicker
from cogs._who_asked import asker_from_interaction
from storage import LogFilter, LogNotFound, LogReview, utc_now
from storage.export import TooBig, csv_bytes
from tradeqa.service import TradeQA

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

# Bots may upload 10 MiB per message; a bigger export belongs to `tradeqa logs export`.
MAX_UPLOAD = 10 * 1024 * 1024

Days = app_commands.Range[int, 1, 3650]
OWNER_NEED = "one of the bot's owners when `everywhere` is on (leave it off to act on this server)"

T = TypeVar("T")


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


@app_commands.guild_only()
@admin_only()
class Admins(commands.GroupCog, group_name="logs", group_description="Review the query log"):
    def __init__(self, bot: TradeQABot) -> None:
        self.bot = bot

    @property
    def service(self) -> TradeQA:
        return self.bot.service

    # -- helpers ---------------------------------------------------------------------------

    async def _confirmed(
        self,
        interaction: discord.Interaction,
        everywhere: bool,
        work: Callable[[LogReview], Awaitable[object]],
        what: str,
    ) -> str:
        """Run a confirmed deletion on the log; what the admin is told when it is done."""
        try:
            review = await self._review(interaction, everywhere=everywhere)
            if review is None:
                return "There is no query log."
            with outage_is_one_line():
                async with review:
                    done = await work(review)
        except LogUnreachable as exc:
            return str(exc)
        log.info("%s: %s", what, done)
        return f"Done: {done}."

    async def _review(
        self, interaction: discord.Interaction, *, everywhere: bool = False
    ) -> LogReview | None:
        """This server's rows (or, for an owner's `everywhere`, the whole log) through the
        bot's one review connection; None after telling the admin there is no log."""
        try:
            guild_id = None if everywhere else interaction.guild_id
            if guild_id is None and not everywhere:  # guild_only: never, but never widen
                raise LogNotFound("not in a server")
            return await open_review(self.service, guild_id)
        except LogNotFound:
            await interaction.followup.send(
                "There is no query log to review (logging is off, or nobody has asked yet).",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return None

    async def _check_everywhere(self, interaction: discord.Interaction, everywhere: bool) -> None:
        """Acting on every server's rows is for the bot's owners only."""
        if everywhere and not await self.bot.is_owner(interaction.user):
            raise Refused(OWNER_NEED)

    async def _read(
        self, interaction: discord.Interaction, query: Callable[[LogReview], Awaitable[T]]
    ) -> T | None:
        """Defer, run one review query on the log, close it; None if there is no log."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        review = await self._review(interaction)
        if review is None:
            return None
        with outage_is_one_line():
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
        icons = {"answered": "✅", "related": "🔸", "unanswered": "❔", "refused": "⏳"}
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
    @app_commands.describe(
        days="Only the last N days", wordings="List every wording of each question"
    )
    async def unanswered(
        self, interaction: discord.Interaction, days: Days | None = None, wordings: bool = False
    ) -> None:
        groups = await self._read(
            interaction, lambda r: r.unanswered(self._filter(interaction, days), limit=100)
        )
        if groups is None:
            return
        lines = unanswered_lines(groups, show_wordings=wordings)
        await send_pages(
            interaction,
            f"Unanswered questions · {period(days)}",
            lines,
            colour=MISSED,
            empty="Nothing missed.",
        )
        if groups:
            # Admins are moderators too: they may teach the bot what it missed, from here.
            await interaction.followup.send(
                "Teach the bot one of these: pick it, then the fact that answers it.",
                view=GroupPicker(interaction.user.id, groups),
                ephemeral=True,
                allowed_mentions=NO_PINGS,
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
        embed, png = await asyncio.to_thread(stats_screen, daily, days, utc_now().date())
        await interaction.followup.send(
            embed=embed,
            file=discord.File(io.BytesIO(png), "stats.png"),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="export", description="This server's questions as a CSV file")
    @app_commands.describe(days="Only the last N days")
    async def export(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        async def build(review: LogReview) -> tuple[bytes, int] | TooBig:
            try:
                return await csv_bytes(
                    review, self._filter(interaction, days), max_bytes=MAX_UPLOAD
                )
            except TooBig as too_big:
                return too_big

        # Read a batch at a time, stopping as soon as the file would be too big to upload.
        built = await self._read(interaction, build)
        if built is None:
            return
        if isinstance(built, TooBig):
            await interaction.followup.send(
                f"The export is over {MAX_UPLOAD // 2**20} MiB, Discord's upload limit: "
                "use a shorter `days`, or `tradeqa logs export` on the server.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        data, count = built
        await interaction.followup.send(
            f"{count} questions.",
            file=discord.File(io.BytesIO(data), "tradeqa-questions.csv"),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="audit", description="What moderators and admins did here")
    @app_commands.describe(days="Only the last N days")
    async def audit(self, interaction: discord.Interaction, days: Days | None = None) -> None:
        since = utc_now() - timedelta(days=days) if days else None
        entries = await self._read(interaction, lambda r: r.audit_entries(since=since, limit=500))
        if entries is None:
            return
        lines = []
        for e in entries:
            who = (
                limits.echo(e.actor_name, 60)
                if e.actor_name
                else (f"id {e.actor_id}" if e.actor_id else "(name cleared)")
            )
            detail = f" · {limits.echo(e.detail, 200)}" if e.detail else ""
            lines.append(
                f"`{_when(e.at)}` **{limits.echo(e.action, 40)}** {limits.echo(e.result, 40)}"
                f" · {who}{detail}"
            )
        await send_pages(
            interaction, "Audit trail", lines, colour=INFO, empty="Nothing recorded yet."
        )

    # -- removing --------------------------------------------------------------------------

    @app_commands.command(name="purge", description="Delete this server's old questions")
    @app_commands.describe(
        older_than_days="Delete what is older than this (default: retention)",
        everywhere="Every server's questions (the bot's owners only)",
    )
    async def purge(
        self,
        interaction: discord.Interaction,
        older_than_days: Days | None = None,
        everywhere: bool = False,
    ) -> None:
        await self._check_everywhere(interaction, everywhere)
        # The server's own retention (/settings), else the operator's.
        days = older_than_days or self.bot.config_for(interaction.guild_id).retention_days
        asker = asker_from_interaction(interaction, "slash")

        async def run(_click: discord.Interaction) -> str:
            return await self._confirmed(
                interaction,
                everywhere,
                lambda review: review.purge(
                    days, actor_id=asker.user_id, actor_name=asker.user_name
                ),
                f"/logs purge by {asker.user_name} ({asker.user_id})",
            )

        where = "in every server this bot is in" if everywhere else "in this server"
        await interaction.response.send_message(
            f"Delete every question and vote older than {days:g} days, {where}? "
            "The audit trail is kept.",
            view=Confirm(interaction.user.id, run),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="forget", description="Delete what one person asked here")
    @app_commands.describe(
        user="Whose questions and votes to delete",
        everywhere="In every server (the bot's owners only)",
    )
    async def forget(
        self, interaction: discord.Interaction, user: discord.User, everywhere: bool = False
    ) -> None:
        await self._check_everywhere(interaction, everywhere)
        asker = asker_from_interaction(interaction, "slash")

        async def run(_click: discord.Interaction) -> str:
            return await self._confirmed(
                interaction,
                everywhere,
                lambda review: review.forget(
                    user.id, actor_id=asker.user_id, actor_name=asker.user_name
                ),
                f"/logs forget by {asker.user_name} ({asker.user_id})",
            )

        name = limits.echo(str(user), 100)
        where = "in every server this bot is in" if everywhere else "in this server"
        await interaction.response.send_message(
            f"Delete every question and vote by {name} (id {user.id}), {where}?",
            view=Confirm(interaction.user.id, run),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )


async def setup(bot: TradeQABot) -> None:
    await bot.add_cog(Admins(bot))
    await bot.add_cog(Owner(bot))
