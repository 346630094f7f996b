"""Teach a fact a new phrasing: add it to the fact's `questions:` in its YAML file.

The file is edited by inserting one line after the fact's last example question, nothing
else: every other byte (comments, key order, folded answers, quote styles) stays as the
moderator wrote it. A round-trip YAML library keeps comments too, but re-emits every scalar
it writes back, re-wrapping long plain answers and changing quote styles, so a one-line
teach would show up as a diff of the whole file.

A phrasing is taught only if the knowledge base still loads with it (else the file is put
back as it was) and no evaluation question the matcher answered right before is answered
wrongly after (else the file is put back, and the questions it would break are named).
Evaluation questions themselves are never taught: a holdout question would stop being
blind, and a tune question would be scored against a copy of itself.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge import safe_yaml
from knowledge.base import KnowledgeBase
from knowledge.discovery import find_files
from knowledge.engine import AnswerEngine
from knowledge.evaluation import EvalReport, evaluate
from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError
from knowledge.schema import MAX_PER_FACT, control_character_message
from knowledge.wording import same_wording

MAX_QUESTION = 200  # ShortText's limit: what a fact's example question may hold


class TeachRefused(Exception):
    """Why a phrasing was not taught: one line, worded for a moderator."""


@dataclass(frozen=True)
class Taught:
    question: str
    fact_id: str
    file: Path
    line: int  # 1-based line of the new example question


def clean_question(question: str) -> str:
    """The phrasing as it will be stored, or TeachRefused if it cannot be one."""
    problem = control_character_message(question)
    if problem:
        raise TeachRefused(f"the question {problem}")
    question = " ".join(question.split())
    if not question:
        raise TeachRefused("the question is empty")
    if len(question) > MAX_QUESTION:
        raise TeachRefused(
            f"the question is {len(question)} characters long; an example question holds at "
            f"most {MAX_QUESTION}"
        )
    return question


def check_teachable(kb: KnowledgeBase, question: str, fact_id: str) -> None:
    """Refuse an unknown fact, a duplicate, or an evaluation question."""
    fact = kb.facts.get(fact_id)
    if fact is None:
        close = difflib.get_close_matches(fact_id, list(kb.facts), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `tradeqa kb list`"
        raise TeachRefused(f"there is no fact {fact_id!r}{hint}")
    wording = same_wording(question)
    for case in kb.tests:
        if same_wording(case.question) == wording:
            if case.split == "holdout":
                raise TeachRefused(
                    f"{question!r} is a holdout evaluation question: the holdout is written "
                    "blind and never taught, or its scores would stop meaning anything"
                )
            raise TeachRefused(
                f"{question!r} is an evaluation question: kb test would then score the "
                "matcher on a copy of an example question"
            )
    for other in kb.facts.values():
        if any(same_wording(q) == wording for q in other.questions):
            where = "already" if other.id == fact_id else f"already taught to {other.id}, not"
            raise TeachRefused(f"{question!r} is {where} an example question of {fact_id}")
    if len(fact.questions) >= MAX_PER_FACT:
        raise TeachRefused(f"{fact_id} already has {MAX_PER_FACT} example questions, the most")


def teach(paths: Sequence[Path], question: str, fact_id: str) -> Taught:
    """Add `question` to the example questions of `fact_id` in the knowledge at `paths`.

    Raises TeachRefused (nothing changed) or KnowledgeError (the knowledge base does not
    load as it is: nothing is taught to a broken one).
    """
    question = clean_question(question)
    kb = load_knowledge(paths)
    check_teachable(kb, question, fact_id)
    before = evaluate(AnswerEngine(kb))
    file, original = _file_of(paths, fact_id)
    edited, line = insert_question(original, fact_id, question)
    _write(file, edited)
    try:
        after_kb = load_knowledge(paths)
        if question not in after_kb.facts[fact_id].questions:
            raise TeachRefused(f"{file} did not read back as taught; it is as it was")
        broken = newly_wrong(before, evaluate(AnswerEngine(after_kb)))
        if broken:
            shown = "; ".join(broken[:3]) + ("; …" if len(broken) > 3 else "")
            raise TeachRefused(
                f"teaching {question!r} to {fact_id} would break {len(broken)} evaluation "
                f"question(s) kb test answered right: {shown}"
            )
    except KnowledgeError as exc:
        _write(file, original)
        first = exc.problems[0] if exc.problems else "it does not load"
        raise TeachRefused(f"the edited file would not load ({first}); it is as it was") from None
    except BaseException:
        _write(file, original)
        raise
    return Taught(question, fact_id, file, line)


def newly_wrong(before: EvalReport, after: EvalReport) -> list[str]:
    """Evaluation questions answered right before and wrongly after (holdout ones unnamed)."""
    right_before = {(r.case.question, r.case.expect) for r in before.results if r.correct}
    broken = []
    for result in after.results:
        if not result.correct and (result.case.question, result.case.expect) in right_before:
            if result.case.split == "holdout":
                broken.append("a holdout question")
            else:
                got = result.fact_id or result.outcome
                broken.append(f"{result.case.question!r} would get {got}")
    return broken


def _file_of(paths: Sequence[Path], fact_id: str) -> tuple[Path, bytes]:
    found, _ = find_files(paths)
    for file in found:
        data = file.real.read_bytes()
        if fact_id.encode() not in data:
            continue
        document = safe_yaml.parse(data)
        facts = document.data.get("facts") if isinstance(document.data, dict) else None
        if any(isinstance(f, dict) and f.get("id") == fact_id for f in facts or ()):
            return file.real, data
    raise TeachRefused(f"no knowledge file holds the fact {fact_id!r}")


def insert_question(data: bytes, fact_id: str, question: str) -> tuple[bytes, int]:
    """The file with `question` as a new last item of that fact's `questions:` list, and
    the line it is on. The new line copies the indent of the item above it."""
    document = safe_yaml.parse(data, with_positions=True)
    positions = document.positions
    assert positions is not None
    facts = document.data["facts"]
    index = next(i for i, f in enumerate(facts) if isinstance(f, dict) and f.get("id") == fact_id)
    count = len(facts[index]["questions"])
    lines = data.decode("utf-8").splitlines(keepends=True)
    last_line, column = positions.value(("facts", index, "questions", count - 1))
    item = lines[last_line - 1]
    dash = item.rfind("-", 0, column - 1)
    if dash < 0 or item[:dash].strip():
        raise TeachRefused(
            f"the questions of {fact_id} are not written one per line (`- question`): "
            "add this one by hand"
        )
    # A long item may go on over more lines, each indented past its dash.
    end = last_line
    while end < len(lines) and _continues(lines[end], dash):
        end += 1
    newline = "\r\n" if item.endswith("\r\n") else "\n"
    if not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    scalar = json.dumps(question, ensure_ascii=False)  # a JSON string is a YAML "…" scalar
    lines.insert(end, f"{item[:dash]}- {scalar}{newline}")
    return "".join(lines).encode("utf-8"), end + 1


def _continues(line: str, dash: int) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    indent = len(line) - len(line.lstrip(" "))
    return indent > dash


_TEMP = re.compile(r"[^A-Za-z0-9._-]")


def _write(file: Path, data: bytes) -> None:
    """Replace the file in one step, keeping its permissions: never half written."""
    temp = file.with_name(f".{_TEMP.sub('_', file.name)}.teach-{os.getpid()}")
    try:
        temp.write_bytes(data)
        os.chmod(temp, file.stat().st_mode & 0o7777)
        os.replace(temp, file)
    finally:
        temp.unlink(missing_ok=True)
