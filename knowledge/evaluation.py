"""Scoring the matcher on the evaluation set: what `tradeqa kb test` reports.

The targets are the product's promises: answerable questions find the right fact and almost
never a wrong one, unrelated and near-domain questions get no confident answer, greetings
get help. The set has two splits: `tune` may guide the choice of weights, words and
synonyms; `holdout` is written blind and never does, so the targets are judged on it (on
`tune` when a knowledge base has no holdout).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.engine import AnswerEngine
from knowledge.schema import EvalCase
from knowledge.supersedes import newest, superseded_by

NOT_ANSWERABLE = ("offtopic", "neardomain", "greeting")
# Registers where context and formal wording make matching hardest (reported apart).
LONG_OR_FORMAL = ("long", "formal")


def case_class(case: EvalCase) -> str:
    """answerable, offtopic, neardomain or greeting."""
    return case.category if case.category in NOT_ANSWERABLE else "answerable"


@dataclass(frozen=True)
class CaseResult:
    case: EvalCase
    outcome: str
    fact_id: str | None
    score: float
    first_suggestion: str | None = None
    # The fact that now answers for the expected one, when a later fact supersedes it: the
    # bot answers with the newest and names the expected fact as what it replaces.
    newest_expected: str | None = None

    @property
    def expected(self) -> tuple[str | None, ...]:
        return (
            (self.case.expect, self.newest_expected)
            if self.newest_expected
            else (self.case.expect,)
        )

    @property
    def correct(self) -> bool:
        kind = case_class(self.case)
        if kind == "greeting":
            return self.outcome == "help"
        if kind != "answerable":
            return self.outcome != "answered"
        return self.outcome == "answered" and self.fact_id in self.expected

    @property
    def wrong_fact(self) -> bool:
        """An answerable question answered with another fact: worse than no answer."""
        return (
            case_class(self.case) == "answerable"
            and self.outcome == "answered"
            and self.fact_id not in self.expected
        )

    @property
    def ranked_first(self) -> bool:
        """The right fact is the answer, or the first fact offered."""
        return self.correct or self.first_suggestion in self.expected


# (label, class, share, at_most): the share of the class's questions that must be right
# (or, with at_most, may at most be wrong answers).
TARGETS: tuple[tuple[str, str, float, bool], ...] = (
    ("answerable, right fact", "answerable", 0.95, False),
    ("answerable, wrong fact", "answerable", 0.01, True),
    ("off-topic, not answered", "offtopic", 0.98, False),
    ("near-domain, not answered", "neardomain", 0.95, False),
    ("greetings, help text", "greeting", 1.00, False),
)


@dataclass(frozen=True)
class TargetResult:
    label: str
    correct: int  # with at_most: the wrong answers counted
    total: int
    minimum: float  # with at_most: the maximum
    at_most: bool = False

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else (0.0 if self.at_most else 1.0)

    @property
    def met(self) -> bool:
        return self.share <= self.minimum if self.at_most else self.share >= self.minimum


def _targets(results: list[CaseResult]) -> tuple[TargetResult, ...]:
    found = []
    for label, kind, share, at_most in TARGETS:
        chosen = [r for r in results if case_class(r.case) == kind]
        if chosen:
            counted = sum(r.wrong_fact if at_most else r.correct for r in chosen)
            found.append(TargetResult(label, counted, len(chosen), share, at_most))
    return tuple(found)


@dataclass(frozen=True)
class SplitReport:
    name: str
    results: tuple[CaseResult, ...]
    targets: tuple[TargetResult, ...]

    @property
    def answerable(self) -> list[CaseResult]:
        return [r for r in self.results if case_class(r.case) == "answerable"]

    @property
    def ranking(self) -> tuple[int, int]:
        """Answerable questions whose right fact is the answer or the first suggestion."""
        chosen = self.answerable
        return sum(r.ranked_first for r in chosen), len(chosen)

    @property
    def long_or_formal(self) -> tuple[int, int]:
        chosen = [r for r in self.answerable if r.case.category in LONG_OR_FORMAL]
        return sum(r.correct for r in chosen), len(chosen)

    def by_category(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for r in self.results:
            ok, total = counts.get(r.case.category, (0, 0))
            counts[r.case.category] = (ok + r.correct, total + 1)
        return counts


@dataclass(frozen=True)
class EvalReport:
    results: tuple[CaseResult, ...]
    splits: tuple[SplitReport, ...] = field(default_factory=tuple)

    @property
    def judged(self) -> SplitReport | None:
        """The split the targets are judged on: the holdout when there is one."""
        by_name = {s.name: s for s in self.splits}
        return by_name.get("holdout") or by_name.get("tune")

    @property
    def targets(self) -> tuple[TargetResult, ...]:
        judged = self.judged
        return judged.targets if judged else ()

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(t.met for t in self.targets)

    @property
    def failures(self) -> list[CaseResult]:
        """Wrong results of the tune split: the holdout's are counted, never listed, so
        that nobody fixes them one by one and turns the holdout into a tuning set."""
        return [r for r in self.results if not r.correct and r.case.split == "tune"]

    def summary_lines(self) -> list[str]:
        if not self.results:
            return ["no evaluation questions found (add `tests:` entries to a knowledge file)"]
        judged = self.judged
        lines = []
        for split in self.splits:
            verdict = "targets judged here" if split is judged else "for tuning; not judged"
            lines.append(f"{split.name} split, {len(split.results)} questions ({verdict}):")
            for t in split.targets:
                mark = ("ok  " if t.met else "FAIL") if split is judged else "    "
                bound = "at most" if t.at_most else "target"
                lines.append(
                    f"  {mark} {t.label}: {t.correct}/{t.total} = {t.share:.1%} "
                    f"({bound} {t.minimum:.0%})"
                )
            ranked, total = split.ranking
            if total:
                lines.append(
                    f"       ranking, right fact answered or first suggested: "
                    f"{ranked}/{total} = {ranked / total:.1%}"
                )
            ok, total = split.long_or_formal
            if total:
                lines.append(
                    f"       long or formal questions right: {ok}/{total} = {ok / total:.1%}"
                )
            per_category = ", ".join(
                f"{name} {ok}/{n}" for name, (ok, n) in sorted(split.by_category().items())
            )
            lines.append(f"       by category: {per_category}")
        return lines

    def to_json(self) -> dict:
        def target_json(t: TargetResult) -> dict:
            return {
                "label": t.label,
                "correct": t.correct,
                "total": t.total,
                "share": round(t.share, 4),
                "minimum": t.minimum,
                "at_most": t.at_most,
                "met": t.met,
            }

        judged = self.judged
        return {
            "passed": self.passed,
            "judged_on": judged.name if judged else None,
            "targets": [target_json(t) for t in self.targets],
            "splits": {
                s.name: {
                    "questions": len(s.results),
                    "targets": [target_json(t) for t in s.targets],
                    "ranking": {"right": s.ranking[0], "total": s.ranking[1]},
                    "long_or_formal": {"right": s.long_or_formal[0], "total": s.long_or_formal[1]},
                }
                for s in self.splits
            },
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
    newer = superseded_by(engine.kb)
    results = []
    for case in cases:
        answer = engine.answer(case.question)
        first = answer.suggestions[0].fact_id if answer.suggestions else None
        expected = engine.kb.facts.get(case.expect) if case.expect else None
        latest = newest(expected, newer).id if expected is not None else None
        results.append(
            CaseResult(
                case,
                answer.outcome,
                answer.fact_id,
                answer.score,
                first,
                latest if latest != case.expect else None,
            )
        )
    splits = []
    for name in ("tune", "holdout"):
        chosen = [r for r in results if r.case.split == name]
        if chosen:
            splits.append(SplitReport(name, tuple(chosen), _targets(chosen)))
    return EvalReport(tuple(results), tuple(splits))
