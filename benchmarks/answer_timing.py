"""Time AnswerEngine.answer over the evaluation questions at N synthetic facts.

    python benchmarks/answer_timing.py --size 100000 --reps 5

A quick check for work on the answering path, beside benchmarks/bench.py's full table:
the per-question median over --reps, then the median and p99 of those. To compare with
another version of the code, run this script with that version first on PYTHONPATH
(e.g. an exported copy of `knowledge/`); the knowledge base files are the same.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR

OUT = Path(__file__).resolve().parent / "out"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="synthetic facts")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT, help="where bench.py keeps synth-N")
    args = parser.parse_args(argv)
    synthetic = args.out / f"synth-{args.size}"
    if not synthetic.is_dir():
        print(f"no {synthetic}: run benchmarks/bench.py --sizes {args.size} once", file=sys.stderr)
        return 2
    engine = AnswerEngine(load_knowledge([BUNDLED_DIR, synthetic]))
    questions = [case.question for case in engine.kb.tests]
    for question in questions:  # warm-up: first calls pay for lazy set-up
        engine.answer(question)
    times: list[list[float]] = [[] for _ in questions]
    for _ in range(args.reps):
        for i, question in enumerate(questions):
            started = time.perf_counter_ns()
            engine.answer(question)
            times[i].append((time.perf_counter_ns() - started) / 1e6)
    per_question = [statistics.median(t) for t in times]
    print(
        f"{len(questions)} questions x {args.reps} at {args.size:,} facts "
        f"({engine.__module__} from {Path(sys.modules['knowledge'].__file__).parent.parent}): "
        f"median {statistics.median(per_question):.3f} ms, "
        f"p99 {percentile(per_question, 0.99):.3f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
