"""Candidate search: skipping common words' postings never changes which facts are found.

The term index narrows each question to the facts sharing its most informative words. At
100k facts a common word ("quick", "tariff") is held by tens of thousands of facts, so the
index skips its postings when the rarer words already settle the list (MaxScore pruning).
These tests compare it with a plain, independent count over every fact.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.engine import AnswerEngine
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.query import Query

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _common  # lives in benchmarks/, put on the path just above
import synth

LIMIT = 40  # MatcherSettings.candidates


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> AnswerEngine:
    folder = tmp_path_factory.mktemp("synth") / "kb"
    synth.generate(3000, folder)
    return AnswerEngine(load_knowledge([folder, BUNDLED_DIR]))


@pytest.fixture(scope="module")
def questions(engine) -> list[str]:
    # Hits, rewordings, typos and misses, as the benchmark asks them.
    return [q.text for q in _common.question_set(engine.kb, 400, seed=5)]


def counted_by_hand(index: KnowledgeIndex, query: Query, limit: int) -> list[tuple[int, float]]:
    """Every fact's overlap, one fact and word at a time, in float32 as the index sums it
    (rarest word first); best first, equal overlaps in knowledge-base order."""
    terms = sorted(
        (t for t in query.content if t in index.postings),
        key=lambda t: (len(index.postings[t]), t),
    )
    overlap: dict[int, np.float32] = {}
    for term in terms:
        idf = np.float32(index.idf[term])
        postings = index.postings[term]
        for fact, weight in zip(postings.facts, postings.weights, strict=True):
            overlap[fact] = np.float32(overlap.get(fact, np.float32(0)) + idf * np.float32(weight))
    best = sorted(overlap.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(fact, float(score)) for fact, score in best]


def test_candidates_are_the_best_overlaps_counted_one_by_one(engine, questions):
    index = engine.index
    for question in questions:
        query = index.analyse(question)
        if not query.content or all(t[0].isdigit() for t in query.content):
            continue
        assert index.candidates(query, LIMIT) == counted_by_hand(index, query, LIMIT), question


def test_pruning_is_used_and_agrees_with_reading_every_posting(engine, questions):
    index = engine.index
    pruned = 0
    for question in questions:
        query = index.analyse(question)
        terms = sorted(
            (t for t in query.content if t in index.postings),
            key=lambda t: (len(index.postings[t]), t),
        )
        if not terms:
            continue
        found = index._pruned(terms, LIMIT)
        if found is not None:
            pruned += 1
            assert found == index._exhaustive(terms, LIMIT), question
    # Otherwise the comparison above proves nothing (348 of 523 questions at this size).
    assert pruned >= 50


def test_ties_at_the_cut_go_to_the_facts_listed_first(engine):
    index = engine.index
    # One common word: hundreds of facts hold it equally, far more than the limit.
    query = index.analyse("tariff")
    found = index.candidates(query, 5)
    holders = index.postings["tariff"]
    assert len(holders) > 5
    top = max(holders.weights)
    expected = [f for f, w in zip(holders.facts, holders.weights, strict=True) if w == top][:5]
    assert [fact for fact, _ in found] == expected


def test_common_words_dense_weights_agree_with_their_postings(engine):
    """A common word's weights are read from a dense table by fact; every fact must read
    the float32 its postings hold (0 where it does not hold the word)."""
    index = engine.index
    everyone = np.arange(len(index.entries), dtype=np.int32)
    dense = [token for token, p in index.postings.items() if p.dense is not None]
    assert "tariff" in dense
    # Only common words: a table per rare word would cost a byte per fact each.
    assert all(len(index.postings[t]) >= len(everyone) / 32 for t in dense)
    assert len(dense) < len(index.postings) / 4
    for token in dense:
        postings = index.postings[token]
        expected = np.zeros(len(everyone), dtype=np.float32)
        expected[list(postings.facts)] = list(postings.weights)
        assert index.held_by(everyone, token) == expected.astype(np.float64).tolist(), token
