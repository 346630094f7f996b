"""Memory of a loaded knowledge base and its index: what many facts share is held once."""

from __future__ import annotations

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge


def test_facts_with_equal_sets_share_one_object():
    entries = AnswerEngine(load_knowledge()).index.entries
    for field in ("details", "speakers", "measured", "actors"):
        values = [getattr(entry, field) for entry in entries]
        assert len({id(v) for v in values}) == len(set(values)), field


def test_values_facts_repeat_are_held_once(tmp_path):
    """Two facts with the same date, figure wording, unit, keyword and quote hold one string
    object for each, as if written once."""
    fact = """
  - id: {id}
    title: Tariff {id}
    answer: A tariff was announced.
    kind: quote
    dates: [{{as_written: "April 2018", iso: "2018-04"}}]
    figures: [{{as_written: "$8 billion", amount: 8000000000, unit: USD, measures: "losses {id}"}}]
    quote: {{speaker: Scott Bessent, words: negotiating chip}}
    questions: [what tariff {id}]
    keywords: [tariffs]
    sources: [{{source: doc, excerpt: announced}}]
"""
    (tmp_path / "doc.txt").write_text(
        "A tariff was announced: a negotiating chip.", encoding="utf-8"
    )
    (tmp_path / "kb.yaml").write_text(
        "sources:\n  - {id: doc, headline: A document, document: doc.txt}\nfacts:"
        + fact.format(id="one")
        + fact.format(id="two"),
        encoding="utf-8",
    )
    one, two = load_knowledge([tmp_path]).facts.values()
    assert one.dates[0].as_written is two.dates[0].as_written
    assert one.dates[0].iso is two.dates[0].iso
    assert one.figures[0].as_written is two.figures[0].as_written
    assert one.figures[0].unit is two.figures[0].unit
    assert one.quote.speaker is two.quote.speaker
    assert one.quote.words is two.quote.words
    assert one.keywords[0] is two.keywords[0]
