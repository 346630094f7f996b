"""`kb draft` on how news names bodies and their people: "Director General of the X
Association Ana Ruiz" is a body and a person, "the Board" after "the Quillet Trade Board" is
that board, and a quotation with no "said" is the words of the person its sentence names,
never of someone named in an earlier sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from knowledge_helpers import draft_article

# Written for these tests (not a real article).
STORY = """\
Quillet Board Cuts Import Quotas

Lyon, France – On Tuesday the Quillet Trade Board proposed cutting import quotas for \
quillets by 40% from next year, after talks with President Donald Trump.

The Board said the cut answers a glut of cheap imports that has hurt growers for two years.

While hailing the plan as a “long overdue defence of our growers”, Director General of the \
Quillet Growers Association Ana Ruiz also hopes for a new round of talks with Washington.
"""
SOURCE = "test-quillet-quotas"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> dict:
    folder: Path = draft_article(tmp_path_factory.mktemp("bodies"), STORY, SOURCE)
    return yaml.safe_load((folder / f"{SOURCE}.yaml").read_text(encoding="utf-8"))


def test_a_title_before_a_body_and_a_name_is_split_into_both(drafted):
    proposed = {e["name"]: e for e in drafted["entities"]}
    assert proposed["Quillet Growers Association"]["kind"] == "organisation"
    assert proposed["Ana Ruiz"]["kind"] == "person"
    assert not any("General" in name for name in proposed)


def test_a_body_named_again_by_its_last_word_is_one_entity(drafted):
    proposed = {e["name"]: e for e in drafted["entities"]}
    assert "Board" not in proposed
    assert "Board" in proposed["Quillet Trade Board"].get("aliases", [])


def test_a_dateline_in_ordinary_case_is_neither_claim_nor_name(drafted):
    names = {e["name"] for e in drafted["entities"]}
    assert not names & {"On", "Lyon", "France"}
    for fact in drafted["facts"]:
        assert "Lyon" not in fact["answer"] and "Lyon" not in fact["title"]


def test_an_unattributed_quotation_is_the_words_of_the_person_its_sentence_names(drafted):
    (quoted,) = [f for f in drafted["facts"] if "quote" in f]
    assert quoted["quote"]["words"] == "long overdue defence of our growers"
    assert quoted["quote"]["speaker"] == "Ana Ruiz"  # not Donald Trump, named before


# Wire copy with an agency credit in its dateline, an executive order, a deadline and a
# term in quotation marks (written for these tests).
ORDER = """\
Quillet tariff doubled

GENEVA, (APP - Point News - 6th Aug, 2025) President Ana Ruiz signed an executive order on \
Wednesday doubling the tariff on quillets.

The move takes effect Aug. 27 and comes ahead of Ruiz's Friday deadline for growers to \
register with the Quillet Trade Board.

Despite Western sanctions, exporters have built a vast “shadow fleet” of barges that keep \
quillets moving.

The Executive Order also says, “should a foreign grower retaliate in response to this \
action”, the President may modify it.

Most Quillandian growers sell their crop abroad, and Quillandia said on Thursday that it \
would answer with European partners.
"""


@pytest.fixture(scope="module")
def ordered(tmp_path_factory) -> dict:
    folder: Path = draft_article(tmp_path_factory.mktemp("order"), ORDER, "test-order")
    return yaml.safe_load((folder / "test-order.yaml").read_text(encoding="utf-8"))


def test_no_name_is_made_of_a_dateline_a_date_or_a_word_opening_a_clause(ordered):
    names = {e["name"] for e in ordered.get("entities", ())}
    for wrong in ("APP", "Point News", "Aug", "Ruiz's Friday", "Friday", "Despite Western"):
        assert wrong not in names
    assert "Order" not in names  # "Executive Order" is no title before a name
    assert not names & {"Western", "European"}  # words for a side or a people, not names
    assert "Quillet Trade Board" in names


def test_a_term_in_quotation_marks_is_nobodys_quote_and_a_document_can_speak(ordered):
    by_start = {f["sources"][0]["excerpt"][:12]: f for f in ordered["facts"]}
    assert "quote" not in by_start["Despite West"]  # "shadow fleet" is a term
    order = by_start["The Executiv"]
    assert order["quote"]["speaker"] == "Executive Order"  # not Ana Ruiz, named before
    assert order["title"].startswith("Executive Order: “should")


def test_a_title_keeps_the_word_that_opens_its_clause(ordered):
    (fleet,) = [f for f in ordered["facts"] if "shadow fleet" in f["answer"]]
    assert fleet["title"].startswith("Despite")


def test_the_word_for_a_places_people_is_that_place(ordered):
    proposed = {e["name"]: e for e in ordered["entities"]}
    assert "Quillandian" not in proposed
    assert "Quillandian" in proposed["Quillandia"].get("aliases", [])
    (growers,) = [f for f in ordered["facts"] if "Quillandian growers" in f["answer"]]
    assert proposed["Quillandia"]["id"] in growers["entities"]
