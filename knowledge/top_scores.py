"""Picking the best scores out of many: the last step of the term index's candidate search.

At 100k facts a common word gives tens of thousands of facts some score, and only the best
few dozen are wanted, in a reproducible order.
"""

from __future__ import annotations

import numpy as np


def best_of(facts: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The `limit` best-scoring facts, best first; equal scores in knowledge-base order
    (ties at the cut too: argpartition alone would pick among them arbitrarily)."""
    if len(facts) > limit:
        kth = kth_largest(scores, limit)
        above = np.nonzero(scores > kth)[0]
        tied = np.nonzero(scores == kth)[0][: limit - len(above)]
        keep = np.concatenate([above, tied])
        facts, scores = facts[keep], scores[keep]
    order = np.lexsort((facts, -scores))
    return [(int(facts[i]), float(scores[i])) for i in order]


# kth_largest samples every _SAMPLE_STEP-th score.
_SAMPLE_STEP = 16


def kth_largest(scores: np.ndarray, k: int) -> float:
    """The k-th largest score (len(scores) >= k), without partitioning them all.

    Scores are sums of a few words' weights, so tens of thousands of facts share a handful
    of values, and np.partition is slow on many equal values (2 ms for 20,000 of them). The
    k-th best of a sample is at most the k-th best of all: when fewer than k scores are
    above it, it is the k-th best; otherwise only the scores above it need partitioning.
    """
    if len(scores) > k * _SAMPLE_STEP:
        sample = scores[::_SAMPLE_STEP]
        floor = np.partition(sample, len(sample) - k)[len(sample) - k]
        higher = scores[scores > floor]
        if len(higher) < k:
            return floor
        scores = higher
    return np.partition(scores, len(scores) - k)[len(scores) - k]


def union(sorted_arrays: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct values of some sorted arrays (np.unique is ~8x slower here)."""
    if len(sorted_arrays) == 1:
        return sorted_arrays[0]
    values = np.sort(np.concatenate(sorted_arrays))
    distinct = np.empty(len(values), dtype=bool)
    distinct[0] = True
    np.not_equal(values[1:], values[:-1], out=distinct[1:])
    return values[distinct]
