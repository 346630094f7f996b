"""Keep a draft from taking evaluation questions that facts already in the knowledge base
answer.

Reviewed facts answer before any draft (knowledge.engine), so what a draft can take is a
question an earlier, still unreviewed draft answers: drafts are matched among themselves,
and a drafted fact about Nvidia shares words with every Nvidia fact before it; one of its
example questions can then read more like an evaluation question ("deliveries when?") than
the example questions of the fact that answers it. After drafting, the knowledge base's
evaluation set is asked with and without the draft. While a question that was answered
right with an older fact is now answered by a drafted fact, the drafted example question
closest to it is left out (a moderator can put it back after review). What still changes is
listed for the moderator, never fixed by editing the existing facts: some of it is the new
article rightly answering a question the old knowledge base could not ("who is the commerce
secretary?").

Holdout questions count like tune ones (a draft must not break them either), but are never
written into the draft: the holdout stays blind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.engine import AnswerEngine
from knowledge.evaluation import CaseResult, EvalReport, evaluate
from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError

MAX_ROUNDS = 8  # each round asks the whole evaluation set again
MIN_QUESTIONS = 6  # a drafted fact keeps at least this many example questions


@dataclass
class GuardReport:
    left_out: dict[str, list[str]] = field(default_factory=dict)  # fact id -> questions
    changed: list[str] = field(default_factory=list)  # evaluation answers that still differ


def baseline(paths: Sequence[Path]) -> EvalReport | None:
    """The evaluation before the draft is written (None: nothing to protect)."""
    try:
        kb = load_knowledge(paths)
    except KnowledgeError:
        return None
    return evaluate(AnswerEngine(kb)) if kb.tests else None


def protect(
    before: EvalReport,
    paths: Sequence[Path],
    facts: list[dict],
    rewrite: Callable[[], None],
) -> GuardReport:
    """Leave out drafted example questions that take evaluation questions, rewriting the
    draft (`rewrite`) after each round; then report what still answers differently."""
    report = GuardReport()
    drafted = {f["id"]: f for f in facts}
    answered = {_key(r.case): r for r in before.results}
    after = before
    for _ in range(MAX_ROUNDS):
        engine = AnswerEngine(load_knowledge(paths))
        after = evaluate(engine, [r.case for r in before.results])
        # Only questions an older fact answered: a near-domain question a drafted fact now
        # answers may be the new article rightly answering it, which the moderator judges.
        taken = [
            r
            for r in after.results
            if r.fact_id in drafted
            and r.case.expect is not None
            and not r.correct
            and answered[_key(r.case)].correct
        ]
        removed = False
        for result in taken:
            fact = drafted[result.fact_id]
            if len(fact["questions"]) <= MIN_QUESTIONS:
                continue
            closest = _closest(engine, result.case.question, fact["questions"])
            fact["questions"].remove(closest)
            report.left_out.setdefault(fact["id"], []).append(closest)
            removed = True
        if not removed:
            break
        rewrite()
    for result in after.results:
        old = answered[_key(result.case)]
        if (old.outcome, old.fact_id) != (result.outcome, result.fact_id):
            report.changed.append(_describe(old, result))
    return report


def _key(case) -> tuple:
    return (case.question, case.expect, case.split)


def _closest(engine: AnswerEngine, question: str, examples: list[str]) -> str:
    """The example question that reads most like `question`, as the matcher reads both."""
    asked = engine.index.analyse(question).content_string

    def likeness(example: str) -> float:
        text = engine.index.analyse(example).content_string
        return fuzz.token_set_ratio(asked, text) + fuzz.token_sort_ratio(asked, text)

    return max(examples, key=likeness)


def _describe(old: CaseResult, new: CaseResult) -> str:
    got = new.fact_id or new.outcome
    was = old.fact_id or old.outcome
    mark = "right" if new.correct else "wrong"
    if new.case.split == "holdout":
        return f"a holdout question: {was} -> {got} ({mark} now)"
    return f"{new.case.question!r}: {was} -> {got} ({mark} now)"
