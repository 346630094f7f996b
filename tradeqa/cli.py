"""The `tradeqa` command line: the parser, its conventions, and `tradeqa ask`.

`tradeqa kb …`, `tradeqa logs …` and `tradeqa run|sync|chat` are registered from their own
modules; every handler returns the process exit code. Handlers import what they need when
they run: the matcher, pydantic and discord.py take ~0.4 s to import, which `tradeqa --help`
and `--version` should not pay. `tradeqa logs` is only registered in full when it is the
command given (its module imports the storage layer); otherwise a placeholder lists it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tradeqa import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Command groups registered in full only when given: name -> (module, its one-line help).
_LAZY_GROUPS = {"logs": ("tradeqa.cli_logs", "review, export and prune the query log")}

ASK_TERMINAL_HINT = (
    "tradeqa ask: type a question and press Enter, one per line; Ctrl-D to finish.\n"
    '(Or pass it at once: tradeqa ask "your question". For a conversation: tradeqa chat.)'
)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error that points to the help of the command at fault."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def knowledge_paths(given: Sequence[str] | None, settings=None) -> tuple[Path, ...]:
    """--knowledge, else $TRADEQA_KNOWLEDGE, else the bundled knowledge base.

    The word `bundled` among them stands for the bundled base (knowledge.paths).
    """
    from knowledge.paths import expand_knowledge
    from tradeqa.config import configured

    if given:
        return expand_knowledge(given)
    return expand_knowledge([str(p) for p in (settings or configured()).knowledge])


def add_knowledge_option(parser: argparse.ArgumentParser, **kwargs) -> None:
    parser.add_argument(
        "--knowledge",
        action="append",
        metavar="DIR",
        help="knowledge folder or file, repeatable; `bundled` is the bundled base "
        "(default: $TRADEQA_KNOWLEDGE, else the bundled base)",
        **kwargs,
    )


def print_problems(problems: Sequence[object], *, stream=None) -> None:
    from knowledge.problems import first_lines

    stream = stream or sys.stderr
    for line in first_lines(problems):  # the first problems, then how many more
        print(line, file=stream)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


# -- tradeqa ask -----------------------------------------------------------------------------


async def _ask(args: argparse.Namespace) -> int:
    import json

    from knowledge.problems import KnowledgeError
    from storage import StorageError
    from tradeqa.answer_text import answer_json, answer_text
    from tradeqa.config import configured
    from tradeqa.service import Asker, TradeQA
    from tradeqa.user_input import read_lines, user_name

    settings = configured()  # read once: the database and the knowledge folders
    db = args.db or str(settings.db)
    try:
        service = await TradeQA.open(
            knowledge=knowledge_paths(args.knowledge, settings), db=db, log=not args.no_log
        )
    except KnowledgeError as exc:
        print_problems(exc.problems)
        return EXIT_FAILED
    except StorageError as exc:  # a newer schema, or a file that is not a query log
        from storage.location import describe_location  # a URL's password stays hidden

        print(f"tradeqa: query log {describe_location(db)}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    asker = Asker("cli", user_name=user_name())
    try:

        async def answer(question: str) -> None:
            reply = await service.ask(question, asker)
            if args.json:
                line = json.dumps(answer_json(reply.answer), ensure_ascii=False)
            else:
                line = answer_text(reply.answer) + ("\n" if args.question is None else "")
            print(line, flush=True)

        if args.question:
            await answer(" ".join(args.question))
        else:
            if sys.stdin is not None and sys.stdin.isatty():
                print(ASK_TERMINAL_HINT, file=sys.stderr)
            async for line in read_lines(sys.stdin):
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


def _run_until_signalled(coro) -> int:
    """Run an async command; SIGTERM and Ctrl-C end it cleanly (the query log is closed)."""
    import asyncio
    import contextlib
    import signal

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


def _register_ask(sub: argparse._SubParsersAction) -> None:
    ask = sub.add_parser(
        "ask",
        help="answer a question (or one per line from standard input)",
        description="Answer QUESTION, or each line of standard input when no QUESTION is given. "
        "Each question is logged to the query log before its answer is printed.",
    )
    ask.add_argument("question", nargs="*", metavar="QUESTION", help="the question, in words")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    add_knowledge_option(ask)
    ask.add_argument(
        "--db", metavar="PATH", help="query log database (default: $TRADEQA_DB or ./tradeqa.db)"
    )
    ask.add_argument("--no-log", action="store_true", help="do not log the questions")
    ask.set_defaults(func=cmd_ask)


# -- the parser --------------------------------------------------------------------------------


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; `argv` says which lazily registered group to build in full."""
    from tradeqa import cli_bot, cli_kb

    parser = _Parser(
        prog="tradeqa",
        description="Answer trade-policy questions from a curated knowledge base, with "
        'their source; review what people asked. Start with: tradeqa ask "your question"',
    )
    parser.add_argument("--version", action="version", version=f"tradeqa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    _register_ask(sub)
    cli_kb.register(sub, add_knowledge_option)
    cli_bot.register(sub)
    command = next((arg for arg in argv or () if not arg.startswith("-")), None)
    for name, (module, help_text) in _LAZY_GROUPS.items():
        if command == name:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    _describe_and_route_errors(parser)
    return parser


def _describe_and_route_errors(parser: argparse.ArgumentParser) -> None:
    """Every subcommand's help page gets a description (its one-line help, if it has none),
    and remembers its parser, so an unknown option is reported against the right help."""
    parser.set_defaults(_parser=parser)
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, subparser in action.choices.items():
            if not subparser.description and helps.get(name):
                text = helps[name]
                subparser.description = text[0].upper() + text[1:] + "."
            _describe_and_route_errors(subparser)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:  # a bare `tradeqa`: say what it can do
        parser.print_help()
        return EXIT_OK
    from tradeqa.config import ConfigError

    try:
        return args.func(args)
    except ConfigError as exc:  # a malformed setting in the environment, .env or TOML file
        print(f"tradeqa: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`tradeqa kb test | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
