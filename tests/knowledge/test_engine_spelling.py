"""Typo correction: a misspelt word becomes the closest word the knowledge base uses.

The corrector only scores words of about the typo's length that share its first or last
letter. These tests hold it to a plain reference that scores every word in the vocabulary.
"""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from knowledge.spelling import (
    FUNCTION_SET,
    SpellingCorrector,
    _changes_a_letter,
    _max_edits,
    _typo_like,
)

VOCABULARY = {
    "administration", "adminstrative", "beijing", "being", "china", "chips", "export",
    "exports", "licence", "license", "nvidia", "share", "shares", "stock", "tariff",
    "tariffs", "commerce", "commercial", "semiconductor", "semiconductors", "huang",
    "announcement", "announced", "resume", "resumed", "what", "when", "where",
}  # fmt: skip


def closest_by_reference(words: set[str], word: str) -> str | None:
    """Score every word sharing the typo's first (then last) letter; keep each letter's 8
    closest, alphabetically first among equals; a topic word beats an equally close
    function word, then a dropped, added or swapped letter beats a changed one; the first
    found wins a tie."""
    best = None
    for shares_end in (lambda w: w[0] == word[0], lambda w: w[-1] == word[-1]):
        scored = sorted((OSA.distance(word, w), w) for w in words if len(w) >= 3 and shares_end(w))
        for distance, candidate in [s for s in scored if s[0] <= _max_edits(word)][:8]:
            if _typo_like(word, candidate, distance):
                rank = (distance, candidate in FUNCTION_SET, _changes_a_letter(word, candidate))
                if best is None or rank < best[0]:
                    best = (rank, candidate)
    return best[1] if best else None


@pytest.fixture(scope="module")
def corrector() -> SpellingCorrector:
    return SpellingCorrector(VOCABULARY | FUNCTION_SET)


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("nvdia", "nvidia"),  # a dropped letter
        ("tarriff", "tariff"),  # a doubled one
        ("haung", "huang"),  # two swapped
        ("adminstraton", "administration"),  # two slips in a long word: two letters short
        ("semiconductorss", "semiconductors"),  # one letter long
        ("beijng", "beijing"),  # not "being", as close but a function word
    ],
)
def test_everyday_slips_are_corrected(corrector, typo, meant):
    assert corrector.correct(typo) == meant


def test_short_words_are_not_turned_into_other_words(corrector):
    # One substituted letter in a short word is as likely another word: "stack" is no typo.
    assert corrector.correct("stack") is None
    assert corrector.correct("xyzzyq") is None


def test_matches_a_reference_that_scores_every_word(corrector):
    words = VOCABULARY | FUNCTION_SET
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    pool = sorted(w for w in words if len(w) >= 4)
    typos = set()
    for _ in range(3000):
        word = list(rng.choice(pool))
        for _ in range(rng.choice((1, 1, 2))):  # one slip, sometimes two
            i = rng.randrange(len(word))
            kind = rng.randrange(3)
            if kind == 0 and len(word) > 3:
                del word[i]
            elif kind == 1:
                word.insert(i, rng.choice(letters))
            else:
                word[i] = rng.choice(letters)
        if len(word) >= 4:  # three letters are matched to function words only
            typos.add("".join(word))
    corrected = 0
    for typo in sorted(typos):
        expected = closest_by_reference(words, typo)
        assert corrector.correct(typo) == expected, typo
        corrected += expected is not None and expected != typo
    assert corrected > 500  # otherwise the comparison shows little
