"""A claim that counts visits or meetings within a period ("has visited China twice this
year", "for the second time this year") says how often, not when: `kb draft` drafts it as
an event, not a date; a claim dated by the same period stays a date."""

from __future__ import annotations

import pytest
import yaml
from knowledge_helpers import draft_article

from knowledge import draft_text
from knowledge.draft_questions import claim_kind


def kind_of(sentence: str) -> str:
    return claim_kind(sentence, draft_text.dates(sentence), draft_text.figures(sentence), False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Su, who will open the Pudong Chip Fair, has travelled to China twice this year.",
        "Su is visiting Shenzhen for the second time this year.",
        "The trip would be her third visit to China this year.",
        "Su has met Chinese officials three times in 2025.",
    ],
)
def test_a_count_within_a_period_is_an_event(sentence):
    assert kind_of(sentence) == "event"


@pytest.mark.parametrize(
    "sentence",
    [
        "Su visited Shenzhen in April to meet suppliers.",
        "AMD halted sales of the MI308 this year after the rules changed.",
    ],
)
def test_a_claim_dated_by_a_period_stays_a_date(sentence):
    assert kind_of(sentence) == "date"


def test_drafted_count_claims_are_events(tmp_path):
    story = (
        "AMD chief visits China\n\nLisa Su, who will open the Pudong Chip Fair, has travelled "
        "to China twice this year.\n"
    )
    folder = draft_article(tmp_path, story, "test-count")
    data = yaml.safe_load((folder / "test-count.yaml").read_text(encoding="utf-8"))
    [fact] = [f for f in data["facts"] if "twice" in f["answer"]]
    assert fact["kind"] == "event"
    assert fact["dates"] == [{"as_written": "this year"}]  # the period is kept, as written
