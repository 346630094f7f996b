"""Scale does not steal answers: unrelated facts beside the real ones change no answer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from knowledge.engine import AnswerEngine
from knowledge.evaluation import evaluate
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
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


# Scores within this distance of the threshold may move across it with the knowledge base's
# size: a word the question shares with no fact weighs like the rarest word among more or
# fewer candidates, and a typo is corrected towards the words the knowledge base has.
BORDERLINE = 0.1


def test_thousands_of_other_facts_steal_no_answer(engines):
    alone, beside = engines
    threshold = alone.matcher.settings.threshold
    before, after = evaluate(alone), evaluate(beside)
    worse = [
        f"{a.case.question!r}: {a.fact_id or a.outcome} ({a.score:.2f}) -> "
        f"{b.fact_id or b.outcome} ({b.score:.2f})"
        for a, b in zip(before.results, after.results, strict=True)
        if a.correct and not b.correct and abs(a.score - threshold) > BORDERLINE
    ]
    assert not worse, "\n".join(worse)
    # and no more than a handful of borderline ones either way
    changed = sum(
        a.correct != b.correct for a, b in zip(before.results, after.results, strict=True)
    )
    assert changed <= 0.02 * len(before.results)


def test_a_number_alone_names_no_topic(engines):
    _, beside = engines
    assert beside.answer("what's 2+2").outcome == "unanswered"
    assert beside.answer("13%?").fact_id == "china-share-of-nvidia-sales-2024"
