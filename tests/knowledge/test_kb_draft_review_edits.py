"""`tradeqa kb draft` leaves a moderator less to edit: quotes introduced by any reporting verb
are quotes with their speaker, a figure measures a short noun phrase, names the vocabulary
knows are linked rather than proposed again, new names get a likely kind, example questions
are whole questions, and an answer names who "he" or "the company" is."""

from __future__ import annotations

import pytest
import yaml
from knowledge_helpers import draft_article, knowledge_copy

from knowledge import draft_text
from knowledge.text import fold
from tradeqa.cli import main

# Written for these tests (not a real article), laid out as an agency sends its copy.
STORY = """\
AMD cleared to ship MI308 accelerators to China

SHENZHEN: US chipmaker AMD said on Tuesday it would restart shipments of its MI308 \
accelerators to China after winning approval from Washington.

The move ends months of curbs that stopped deliveries of advanced processors over security \
concerns.

The California-based company built the MI308 as a slower alternative to its flagship \
processors for Chinese buyers.

Its accelerators run many artificial intelligence services at large data centres.

However, tighter permit rules imposed in March briefly blocked shipments.

In a statement, AMD confirmed it is “preparing paperwork to ship the AMD MI308 Accelerator \
again.”

The company added, “Officials have told AMD that permits will follow, and AMD expects to \
deliver within weeks.”

AMD chief executive Lisa Su repeated the news in an interview with Chinese state broadcaster \
CCTV, stating, “We have been cleared to apply for permits to ship MI308s, and so we will sell \
MI308s to Chinese buyers.”

She described the outcome as “a welcome step for our customers.”

Su, who will open the Pudong Chip Fair, has travelled to China twice this year.

Her visits underline AMD’s interest in the market despite US-China trade frictions.

Local rivals like Zenvex have grown quickly, while President Xi Jinping urges self-reliance \
in technology.

AMD’s announcement coincides with China’s 4.8% export growth in the third quarter, lifted by \
strong demand.

Reports suggest AMD may open a design lab in Suzhou, though the company has not confirmed it. \
- AFP
"""
SOURCE = "test-amd-cleared"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("edits")
    folder = draft_article(tmp_path, STORY, SOURCE, "--published", "2025-09-02")
    assert main(["kb", "check", str(folder)]) == 0
    return yaml.safe_load((folder / f"{SOURCE}.yaml").read_text(encoding="utf-8"))


def fact(data: dict, opening: str) -> dict:
    return next(f for f in data["facts"] if f["sources"][0]["excerpt"].startswith(opening))


def asked(entry: dict) -> list[str]:
    return [fold(q) for q in entry["questions"]]


# --- 1. quotes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("In a statement, AMD confirmed it is “preparing paperwork to ship again.”", "AMD"),
        ("AMD confirmed that “paperwork is being prepared for every order.”", "AMD"),
        ("Lisa Su added, “Permits will follow within weeks for every order.”", "Lisa Su"),
        ("The firm stated, “Permits will follow within weeks for every order.”", "firm"),
        ("Lisa Su spoke to CCTV, stating, “We will sell to Chinese buyers again.”", "Lisa Su"),
        ("AMD chief executive Lisa Su told CCTV that “we will sell again soon.”", "Lisa Su"),
    ],
)
def test_a_reporting_verb_before_quoted_words_names_the_speaker(sentence, speaker):
    found = draft_text.quotes(sentence)
    assert [q.speaker for q in found] == [speaker]


def test_claims_that_are_quotes_are_drafted_as_quotes(drafted):
    confirmed = fact(drafted, "In a statement, AMD confirmed")
    assert confirmed["kind"] == "quote" and confirmed["quote"]["speaker"] == "AMD"
    added = fact(drafted, "The company added")
    assert added["kind"] == "quote" and added["quote"]["speaker"] == "AMD"
    assert added["quote"]["words"].startswith("Officials have told AMD")
    stating = fact(drafted, "AMD chief executive Lisa Su repeated")
    assert stating["kind"] == "quote" and stating["quote"]["speaker"] == "Lisa Su"
    assert any(q.startswith("what did su say") for q in asked(stating)), asked(stating)


# --- 2. figures -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", ["once", "twice", "thrice", "several times", "three times"])
def test_how_often_is_no_figure(count):
    assert draft_text.figures(f"Su has travelled to China {count} this year.") == []


@pytest.mark.parametrize(
    ("sentence", "figure", "measures"),
    [
        (
            "AMD’s announcement coincides with China’s 4.8% export growth in the third "
            "quarter, lifted by strong demand.",
            "4.8%",
            "China’s export growth in the third quarter",
        ),
        (
            "Shares of AMD and Intel fell 1.8% and 3.3% respectively in pre-market trade.",
            "1.8%",
            "fall in shares of AMD and Intel",
        ),
        (
            "The two firms agreed to give the government 15% of revenue from sales to China "
            "of advanced computer chips.",
            "15%",
            "share of revenue from sales to China",
        ),
        (
            "Nvidia said it would miss out on $2.5 billion in revenue from H20 sales.",
            "$2.5 billion",
            "revenue from H20 sales",
        ),
        (
            "Shipments worth $800 million are expected to leave in the fourth quarter.",
            "$800 million",
            "shipments",
        ),
        (
            "The plan seeks to reduce tariff-free import quotas by 47% while hiking import "
            "duties on non-EU partners to 50%.",
            "47%",
            "cut in tariff-free import quotas",
        ),
        (
            "The plan seeks to reduce tariff-free import quotas by 47% while hiking import "
            "duties on non-EU partners to 50%.",
            "50%",
            "import duties on non-EU partners",
        ),
        (
            "The move will increase the total US tariff rate on India to 50%.",
            "50%",
            "total US tariff rate on India",
        ),
    ],
)
def test_a_figure_measures_a_short_noun_phrase(sentence, figure, measures):
    found = next(f for f in draft_text.figures(sentence) if f.as_written == figure)
    assert draft_text.measure_of(sentence, found) == measures


def test_the_drafted_figure_measures_its_noun_phrase(drafted):
    growth = fact(drafted, "AMD’s announcement coincides")
    assert growth["figures"][0]["measures"] == "China’s export growth in the third quarter"
    assert "figures" not in fact(drafted, "Su, who will open")


# --- 3. entities ----------------------------------------------------------------------------


def test_names_the_vocabulary_knows_are_linked_not_proposed(drafted):
    proposed = {e["name"]: e for e in drafted.get("entities", ())}
    # "AMD MI308 Accelerator" and "MI308s" are the vocabulary's MI308; "US-China" is two
    # countries, no entity.
    assert not [n for n in proposed if "MI308" in n or n == "US-China"], proposed
    assert "mi308" in fact(drafted, "In a statement, AMD confirmed")["entities"]
    assert "mi308" in fact(drafted, "AMD chief executive Lisa Su repeated")["entities"]
    frictions = fact(drafted, "Her visits underline")["entities"]
    assert {"united-states", "china"} <= set(frictions), frictions


def test_proposed_entities_get_a_kind_from_how_the_article_names_them(drafted):
    proposed = {e["name"]: e for e in drafted["entities"]}
    assert proposed["CCTV"]["kind"] == "organisation"  # "state broadcaster CCTV"
    assert proposed["Zenvex"]["kind"] == "company"  # "rivals like Zenvex"
    assert proposed["Suzhou"]["kind"] == "place"  # "a design lab in Suzhou"
    # Chinese names put the family name first: Xi, not Jinping.
    assert proposed["Xi Jinping"]["kind"] == "person"
    assert proposed["Xi Jinping"].get("aliases") == ["Xi"]


# --- 4. example questions -------------------------------------------------------------------


def test_questions_are_whole_questions_about_the_clause(drafted):
    su = asked(fact(drafted, "Su, who will open"))
    assert not any("su, who" in q or q.endswith(" who open?") for q in su), su
    assert any(q.startswith("what will su open") for q in su), su
    assert "did su travel to china twice?" in su, su
    rules = asked(fact(drafted, "However, tighter permit rules"))
    assert any(q.startswith("what did tighter permit rules block") for q in rules), rules
    assert not any("impose temporarily" in q or "impose briefly" in q for q in rules), rules
    for entry in drafted["facts"]:
        assert len(entry["questions"]) >= 6
        for question in asked(entry):
            words = question.rstrip("?").split()
            # Connectives and a phrase cut before its noun are not questions.
            assert not {"however", "though", "although", "neither"} & set(words), question
            assert words[-1] not in ("its", "the", "of", "to", "a", "who"), question
            # Nor is a phrase that stops on the adjective before its noun.
            assert words[-1] != "artificial", question


# --- 5. answers -----------------------------------------------------------------------------


def test_answers_name_who_the_article_means(drafted):
    assert fact(drafted, "The California-based")["answer"].startswith("California-based AMD built")
    assert fact(drafted, "The company added")["answer"].startswith("AMD added, “Officials")
    assert fact(drafted, "She described")["answer"].startswith("Lisa Su described")
    assert fact(drafted, "Her visits")["answer"].startswith("Lisa Su’s visits")
    assert fact(drafted, "The move ends")["answer"].startswith("AMD’s move ends")
    assert fact(drafted, "Its accelerators")["answer"].startswith("AMD’s accelerators run")


def test_an_answer_keeps_a_pronoun_the_draft_cannot_resolve(tmp_path):
    folder = knowledge_copy(tmp_path)
    article = tmp_path / "lone.txt"
    article.write_text("Export rules\n\nHe said the export rules would change next month.\n")
    assert main(["kb", "draft", str(article), "--knowledge", str(folder), "--id", "lone"]) == 0
    data = yaml.safe_load((folder / "lone.yaml").read_text(encoding="utf-8"))
    assert data["facts"][0]["answer"].startswith("He said the export rules")


def test_the_whole_story_stays_verbatim_in_excerpts(drafted):
    flat = " ".join(STORY.split())
    for entry in drafted["facts"]:
        assert " ".join(entry["sources"][0]["excerpt"].split()) in flat
