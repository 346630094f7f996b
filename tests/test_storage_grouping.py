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
