"""`tradeqa kb teach`: give a fact a phrasing people use, from a terminal.

Each phrasing taught is recorded in the query log's audit trail (`tradeqa logs audit`):
who taught it, the phrasing and the fact.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from tradeqa.cli_learned import people_type
from tradeqa.terminal import printable

EXIT_OK, EXIT_FAILED = 0, 1


def teacher_name(args: argparse.Namespace) -> str:
    if args.by:
        return args.by
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment: still say it came from here
        return "cli"


async def _open_log(args: argparse.Namespace):
    from storage import QueryLog
    from tradeqa.config import configured

    return await QueryLog.open(args.db or configured().db)


async def _record(query_log, who: str, result: str, detail: str) -> bool:
    await query_log.audit(
        actor_id=None, actor_name=who, action="teach", result=result, detail=detail
    )
    return await query_log.flush(timeout=5.0)


def audit_detail(question: str, fact_id: str) -> str:
    return f"{question!r} -> {fact_id}"


async def _teach_one(args: argparse.Namespace) -> int:
    import asyncio

    from knowledge.problems import KnowledgeError
    from knowledge.teach import TeachRefused, teach
    from tradeqa.cli_kb import _paths

    paths = _paths(args)
    who = teacher_name(args)
    query_log = await _open_log(args)  # a log that can never be written: refused before editing
    try:
        try:
            taught = await asyncio.to_thread(teach, paths, args.question, args.fact_id)
        except TeachRefused as exc:
            print(f"tradeqa kb teach: {printable(exc)}", file=sys.stderr)
            await _record(
                query_log, who, "refused", f"{audit_detail(args.question, args.fact_id)}: {exc}"
            )
            return EXIT_FAILED
        except KnowledgeError as exc:
            for line in exc.lines():
                print(line, file=sys.stderr)
            print(
                "tradeqa kb teach: the knowledge base does not load; fix it first", file=sys.stderr
            )
            return EXIT_FAILED
        print(
            f"taught {printable(taught.question)!r} to {taught.fact_id} "
            f"({taught.file}:{taught.line}); kb test scores are unchanged or better"
        )
        if not await _record(query_log, who, "ok", audit_detail(taught.question, taught.fact_id)):
            print(
                "warning: the audit entry could not be written to the query log yet",
                file=sys.stderr,
            )
        return EXIT_OK
    finally:
        await query_log.close()


def cmd_kb_teach(args: argparse.Namespace) -> int:
    import asyncio  # not at import time: --help stays light

    from storage import StorageError

    if args.from_clicks:
        from tradeqa.cli_learned import teach_from_clicks

        return teach_from_clicks(args)
    if args.question is None or args.fact_id is None:
        print("tradeqa kb teach: give QUESTION and FACT_ID, or --from-clicks", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_teach_one(args))
    except (StorageError, OSError) as exc:
        print(f"tradeqa kb teach: {printable(exc)}", file=sys.stderr)
        return EXIT_FAILED


def register(kb_sub: argparse._SubParsersAction, add_knowledge_option: Callable) -> None:
    teach = kb_sub.add_parser(
        "teach",
        help="add a phrasing to a fact's example questions",
        description="Add QUESTION to the example questions of FACT_ID, in the fact's own YAML "
        "file (nothing else in the file changes). Refused if the fact already has it, if it is "
        "an evaluation question, if the result does not load, or if it would make kb test "
        "answer an evaluation question wrongly. Recorded in the audit log.",
        epilog="examples:\n"
        "  tradeqa kb teach 'is nvidia back in china' nvidia-resumes-ai-chip-sales-to-china\n"
        "  tradeqa logs learned --min-people 2\n"
        "  tradeqa kb teach --from-clicks --min-people 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    teach.add_argument("question", nargs="?", metavar="QUESTION", help="the phrasing to teach")
    teach.add_argument("fact_id", nargs="?", metavar="FACT_ID", help="the fact that answers it")
    add_knowledge_option(teach)
    teach.add_argument(
        "--db",
        metavar="PATH",
        help="query log for the audit trail (default: $TRADEQA_DB or ./tradeqa.db)",
    )
    teach.add_argument("--by", metavar="NAME", help="who is teaching (default: your user name)")
    teach.add_argument(
        "--from-clicks",
        action="store_true",
        help="teach the phrasings askers resolved through 'Did you mean' (see logs learned)",
    )
    teach.add_argument(
        "--min-people",
        type=people_type,
        default=2,
        metavar="N",
        help="with --from-clicks: only phrasings this many different people resolved (default 2)",
    )
    teach.add_argument(
        "--yes", action="store_true", help="with --from-clicks: teach without asking first"
    )
    teach.set_defaults(func=cmd_kb_teach)
