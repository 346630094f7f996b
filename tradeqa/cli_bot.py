"""`tradeqa run`, `tradeqa sync` and `tradeqa chat`: the Discord bot and the console chat.

`tradeqa.cli` calls register(); each handler returns the process exit code.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command runs: `tradeqa --help` stays fast
    from tradeqa.config import Settings

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings | None:
    from tradeqa.config import ConfigError, Settings

    try:
        return Settings.load(config_path=args.config)
    except ConfigError as exc:
        print(f"tradeqa: {exc}", file=sys.stderr)
        return None


def cmd_run(args: argparse.Namespace) -> int:
    import bot

    settings = _settings(args)
    return EXIT_CONFIG if settings is None else bot.run(settings)


async def _sync(settings: Settings, token: str, guild_id: int | None) -> str:
    import discord

    import bot

    # No service: syncing uploads the command definitions only, so neither the knowledge
    # base nor the query log is opened. Logging in over HTTP is enough: no gateway.
    async with bot.create_bot(settings) as client:
        await client.login(token)
        if guild_id is None:
            synced = await client.tree.sync()
            return f"synced {len(synced)} commands globally"
        guild = discord.Object(id=guild_id)
        client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
        return f"synced {len(synced)} commands to server {guild_id} (available at once)"


def cmd_sync(args: argparse.Namespace) -> int:
    import asyncio

    import discord

    from tradeqa.config import ConfigError

    settings = _settings(args)
    if settings is None:
        return EXIT_CONFIG
    try:
        token = settings.require_token()
        print(asyncio.run(_sync(settings, token, args.guild)))
    except ConfigError as exc:
        print(f"tradeqa: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except discord.LoginFailure:
        print("tradeqa: Discord rejected the bot token (DISCORD_TOKEN)", file=sys.stderr)
        return EXIT_CONFIG
    except (discord.HTTPException, OSError) as exc:
        from tradeqa.redaction import redact

        # An exception's message may quote the request, token included.
        print(f"tradeqa: sync failed: {redact(str(exc), settings.token)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    from tradeqa.user_input import hold_ctrl_c

    if sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty():
        hold_ctrl_c()  # before numpy's import starts its threads: see tradeqa/user_input.py

    from knowledge.problems import KnowledgeError
    from storage import StorageError
    from tradeqa import console

    settings = _settings(args)
    if settings is None:
        return EXIT_CONFIG
    try:
        return console.main(
            knowledge=args.knowledge or list(settings.knowledge),
            db=args.db or settings.db,
            log=not args.no_log,
        )
    except KnowledgeError as exc:
        for line in exc.lines():  # the first problems, then how many more
            print(line, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return EXIT_FAILED
    except StorageError as exc:  # an unusable --db: a newer schema, a URL that cannot be used
        print(f"tradeqa: {exc}", file=sys.stderr)
        return EXIT_FAILED


def register(subparsers: argparse._SubParsersAction) -> None:
    config_help = "TOML settings file (default: $TRADEQA_CONFIG)"

    run = subparsers.add_parser(
        "run",
        help="run the Discord bot",
        description="Run the Discord bot. The token comes from DISCORD_TOKEN (environment or "
        ".env) or the config file; see the README for the other settings.",
    )
    run.add_argument("--config", metavar="FILE", help=config_help)
    run.set_defaults(func=cmd_run)

    sync = subparsers.add_parser(
        "sync",
        help="register the slash commands with Discord",
        description="Register (sync) the slash commands with Discord. Run it after installing "
        "or upgrading, not at every start. Global commands can take a while to appear; "
        "--guild makes them appear in one server at once.",
    )
    sync.add_argument("--config", metavar="FILE", help=config_help)
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to this server only")
    sync.set_defaults(func=cmd_sync)

    chat = subparsers.add_parser(
        "chat",
        help="ask questions in the terminal (same answers and log as the bot)",
        description="A console chat on the bot's answering path: one question per line, "
        "answered with its source. On a terminal: line editing, history (up arrow), /help; "
        "Ctrl-D or Ctrl-C leaves. Works with piped input.",
    )
    chat.add_argument("--config", metavar="FILE", help=config_help)
    chat.add_argument(
        "--knowledge",
        action="append",
        metavar="DIR",
        help="knowledge folder or file, repeatable; `bundled` is the bundled base "
        "(default: $TRADEQA_KNOWLEDGE, else the bundled base)",
    )
    chat.add_argument("--db", metavar="PATH", help="query log (default: $TRADEQA_DB or tradeqa.db)")
    chat.add_argument("--no-log", action="store_true", help="do not log the questions")
    chat.set_defaults(func=cmd_chat)


def main(argv: list[str] | None = None) -> int:
    """`python -m tradeqa.cli_bot run|sync|chat`, for when the `tradeqa` script is absent."""
    parser = argparse.ArgumentParser(prog="tradeqa")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
