"""Headline-case lines (subheadings such as "… Met With President Trump Amid Tariff Talks")
capitalise every word: `kb draft` proposes a name from one only when the vocabulary knows it
or the article's normal-case text uses it too, so "Trump Amid Tariff Talks" is no entity."""

from __future__ import annotations

import yaml
from knowledge_helpers import draft_article

from knowledge.draft import slug
from knowledge.draft_entities import EntityLinker, headline_case

STORY = """\
Zenvex to Resume Accelerator Sales to China Following Approval
Chip Designer’s Founder Met With President Trump Amid Tariff Talks

Chinese chip designer Zenvex plans to restart sales of its accelerators to China, the \
company said on Tuesday.

Export Curbs as a Bargaining Chip

Zenvex founder Mara Quell will open the Pudong Chip Fair in Shanghai next month.

Pudong Chip Fair Draws Record Crowds
"""


def test_headline_case_lines_are_recognised():
    assert headline_case("Chip Designer’s Founder Met With President Trump Amid Tariff Talks")
    assert headline_case("Export Curbs as a Bargaining Chip")
    assert not headline_case("Zenvex founder Mara Quell will open the Pudong Chip Fair.")
    assert not headline_case("US official says Nvidia and AMD will share revenue")


def test_capitalised_runs_of_a_heading_are_no_names_unless_the_text_uses_them():
    linker = EntityLinker(None, slug)
    linker.propose(STORY.splitlines(), set())
    names = {p.name for p in linker.proposed.values()}
    assert not {"Trump Amid Tariff Talks", "Export Curbs", "Bargaining Chip"} & names, names
    assert {"Zenvex", "Mara Quell", "Pudong Chip Fair"} <= names, names


def test_drafted_entities_leave_out_heading_words(tmp_path):
    folder = draft_article(tmp_path, STORY, "test-heading")
    data = yaml.safe_load((folder / "test-heading.yaml").read_text(encoding="utf-8"))
    names = {e["name"] for e in data.get("entities", ())}
    assert not any("Amid" in n or "Curbs" in n or "Bargaining" in n for n in names), names
