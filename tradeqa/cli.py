"""The `tradeqa` command line: ask questions, check and test the knowledge base.

`tradeqa logs …` (query-log review) and `tradeqa run|sync|chat` (Discord, console) are
registered from their own modules; every handler returns the process exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge, write_json_schema
from knowledge.paths import BUNDLED_DIR, SCHEMA_FILE
from knowledge.problems import KnowledgeError
from storage import StorageError, default_db_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (argparse prints the whole usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def knowledge_paths(given: Sequence[str] | None) -> list[Path]:
    """--knowledge, else $TRADEQA_KNOWLEDGE, else the bundled knowledge base."""
    if given:
        return [Path(p) for p in given]
    env = os.environ.get("TRADEQA_KNOWLEDGE")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [BUNDLED_DIR]


def _print_problems(exc: KnowledgeError) -> None:
    for line in exc.lines():  # the first problems, then how many more
        print(line, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)


# -- tradeqa ask -----------------------------------------------------------------------------


async def _ask(args: argparse.Namespace) -> int:
    from tradeqa.service import Asker, TradeQA

    try:
        service = await TradeQA.open(
            knowledge=knowledge_paths(args.knowledge), db=args.db, log=not args.no_log
        )
    except KnowledgeError as exc:
        _print_problems(exc)
        return EXIT_FAILED
    except StorageError as exc:  # a newer schema, or a file that is not a query log
        print(f"tradeqa: query log {args.db}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    asker = Asker("cli", user_name=getpass.getuser())
    try:

        async def answer(question: str) -> None:
            reply = await service.ask(question, asker)
            if args.json:
                line = json.dumps(reply.answer.to_json(), ensure_ascii=False)
            else:
                line = reply.answer.text + ("\n" if args.question is None else "")
            print(line, flush=True)

        if args.question:
            await answer(" ".join(args.question))
        else:
            async for line in stdin_lines():
                if line.strip():
                    await answer(line)
    finally:
        await service.close()
    return _unlogged_exit_code(service)


def _unlogged_exit_code(service) -> int:
    """EXIT_FAILED, after one line on stderr, if any question was not logged: the answers
    were shown, but a script must not take the run for a complete one."""
    log = service.query_log
    if log is None:
        return EXIT_OK
    health = log.health
    lost = health.dropped + health.rejected
    if not lost:
        return EXIT_OK
    reason = f" ({health.last_error})" if health.last_error else ""
    print(
        f"tradeqa: {lost} question(s) answered but not logged to {log.path}{reason}",
        file=sys.stderr,
    )
    return EXIT_FAILED


async def stdin_lines():
    """Lines of standard input, read without blocking the event loop.

    A daemon thread reads, so a SIGTERM while it waits for input ends the process at once
    (a thread of the default executor would hold up interpreter shutdown).
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


def _run_until_signalled(coro) -> int:
    """Run an async command; SIGTERM and Ctrl-C end it cleanly (the query log is closed)."""

    async def main() -> int:
        task = asyncio.current_task()
        terminated = False

        def on_sigterm() -> None:
            nonlocal terminated
            terminated = True
            task.cancel()

        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, on_sigterm)
        try:
            return await coro
        except asyncio.CancelledError:
            if terminated:
                return 128 + signal.SIGTERM
            raise  # Ctrl-C: asyncio.run turns this into KeyboardInterrupt

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


def cmd_ask(args: argparse.Namespace) -> int:
    args.question = args.question or None
    return _run_until_signalled(_ask(args))


# -- tradeqa kb --------------------------------------------------------------------------------


def cmd_kb_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] if args.paths else knowledge_paths(args.knowledge)
    try:
        kb = load_knowledge(paths)
    except KnowledgeError as exc:
        for line in exc.lines():  # the first problems, then how many more
            print(line)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"ok: {len(kb.files)} file(s), {len(kb.facts)} facts, {len(kb.sources)} sources, "
        f"{len(kb.entities)} entities, {len(kb.synonyms)} synonym groups, "
        f"{len(kb.tests)} evaluation questions (version {kb.version})"
    )
    return EXIT_OK


def cmd_kb_test(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(knowledge_paths(args.knowledge))
    except KnowledgeError as exc:
        _print_problems(exc)
        return EXIT_FAILED
    report = evaluate(AnswerEngine(kb))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in report.summary_lines():
            print(line)
        failures = report.failures
        if failures:
            shown = failures if args.verbose else failures[:10]
            print(f"\n{len(failures)} question(s) answered wrongly:")
            for r in shown:
                want = r.case.expect or "no answer"
                got = r.fact_id or r.outcome
                print(f"  [{r.case.category}] {r.case.question!r}: expected {want}, got {got}")
            if len(shown) < len(failures):
                print("  … (use --verbose for all)")
    return EXIT_OK if report.passed else EXIT_FAILED


def cmd_kb_schema(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else SCHEMA_FILE
    write_json_schema(target)
    print(f"wrote {target}")
    return EXIT_OK


# -- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tradeqa",
        description="Answer trade-policy questions from a curated knowledge base.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ask = sub.add_parser(
        "ask",
        help="answer a question (or one per line from standard input)",
        description="Answer QUESTION, or each line of standard input when no QUESTION is given. "
        "Each question is logged to the query log before its answer is printed.",
    )
    ask.add_argument("question", nargs="*", metavar="QUESTION", help="the question, in words")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument(
        "--knowledge",
        action="append",
        metavar="DIR",
        help="knowledge folder or file (repeatable; default: $TRADEQA_KNOWLEDGE, else bundled)",
    )
    ask.add_argument(
        "--db",
        default=str(default_db_path()),
        metavar="PATH",
        help="query log database (default: $TRADEQA_DB or ./tradeqa.db)",
    )
    ask.add_argument("--no-log", action="store_true", help="do not log the questions")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="check, test and describe the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="COMMAND", parser_class=_Parser)
    kb_sub.required = True

    check = kb_sub.add_parser(
        "check",
        help="validate knowledge files",
        description="Validate the knowledge base (or the given files and folders, together). "
        "Prints FILE:LINE:COLUMN: message for each problem; exit 1 if there are any.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--knowledge", action="append", metavar="DIR", help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_kb_check)

    test = kb_sub.add_parser(
        "test",
        help="score the matcher on the evaluation questions",
        description="Ask every evaluation question (`tests:` in the knowledge files) and "
        "score the answers; exit 1 if a target is missed.",
    )
    test.add_argument("--knowledge", action="append", metavar="DIR", help="knowledge folder")
    test.add_argument("--json", action="store_true", help="the report as JSON")
    test.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    test.set_defaults(func=cmd_kb_test)

    schema = kb_sub.add_parser(
        "schema", help="write the JSON Schema of knowledge files (for editors)"
    )
    schema.add_argument("--output", metavar="FILE", help=f"default: {SCHEMA_FILE}")
    schema.set_defaults(func=cmd_kb_schema)

    for register in _registrars():
        register(sub)
    return parser


def _registrars():
    from tradeqa import cli_bot, cli_logs

    return (cli_logs.register, cli_bot.register)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`tradeqa kb test | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
