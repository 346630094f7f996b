"""Every evaluation question and every benchmark question keeps its answer.

tests/knowledge/data/pinned_answers.json records, for each question, the outcome and the fact it got
when the file was written (for a `related` answer, the related fact it offers). Work on
anything but matching must leave every one of them as it is; this test fails when one moves.
When answers change on purpose (work on matching), regenerate the file and review its diff:

    python tests/knowledge/test_pinned_answers.py          # add --full to redo the 100k section too

Sections: `eval` is knowledge/facts/eval.yaml asked of the bundled knowledge base alone;
`bench-N` is the benchmark's question set (benchmarks/_common.question_set: made-up
questions, then every evaluation question) asked of N synthetic facts beside the bundled
ones, in the order benchmarks/bench.py loads them (the order breaks ties). The 100k section
takes minutes and ~600 MB, so it runs only with TRADEQA_PIN_FULL=1 (its synthetic files are
kept in benchmarks/out/, as the benchmark keeps them).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _common  # noqa: E402  (lives in benchmarks/, put on the path just above)

from knowledge.engine import AnswerEngine  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.paths import BUNDLED_DIR  # noqa: E402

PINNED = Path(__file__).resolve().parent / "data" / "pinned_answers.json"
REGENERATE = "python tests/knowledge/test_pinned_answers.py"
BENCH_QUESTIONS = 200  # benchmarks/bench.py --questions, its default
SIZES = (1_000, 10_000)
FULL_SIZE = 100_000
FULL_ENV = "TRADEQA_PIN_FULL"


def answers(engine: AnswerEngine, questions: list[str]) -> dict[str, list]:
    """question -> [outcome, fact id] (the answering fact, or the related one, or None)."""
    found = {}
    for question in questions:
        answer = engine.answer(question)
        found[question] = [answer.outcome, answer.fact.id if answer.fact else None]
    return found


def eval_section() -> dict[str, list]:
    engine = AnswerEngine(load_knowledge([BUNDLED_DIR]))
    return answers(engine, [case.question for case in engine.kb.tests])


def bench_section(synthetic: Path) -> dict[str, list]:
    engine = AnswerEngine(load_knowledge([BUNDLED_DIR, synthetic]))
    questions = _common.question_set(engine.kb, BENCH_QUESTIONS)
    return answers(engine, [q.text for q in questions])


def pinned() -> dict[str, dict[str, list]]:
    return json.loads(PINNED.read_text("utf-8"))


def moved(was: dict[str, list], now: dict[str, list]) -> list[str]:
    lines = [f"not asked any more: {q!r}" for q in was if q not in now]
    lines += [f"not pinned: {q!r} -> {now[q]}" for q in now if q not in was]
    lines += [f"{q!r}: {was[q]} -> {now[q]}" for q in now if q in was and was[q] != now[q]]
    return lines


def check(section: str, now: dict[str, list]) -> None:
    lines = moved(pinned()[section], now)
    shown = "\n".join(lines[:30]) + (f"\n... and {len(lines) - 30} more" if len(lines) > 30 else "")
    assert not lines, (
        f"{len(lines)} answer(s) moved in {section} (if on purpose: {REGENERATE}):\n{shown}"
    )


def test_every_evaluation_question_keeps_its_answer():
    check("eval", eval_section())


@pytest.mark.parametrize("size", SIZES)
def test_every_benchmark_question_keeps_its_answer(size, tmp_path_factory):
    check(f"bench-{size}", bench_section(_common.synthetic(tmp_path_factory.mktemp("pin"), size)))


@pytest.mark.skipif(not os.environ.get(FULL_ENV), reason=f"100k facts: set {FULL_ENV}=1")
def test_every_benchmark_question_keeps_its_answer_at_100k():
    check(f"bench-{FULL_SIZE}", bench_section(_common.synthetic(_common.DEFAULT_OUT, FULL_SIZE)))


def test_a_moved_answer_is_reported():
    was = {"a?": ["answered", "x"], "b?": ["unanswered", None]}
    now = {"a?": ["related", "x"], "b?": ["unanswered", None]}
    assert moved(was, now) == ["'a?': ['answered', 'x'] -> ['related', 'x']"]
    assert moved(was, {"a?": was["a?"]}) == ["not asked any more: 'b?'"]


def write(full: bool) -> None:
    """Recompute the pinned answers (the 100k section kept as it was unless `full`)."""
    import tempfile

    data = pinned() if PINNED.exists() else {}
    data["about"] = __doc__.split("\n\n")[0] + f" Regenerate: {REGENERATE} [--full]"
    data["eval"] = eval_section()
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            data[f"bench-{size}"] = bench_section(_common.synthetic(Path(folder), size))
    if full:
        full_folder = _common.synthetic(_common.DEFAULT_OUT, FULL_SIZE)
        data[f"bench-{FULL_SIZE}"] = bench_section(full_folder)
    PINNED.parent.mkdir(exist_ok=True)
    # One question a line: a regenerated file's diff shows exactly which answers moved.
    sections = []
    for name, value in data.items():
        if isinstance(value, str):
            sections.append(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
            continue
        rows = ",\n".join(
            f"    {json.dumps(q, ensure_ascii=False)}: {json.dumps(a)}" for q, a in value.items()
        )
        sections.append(f"{json.dumps(name)}: {{\n{rows}\n  }}")
    PINNED.write_text("{\n  " + ",\n  ".join(sections) + "\n}\n", encoding="utf-8")
    print(f"wrote {PINNED}: " + ", ".join(f"{k} {len(v)}" for k, v in data.items() if k != "about"))


if __name__ == "__main__":
    write(full="--full" in sys.argv[1:])
