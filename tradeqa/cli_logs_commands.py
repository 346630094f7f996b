"""What each `tradeqa logs` subcommand reads from the query log and prints.

Every subcommand reads the same LogReview API the Discord admin cog uses; tradeqa.cli_logs
parses the arguments and opens the log, these functions format what comes back.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from typing import TextIO

from storage import EXPORT_FIELDS, LogFilter, LogReview
from storage.export import csv_row
from storage.records import to_db_time
from storage.review import stats_to_dict
from tradeqa.config import configured
from tradeqa.log_tables import format_table, percent, print_json, when
from tradeqa.terminal import printable, printable_json


def filters(args: argparse.Namespace) -> LogFilter:
    return LogFilter(
        since=args.since,
        until=args.until,
        guild_id=args.guild,
        channel_id=args.channel,
        user_id=args.user,
        fact_id=args.fact,
        text=args.search,
    )


async def recent(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    rows = await review.recent(filters(args), limit=args.limit)
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


async def unanswered(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    groups = await review.unanswered(filters(args), limit=args.limit)
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


async def top(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    facts = await review.top_facts(filters(args), limit=args.limit)
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


async def feedback(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    entries = await review.feedback(filters(args), only_unhelpful=not args.all, limit=args.limit)
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


async def stats(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    days = await review.daily_stats(filters(args))
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


async def export(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    # A local file in a one-shot CLI process: nothing else runs on this event loop.
    target = (
        open(args.out, "w", newline="", encoding="utf-8")  # noqa: ASYNC230, SIM115
        if args.out
        else out
    )
    # Data for a file keeps its text as typed; on a terminal, controls are shown, not obeyed.
    on_terminal = not args.out and is_terminal(out)
    count = 0
    try:
        async with contextlib.aclosing(review.iter_export(filters(args))) as queries:
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


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


async def purge(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
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


async def forget(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
    forgotten = await review.forget(args.user_id, actor_name="cli")
    print(f"{printable(review.path)}: user {args.user_id}: {printable(forgotten)}.", file=out)
    # Not finished while the text may still be in the WAL file: say so in the exit code too.
    return 0 if forgotten.wal_cleared else 1


async def audit(review: LogReview, args: argparse.Namespace, out: TextIO) -> int:
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
