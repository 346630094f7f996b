"""A posting list: the facts that hold one token of the term index, and how strongly."""

from __future__ import annotations

from array import array

import numpy as np

# A weight is a whole number of hundredths (FactEntry.codes); code -> the very float32 the
# posting arrays store for it.
_CODE_WEIGHTS = (np.arange(256) / 100).astype(np.float32)


class Postings:
    """The facts holding one token, and how strongly: two compact arrays, sorted by fact.

    A list of (fact, weight) tuples costs ~90 bytes a posting, 300 MB at 100k facts;
    these cost 8.
    """

    __slots__ = ("dense", "facts", "weights")

    # array("i") and array("f") are C int and float: 4 bytes each on every platform we run.

    def __init__(self) -> None:
        self.facts = array("i")
        self.weights = array("f")
        # For common words only: the weight's code (hundredths) for every fact, 0 if absent.
        self.dense: np.ndarray | None = None

    def make_dense(self, fact_count: int) -> None:
        facts, weights = self.arrays()
        codes = np.zeros(fact_count, dtype=np.uint8)
        codes[facts] = np.rint(weights.astype(np.float64) * 100)
        self.dense = codes

    def __len__(self) -> int:
        return len(self.facts)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """numpy views of the two arrays (no copy)."""
        return (
            np.frombuffer(self.facts, dtype=np.int32),
            np.frombuffer(self.weights, dtype=np.float32),
        )

    def weights_at(self, positions: np.ndarray) -> np.ndarray:
        """The float32 weight for each fact position (0 where the fact does not hold the
        token); the posting must not be empty."""
        if self.dense is not None:
            return _CODE_WEIGHTS[self.dense[positions]]
        facts, weights = self.arrays()
        at = np.searchsorted(facts, positions)
        np.minimum(at, len(facts) - 1, out=at)
        found = weights[at]
        found[facts[at] != positions] = 0
        return found
