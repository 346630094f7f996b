"""Scoring the matcher on the evaluation set: what `tradeqa kb test` reports.

The targets are the product's promises: answerable questions find the right fact,
unrelated and near-domain questions get an honest "I don't know", greetings get help.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.engine import AnswerEngine
from knowledge.schema import EvalCase

ANSWERABLE = ("exact", "paraphrase", "typo", "short")

# (label, categories, minimum share correct)
TARGETS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("answerable, right fact first", ANSWERABLE, 0.97),
    ("off-topic, no answer", ("offtopic",), 0.95),
    ("near-domain, no answer", ("neardomain",), 0.85),
    ("greetings, help text", ("greeting",), 0.90),
)


@dataclass(frozen=True)
class CaseResult:
    case: EvalCase
    outcome: str
    fact_id: str | None
    score: float

    @property
    def correct(self) -> bool:
        if self.case.category == "greeting":
            return self.outcome == "help"
        if self.case.expect is None:
            return self.outcome != "answered"
        return self.outcome == "answered" and self.fact_id == self.case.expect


@dataclass(frozen=True)
class TargetResult:
    label: str
    correct: int
    total: int
    minimum: float

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 1.0

    @property
    def met(self) -> bool:
        return self.share >= self.minimum


@dataclass(frozen=True)
class EvalReport:
    results: tuple[CaseResult, ...]
    targets: tuple[TargetResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(t.met for t in self.targets)

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.correct]

    def by_category(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for r in self.results:
            ok, total = counts.get(r.case.category, (0, 0))
            counts[r.case.category] = (ok + r.correct, total + 1)
        return counts

    def summary_lines(self) -> list[str]:
        if not self.results:
            return ["no evaluation questions found (add `tests:` entries to a knowledge file)"]
        lines = []
        for t in self.targets:
            mark = "ok  " if t.met else "FAIL"
            lines.append(
                f"{mark} {t.label}: {t.correct}/{t.total} = {t.share:.1%} (target {t.minimum:.0%})"
            )
        per_category = ", ".join(
            f"{name} {ok}/{total}" for name, (ok, total) in sorted(self.by_category().items())
        )
        lines.append(f"by category: {per_category}")
        return lines

    def to_json(self) -> dict:
        return {
            "passed": self.passed,
            "targets": [
                {
                    "label": t.label,
                    "correct": t.correct,
                    "total": t.total,
                    "share": round(t.share, 4),
                    "minimum": t.minimum,
                    "met": t.met,
                }
                for t in self.targets
            ],
            "failures": [
                {
                    "question": r.case.question,
                    "category": r.case.category,
                    "expected": r.case.expect,
                    "got": r.fact_id,
                    "outcome": r.outcome,
                    "score": round(r.score, 3),
                }
                for r in self.failures
            ],
        }


def evaluate(engine: AnswerEngine, cases: Iterable[EvalCase] | None = None) -> EvalReport:
    """Ask every evaluation question and score the answers against the targets."""
    cases = tuple(engine.kb.tests if cases is None else cases)
    results = []
    for case in cases:
        answer = engine.answer(case.question)
        results.append(CaseResult(case, answer.outcome, answer.fact_id, answer.score))
    targets = []
    for label, categories, minimum in TARGETS:
        chosen = [r for r in results if r.case.category in categories]
        if chosen:
            targets.append(
                TargetResult(label, sum(r.correct for r in chosen), len(chosen), minimum)
            )
    return EvalReport(tuple(results), tuple(targets))
