"""A drafted fact's title is a short headline of its claim, as moderators rewrite it: who
did what, without the opening circumstance, the attribution tail, asides or descriptors,
and never without a hedge of the claim ("could", "anticipated", "risked")."""

from __future__ import annotations

import pytest
import yaml
from knowledge_helpers import draft_article

from knowledge.draft_title import LIMIT, MAX_TITLE, headline


@pytest.mark.parametrize(
    ("sentence", "names", "title"),
    [
        (
            "Nvidia and AMD agreed to give the US government 15% of chip revenue from China, "
            "a US official said on Sunday.",
            ["Nvidia", "AMD"],
            "Nvidia and AMD agreed to give the US government 15% of chip revenue from China",
        ),
        (
            "US tech giant Nvidia announced plans to resume sales of its H20 chips to China.",
            ["Nvidia", "H20", "China"],
            "Nvidia announced plans to resume sales of its H20 chips to China",
        ),
        (
            "Su, who will open the Pudong Chip Fair, has travelled to China twice this year.",
            ["Su", "Pudong Chip Fair", "China"],
            "Su has travelled to China twice this year",
        ),
        (
            "“It’s wild,” said Geoff Gertz, a senior fellow at a think tank in Washington.",
            ["Geoff Gertz", "Washington"],
            "Geoff Gertz: “It’s wild”",
        ),
        (
            "On Monday, AMD said it had reapplied for export permits.",
            ["AMD"],
            "AMD said it had reapplied for export permits",
        ),
        (
            "Nvidia, the company that has dominated the AI chip market, is making waves again.",
            ["Nvidia"],
            "Nvidia is making waves again",
        ),
    ],
)
def test_a_title_is_a_headline_of_the_claim(sentence, names, title):
    assert headline(sentence, names) == title


def test_a_long_claim_is_cut_before_a_phrase_of_detail():
    sentence = (
        "Nvidia’s decision follows months of export restrictions that halted shipments of "
        "advanced semiconductors over concerns about military applications."
    )
    assert (
        headline(sentence, ["Nvidia"]) == "Nvidia’s decision follows months of export restrictions"
    )


def test_a_quotation_alone_is_titled_with_its_speaker():
    sentence = "“Either the chips are a risk, or the levy is a penalty on the sale.”"
    title = headline(sentence, [], "Geoff Gertz")
    assert title.startswith("Geoff Gertz: “Either the chips are a risk")


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        (
            "Earlier this year, Nvidia reported that it anticipated missing out on $2.5 billion "
            "in revenue from H20 sales during the first quarter of its fiscal year.",
            "anticipated",
        ),
        (
            "Huang had previously warned that restrictions on American technology sales to "
            "China risked undermining the country’s leadership in artificial intelligence.",
            "risked",
        ),
        (
            "Huang had previously voiced concerns that restrictions on American technology "
            "sales to China risked undermining the U.S. lead in artificial intelligence.",
            "risked",
        ),
        (
            "Analysts at several banks said on Tuesday that the new licensing rules could "
            "reduce shipments of advanced accelerators to Chinese buyers by half next year.",
            "could",
        ),
        (
            "Reports suggest AMD may open a design lab in Suzhou, though the company has not "
            "confirmed it.",
            "may",
        ),
        (
            "Without naming names, the new chip rules refer almost explicitly to the United "
            "States and its allies.",
            "explicitly",  # "almost explicitly" is not "almost"
        ),
    ],
)
def test_a_title_keeps_the_hedges_of_its_claim(sentence, hedge):
    title = headline(sentence, ["Nvidia", "Huang", "China", "AMD", "Suzhou"])
    assert hedge in title.split()
    assert len(title) <= MAX_TITLE + 2  # a hedge may stretch a title past LIMIT, never past 100


STORY = """\
AMD cleared to ship MI308 accelerators to China

SHENZHEN: US chipmaker AMD said on Tuesday it would restart shipments of its MI308 \
accelerators to China after winning approval from Washington, a move that could ease \
tensions between the world’s two largest economies.

Earlier this year, AMD reported that it anticipated losing $1.5 billion in revenue from \
MI308 sales during the second quarter, the company said in a filing.

“It’s a welcome step for our customers,” said Lisa Su, AMD’s chief executive, at a \
briefing in Shanghai.
"""


def test_drafted_titles_are_short_headlines(tmp_path):
    folder = draft_article(tmp_path, STORY, "test-titles")
    data = yaml.safe_load((folder / "test-titles.yaml").read_text(encoding="utf-8"))
    titles = [f["title"] for f in data["facts"]]
    assert all(len(t) <= LIMIT + 5 for t in titles), titles
    assert not any(t.endswith(("said", "said in a filing")) for t in titles), titles
    assert any(t.startswith("AMD") and "would restart" in t for t in titles), titles
    assert any("anticipated" in t for t in titles), titles
    assert any(t.startswith("Lisa Su: “It’s a welcome step") for t in titles), titles
