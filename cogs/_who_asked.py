"""Who asked, where and how: the service's Asker, built from a Discord message, interaction
or command context."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from tradeqa.service import Asker

if TYPE_CHECKING:
    pass


class AskContext(commands.Context["TradeQABot"]):
    """The bot's command context: it also says how a question came in, since a mention or a
    Q&A-channel message is run through the same `ask` command as `/ask` and `!ask`."""

    # Set by the askers' cog for mentions and Q&A channels; else worked out below.
    asked_via: str | None = None
    asked: str | None = None

    @property
    def surface(self) -> str:
        if self.asked_via:
            return self.asked_via
        return "slash" if self.interaction is not None else "prefix"

    @property
    def question(self) -> str:
        """What was asked, even when a check refused the command before its arguments were
        read (a cooldown): the refusal is logged with the question."""
        if self.asked is not None:
            return self.asked
        if self.interaction is not None:
            return str(getattr(self.interaction.namespace, "question", "") or "")
        words = self.message.content.removeprefix(self.prefix or "").split(maxsplit=1)
        return words[1] if len(words) > 1 else ""

    @property
    def when(self):
        """When it was asked, by Discord's clock (as discord.py's own cooldowns count)."""
        source = self.interaction if self.interaction is not None else self.message
        return source.created_at


def asker_from_interaction(interaction: discord.Interaction, surface: str) -> Asker:
    return Asker(
        surface=surface,
        user_id=interaction.user.id,
        user_name=str(interaction.user),
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
    )


def asker_from_message(message: discord.Message, surface: str) -> Asker:
    return Asker(
        surface=surface,
        user_id=message.author.id,
        user_name=str(message.author),
        guild_id=message.guild.id if message.guild else None,
        channel_id=message.channel.id,
    )


def asker_from_context(ctx: AskContext) -> Asker:
    if ctx.interaction is not None:
        return asker_from_interaction(ctx.interaction, ctx.surface)
    return asker_from_message(ctx.message, ctx.surface)
