"""Answering at scale: time per question beside a plain rapidfuzz baseline, how often made-up
questions get the right fact, and whether the evaluation set keeps its answers."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from _common import Question, percentile

from knowledge.engine import AnswerEngine
from knowledge.evaluation import EvalReport, evaluate
from knowledge.loader import load_knowledge


def measure_latency(
    engine: AnswerEngine, questions: list[Question], reps: int, baseline_questions: int
) -> dict:
    """AnswerEngine.answer per question, beside plain rapidfuzz over every example question."""
    from rapidfuzz import fuzz, process, utils

    texts = [q.text for q in questions]
    for text in texts:  # warm-up: first calls pay for lazy set-up
        engine.answer(text)
    ours = [[] for _ in texts]
    for _ in range(reps):
        for i, text in enumerate(texts):
            started = time.perf_counter_ns()
            engine.answer(text)
            ours[i].append(time.perf_counter_ns() - started)
    ours_ms = [statistics.median(t) / 1e6 for t in ours]

    # The baseline costs the same for any question (it scans every example), so an evenly
    # spread sample of the questions, once each, gives its median at a fraction of the time.
    choices = [q for fact in engine.kb.facts.values() for q in fact.questions]
    count = min(len(texts), baseline_questions)
    sample = [texts[i * len(texts) // count] for i in range(count)]
    base_ms = []
    for text in sample:
        started = time.perf_counter_ns()
        process.extractOne(
            text, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process
        )
        base_ms.append((time.perf_counter_ns() - started) / 1e6)

    result = {
        "questions": len(texts),
        "examples": len(choices),
        "ours_median_ms": statistics.median(ours_ms),
        "ours_p99_ms": percentile(ours_ms, 0.99),
        "ours_max_ms": max(ours_ms),
        "base_questions": len(base_ms),
        "base_median_ms": statistics.median(base_ms),
        "base_p99_ms": percentile(base_ms, 0.99),
    }
    result["speedup"] = result["base_median_ms"] / result["ours_median_ms"]
    slowest = sorted(range(len(texts)), key=lambda i: ours_ms[i], reverse=True)[:5]
    result["slowest"] = [[texts[i], round(ours_ms[i], 2)] for i in slowest]
    result.update(answer_quality(engine, questions))
    return result


def answer_quality(engine: AnswerEngine, questions: list[Question]) -> dict:
    """How often made-up questions get the right fact (information, not a target)."""
    right = {"hit": 0, "variant": 0, "typo": 0}
    asked = dict.fromkeys(right, 0)
    misses = answered_misses = 0
    for question in questions:
        answer = engine.answer(question.text)
        if question.kind in right:
            asked[question.kind] += 1
            # Several synthetic facts can share an example question: any of them is right.
            right[question.kind] += bool(answer.fact and question.origin in answer.fact.questions)
        elif question.kind == "miss":
            misses += 1
            answered_misses += answer.answered
    shares = {f"right_{k}": right[k] / asked[k] if asked[k] else None for k in right}
    shares["answered_miss"] = answered_misses / misses if misses else None
    return shares


# Scores this close to the threshold may cross it as the knowledge base grows (see
# tests/knowledge/test_engine_scale.py); answers decided by a clear margin must not change.
BORDERLINE = 0.1


def measure_eval(engine: AnswerEngine, real_paths: list[Path]) -> dict:
    """The evaluation set on the real knowledge base alone, then beside N synthetic facts."""
    real = evaluate(AnswerEngine(load_knowledge(real_paths)))
    threshold = engine.matcher.settings.threshold
    scaled = evaluate(engine, [r.case for r in real.results])
    changed = []
    for before, after in zip(real.results, scaled.results, strict=True):
        if (before.outcome, before.fact_id) != (after.outcome, after.fact_id):
            changed.append(
                {
                    "question": before.case.question,
                    "category": before.case.category,
                    "expected": before.case.expect,
                    "real": _got(before),
                    "scaled": _got(after),
                    "was_right": before.correct,
                    "is_right": after.correct,
                    "score": round(after.score, 3),
                    "borderline": abs(before.score - threshold) <= BORDERLINE,
                }
            )
    return {
        "eval_real": _targets(real),
        "eval_scaled": _targets(scaled),
        # As tests/knowledge/test_engine_scale.py: no answer decided by a clear margin is lost.
        "eval_same": not any(
            c["was_right"] and not c["is_right"] and not c["borderline"] for c in changed
        ),
        "eval_changed": changed,
    }


def _got(result) -> str:
    return result.fact_id if result.outcome == "answered" else result.outcome


def _targets(report: EvalReport) -> list[list]:
    return [[t.label, t.correct, t.total, t.met] for t in report.targets]
