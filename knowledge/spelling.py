"""Typo correction: an unknown word to the closest word the knowledge base uses."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from knowledge.text import QUESTION_WORDS, STOPWORDS, is_number


class SpellingCorrector:
    """Corrects a word to the closest word the knowledge base uses.

    Words are bucketed by first letter and by last letter: a typo rarely hits both ends of
    a word, and scanning two small buckets is ~10x cheaper than the whole vocabulary. Each
    bucket is split by word length too (see __init__).
    """

    def __init__(self, words: set[str]):
        self.words = frozenset(words)
        # (letter, length) -> words: a correction is at most two edits away, so only words
        # within two letters of the typo's length need scoring (a fifth of a letter's words).
        self._by_first: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_last: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in words:
            if len(word) >= 3 and not is_number(word):
                self._by_first[word[0], len(word)].append(word)
                self._by_last[word[-1], len(word)].append(word)
        # Sorted, so equally close corrections come out the same in every process.
        for bucket in (*self._by_first.values(), *self._by_last.values()):
            bucket.sort()

    def correct(self, word: str) -> str | None:
        if len(word) < 3 or any(ch.isdigit() for ch in word):
            return None
        if len(word) == 3:
            # Three letters are too few to guess a topic word from; "wht" and "wen" are
            # still plainly "what" and "when".
            found = process.extractOne(word, _FUNCTION_WORDS, scorer=Indel.distance, score_cutoff=1)
            return found[0] if found else None
        edits = _max_edits(word)
        lengths = range(len(word) - edits, len(word) + edits + 1)
        best: tuple[tuple[int, bool, int], str] | None = None
        for buckets, letter in ((self._by_first, word[0]), (self._by_last, word[-1])):
            closest: list[tuple[str, int, int]] = []
            for length in lengths:
                bucket = buckets.get((letter, length))
                if bucket:
                    closest += process.extract(
                        word, bucket, scorer=OSA.distance, score_cutoff=edits, limit=8
                    )
            # The 8 closest of the letter's words, the alphabetically first among equals.
            closest.sort(key=lambda found: (found[1], found[0]))
            for candidate, distance, _ in closest[:8]:
                if not _typo_like(word, candidate, distance):
                    continue
                # Equally close: a topic word beats a function word ("beijng" -> "beijing",
                # not "being"); then a dropped, doubled or swapped letter beats a changed one
                # ("intervew" -> "interview", not "interven"), so that words a new article
                # brings rarely take a correction from the words already there.
                rank = (distance, candidate in FUNCTION_SET, _changes_a_letter(word, candidate))
                if best is None or rank < best[0]:
                    best = (rank, candidate)
        return best[1] if best else None


NOT_CONTENT = STOPWORDS | QUESTION_WORDS
FUNCTION_SET = frozenset(w for w in NOT_CONTENT if len(w) >= 3)
_FUNCTION_WORDS = sorted(FUNCTION_SET)


def _max_edits(word: str) -> int:
    # One slip for everyday words, two for long ones ("adminstration").
    return 1 if len(word) < 9 else 2


def _changes_a_letter(word: str, candidate: str) -> bool:
    """Does turning `word` into `candidate` take a changed letter, not only dropped, added
    or swapped ones?"""
    return Indel.distance(word, candidate) > OSA.distance(word, candidate) and sorted(
        word
    ) != sorted(candidate)


def _typo_like(word: str, candidate: str, distance: int) -> bool:
    """Is turning `word` into `candidate` what a slip of the fingers does?

    In short words a substituted letter makes another real word as often as a typo
    ("stock"/"stack", "apple"/"apply"), so there only a dropped, doubled or swapped letter
    counts ("nvdia", "shar", "haung").
    """
    if len(word) > 5:
        return True
    return Indel.distance(word, candidate) <= 1 or (
        distance == 1 and sorted(word) == sorted(candidate)
    )
