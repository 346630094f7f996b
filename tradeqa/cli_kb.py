"""`tradeqa kb check|test|list|show|schema`: the knowledge base from a terminal.

`kb teach` is registered here and lives in tradeqa.cli_teach.

Every command says which folder(s) it read, so a moderator editing a checkout can see
whether their edit was in the knowledge base the command looked at.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from tradeqa.terminal import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _load(paths: tuple[Path, ...], *, problems_to=None):
    """The knowledge base, or None after printing its problems (and where they were)."""
    from knowledge.loader import load_knowledge
    from knowledge.paths import describe_knowledge
    from knowledge.problems import KnowledgeError

    try:
        return load_knowledge(paths)
    except KnowledgeError as exc:
        for line in exc.lines():  # the first problems, then how many more
            print(line, file=problems_to or sys.stderr)
        print(
            f"{len(exc.problems)} problem(s) found in {describe_knowledge(paths)}",
            file=sys.stderr,
        )
        return None


def _paths(args: argparse.Namespace) -> tuple[Path, ...]:
    from knowledge.paths import expand_knowledge
    from tradeqa.cli import knowledge_paths

    if getattr(args, "paths", None):
        return expand_knowledge(args.paths)
    return knowledge_paths(args.knowledge)


def _read_line(paths: tuple[Path, ...], kb) -> str:
    from knowledge.paths import describe_knowledge

    return f"knowledge: {describe_knowledge(paths)}: {len(kb.files)} file(s), {len(kb.facts)} facts"


def cmd_kb_check(args: argparse.Namespace) -> int:
    from knowledge.paths import describe_knowledge

    paths = _paths(args)
    kb = _load(paths, problems_to=sys.stdout)
    if kb is None:
        return EXIT_FAILED
    print(
        f"ok: {describe_knowledge(paths)}: {len(kb.files)} file(s), {len(kb.facts)} facts, "
        f"{len(kb.sources)} sources, {len(kb.entities)} entities, "
        f"{len(kb.synonyms)} synonym groups, {len(kb.tests)} evaluation questions "
        f"(version {kb.version})"
    )
    drafted, proposed = kb.awaiting_review()
    same = sum(1 for found in kb.same_claims.values() for entry in found if not entry.reviewed)
    if drafted:
        also = f", {same} of them proposed as the same claim as an older fact" if same else ""
        print(f"{drafted} drafted fact(s) await review (marked reviewed: false){also}")
    if proposed:
        print(f"{proposed} proposed entit{'y awaits' if proposed == 1 else 'ies await'} review")
    for older, entries in kb.same_claims.items():
        for entry in (e for e in entries if not e.reviewed):
            print(f"  {entry.id}: proposed as the same claim as {older}")
    from knowledge.vocabulary_checks import everyday_aliases

    for warning in everyday_aliases(kb.entities.values()):
        print(f"warning: {printable(warning)}")
    return EXIT_OK


def cmd_kb_test(args: argparse.Namespace) -> int:
    from knowledge.engine import AnswerEngine
    from knowledge.evaluation import evaluate

    paths = _paths(args)
    kb = _load(paths)
    if kb is None:
        return EXIT_FAILED
    report = evaluate(AnswerEngine(kb))
    if args.json:
        data = report.to_json()
        data["knowledge"] = [str(p) for p in paths]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK if report.passed else EXIT_FAILED
    print(_read_line(paths, kb) + f", {len(kb.tests)} evaluation questions")
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


def cmd_kb_list(args: argparse.Namespace) -> int:
    paths = _paths(args)
    kb = _load(paths)
    if kb is None:
        return EXIT_FAILED
    facts = list(kb.facts.values())
    if args.json:
        rows = [{"fact_id": f.id, "title": f.title, "kind": f.kind} for f in facts]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(_read_line(paths, kb))
    width = max((len(f.id) for f in facts), default=0)
    for fact in facts:
        print(f"{fact.id:<{width}}  {fact.title}")
    return EXIT_OK


def cmd_kb_show(args: argparse.Namespace) -> int:
    from knowledge.paths import describe_knowledge
    from tradeqa.answer_text import also_line, source_line

    paths = _paths(args)
    kb = _load(paths)
    if kb is None:
        return EXIT_FAILED
    fact = kb.facts.get(args.fact_id)
    pointer = next((e for f in kb.same_claims.values() for e in f if e.id == args.fact_id), None)
    if pointer is not None:  # not answered itself: show the fact that answers for it
        if not args.json:
            print(f"{pointer.id} is the same claim as {pointer.same_claim_as}, shown here:")
        fact = kb.facts[pointer.same_claim_as]
    if fact is None:
        needle = args.fact_id.casefold()
        close = [i for i, f in kb.facts.items() if needle in i or needle in f.title.casefold()]
        close = close[:3] or difflib.get_close_matches(args.fact_id, list(kb.facts), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `tradeqa kb list`"
        print(f"tradeqa kb show: there is no fact {args.fact_id!r}{hint}", file=sys.stderr)
        return EXIT_FAILED
    source = kb.sources.get(fact.sources[0].source) if fact.sources else None
    if args.json:
        data = {
            "fact_id": fact.id,
            "title": fact.title,
            "kind": fact.kind,
            "answer": fact.answer,
            "source": source_line(source) or None,
            "questions": list(fact.questions),
            "also_reported": [also_line(s, ok) for s, ok in kb.also_reported(fact)],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"knowledge: {describe_knowledge(paths)}")
    print(f"{fact.title}\n")
    print(fact.answer)
    if source is not None:
        print(source_line(source))
    for also, confirmed in kb.also_reported(fact):
        print(f"Also reported by {also_line(also, confirmed)}")
    print("\nAsked as:")
    for question in fact.questions:
        print(f"  • {question}")
    print(f"\nid: {fact.id} · kind: {fact.kind}")
    return EXIT_OK


def cmd_kb_schema(args: argparse.Namespace) -> int:
    from knowledge.loader import schema_text, write_json_schema
    from knowledge.paths import CHECKOUT_DIR, SCHEMA_FILE

    if args.output == "-":
        sys.stdout.write(schema_text())
        return EXIT_OK
    if args.output is None and CHECKOUT_DIR is None:
        # Installed into site-packages: writing there would change nothing anyone edits.
        print(
            "tradeqa kb schema: tradeqa is not running from a source checkout "
            "(install it with `pip install -e .`), so there is no schema file to update; "
            "use --output FILE, or --output - for standard output",
            file=sys.stderr,
        )
        return EXIT_FAILED
    target = Path(args.output) if args.output else SCHEMA_FILE
    write_json_schema(target)
    print(f"wrote {target}")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, add_knowledge_option: Callable) -> None:
    kb = subparsers.add_parser(
        "kb",
        help="check, test, list and show the knowledge base",
        description="Check, test, list and show the knowledge base. Each command says which "
        "folder(s) it read: by default the bundled knowledge/facts (in a checkout installed "
        "with `pip install -e .`, the checkout's own folder).",
    )
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="COMMAND")
    kb_sub.required = True

    check = kb_sub.add_parser(
        "check",
        help="validate knowledge files",
        description="Validate the knowledge base (or the given files and folders, together). "
        "Prints FILE:LINE:COLUMN: message for each problem; exit 1 if there are any.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: as --knowledge)"
    )
    add_knowledge_option(check)
    check.set_defaults(func=cmd_kb_check)

    test = kb_sub.add_parser(
        "test",
        help="score the matcher on the evaluation questions",
        description="Ask every evaluation question (`tests:` in the knowledge files) and "
        "score the answers; exit 1 if a target is missed.",
    )
    add_knowledge_option(test)
    test.add_argument("--json", action="store_true", help="the report as JSON")
    test.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    test.set_defaults(func=cmd_kb_test)

    listing = kb_sub.add_parser(
        "list",
        help="list every fact: id and title",
        description="List every fact of the knowledge base, one per line: its id and title.",
    )
    add_knowledge_option(listing)
    listing.add_argument("--json", action="store_true", help="a JSON array of facts")
    listing.set_defaults(func=cmd_kb_list)

    show = kb_sub.add_parser(
        "show",
        help="show one fact as the bot answers it",
        description="Show one fact as the bot answers it, with its source and the example "
        "questions it is asked as (what /kb show does in Discord).",
    )
    show.add_argument("fact_id", metavar="FACT_ID", help="the fact's id (see `tradeqa kb list`)")
    add_knowledge_option(show)
    show.add_argument("--json", action="store_true", help="the fact as JSON")
    show.set_defaults(func=cmd_kb_show)

    schema = kb_sub.add_parser(
        "schema",
        help="write the JSON Schema of knowledge files (for editors)",
        description="Write the JSON Schema editors use to check knowledge files as they are "
        "typed: by default the checkout's knowledge/schema/knowledge.schema.json.",
    )
    schema.add_argument(
        "--output", metavar="FILE", help="write FILE instead; - for standard output"
    )
    schema.set_defaults(func=cmd_kb_schema)

    from tradeqa import cli_teach

    cli_teach.register(kb_sub, add_knowledge_option)
    from tradeqa import cli_draft

    cli_draft.register(kb_sub)
