"""A posting list: the facts that hold one token of the term index, and how strongly."""

from __future__ import annotations

from array import array

import numpy as np

# A weight is a whole number of hundredths (FactEntry.codes); code -> the very float32 the
# index sums for it.
_CODE_WEIGHTS = (np.arange(256) / 100).astype(np.float32)


class Postings:
    """The facts holding one token, and how strongly: two compact arrays, sorted by fact.

    A list of (fact, weight) tuples costs ~90 bytes a posting, 300 MB at 100k facts; these
    cost 5: a C int for the fact and one byte for its weight's code, which turns into the
    float32 weight only for the postings a question reads.
    """

    __slots__ = ("codes", "dense", "facts")

    # array("i") is a C int and array("B") an unsigned char: 4 and 1 bytes on every
    # platform we run.

    def __init__(self) -> None:
        self.facts = array("i")
        self.codes = array("B")
        # For common words only: the weight's code for every fact, 0 if absent.
        self.dense: np.ndarray | None = None

    def make_dense(self, fact_count: int) -> None:
        codes = np.zeros(fact_count, dtype=np.uint8)
        codes[self._facts()] = self._codes()
        self.dense = codes

    def __len__(self) -> int:
        return len(self.facts)

    @property
    def weights(self) -> np.ndarray:
        """The float32 weight of each posting, in the order of `facts`."""
        return _CODE_WEIGHTS[self._codes()]

    def scaled(self, factor: float) -> tuple[np.ndarray, np.ndarray]:
        """The facts (a numpy view, no copy), and each one's weight times `factor`: the very
        float32 values of `factor * self.weights`, looked up by code in 256 products
        rather than multiplied out posting by posting."""
        # take(mode="clip") skips the bounds checks fancy indexing makes: a code is < 256.
        return self._facts(), np.take(factor * _CODE_WEIGHTS, self._codes(), mode="clip")

    def weights_at(self, positions: np.ndarray) -> np.ndarray:
        """The float32 weight for each fact position (0 where the fact does not hold the
        token); the posting must not be empty."""
        if self.dense is not None:
            return _CODE_WEIGHTS[self.dense[positions]]
        facts = self._facts()
        at = np.searchsorted(facts, positions)
        np.minimum(at, len(facts) - 1, out=at)
        found = _CODE_WEIGHTS[self._codes()[at]]
        found[facts[at] != positions] = 0
        return found

    def _facts(self) -> np.ndarray:
        return np.frombuffer(self.facts, dtype=np.int32)

    def _codes(self) -> np.ndarray:
        return np.frombuffer(self.codes, dtype=np.uint8)
