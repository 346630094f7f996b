"""`kb draft` recognises a drafted claim that restates an existing fact of another article
and proposes the article as a second source of it (`same_claim_as:`) instead of a rival
fact; a claim that adds a figure, a date, a count or a speaker stays a fact of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from knowledge_helpers import draft_article

from knowledge.draft_duplicates import Restatements
from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge
from tradeqa.answer_text import answer_text
from tradeqa.cli import main

# Written for these tests: a later wire story that repeats two of the bundled article's
# claims word for word and changes others (a new figure, another speaker, another Monday).
REPEATS = """\
Nvidia Repeats China Plans

The Chinese market accounted for 13% of Nvidia’s sales in 2024, the company said.

The Chinese market accounted for 15% of Nvidia’s sales in 2025, analysts estimated.

“The export controls were a negotiating chip in the trade talks,” Treasury Secretary \
Scott Bessent said.

“The export controls were a negotiating chip in the trade talks,” Commerce Secretary \
Howard Lutnick said.

On Monday, Nvidia confirmed it had reapplied for export licenses.
"""
SOURCE = "test-repeats"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, list[dict], str]:
    tmp_path = tmp_path_factory.mktemp("repeats")
    options = ("--publisher", "Example Wire", "--published", "2025-07-29")
    folder = draft_article(tmp_path, REPEATS, SOURCE, *options)
    text = (folder / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    return folder, yaml.safe_load(text)["facts"], text


def drafted_from(facts: list[dict], words: str) -> dict:
    [fact] = [f for f in facts if words in f["sources"][0]["excerpt"]]
    return fact


def test_the_same_figure_is_a_second_source_and_a_new_figure_a_new_fact(drafted):
    _, facts, text = drafted
    same = drafted_from(facts, "13%")
    assert same["same_claim_as"] == "china-share-of-nvidia-sales-2024"
    assert same["reviewed"] is False
    assert same["sources"] == [{"source": SOURCE, "excerpt": same["answer"]}]
    assert "(same figure)" in text
    # The same words, another figure: something new, so a fact of its own.
    new = drafted_from(facts, "15%")
    assert "same_claim_as" not in new


def test_the_same_quote_by_the_same_speaker_is_a_second_source(drafted):
    _, facts, _ = drafted
    bessent, lutnick = drafted_from(facts, "Bessent"), drafted_from(facts, "Lutnick")
    assert bessent["same_claim_as"] == "bessent-negotiating-chip-quote"
    # The same words from someone else are another claim.
    assert "same_claim_as" not in lutnick


def test_a_weekday_in_a_later_report_is_another_day(drafted):
    _, facts, _ = drafted
    monday = drafted_from(facts, "On Monday")
    assert "same_claim_as" not in monday


def test_the_draft_loads_and_the_older_facts_answer_citing_it(drafted, capsys):
    folder, _, _ = drafted
    capsys.readouterr()
    assert main(["kb", "check", str(folder)]) == 0
    assert "2 of them proposed as the same claim as an older fact" in capsys.readouterr().out

    engine = AnswerEngine(load_knowledge([folder]))
    answer = engine.answer("what did bessent call the export controls?")
    assert answer.fact_id == "bessent-negotiating-chip-quote"
    assert "Also reported by Example Wire, \u201cNvidia Repeats China Plans\u201d" in answer_text(
        answer
    )


@pytest.fixture(scope="module")
def restatements() -> Restatements:
    # The bundled article's post is dated July 22, 2025; this one a day later.
    return Restatements(load_knowledge(), "2025-07-23", SOURCE)


VISITS = "Huang has visited China {} this year."


@pytest.mark.parametrize(
    ("count", "same"),
    [("twice", True), ("three times", False), ("for a third time", False)],
)
def test_a_count_that_differs_is_something_new(restatements, count, same):
    drafted = {
        "answer": VISITS.format(count),
        "dates": [{"as_written": "this year"}],
        "entities": ["jensen-huang", "china"],
    }
    found = restatements.find(drafted)
    assert (found is not None and found.older == "huang-second-china-visit-this-year") is same


def test_a_new_place_or_person_is_something_new(restatements):
    drafted = {
        "answer": "Huang has visited China twice this year, meeting Lisa Su in Shanghai.",
        "dates": [{"as_written": "this year"}],
        "entities": ["jensen-huang", "china", "lisa-su", "shanghai"],
    }
    assert restatements.find(drafted) is None


@pytest.mark.parametrize(("published", "same"), [("2025-07-22", True), ("2025-07-29", False)])
def test_a_relative_date_is_the_same_only_counted_from_the_same_day(published, same):
    found = Restatements(load_knowledge(), published, SOURCE).find(
        {
            "answer": "On Monday, Nvidia confirmed it had reapplied for export licenses.",
            "dates": [{"as_written": "Monday"}],
            "entities": ["nvidia"],
        }
    )
    assert (found is not None and found.older == "nvidia-reapplied-for-export-licenses") is same


@pytest.mark.parametrize(
    ("added", "names"),
    [
        (" and will open an R&D centre", []),
        (", which it expects to get within weeks", []),
        # As drafted, a name the vocabulary lacks is a proposed entity of the fact.
        (" for the H20 and the RTX Pro", ["h20", "rtx-pro"]),
    ],
)
def test_a_repeated_claim_with_something_added_stays_a_fact_of_its_own(added, names):
    same_day = Restatements(load_knowledge(), "2025-07-22", SOURCE)
    repeated = "On Monday, Nvidia confirmed it had reapplied for export licenses"
    drafted = {"dates": [{"as_written": "Monday"}], "entities": ["nvidia"]}

    assert same_day.find(drafted | {"answer": f"{repeated}."}) is not None
    drafted["entities"] += names
    assert same_day.find(drafted | {"answer": f"{repeated}{added}."}) is None


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ("Nvidia said it hopes to “start deliveries soon” after US assurances.", []),
        ("Nvidia said it hopes to “start deliveries soon” of its RTX Pro chips.", ["rtx-pro"]),
        ("Nvidia said it hopes to “start deliveries soon” to Saudi buyers, a new market.", []),
    ],
)
def test_the_same_quoted_words_with_a_new_object_are_a_new_claim(restatements, answer, names):
    found = restatements.find({"answer": answer, "entities": ["nvidia", *names]})
    same = "after US assurances" in answer
    assert (
        found is not None and found.older == "nvidia-approvals-forthcoming-deliveries-soon"
    ) is same
