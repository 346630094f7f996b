"""`tradeqa logs ...`: review, export and prune the query log from a terminal.

Every subcommand reads the same LogReview API the Discord admin cog uses; this module only
parses arguments and formats what comes back.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from storage import (
    DEFAULT_AUDIT_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    EXPORT_FIELDS,
    LogFilter,
    LogReview,
    StorageError,
)
from storage.export import csv_row
from storage.location import database_location, describe_location
from storage.records import to_db_time
from storage.review import stats_to_dict
from tradeqa.config import ConfigError, configured
from tradeqa.log_args import days_type, id_type, limit_type, parse_moment
from tradeqa.log_tables import format_table, percent, print_json, when
from tradeqa.terminal import printable, printable_json

__all__ = ["format_table", "parse_moment", "register"]

# -- subcommands ----------------------------------------------------------------------------


def _filters(args: argparse.Namespace) -> LogFilter:
    return LogFilter(
        since=args.since,
        until=args.until,
        guild_id=args.guild,
        channel_id=args.channel,
        user_id=args.user,
        fact_id=args.fact,
        text=args.search,
    )


async def _recent(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    rows = await review.recent(_filters(args), limit=args.limit)
    if args.json:
        print_json([q.to_dict() for q in rows], out)
        return 0
    if not rows:
        print("No questions match.", file=out)
        return 0
    table = [
        (
            when(q.asked_at),
            q.surface,
            q.channel_id,
            q.user_name or q.user_id,
            q.outcome,
            q.fact_id,
            f"{q.score:.0f}",
            q.question,
        )
        for q in rows
    ]
    headers = ("asked (UTC)", "via", "channel", "who", "outcome", "fact", "score", "question")
    print(format_table(headers, table, right=(6,)), file=out)
    return 0


async def _unanswered(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    groups = await review.unanswered(_filters(args), limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "question": g.question,
                    "count": g.count,
                    "askers": g.askers,
                    "last_asked": to_db_time(g.last_asked),
                    "wordings": [{"question": w, "count": n} for w, n in g.wordings],
                }
                for g in groups
            ],
            out,
        )
        return 0
    if not groups:
        print("No unanswered questions match.", file=out)
        return 0
    rows = []
    for g in groups:
        rows.append((g.count, g.askers, when(g.last_asked), g.question))
        rows.extend(("", "", "", f"  also: {w} (×{n})") for w, n in g.wordings[1:])
    print(format_table(("asked", "people", "last asked", "question"), rows, right=(0, 1)), file=out)
    return 0


async def _top(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    facts = await review.top_facts(_filters(args), limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "fact_id": f.fact_id,
                    "asked": f.asked,
                    "helpful": f.helpful,
                    "unhelpful": f.unhelpful,
                    "last_asked": to_db_time(f.last_asked),
                }
                for f in facts
            ],
            out,
        )
        return 0
    if not facts:
        print("No answered questions match.", file=out)
        return 0
    rows = [(f.asked, f.helpful, f.unhelpful, when(f.last_asked), f.fact_id) for f in facts]
    headers = ("asked", "helpful", "unhelpful", "last asked", "fact")
    print(format_table(headers, rows, right=(0, 1, 2)), file=out)
    return 0


async def _feedback(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    entries = await review.feedback(_filters(args), only_unhelpful=not args.all, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    **{k: v for k, v in vars(e).items() if k not in ("voted_at", "asked_at")},
                    "voted_at": to_db_time(e.voted_at),
                    "asked_at": to_db_time(e.asked_at),
                }
                for e in entries
            ],
            out,
        )
        return 0
    if not entries:
        print("No feedback matches." if args.all else "No unhelpful votes match.", file=out)
        return 0
    rows = [
        (
            when(e.voted_at),
            "helpful" if e.helpful else "unhelpful",
            e.voter_id,
            e.outcome,
            e.fact_id,
            e.question,
        )
        for e in entries
    ]
    headers = ("voted (UTC)", "vote", "voter", "outcome", "fact", "question")
    print(format_table(headers, rows), file=out)
    return 0


async def _stats(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    days = await review.daily_stats(_filters(args))
    if args.chart:
        # Imported here: matplotlib takes a moment to load and only this option needs it.
        from tradeqa.chart import write_daily_chart

        write_daily_chart(days, args.chart)
    if args.json:
        print_json([stats_to_dict(d) for d in days], out)
    elif not days:
        print("No questions match.", file=out)
    else:
        rows = [
            (d.day.isoformat(), d.questions, d.answered, d.unanswered, percent(d.answer_rate))
            for d in days
        ]
        answered = sum(d.answered for d in days)
        unanswered = sum(d.unanswered for d in days)
        asked = answered + unanswered
        rows.append(
            (
                "total",
                sum(d.questions for d in days),
                answered,
                unanswered,
                percent(answered / asked if asked else None),
            )
        )
        headers = ("day (UTC)", "questions", "answered", "unanswered", "answer rate")
        print(format_table(headers, rows, right=(1, 2, 3, 4)), file=out)
        print(
            "answer rate = answered / (answered + unanswered); greetings, empty, over-long "
            "and refused messages count only as questions.",
            file=out,
        )
    if args.chart:
        print(f"Chart written to {args.chart}", file=sys.stderr if args.json else out)
    return 0


async def _export(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    # A local file in a one-shot CLI process: nothing else runs on this event loop.
    target = (
        open(args.out, "w", newline="", encoding="utf-8")  # noqa: ASYNC230, SIM115
        if args.out
        else out
    )
    # Data for a file keeps its text as typed; on a terminal, controls are shown, not obeyed.
    on_terminal = not args.out and _is_terminal(out)
    count = 0
    try:
        async with contextlib.aclosing(review.iter_export(_filters(args))) as queries:
            if args.json:
                target.write("[")
                async for query in queries:
                    target.write(",\n" if count else "\n")
                    target.write(printable_json(json.dumps(query.to_dict(), ensure_ascii=False)))
                    count += 1
                target.write("\n]\n" if count else "]\n")
            else:
                writer = csv.writer(target)
                writer.writerow(EXPORT_FIELDS)
                async for query in queries:
                    cells = csv_row(query.to_dict())
                    if on_terminal:
                        cells = [printable(c) if isinstance(c, str) else c for c in cells]
                    writer.writerow(cells)
                    count += 1
    finally:
        if args.out:
            target.close()
    if args.out:
        print(f"Exported {count} questions to {printable(args.out)}", file=out)
    return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


async def _purge(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    try:
        settings = configured()
        days = settings.retention_days if args.older_than is None else args.older_than
        audit_days = (
            settings.audit_retention_days
            if args.audit_older_than is None
            else args.audit_older_than
        )
    except ValueError as exc:  # a bad $TRADEQA_(AUDIT_)RETENTION_DAYS: never guess on a delete
        print(f"tradeqa: {printable(exc)}", file=sys.stderr)
        return 2
    purged = await review.purge(days, audit_older_than_days=audit_days, actor_name="cli")
    print(f"{printable(review.path)}: {purged}.", file=out)
    return 0


async def _forget(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    forgotten = await review.forget(args.user_id, actor_name="cli")
    print(f"{printable(review.path)}: user {args.user_id}: {printable(forgotten)}.", file=out)
    # Not finished while the text may still be in the WAL file: say so in the exit code too.
    return 0 if forgotten.wal_cleared else 1


async def _audit(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    entries = await review.audit_entries(since=args.since, limit=args.limit)
    if args.json:
        print_json([{**vars(e), "at": to_db_time(e.at)} for e in entries], out)
        return 0
    if not entries:
        print("No audit entries match.", file=out)
        return 0
    rows = [
        (when(e.at), e.guild_id, e.actor_name or e.actor_id, e.action, e.result, e.detail)
        for e in entries
    ]
    headers = ("at (UTC)", "server", "who", "action", "result", "detail")
    print(format_table(headers, rows), file=out)
    return 0


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
    p.set_defaults(func=_runner(_recent))

    p = sub.add_parser(
        "unanswered", help="what the knowledge base is missing, similar wordings grouped"
    )
    _filter_options(p)
    p.add_argument("--limit", type=limit_type, default=20, help="how many groups (default 20)")
    p.set_defaults(func=_runner(_unanswered))

    p = sub.add_parser("top", help="most-asked facts, with their feedback")
    _filter_options(p)
    p.add_argument("--limit", type=limit_type, default=10, help="how many (default 10)")
    p.set_defaults(func=_runner(_top))

    p = sub.add_parser("feedback", help="answers people marked unhelpful")
    _filter_options(p)
    p.add_argument("--all", action="store_true", help="helpful votes too")
    p.add_argument("--limit", type=limit_type, default=50, help="how many (default 50)")
    p.set_defaults(func=_runner(_feedback))

    p = sub.add_parser("stats", help="questions per day and answer rate")
    _filter_options(p)
    p.add_argument("--chart", metavar="FILE.png", help="also draw the days as a PNG chart")
    p.set_defaults(func=_runner(_stats))

    p = sub.add_parser("export", help="every recorded field as CSV (or --json)")
    _filter_options(p, json_help="a JSON array of rows instead of CSV")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_runner(_export))

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
    p.set_defaults(func=_runner(_purge))

    p = sub.add_parser("forget", help="delete everything recorded about one user")
    _common(p)
    p.add_argument("--user", dest="user_id", type=id_type, required=True, metavar="ID")
    p.set_defaults(func=_runner(_forget))

    p = sub.add_parser("audit", help="moderator and admin actions (reloads, purges...)")
    _common(p)
    p.add_argument("--since", type=parse_moment, metavar="WHEN")
    p.add_argument("--limit", type=limit_type, default=50)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_runner(_audit))

    from tradeqa import cli_learned

    cli_learned.register_logs(sub, _runner, _common)
