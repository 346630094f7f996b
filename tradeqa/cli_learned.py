"""Learning from clicks: `tradeqa logs learned` and `tradeqa kb teach --from-clicks`.

When an asker presses a "Did you mean" suggestion under their question, the log keeps which
fact they picked. Those wordings are phrasings the fact could be taught; a moderator sees
them, with how many different people resolved them that way, and teaches them after
reviewing the list: never automatically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from tradeqa.terminal import printable

EXIT_OK, EXIT_FAILED = 0, 1


def people_type(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


async def _learned(review, args: argparse.Namespace, out: TextIO) -> int:
    from storage.learned import learned_phrasings
    from storage.records import to_db_time
    from tradeqa.log_tables import format_table, print_json, when

    found = await learned_phrasings(review, min_people=args.min_people, since=args.since)
    found = found[: args.limit]
    if args.json:
        rows = [
            {
                "question": p.question,
                "fact_id": p.fact_id,
                "people": p.people,
                "last_picked": to_db_time(p.last_picked),
            }
            for p in found
        ]
        print_json(rows, out)
        return EXIT_OK
    if not found:
        print("No phrasings were resolved through suggestions (that match).", file=out)
        return EXIT_OK
    rows = [(p.people, when(p.last_picked), p.fact_id, p.question) for p in found]
    print(format_table(("people", "last picked", "fact", "question"), rows, right=(0,)), file=out)
    print("\nTeach them with: tradeqa kb teach --from-clicks --min-people N", file=out)
    return EXIT_OK


def register_logs(sub: argparse._SubParsersAction, runner: Callable, common: Callable) -> None:
    """Add `logs learned` (called by tradeqa.cli_logs)."""
    from tradeqa.log_args import limit_type, parse_moment

    p = sub.add_parser(
        "learned",
        help="phrasings askers resolved through 'Did you mean', by how many people",
        description="Questions askers resolved by pressing a 'Did you mean' suggestion, with "
        "the fact they picked and how many different people did so: phrasings to teach "
        "(tradeqa kb teach --from-clicks).",
    )
    common(p)
    p.add_argument("--min-people", type=people_type, default=1, metavar="N", help="at least N")
    p.add_argument(
        "--since", type=parse_moment, metavar="WHEN", help="picked since: 7d, 2025-07-01"
    )
    p.add_argument("--limit", type=limit_type, default=50, help="how many (default 50)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=runner(_learned))


# -- kb teach --from-clicks -------------------------------------------------------------------


def _confirmed(count: int, args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print(
            "tradeqa kb teach: nothing taught; review the list above, then run again with --yes",
            file=sys.stderr,
        )
        return False
    try:
        reply = input(f"Teach these {count} phrasing(s)? [y/N] ")
    except EOFError:
        reply = ""
    return reply.strip().casefold() in ("y", "yes")


async def _from_clicks(args: argparse.Namespace) -> int:
    import asyncio

    from knowledge.problems import KnowledgeError
    from knowledge.teach import TeachRefused, check_teachable, clean_question, teach
    from storage import LogReview
    from storage.learned import learned_phrasings
    from tradeqa.cli_kb import _load, _paths
    from tradeqa.cli_teach import _open_log, _record, audit_detail, teacher_name
    from tradeqa.config import configured

    paths = _paths(args)
    kb = _load(paths)
    if kb is None:
        return EXIT_FAILED
    db = args.db or configured().db
    async with await LogReview.open(db) as review:
        found = await learned_phrasings(review, min_people=args.min_people)
    chosen = []
    for phrasing in found:
        try:
            question = clean_question(phrasing.question)
            check_teachable(kb, question, phrasing.fact_id)
        except TeachRefused as exc:
            print(f"  skipped: {printable(exc)}")
            continue
        chosen.append((question, phrasing))
    if not chosen:
        print(f"Nothing to teach: no new phrasing resolved by {args.min_people}+ people.")
        return EXIT_OK
    print(f"Phrasings resolved through 'Did you mean' by {args.min_people}+ people:")
    for question, phrasing in chosen:
        print(f"  {phrasing.people:>3} people  {printable(question)!r} -> {phrasing.fact_id}")
    if not _confirmed(len(chosen), args):
        return EXIT_FAILED
    who = teacher_name(args)
    query_log = await _open_log(args)
    refused = 0
    try:
        for question, phrasing in chosen:
            detail = f"{audit_detail(question, phrasing.fact_id)} ({phrasing.people} people)"
            try:
                taught = await asyncio.to_thread(teach, paths, question, phrasing.fact_id)
            except (TeachRefused, KnowledgeError) as exc:
                refused += 1
                reason = (
                    exc if isinstance(exc, TeachRefused) else "the knowledge base does not load"
                )
                print(f"refused: {printable(reason)}")
                await _record(query_log, who, "refused", f"{detail}: {reason}")
                continue
            print(f"taught {printable(taught.question)!r} to {taught.fact_id}")
            await _record(query_log, who, "ok", f"{detail}, from clicks")
    finally:
        await query_log.close()
    print(f"{len(chosen) - refused} taught, {refused} refused")
    return EXIT_OK if not refused else EXIT_FAILED


def teach_from_clicks(args: argparse.Namespace) -> int:
    import asyncio

    from storage import StorageError

    if args.question is not None:
        print("tradeqa kb teach: --from-clicks takes no QUESTION or FACT_ID", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_from_clicks(args))
    except (StorageError, OSError) as exc:
        print(f"tradeqa kb teach: {printable(exc)}", file=sys.stderr)
        return EXIT_FAILED
