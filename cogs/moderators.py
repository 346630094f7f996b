"""Moderators: `/kb reload|check|show|teach|test`, and the optional reload on file changes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _safe_text as limits
from cogs._access import moderator_only
from cogs._answer_embed import ANSWERED, fact_embed
from cogs._kb_reports import (  # noqa: F401  (problem_line(s): public helpers of this cog)
    WARNING,
    Screen,
    check_screen,
    problem_line,
    problem_lines,
    reload_screen,
    screen_embed,
    with_processes,
)
from cogs._paging import send_pages
from cogs._safe_text import NO_PINGS
from cogs._teaching import find_group, lesson_text, missed_groups, teach_group, wordings_of
from cogs._who_asked import asker_from_interaction
from tradeqa.service import Asker, ReloadReport, TradeQA

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
WATCH_ACTOR = Asker(surface="cli", user_name="auto-reload")


async def watch_knowledge(
    paths: Sequence[Path],
    on_change: Callable[[set[Path]], Awaitable[None]],
    stop: asyncio.Event | None = None,
) -> None:
    """Call `on_change` with the changed knowledge files each time some change on disk."""
    from watchfiles import awatch

    watched = [p for p in paths if p.exists()]
    async for changes in awatch(*watched, stop_event=stop):
        files = {Path(name) for _, name in changes if name.endswith(KNOWLEDGE_SUFFIXES)}
        if not files:
            continue
        try:
            await on_change(files)
        except Exception:
            # One failed report must not end the watching.
            log.exception("auto-reload: handling a change to %s failed", sorted(files))


@app_commands.guild_only()
@moderator_only()
class Moderators(commands.GroupCog, group_name="kb", group_description="Manage the knowledge base"):
    def __init__(self, bot: TradeQABot) -> None:
        self.bot = bot
        self._watcher: asyncio.Task[None] | None = None

    @property
    def service(self) -> TradeQA:
        return self.bot.service

    @property
    def roots(self) -> tuple[Path, ...]:
        return self.service.knowledge_paths

    async def cog_load(self) -> None:
        if self.bot.settings.auto_reload and self.bot.serving:  # not while only syncing
            self._watcher = asyncio.create_task(
                watch_knowledge(self.roots, self.reload_from_disk), name="tradeqa-kb-watcher"
            )
            log.info("auto-reload: watching %s", ", ".join(map(str, self.roots)))

    async def cog_unload(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher

    # -- commands --------------------------------------------------------------------------

    @app_commands.command(
        name="reload", description="Load the knowledge files; swap them in if valid"
    )
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = asker_from_interaction(interaction, "slash")
        relay = self.bot.relay
        if relay is None:
            report = await self.service.reload(actor)
            screen = await asyncio.to_thread(reload_screen, report, self.roots)
        else:
            # Here, then every process sharing the database: the screen says who answered.
            everywhere = await relay.reload_everywhere(actor)
            screen = await asyncio.to_thread(reload_screen, everywhere.report, self.roots)
            screen = with_processes(screen, everywhere, relay.origin)
        await self._send_screen(interaction, screen)

    async def _send_screen(self, interaction: discord.Interaction, screen: Screen) -> None:
        await send_pages(
            interaction,
            screen.title,
            screen.lines,
            colour=screen.colour,
            empty="",
            next_step=screen.next_step,
            footer=screen.footer,
        )

    @app_commands.command(
        name="check", description="Validate the knowledge files without loading them"
    )
    async def check(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems = await self.service.check(asker_from_interaction(interaction, "slash"))
        await self._send_screen(
            interaction, await asyncio.to_thread(check_screen, problems, self.roots)
        )

    @app_commands.command(name="show", description="Show one fact as the bot answers it")
    @app_commands.describe(fact="The fact's id (start typing its id or title)")
    async def show(self, interaction: discord.Interaction, fact: str) -> None:
        found = self.service.fact(fact)
        if found is None:
            await interaction.response.send_message(
                f"There is no fact `{limits.clip(limits.neutralise(fact), 100)}`.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        embed = fact_embed(found, self.service.source(found))
        questions = "\n".join(f"• {q}" for q in found.questions)
        embed.add_field(name="Asked as", value=questions, inline=False)
        source = f" · {embed.footer.text}" if embed.footer.text else ""
        embed.set_footer(text=f"id: {found.id} · kind: {found.kind}{source}")
        await interaction.response.send_message(
            embed=limits.fit_embed(embed), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @show.autocomplete("fact")
    async def show_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(
                name=limits.clip(f"{fact_id} — {title}", limits.CHOICE), value=fact_id
            )
            for fact_id, title in self.service.fact_ids(current, limit=25)
        ][:25]

    @app_commands.command(
        name="teach", description="Teach a fact the wordings of a question the bot missed"
    )
    @app_commands.describe(
        missed="A question this server asked that the bot missed (start typing), or any wording",
        fact="The fact that answers it (start typing its id or title)",
    )
    async def teach(self, interaction: discord.Interaction, missed: str, fact: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await missed_groups(self.service, interaction.guild_id or 0)
        group = find_group(groups, missed)
        wordings = wordings_of(group) if group is not None else [missed]
        asker = asker_from_interaction(interaction, "slash")
        lesson = await teach_group(self.service, wordings, fact, asker, self.bot.relay)
        await interaction.followup.send(
            lesson_text(lesson, wordings[0]), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @teach.autocomplete("missed")
    async def missed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current[:200].casefold()
        choices = []
        for group in await missed_groups(self.service, interaction.guild_id or 0):
            main = limits.clip(" ".join(group.question.split()), limits.CHOICE)
            if main and typed in group.question.casefold():
                label = f"{group.count}× {group.question}"
                choices.append(
                    app_commands.Choice(name=limits.clip(label, limits.CHOICE), value=main)
                )
        return choices[:25]

    @teach.autocomplete("fact")
    async def teach_fact_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.show_autocomplete(interaction, current)

    @app_commands.command(name="test", description="Score the bot on the evaluation questions")
    async def test(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.service.evaluate()
        lines = list(report.summary_lines())
        failures = report.failures
        if failures:
            lines.append(f"**{len(failures)} question(s) answered wrongly:**")
            for result in failures:
                want = result.case.expect or "no answer"
                got = result.fact_id or result.outcome
                question = limits.echo(result.case.question, 200)
                lines.append(f"[{result.case.category}] {question}: expected `{want}`, got `{got}`")
        title = "Evaluation passed" if report.passed else "Evaluation missed a target"
        await send_pages(
            interaction,
            title,
            lines,
            colour=ANSWERED if report.passed else WARNING,
            empty="",
            per_page=15,
        )

    # -- automatic reload ------------------------------------------------------------------

    async def reload_from_disk(self, files: set[Path]) -> ReloadReport:
        """Reload after files changed on disk, and tell the report channel how it went."""
        names = ", ".join(sorted(p.name for p in files))
        log.info("auto-reload: %s changed", names)
        if self.bot.relay is None:
            report = await self.service.reload(WATCH_ACTOR)
        else:  # the other processes reload too (nobody waits here for their answers)
            everywhere = await self.bot.relay.reload_everywhere(WATCH_ACTOR, wait=False)
            report = everywhere.report
        channel_id = self.bot.settings.report_channel_id
        channel = self.bot.get_channel(channel_id) if channel_id else None
        if channel is None:
            return report
        screen = await asyncio.to_thread(reload_screen, report, self.roots)
        embed = screen_embed(screen, f"Automatic reload after a change to {names}")
        try:
            await channel.send(embed=embed, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("auto-reload: could not report to channel %s: %s", channel_id, exc)
        return report


async def setup(bot: TradeQABot) -> None:
    await bot.add_cog(Moderators(bot))
