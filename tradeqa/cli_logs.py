"""`tradeqa logs ...`: review, export and prune the query log from a terminal.

This module parses the arguments and opens the log; what each subcommand prints is in
tradeqa.cli_logs_commands.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from storage import (
    DEFAULT_AUDIT_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    LogReview,
    StorageError,
)
from storage.location import database_location, describe_location
from tradeqa import cli_logs_commands as commands
from tradeqa.config import ConfigError, configured
from tradeqa.log_args import days_type, id_type, limit_type, parse_moment
from tradeqa.log_tables import format_table
from tradeqa.terminal import printable

__all__ = ["format_table", "parse_moment", "register"]

# -- wiring ---------------------------------------------------------------------------------

Handler = Callable[[LogReview, argparse.Namespace, TextIO], Awaitable[int]]


def _runner(handler: Handler) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            path = database_location(args.db) if args.db else configured().db
        except (ConfigError, StorageError) as exc:
            print(f"tradeqa: {printable(exc)}", file=sys.stderr)
            return 2

        async def go() -> int:
            async with await LogReview.open(path) as review:
                return await handler(review, args, sys.stdout)

        try:
            return asyncio.run(go())
        except BrokenPipeError:
            # Output piped into `head` and cut short: not an error worth a traceback.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        except StorageError as exc:
            print(f"tradeqa: {printable(exc)}", file=sys.stderr)
        except sqlite3.Error as exc:
            message = f"cannot use the query log at {path}: {exc}"
            print(f"tradeqa: {printable(message)}", file=sys.stderr)
        except OSError as exc:
            print(f"tradeqa: {printable(exc)}", file=sys.stderr)
        except Exception as exc:
            if not type(exc).__module__.startswith("asyncpg"):
                raise
            # PostgreSQL went away mid-command, or refused it: one line, no traceback.
            message = f"cannot use the query log at {describe_location(path)}: {exc}"
            print(f"tradeqa: {printable(message)}", file=sys.stderr)
        return 1

    return run


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="query log: a SQLite file or a postgresql:// URL (default: $TRADEQA_DB, "
        "else ./tradeqa.db)",
    )


def _filter_options(parser: argparse.ArgumentParser, *, json_help: str | None = None) -> None:
    _common(parser)
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--since", type=parse_moment, metavar="WHEN", help="from this time: 7d, 24h, 2025-07-01"
    )
    group.add_argument("--until", type=parse_moment, metavar="WHEN", help="before this time")
    group.add_argument("--guild", type=id_type, metavar="ID", help="only this Discord server")
    group.add_argument("--channel", type=id_type, metavar="ID", help="only this channel")
    group.add_argument("--user", type=id_type, metavar="ID", help="only this asker")
    group.add_argument("--fact", metavar="ID", help="only questions answered by this fact")
    group.add_argument("--search", metavar="TEXT", help="only questions containing TEXT")
    parser.add_argument("--json", action="store_true", help=json_help or "print JSON")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `logs` and its subcommands to the tradeqa command line."""
    logs = subparsers.add_parser(
        "logs",
        help="review, export and prune the query log",
        description="Review what people ask, what the bot answered and what it missed.",
        epilog=(
            "examples:\n"
            "  tradeqa logs unanswered --since 7d\n"
            "  tradeqa logs recent --guild 123456789 --limit 50\n"
            "  tradeqa logs stats --since 30d --chart questions.png\n"
            "  tradeqa logs export --since 2025-07-01 --out july.csv\n"
            "  tradeqa logs purge --older-than 90\n"
            "  tradeqa logs forget --user 123456789012345678"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = logs.add_subparsers(dest="logs_command", metavar="COMMAND", required=True)

    p = sub.add_parser("recent", help="latest questions, newest first")
    _filter_options(p)
    p.add_argument("--limit", type=limit_type, default=20, help="how many (default 20)")
    p.set_defaults(func=_runner(commands.recent))

    p = sub.add_parser(
        "unanswered", help="what the knowledge base is missing, similar wordings grouped"
    )
    _filter_options(p)
    p.add_argument("--limit", type=limit_type, default=20, help="how many groups (default 20)")
    p.set_defaults(func=_runner(commands.unanswered))

    p = sub.add_parser("top", help="most-asked facts, with their feedback")
    _filter_options(p)
    p.add_argument("--limit", type=limit_type, default=10, help="how many (default 10)")
    p.set_defaults(func=_runner(commands.top))

    p = sub.add_parser("feedback", help="answers people marked unhelpful")
    _filter_options(p)
    p.add_argument("--all", action="store_true", help="helpful votes too")
    p.add_argument("--limit", type=limit_type, default=50, help="how many (default 50)")
    p.set_defaults(func=_runner(commands.feedback))

    p = sub.add_parser("stats", help="questions per day and answer rate")
    _filter_options(p)
    p.add_argument("--chart", metavar="FILE.png", help="also draw the days as a PNG chart")
    p.set_defaults(func=_runner(commands.stats))

    p = sub.add_parser("export", help="every recorded field as CSV (or --json)")
    _filter_options(p, json_help="a JSON array of rows instead of CSV")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_runner(commands.export))

    p = sub.add_parser("purge", help="delete questions older than the retention period")
    _common(p)
    p.add_argument(
        "--older-than",
        type=days_type,
        metavar="DAYS",
        help=f"retention in days (default: $TRADEQA_RETENTION_DAYS, else {DEFAULT_RETENTION_DAYS})",
    )
    p.add_argument(
        "--audit-older-than",
        type=days_type,
        metavar="DAYS",
        help=(
            "also delete audit entries older than this (default: "
            f"$TRADEQA_AUDIT_RETENTION_DAYS, else {DEFAULT_AUDIT_RETENTION_DAYS})"
        ),
    )
    p.set_defaults(func=_runner(commands.purge))

    p = sub.add_parser("forget", help="delete everything recorded about one user")
    _common(p)
    p.add_argument("--user", dest="user_id", type=id_type, required=True, metavar="ID")
    p.set_defaults(func=_runner(commands.forget))

    p = sub.add_parser("audit", help="moderator and admin actions (reloads, purges...)")
    _common(p)
    p.add_argument("--since", type=parse_moment, metavar="WHEN")
    p.add_argument("--limit", type=limit_type, default=50)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_runner(commands.audit))

    from tradeqa import cli_learned

    cli_learned.register_logs(sub, _runner, _common)
