"""Choose the matcher's weights and threshold by cross-validation over the evaluation set.

    python benchmarks/tune_matcher.py [--knowledge DIR] [--folds 5]

Only the `tune` split is used: the holdout is written blind and must stay unseen by tuning,
so it can tell what unseen askers get (`tradeqa kb test` reports both). For each fold, the
grid point that scores best on the other folds is scored on the held-out fold; the mean
held-out score is what to expect on questions nobody tuned for. The script then prints the
grid point that is best on all tune questions, to copy into MatcherSettings if it is better
than the current one. The candidate features of every question are computed once, so the
grid search itself is arithmetic.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.engine import AnswerEngine, missing_detail
from knowledge.evaluation import TARGETS, case_class, evaluate
from knowledge.loader import load_knowledge
from knowledge.matcher import Features, MatcherSettings
from knowledge.paths import BUNDLED_DIR

GRID = {
    "coverage_weight": [0.7, 0.8, 0.9],
    "unknown_weight": [0.6, 1.0, 1.5],
    "generic_weight": [0.15, 0.3, 0.5],
    "entity_penalty": [0.25, 0.4, 0.6],
    "number_penalty": [0.2, 0.35, 0.5],
    "intent_bonus": [0.0, 0.05],
    "threshold": [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
}


@dataclass
class Case:
    kind: str  # knowledge.evaluation.case_class
    expect: str | None
    candidates: list[Features]
    help: bool  # answered by the help text before any matching
    lacking: frozenset[str]  # candidate facts that lack the detail asked for


def features(engine: AnswerEngine) -> list[Case]:
    """Every tune question's candidate features, computed once."""
    cases = []
    for test in engine.kb.tests:
        if test.split != "tune":
            continue
        answer = engine.answer(test.question)
        query = engine.index.analyse(test.question.strip())
        candidates = engine.matcher.features(query)
        lacking = frozenset(
            f.entry.fact.id for f in candidates if missing_detail(query, f.entry, engine.kb)
        )
        cases.append(
            Case(
                case_class(test),
                test.expect,
                candidates,
                answer.outcome in ("help", "empty", "too_long"),
                lacking,
            )
        )
    return cases


def decide(case: Case, settings: MatcherSettings) -> str | None:
    """The fact the engine would answer with (as AnswerEngine._rank decides), or None."""
    if case.help or not case.candidates:
        return None
    best = max(case.candidates, key=lambda f: f.score(settings))
    if best.held <= 0 or best.score(settings) < settings.threshold:
        return None
    return None if best.entry.fact.id in case.lacking else best.entry.fact.id


def accuracies(cases: list[Case], p: dict) -> dict[str, float]:
    """Each target of knowledge.evaluation.TARGETS as a share where higher is better."""
    settings = MatcherSettings(**p)
    decided = [decide(case, settings) for case in cases]
    shares = {}
    for label, kind, _, at_most in TARGETS:
        chosen = [(c, d) for c, d in zip(cases, decided, strict=True) if c.kind == kind]
        if not chosen:
            continue
        if at_most:  # scored as the share of answerable questions not given a wrong fact
            right = sum(d is None or d == c.expect for c, d in chosen)
        elif kind == "answerable":
            right = sum(d == c.expect for c, d in chosen)
        else:
            right = sum(d is None for c, d in chosen)
        shares[label] = right / len(chosen)
    return shares


def objective(cases: list[Case], p: dict) -> tuple[int, float]:
    """Targets met first (the product's promises), then the mean of the target accuracies."""
    shares = accuracies(cases, p)
    minimum = {label: (1 - share if at_most else share) for label, _, share, at_most in TARGETS}
    met = sum(share >= minimum[label] for label, share in shares.items())
    return met, sum(shares.values()) / len(shares)


def best_params(cases: list[Case], grid: list[dict]) -> tuple[dict, float]:
    scored = [(objective(cases, p), i) for i, p in enumerate(grid)]
    top = max(s for s, _ in scored)
    # Among equally good points, take the median one: it sits away from the cliff edges.
    ties = [i for s, i in scored if s == top]
    return grid[ties[len(ties) // 2]], top


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=str(BUNDLED_DIR))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    engine = AnswerEngine(load_knowledge([Path(args.knowledge)]))
    cases = features(engine)
    keys = list(GRID)
    grid = [dict(zip(keys, values, strict=True)) for values in itertools.product(*GRID.values())]
    print(f"{len(cases)} questions, {len(grid)} grid points, {args.folds} folds")

    shuffled = cases[:]
    random.Random(7).shuffle(shuffled)
    folds = [shuffled[i :: args.folds] for i in range(args.folds)]
    held_out = []
    for k, fold in enumerate(folds):
        train = [c for j, f in enumerate(folds) if j != k for c in f]
        params, train_score = best_params(train, grid)
        shares = accuracies(fold, params)
        held_out.append(shares)
        print(
            f"fold {k}: train {train_score[1]:.3f}  held-out "
            + "  ".join(f"{g} {v:.3f}" for g, v in sorted(shares.items()))
        )
    for group in sorted({g for h in held_out for g in h}):
        shares = [h[group] for h in held_out if group in h]  # a fold may lack a class
        print(f"mean held-out accuracy, {group}: {sum(shares) / len(shares):.3f}")

    params, score = best_params(cases, grid)
    print(f"best on all questions: {score[0]} targets met, mean {score[1]:.3f}  {params}")
    current = MatcherSettings()
    now = {k: getattr(current, k) for k in keys}
    met, mean = objective(cases, now)
    print(f"current settings:      {met} targets met, mean {mean:.3f}  {now}")
    report = evaluate(AnswerEngine(engine.kb, replace(current, **params)))
    print("\n".join(report.summary_lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
