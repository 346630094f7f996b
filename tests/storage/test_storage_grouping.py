"""Unanswered questions are grouped when people type the same thing differently, not when they
ask different things in similar words."""

from __future__ import annotations

import pytest

from storage.grouping import group_similar


def groups_of(questions: list[str]) -> list[set[str]]:
    return [set(g.wordings) for g in group_similar(questions)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("nvidia revenue 2023?", "nvidias revenue in 2023"),
        ("Who is Jensen Huang?", "who is jensen huang"),
        ("when was the h20 ban lifted", "when was the h20 ban lifted??"),
        ("what chips can nvidia sell to china", "what chip can nvidia sell to china"),
        ("did the us approve the sales", "did the US approve sales"),
    ],
)
def test_the_same_question_typed_differently_is_one_group(a, b):
    assert groups_of([a, b]) == [{a, b}]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("nvidia revenue 2023?", "nvidia revenue 2024?"),
        ("when did the ban start", "when did the ban end"),
        ("what is the h20 export ban", "what is the h20 export license"),
        ("who is jensen huang", "who is lisa su"),
    ],
)
def test_different_questions_in_similar_words_stay_apart(a, b):
    assert len(groups_of([a, b])) == 2


def test_groups_are_counted_and_sorted_most_asked_first():
    questions = ["mars weather"] + ["nvidia revenue 2023?"] * 3 + ["nvidias revenue in 2023"] * 2
    groups = group_similar(questions)
    assert [(g.count, g.wordings) for g in groups] == [
        (5, {"nvidia revenue 2023?": 3, "nvidias revenue in 2023": 2}),
        (1, {"mars weather": 1}),
    ]


def test_questions_of_nothing_but_punctuation_do_not_crash():
    assert [g.count for g in group_similar(["???", "!!!", "???"])] == [3]


def _as_sets(groups) -> list[frozenset[str]]:
    return sorted((frozenset(g.wordings) for g in groups), key=sorted)


def test_bucketed_grouping_matches_the_plain_algorithm_on_realistic_misses():
    import random

    from storage.grouping import group_similar_exhaustive

    rng = random.Random(5)
    subjects = ["nvidia", "amd", "intel", "tsmc", "huawei", "apple", "samsung", "qualcomm"]
    things = ["revenue", "market cap", "headquarters", "ceo", "export license", "h20 price"]
    asked = []
    for subject in subjects:
        for thing in things:
            base = f"what is the {thing} of {subject}?"
            asked += [base] * rng.randint(1, 4)
            asked.append(base.upper())  # same after normalising
            asked.append(f"whats the {thing} of {subject}")  # a near wording
            asked.append(base.replace(subject, subject[:-1] + subject[-1] * 2))  # a typo
            asked.append(f"{subject} {thing} in 2024?")  # a number: its own question
    rng.shuffle(asked)
    assert _as_sets(group_similar(asked)) == _as_sets(group_similar_exhaustive(asked))


def test_grouping_a_day_of_distinct_misses_compares_few_pairs(monkeypatch):
    # Each wording is compared with the groups sharing one of its rare words, not with all.
    from rapidfuzz import process

    import storage.grouping as grouping

    compared = 0
    extract = process.extract

    def counting(query, choices, **kwargs):
        nonlocal compared
        compared += len(choices)
        return extract(query, choices, **kwargs)

    monkeypatch.setattr(grouping.process, "extract", counting)
    questions = [
        f"does company{n} sell chips to country{n % 97} in {2000 + n % 25}" for n in range(3000)
    ]
    groups = group_similar(questions)
    assert len(groups) > 2000
    assert compared < 3000 * 50  # the plain way: ~3000 × groups / 2, millions


def test_the_grouping_benchmark_prints_its_row():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "unanswered_grouping.py"
    done = subprocess.run(
        [sys.executable, str(script), "--sizes", "300", "--reps", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()
    assert "new (s)" in header and "old (s)" in header and "same groups" in header
    assert row.split()[0] == "300" and row.split()[-1] in ("ok", "MISS")
