"""Group questions that are worded almost the same ("nvidia revenue 2023?" / "nvidias revenue
in 2023"), so the knowledge base's to-do list counts a question once, however it was typed.

Comparing every wording with every group is quadratic: 8,000 distinct misses took 19 s. So a
wording is compared only with the groups that share one of its rarest words (by their first
four letters, so "nvidias" meets "nvidia"), and rapidfuzz does the comparing in C with a
cut-off. Two wordings alike enough to group share most of their words, so they nearly always
share a rare one; `group_similar_exhaustive` is the plain algorithm the tests and
benchmarks/unanswered_grouping.py compare against.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

# token_sort_ratio at or above this means "the same question". Chosen on pairs like the ones in
# tests/storage/test_storage_grouping.py: typos, plurals, filler words group; different
# subjects don't.
SIMILARITY_THRESHOLD = 85.0
# A wording looks for its group under this many of its rarest words...
LOOKUP_WORDS = 4
# ...and under each, among at most this many groups (the most asked): a word shared by more
# is too common to say two questions are the same one.
MAX_BUCKET = 64
# Letters of a word that make its bucket: plurals and endings stay together.
STEM_LETTERS = 4

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(question: str) -> str:
    return utils.default_process(question)


def _numbers(normalised: str) -> frozenset[str]:
    # "revenue 2023" and "revenue 2024" are 95% alike as text but different questions.
    return frozenset(_NUMBER.findall(normalised))


def _sorted_words(normalised: str) -> str:
    # fuzz.ratio of these equals fuzz.token_sort_ratio of the wordings, without re-sorting
    # the words at every comparison.
    return " ".join(sorted(normalised.split()))


def _buckets(normalised: str) -> set[str]:
    # Each word by its start and by its end: a typo rarely changes both.
    words = normalised.split()
    return {w[:STEM_LETTERS] for w in words} | {"~" + w[-STEM_LETTERS:] for w in words}


@dataclass
class SimilarGroup:
    """Wordings judged to be one question; `wordings` maps the text as typed to its count."""

    key: str
    numbers: frozenset[str]
    wordings: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.wordings.values())


def _families(typed: Mapping[str, int]) -> list[tuple[str, dict[str, int]]]:
    """Wordings equal after normalising (case, punctuation, spacing), most asked first."""
    by_norm: dict[str, dict[str, int]] = {}
    for question, count in typed.items():
        by_norm.setdefault(normalise(question), {})[question] = count
    return sorted(by_norm.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def _add(group: SimilarGroup, wordings: Mapping[str, int]) -> None:
    for question, count in wordings.items():
        group.wordings[question] = group.wordings.get(question, 0) + count


def group_similar(
    questions: Iterable[str], *, threshold: float = SIMILARITY_THRESHOLD
) -> list[SimilarGroup]:
    """Group questions as asked (one entry per time asked)."""
    return group_counted(Counter(questions), threshold=threshold)


def group_counted(
    typed: Mapping[str, int], *, threshold: float = SIMILARITY_THRESHOLD
) -> list[SimilarGroup]:
    """Cluster wordings (text as typed → times asked) greedily, most asked first, so each group
    is anchored on the way people most often ask it. Groups come most asked first."""
    families = _families(typed)
    buckets = [sorted(_buckets(norm)) for norm, _ in families]  # sorted: ties break alike
    rarity = Counter(bucket for found in buckets for bucket in found)
    groups: list[SimilarGroup] = []
    anchors: list[str] = []  # each group's key, words sorted
    members: dict[str, list[int]] = {}  # bucket -> groups whose key has a word in it

    for (norm, wordings), found in zip(families, buckets, strict=True):
        numbers = _numbers(norm)
        sorted_norm = _sorted_words(norm)
        target: SimilarGroup | None = None
        if norm:
            by_rarity = sorted(found, key=rarity.__getitem__)
            # Rare words only: a word most questions share says nothing about which question
            # this is. With none rare, the rarest word's most asked groups.
            rare = [b for b in by_rarity[:LOOKUP_WORDS] if rarity[b] <= MAX_BUCKET]
            lists = [members.get(bucket, ())[:MAX_BUCKET] for bucket in rare or by_rarity[:1]]
            lists = [found_in for found_in in lists if found_in]
            # In group order (one list already is), so ties resolve as in the plain way.
            ordered = lists[0] if len(lists) == 1 else sorted(set().union(*lists))
            if ordered:
                matches = process.extract(
                    sorted_norm,
                    [anchors[i] for i in ordered],
                    scorer=fuzz.ratio,
                    score_cutoff=threshold,
                    limit=None,
                )
                for _anchor, _score, position in matches:  # best match first
                    if groups[ordered[position]].numbers == numbers:
                        target = groups[ordered[position]]
                        break
        if target is None:
            target = SimilarGroup(key=norm, numbers=numbers)
            for bucket in found:
                members.setdefault(bucket, []).append(len(groups))
            groups.append(target)
            anchors.append(sorted_norm)
        _add(target, wordings)
    groups.sort(key=lambda g: -g.count)
    return groups


def group_similar_exhaustive(
    questions: Iterable[str], *, threshold: float = SIMILARITY_THRESHOLD
) -> list[SimilarGroup]:
    """The plain algorithm: every wording compared with every group. Quadratic; kept as the
    reference the bucketed one is checked and timed against."""
    groups: list[SimilarGroup] = []
    keys: list[str] = []
    for norm, wordings in _families(Counter(questions)):
        numbers = _numbers(norm)
        target: SimilarGroup | None = None
        if norm:
            matches = process.extract(
                norm, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
            )
            for _key, _score, index in matches:
                if groups[index].numbers == numbers:
                    target = groups[index]
                    break
        if target is None:
            target = SimilarGroup(key=norm, numbers=numbers)
            groups.append(target)
            keys.append(norm)
        _add(target, wordings)
    groups.sort(key=lambda g: -g.count)
    return groups
