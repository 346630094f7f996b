"""The owner's `!sync`: slash commands are registered only on request."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

from discord.ext import commands

from cogs._safe_text import NO_PINGS

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")


class Owner(commands.Cog):
    """Slash commands are synced only on request, as the discord.py maintainers advise."""

    def __init__(self, bot: TradeQABot) -> None:
        self.bot = bot

    # `brief` completes the refusal "Only the bot's owner can …" (cogs/_errors.py).
    @commands.command(name="sync", hidden=True, brief="sync its commands")
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
