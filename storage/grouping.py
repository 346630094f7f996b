"""Group questions that are worded almost the same ("nvidia revenue 2023?" / "nvidias revenue
in 2023"), so the knowledge base's to-do list counts a question once, however it was typed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

# token_sort_ratio at or above this means "the same question". Chosen on pairs like the ones in
# tests/test_storage_grouping.py: typos, plurals, filler words group; different subjects don't.
SIMILARITY_THRESHOLD = 85.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(question: str) -> str:
    return utils.default_process(question)


def _numbers(normalised: str) -> frozenset[str]:
    # "revenue 2023" and "revenue 2024" are 95% alike as text but different questions.
    return frozenset(_NUMBER.findall(normalised))


@dataclass
class SimilarGroup:
    """Wordings judged to be one question; `wordings` maps the text as typed to its count."""

    key: str
    numbers: frozenset[str]
    wordings: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.wordings.values())


def group_similar(
    questions: Iterable[str], *, threshold: float = SIMILARITY_THRESHOLD
) -> list[SimilarGroup]:
    """Cluster questions greedily, most frequent wording first, so each group is anchored on the
    way people most often ask it. Returns groups sorted by count (most asked first)."""
    typed: dict[str, int] = {}
    for question in questions:
        typed[question] = typed.get(question, 0) + 1
    # Exact matches after normalising (case, punctuation, spacing) are one wording family.
    by_norm: dict[str, dict[str, int]] = {}
    for question, count in typed.items():
        by_norm.setdefault(normalise(question), {})[question] = count
    ordered = sorted(by_norm.items(), key=lambda item: (-sum(item[1].values()), item[0]))

    groups: list[SimilarGroup] = []
    keys: list[str] = []
    for norm, wordings in ordered:
        numbers = _numbers(norm)
        target: SimilarGroup | None = None
        if norm:
            matches = process.extract(
                norm, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
            )
            for _key, _score, index in matches:  # best match first
                if groups[index].numbers == numbers:
                    target = groups[index]
                    break
        if target is None:
            target = SimilarGroup(key=norm, numbers=numbers)
            groups.append(target)
            keys.append(norm)
        for question, count in wordings.items():
            target.wordings[question] = target.wordings.get(question, 0) + count
    groups.sort(key=lambda g: -g.count)
    return groups
