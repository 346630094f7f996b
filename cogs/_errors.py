"""The bot's one error handler, for text and hybrid commands (`on_command_error`) and for
slash commands (the tree's `on_error`): refusals, cooldowns and failures are answered here,
not in each cog.

- A member refused by `moderator_only()`/`admin_only()` is told what they need, privately,
  and the attempt is audited (cogs/_access.py).
- A question over the asker's cooldown is told to wait (privately for `/ask`; once per wait
  in a channel, then a ⏳ reaction) and logged as refused with its question.
- A non-owner's `!sync` is told who may, and audited.
- /logs while the query log's database is down is one line saying so (cogs/_log_access.py).
- Anything else is logged with its traceback, and the member gets an apology.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _safe_text as limits
from cogs._access import Refused, refuse
from cogs._cooldown import WAIT_REACTION, cooldown_note
from cogs._log_access import LogUnreachable
from cogs._safe_text import NO_PINGS
from cogs._who_asked import AskContext, asker_from_context

if TYPE_CHECKING:
    from bot import TradeQABot

log = logging.getLogger("tradeqa.discord")

APOLOGY = "Sorry, something went wrong on my side; it has been logged."


async def on_command_error(ctx: AskContext, error: commands.CommandError) -> None:
    if isinstance(error, commands.HybridCommandError):
        error = error.original  # type: ignore[assignment]  # the app command's own error
    if isinstance(error, commands.CommandNotFound):
        return  # an unknown "!word" is ordinary chat
    if isinstance(error, commands.CommandOnCooldown):
        await _cooldown_refusal(ctx, error.retry_after)
        return
    if isinstance(error, commands.NotOwner):
        # An owner-only command's `brief` says what it does: "sync its commands".
        what = ctx.command.brief if ctx.command and ctx.command.brief else "do that"
        await _reply(ctx, f"Only the bot's owner can {what}.")
        log.warning("refused %s for %s (%s): not an owner", ctx.command, ctx.author, ctx.author.id)
        await ctx.bot.service.audit(
            asker_from_context(ctx), str(ctx.command), "refused", "not a bot owner"
        )
        return
    if isinstance(error, commands.CheckFailure | app_commands.CheckFailure):
        return
    if isinstance(error, commands.UserInputError):
        text = f"{error} Try `{ctx.clean_prefix}ask your question`."
        await _reply(ctx, limits.clip(text, limits.MESSAGE))
        return
    log.error("%s%s failed", ctx.clean_prefix, ctx.command, exc_info=error)
    with contextlib.suppress(discord.HTTPException):
        await _reply(ctx, APOLOGY)


async def on_app_command_error(
    interaction: discord.Interaction[TradeQABot], error: app_commands.AppCommandError
) -> None:
    if isinstance(error, Refused):
        await refuse(interaction, error)
        return
    if isinstance(error, app_commands.CheckFailure):
        return
    command = interaction.command.qualified_name if interaction.command else "?"
    if isinstance(getattr(error, "original", None), LogUnreachable):
        # Not a bug of ours: the database is down for now. One line for the admin, the
        # cause (never a traceback) for the operator.
        log.warning("/%s: the query log is unreachable: %s", command, error.original.__cause__)
        await _send_privately(interaction, str(error.original))
        return
    log.error("/%s failed", command, exc_info=error)
    await _send_privately(interaction, APOLOGY)


async def _send_privately(interaction: discord.Interaction, text: str) -> None:
    with contextlib.suppress(discord.HTTPException):
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def _reply(ctx: AskContext, text: str) -> None:
    """Privately to a slash command; as a reply (pinging nobody) to a message."""
    await ctx.send(
        text,
        ephemeral=True,
        reference=None if ctx.interaction else ctx.message.to_reference(fail_if_not_exists=False),
        mention_author=False,
        allowed_mentions=NO_PINGS,
    )


async def _cooldown_refusal(ctx: AskContext, retry_after: float) -> None:
    asker = asker_from_context(ctx)
    if ctx.interaction is not None:
        await ctx.send(cooldown_note(retry_after), ephemeral=True, allowed_mentions=NO_PINGS)
    else:
        await _channel_note(ctx, retry_after)
    log.info("cooldown: refused a question from %s (%s)", asker.user_name, asker.user_id)
    await ctx.bot.service.log_refusal(
        ctx.question, asker, f"cooldown: retry in {retry_after:.0f} s"
    )


async def _channel_note(ctx: AskContext, retry_after: float) -> None:
    # One public note per wait, or a quick asker floods the channel with them; the later
    # refused messages of the same wait get a reaction (if the bot may add one).
    message = ctx.message
    cooldown = ctx.bot.cooldown_for(ctx.guild.id if ctx.guild else None)
    if not cooldown.first_refusal(message.author.id, message.created_at, retry_after):
        with contextlib.suppress(discord.HTTPException):
            await message.add_reaction(WAIT_REACTION)
        return
    # A message cannot be answered ephemerally: the note removes itself instead.
    with contextlib.suppress(discord.HTTPException):
        await message.reply(
            cooldown_note(retry_after),
            mention_author=False,
            allowed_mentions=NO_PINGS,
            delete_after=max(retry_after, 5.0),
        )
