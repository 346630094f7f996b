"""`tradeqa kb draft`: an article becomes a YAML file of draft facts that loads as written,
is answered at once, and is marked unreviewed until a moderator clears it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from knowledge_helpers import knowledge_copy

from knowledge import draft_text
from knowledge.loader import load_knowledge
from tradeqa.cli import main

# Written for these tests (not a real article): claims with dates, figures and a quote.
ARTICLE = """\
Washington Eases Curbs on AI Chip Exports to Gulf States

The U.S. Commerce Department said on Tuesday that it will allow Nvidia to ship advanced AI \
chips to the United Arab Emirates under a new licensing framework.

The framework caps shipments at 500,000 chips a year and requires buyers to keep the hardware \
in data centres run by approved American cloud providers.

Officials estimate the deals could be worth $30 billion over the next three years.

“We want our allies building on American technology, not on anyone else’s,” Commerce \
Secretary Howard Lutnick said in a statement.

Nvidia shares rose 3% after the announcement.

The first licenses are expected to be issued next week, the department said.
"""
SOURCE = "test-gulf-chips"


@pytest.fixture
def drafted(tmp_path: Path, capsys) -> Path:
    folder = knowledge_copy(tmp_path)
    article = tmp_path / "gulf.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ["kb", "draft", str(article), "--knowledge", str(folder), "--id", SOURCE]
    assert main([*args, "--published", "2025-08-05", "--publisher", "Test Wire"]) == 0
    assert "drafted fact(s)" in capsys.readouterr().out
    return folder


def facts_of(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / f"{SOURCE}.yaml").read_text(encoding="utf-8"))["facts"]


def test_the_draft_passes_kb_check_and_counts_what_awaits_review(drafted, capsys):
    assert (drafted / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8") == ARTICLE
    assert main(["kb", "check", str(drafted)]) == 0
    out = capsys.readouterr().out
    assert f"{len(facts_of(drafted))} drafted fact(s) await review" in out


def test_each_claim_is_a_fact_with_its_excerpt_values_and_questions(drafted):
    facts = facts_of(drafted)
    # The headline has no full stop: no fact; each of the six sentences is one.
    assert len(facts) == 6
    for fact in facts:
        assert fact["reviewed"] is False
        assert fact["sources"][0]["excerpt"] in ARTICLE
        assert len(fact["questions"]) >= 6
        assert fact["answer"] in ARTICLE  # faithful: the claim as the article words it
    by_words = {f["sources"][0]["excerpt"][:20]: f for f in facts}
    money = by_words["Officials estimate t"]
    assert money["kind"] == "figure"
    assert money["figures"][0] | {"measures": None} == {
        "as_written": "$30 billion",
        "amount": 30e9,
        "unit": "USD",
        "measures": None,
    }
    licences = by_words["The first licenses a"]
    assert licences["dates"] == [{"as_written": "next week"}]  # relative: no iso
    quote = by_words["“We want our allies "]
    assert quote["kind"] == "quote"
    assert quote["quote"]["words"] == (
        "We want our allies building on American technology, not on anyone else’s"
    )
    assert "Howard Lutnick" in quote["quote"]["speaker"]
    first = facts[0]
    assert {"nvidia", "department-of-commerce"} <= set(first["entities"])  # the vocabulary's
    assert "united-arab-emirates" in first["entities"]  # proposed, new
    kb = load_knowledge([drafted])
    assert kb.entities["united-arab-emirates"].name == "United Arab Emirates"


def test_a_draft_is_answered_at_once_and_says_it_is_unreviewed(drafted, capsys):
    args = ["ask", "--no-log", "--knowledge", str(drafted)]
    assert main([*args, "--json", "what did lutnick say?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] and data["reviewed"] is False
    assert "Unreviewed draft" in data["answer"]

    # Reviewed: the line removed, the mark goes.
    file = drafted / f"{SOURCE}.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("  reviewed: false\n", ""))
    assert main([*args, "--json", "what did lutnick say?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reviewed"] is True and "Unreviewed" not in data["answer"]


def test_a_taken_id_or_a_bad_date_is_refused_and_nothing_is_written(tmp_path, capsys):
    folder = knowledge_copy(tmp_path)
    article = tmp_path / "gulf.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = sorted(p.name for p in folder.rglob("*"))
    taken = ["kb", "draft", str(article), "--knowledge", str(folder), "--id", "nvidia"]
    assert main(taken) == 1
    assert "taken" in capsys.readouterr().err
    bad_date = ["kb", "draft", str(article), "--knowledge", str(folder), "--published", "2025-13"]
    assert main(bad_date) == 2
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_sentences_keep_abbreviations_and_end_at_headings():
    text = "Tariffs Rise Again\nMr. Smith met U.S. officials on Jan. 5. They agreed.\n"
    assert [s.text for s in draft_text.sentences(text)] == [
        "Tariffs Rise Again",
        "Mr. Smith met U.S. officials on Jan. 5.",
        "They agreed.",
    ]


def test_dates_keep_relative_ones_relative():
    found = draft_text.dates("Last year sales fell; on March 3, 2025 and this Wednesday too.")
    assert [(d.as_written, d.iso) for d in found] == [
        ("Last year", None),
        ("March 3, 2025", "2025-03-03"),
        ("this Wednesday", None),
    ]


def test_figures_read_amounts_units_and_scales():
    found = draft_text.figures("It lost $2.5 billion, 13% of sales, on 500,000 chips.")
    assert [(f.as_written, f.amount, f.unit) for f in found] == [
        ("$2.5 billion", 2.5e9, "USD"),
        ("13%", 13.0, "percent"),
        ("500,000 chips", 500000.0, "chips"),
    ]
