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
