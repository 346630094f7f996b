"""The Discord bot: wiring and configuration only; the commands live in cogs/.

python bot.py            # or: tradeqa run
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _limits as limits
from cogs._answers import NO_PINGS
from cogs._cooldown import AskCooldown
from knowledge.problems import KnowledgeError
from tradeqa.config import TOKEN_HELP, ConfigError, Settings
from tradeqa.redaction import TokenRedactor, redact
from tradeqa.service import TradeQA

log = logging.getLogger("tradeqa.discord")

EXTENSIONS = ("cogs.askers", "cogs.moderators", "cogs.admins")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


class TradeQATree(app_commands.CommandTree):
    """Reports what no cog handled. Permission and cooldown refusals are answered by the cogs."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CheckFailure):
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("/%s failed", command, exc_info=error)
        await _say_sorry(interaction)


async def _say_sorry(interaction: discord.Interaction) -> None:
    text = "Sorry, something went wrong on my side; it has been logged."
    with contextlib.suppress(discord.HTTPException):
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


class TradeQABot(commands.Bot):
    def __init__(self, settings: Settings, service: TradeQA | None = None) -> None:
        intents = discord.Intents.default()
        # Privileged, and only needed to read messages that do not mention the bot: prefix
        # commands and Q&A channels. Slash commands, buttons and mentions work without it.
        intents.message_content = settings.needs_message_content
        super().__init__(
            command_prefix=_prefix,
            intents=intents,
            # Nothing the bot sends may ping anyone, whatever a cog forgets to pass.
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=TradeQATree,
            owner_ids=set(settings.owner_ids) or None,
            help_command=None,
        )
        self.settings = settings
        # One per-person budget for every way of asking and every button (cogs/_cooldown.py).
        self.cooldown = AskCooldown(settings.cooldown_rate, settings.cooldown_per)
        self.service: TradeQA = service  # type: ignore[assignment]  # set in setup_hook
        self._owns_service = service is None

    async def setup_hook(self) -> None:
        if self.service is None:
            self.service = await TradeQA.open(
                knowledge=list(self.settings.knowledge) or None, db=self.settings.db
            )
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        # Slash commands are not synced here: `tradeqa sync` or `!sync` does it on request.

    async def close(self) -> None:
        await super().close()
        if self._owns_service and self.service is not None:
            await self.service.close()

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d server(s)", self.user, self.user.id, len(self.guilds))

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        # Cogs answer refusals and cooldowns; unknown "!words" are ordinary chat.
        if isinstance(error, commands.CommandNotFound | commands.CheckFailure):
            return
        if isinstance(error, commands.CommandOnCooldown):
            return
        if isinstance(error, commands.UserInputError):
            await ctx.reply(
                limits.clip(f"{error} Try `{ctx.clean_prefix}ask your question`.", limits.MESSAGE),
                mention_author=False,
                allowed_mentions=NO_PINGS,
            )
            return
        log.error("%s%s failed", ctx.clean_prefix, ctx.command, exc_info=error)
        with contextlib.suppress(discord.HTTPException):
            await ctx.reply(
                "Sorry, something went wrong on my side; it has been logged.",
                mention_author=False,
                allowed_mentions=NO_PINGS,
            )


def _prefix(bot: TradeQABot, message: discord.Message) -> list[str]:
    # An empty prefix switches prefix commands off (no list entry can match).
    return [bot.settings.prefix] if bot.settings.prefix else []


def create_bot(settings: Settings | None = None, *, service: TradeQA | None = None) -> TradeQABot:
    """An unstarted bot. With no settings, they are read from the environment, `.env` and
    the TOML file named by TRADEQA_CONFIG. With no service, setup_hook opens one."""
    return TradeQABot(settings or Settings.load(), service)


# --------------------------------------------------------------------------- running


def _setup_logging(token: str) -> None:
    handler = logging.StreamHandler()
    # Colour only on a terminal: discord.py also colours inside Docker, which puts escape
    # codes into redirected logs and the journal.
    plain = logging.Formatter(
        "[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{"
    )
    formatter = discord.utils.MISSING if handler.stream.isatty() else plain
    discord.utils.setup_logging(handler=handler, formatter=formatter, level=logging.INFO)
    handler.addFilter(TokenRedactor(token))
    # This bot has no voice: discord.py's warnings that voice libraries are missing are noise.
    for flag in ("warn_nacl", "warn_dave"):
        if hasattr(discord.VoiceClient, flag):
            setattr(discord.VoiceClient, flag, False)


async def _serve(bot: TradeQABot, token: str) -> None:
    loop = asyncio.get_running_loop()
    # systemd stops services with SIGTERM: close cleanly so queued log rows are written.
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(token)


def run(settings: Settings) -> int:
    """Run the bot until it is stopped; every failure is one line on stderr."""
    try:
        token = settings.require_token()
    except ConfigError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    _setup_logging(token)
    bot = create_bot(settings)
    try:
        asyncio.run(_serve(bot, token))
    except KeyboardInterrupt:
        return EXIT_OK
    except discord.LoginFailure:
        return _fail(
            "Discord rejected the bot token (it may have been reset): copy a new one from "
            f"Developer Portal > Bot > Reset Token, then {TOKEN_HELP}",
            EXIT_CONFIG,
        )
    except discord.PrivilegedIntentsRequired:
        return _fail(
            "the Message Content intent is off for this bot: switch it on in Developer Portal > "
            "Bot > Privileged Gateway Intents, or set TRADEQA_PREFIX= (empty) and no Q&A "
            "channels to run with slash commands and mentions only",
            EXIT_CONFIG,
        )
    except KnowledgeError as exc:
        for line in exc.lines():  # the first problems, then how many more
            print(redact(line, token), file=sys.stderr)
        return _fail(f"the knowledge files have {len(exc.problems)} problem(s)", EXIT_FAILED)
    except (OSError, discord.GatewayNotFound) as exc:
        return _fail(f"cannot reach Discord: {exc}", EXIT_FAILED, secret=token)
    except Exception as exc:
        # Whatever it was, the traceback goes to the (redacted) log, not raw to stderr.
        log.exception("the bot stopped")
        return _fail(f"the bot stopped: {exc}", EXIT_FAILED, secret=token)
    return EXIT_OK


def _fail(message: str, code: int, *, secret: str | None = None) -> int:
    # Exception messages are not ours: one may quote a header or a URL with the token in it.
    print(f"tradeqa: {redact(message, secret)}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """`python bot.py [--config FILE]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="bot.py", description="Run the tradeqa Discord bot.")
    parser.add_argument("--config", metavar="FILE", help="TOML settings (default: $TRADEQA_CONFIG)")
    args = parser.parse_args(argv)
    try:
        settings = Settings.load(config_path=args.config)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
