"""Scale does not steal answers: unrelated facts beside the real ones change no answer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth  # lives in benchmarks/, put on the path just above


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth") / "kb"
    # Thousands of trade-policy facts about invented companies and countries, whose
    # vocabulary ("price", "founded", "third quarter", "steel", "2") the near-domain
    # questions use: the size where this used to change answers.
    synth.generate(3000, folder)
    alone = AnswerEngine(load_knowledge([BUNDLED_DIR]))
    beside = AnswerEngine(load_knowledge([folder, BUNDLED_DIR]))
    return alone, beside


def test_the_evaluation_set_is_answered_the_same_beside_thousands_of_other_facts(engines):
    alone, beside = engines
    before, after = evaluate(alone), evaluate(beside)
    changed = [
        f"{a.case.question!r}: {a.fact_id or a.outcome} -> {b.fact_id or b.outcome}"
        for a, b in zip(before.results, after.results, strict=True)
        if (a.fact_id, a.outcome) != (b.fact_id, b.outcome)
    ]
    assert not changed, "\n".join(changed)
    assert after.passed


def test_a_number_alone_names_no_topic(engines):
    _, beside = engines
    assert beside.answer("what's 2+2").outcome == "unanswered"
    assert beside.answer("13%?").fact_id == "china-share-of-nvidia-sales-2024"
