"""The Discord bot: wiring and configuration only; the commands live in cogs/.

python bot.py            # or: tradeqa run
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from cogs import _errors
from cogs._cooldown import AskCooldown
from cogs._server_config import ServerConfig, ServerConfigs
from cogs._who_asked import AskContext
from knowledge.problems import KnowledgeError
from storage.errors import StorageError
from storage.reloads import DEFAULT_POLL_INTERVAL, ReloadSignal
from storage.server_settings import ServerSettingsStore
from tradeqa.config import TOKEN_HELP, ConfigError, Settings
from tradeqa.redaction import TokenRedactor, redact
from tradeqa.reload_relay import ReloadRelay, describe_shards, follow_forever
from tradeqa.service import TradeQA

log = logging.getLogger("tradeqa.discord")

EXTENSIONS = ("cogs.askers", "cogs.moderators", "cogs.admins", "cogs.server_settings")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


class TradeQATree(app_commands.CommandTree["TradeQABot"]):
    async def on_error(
        self, interaction: discord.Interaction[TradeQABot], error: app_commands.AppCommandError
    ) -> None:
        await _errors.on_app_command_error(interaction, error)


class TradeQABot(commands.AutoShardedBot):
    """The bot. Its resources (the answering service, the servers' settings, the relay that
    takes a reload to every process) are opened by whoever runs it and passed in, as in
    discord.py's examples/advanced_startup.py; without a service it can still log in and sync
    its commands (`tradeqa sync`)."""

    def __init__(
        self,
        settings: Settings,
        *,
        service: TradeQA | None = None,
        server_store: ServerSettingsStore | None = None,
        relay: ReloadRelay | None = None,
    ) -> None:
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
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
        )
        self._service = service
        # None: reloads stay in this process (no query log to share them through).
        self.relay = relay
        # Each server's own settings over the operator's, cached (cogs/_server_config.py).
        self.server_configs = ServerConfigs(settings, server_store)

    @property
    def settings(self) -> Settings:
        """The operator's settings; a server's own are config_for(guild_id)."""
        return self.server_configs.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.server_configs.use_settings(settings)

    @property
    def service(self) -> TradeQA:
        if self._service is None:
            raise RuntimeError("this bot was started without a service: it can only sync")
        return self._service

    @property
    def serving(self) -> bool:
        """False for a bot that only logs in to sync its commands (no service)."""
        return self._service is not None

    def config_for(self, guild_id: int | None) -> ServerConfig:
        return self.server_configs.get(guild_id)

    def cooldown_for(self, guild_id: int | None) -> AskCooldown:
        """One per-person budget for every way of asking and every button, per server."""
        return self.server_configs.cooldown(guild_id)

    async def setup_hook(self) -> None:
        await self.server_configs.load()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        # Slash commands are not synced here: `tradeqa sync` or `!sync` does it on request.

    async def get_context(self, origin, /, *, cls=AskContext):  # type: ignore[override]
        return await super().get_context(origin, cls=cls)

    async def on_ready(self) -> None:
        log.info(
            "logged in as %s in %d server(s), shards %s of %s",
            self.user,
            len(self.guilds),
            ",".join(map(str, self.shard_ids or [])) or "all",
            self.shard_count,
        )

    async def on_command_error(self, ctx, error: commands.CommandError) -> None:  # type: ignore[override]
        await _errors.on_command_error(ctx, error)


def _prefix(bot: TradeQABot, message: discord.Message) -> list[str]:
    # Each server's own prefix (RoboDanny's idiom), from the cache; an empty prefix switches
    # prefix commands off (no list entry can match).
    prefix = bot.config_for(message.guild.id if message.guild else None).prefix
    return [prefix] if prefix else []


def create_bot(
    settings: Settings | None = None,
    *,
    service: TradeQA | None = None,
    server_store: ServerSettingsStore | None = None,
    relay: ReloadRelay | None = None,
) -> TradeQABot:
    """An unstarted bot. With no settings, they are read from the environment, `.env` and
    the TOML file named by TRADEQA_CONFIG."""
    return TradeQABot(
        settings or Settings.load(), service=service, server_store=server_store, relay=relay
    )


@contextlib.asynccontextmanager
async def opened_service(settings: Settings) -> AsyncIterator[TradeQA]:
    """The answering service (knowledge base and query log) for the bot's lifetime."""
    service = await TradeQA.open(knowledge=list(settings.knowledge) or None, db=settings.db)
    try:
        yield service
    finally:
        await service.close()


@contextlib.asynccontextmanager
async def opened_relay(
    settings: Settings, service: TradeQA, *, poll_interval: float = DEFAULT_POLL_INTERVAL
) -> AsyncIterator[ReloadRelay | None]:
    """For the bot's lifetime: reloads announced to, and heard from, every process sharing
    the query log's database (None without one). Hearing runs in a task of its own."""
    if service.db_path is None:
        yield None
        return
    async with await ReloadSignal.open(service.db_path, poll_interval=poll_interval) as signal:
        shards = describe_shards(settings.shard_ids, settings.shard_count)
        relay = ReloadRelay(service, signal, shards)
        following = asyncio.create_task(follow_forever(relay), name="tradeqa-reload-follower")
        try:
            yield relay
        finally:
            following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await following


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


async def _serve(settings: Settings, token: str) -> None:
    """The composition root: the resources are opened here and passed to the bot, and closed
    in reverse order when it stops."""
    async with (
        opened_service(settings) as service,
        await ServerSettingsStore.open(settings.db) as server_store,
        opened_relay(settings, service) as relay,
        create_bot(settings, service=service, server_store=server_store, relay=relay) as bot,
    ):
        loop = asyncio.get_running_loop()
        # systemd stops services with SIGTERM: close cleanly so queued log rows are written.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
        await bot.start(token)


def run(settings: Settings) -> int:
    """Run the bot until it is stopped; every failure is one line on stderr."""
    try:
        token = settings.require_token()
    except ConfigError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    _setup_logging(token)
    try:
        asyncio.run(_serve(settings, token))
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
    except StorageError as exc:
        # The query log's database cannot be used (unreachable server, bad credentials, a
        # newer schema): the message says which and why, its password hidden.
        return _fail(str(exc), EXIT_FAILED, secret=token)
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
