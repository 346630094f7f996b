"""The owner's `!sync`: slash commands are registered only on request."""

from __future__ import annotations

import logging
from typing import Literal

from discord.ext import commands

from cogs._answers import NO_PINGS, asker_from_message

log = logging.getLogger("tradeqa.discord")


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
