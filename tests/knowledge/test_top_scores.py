"""The candidate search's top-k: the same list as sorting every score, ties included."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.top_scores import best_of, kth_largest


def _sorted_best(facts: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    order = sorted(range(len(facts)), key=lambda i: (-scores[i], facts[i]))[:limit]
    return [(int(facts[i]), float(scores[i])) for i in order]


@pytest.mark.parametrize("distinct", [2, 5, 50, 5000])
@pytest.mark.parametrize("size", [10, 31, 500, 20_000])
def test_best_of_matches_a_full_sort_however_many_scores_tie(size, distinct):
    rng = np.random.default_rng(size * distinct)
    facts = np.sort(rng.choice(100_000, size, replace=False)).astype(np.int32)
    scores = (rng.integers(1, distinct + 1, size) / 7).astype(np.float32)

    assert best_of(facts, scores, 30) == _sorted_best(facts, scores, 30)


def test_kth_largest_when_the_sample_misses_the_few_best():
    # The sample (every 16th score) holds none of the three best: its 2nd best is a lower
    # bound only, and the answer comes from the scores above it.
    scores = np.ones(10_000, dtype=np.float32)
    scores[[1, 2, 3]] = [5.0, 4.0, 3.0]

    assert kth_largest(scores, 2) == 4.0
    assert kth_largest(scores, 3) == 3.0
    assert kth_largest(scores, 4) == 1.0
