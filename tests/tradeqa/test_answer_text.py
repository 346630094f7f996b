"""How answers read on the command line and in the console: every outcome, from data alone.

The engine returns no prose; tradeqa.answer_text words each outcome. These answers are built
by hand, so the wording is checked apart from what the bundled knowledge base holds.
"""

from __future__ import annotations

import pytest
from knowledge_helpers import make_fact

from knowledge.answer import Answer, Replaced, Suggestion
from knowledge.engine import MAX_QUESTION_CHARS
from knowledge.schema import Source
from tradeqa.answer_text import HELP_TEXT, answer_json, answer_text, chat_text

SOURCE = Source(
    id="src",
    headline="Quillets taxed",
    publisher="Example Wire",
    published="2025-07-22",
)
OLD_SOURCE = Source(id="old", headline="Quillets free", date_note="in a post dated June 2, 2025")
SUGGESTIONS = (Suggestion("quillet-tariff", "Quillet tariff"), Suggestion("quillet-quota", "Quota"))


def test_an_answer_reads_fact_notes_then_source():
    fact = make_fact(supersedes=["quillets-free"], reviewed=False)
    answer = Answer(
        "tariff?", "answered", 0.9, fact, SOURCE, replaces=(Replaced("Quillets free", OLD_SOURCE),)
    )
    assert answer_text(answer) == (
        "Imported quillets carry a 7% tariff.\n"
        "This replaces “Quillets free”, reported in a post dated June 2, 2025.\n"
        "(Unreviewed draft: a moderator has not checked this answer yet.)\n"
        "Source: Example Wire, “Quillets taxed” (reported July 22, 2025)"
    )
    assert answer_json(answer) == {
        "question": "tariff?",
        "answered": True,
        "outcome": "answered",
        "fact_id": "quillet-tariff",
        "title": "Quillet tariff",
        "answer": answer_text(answer),
        "message": answer_text(answer),
        "score": 0.9,
        "suggestions": [],
        "missing": None,
        "replaces": ["quillets-free"],
        "reviewed": False,
        "also_reported": [],
    }


def test_a_related_answer_says_what_is_missing_then_what_there_is():
    answer = Answer(
        "how many?", "related", 0.7, make_fact(), SOURCE, SUGGESTIONS, missing="how many"
    )
    text = answer_text(answer)
    assert text == (
        "The knowledge base doesn't say how many. What it has on that: Imported quillets carry "
        "a 7% tariff.\nSource: Example Wire, “Quillets taxed” (reported July 22, 2025)"
    )
    payload = answer_json(answer)
    assert (payload["answered"], payload["fact_id"], payload["answer"]) == (False, None, None)
    assert (payload["message"], payload["missing"]) == (text, "how many")
    assert chat_text(answer) == text + "\nOr did you mean:\n  1. Quillet tariff\n  2. Quota\n" + (
        "(type a number)"
    )


def test_a_miss_names_the_closest_topics_and_the_console_numbers_them():
    answer = Answer("widgets?", "unanswered", 0.2, suggestions=SUGGESTIONS)
    assert answer_text(answer) == (
        "I don't know that one: my knowledge base doesn't cover it. "
        "Closest topics: Quillet tariff; Quota."
    )
    assert chat_text(answer) == (
        "I don't know that one: my knowledge base doesn't cover it.\n"
        "Did you mean:\n  1. Quillet tariff\n  2. Quota\n(type a number)"
    )
    bare = Answer("widgets?", "unanswered")
    assert (
        answer_text(bare)
        == chat_text(bare)
        == ("I don't know that one: my knowledge base doesn't cover it.")
    )


@pytest.mark.parametrize(
    ("answer", "wanted"),
    [
        (Answer("hi", "help"), HELP_TEXT),
        (Answer("???", "empty"), "Ask me a question in words. " + HELP_TEXT),
        (
            Answer("x" * 2000, "too_long", length=1234),
            f"That question is 1,234 characters long; please ask it in under "
            f"{MAX_QUESTION_CHARS} characters.",
        ),
        (Answer("quillet-gone", "gone"), "That topic is no longer in the knowledge base."),
    ],
)
def test_help_and_unusable_questions_get_plain_words(answer, wanted):
    assert answer_text(answer) == chat_text(answer) == wanted
    assert answer_json(answer)["message"] == wanted and answer_json(answer)["answer"] is None
