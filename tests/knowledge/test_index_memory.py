"""Memory of a loaded knowledge base and its index: what many facts share is held once, and
the index costs a bounded number of bytes a fact. At 100,000 facts a reload holds two
indexes at once, so every byte a fact here counts twice in the bot's peak memory."""

from __future__ import annotations

import gc
import sys
import types
from pathlib import Path

import pytest

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth  # lives in benchmarks/, put on the path just above

SYNTHETIC_FACTS = 2000


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory) -> AnswerEngine:
    folder = tmp_path_factory.mktemp("synth") / "kb"
    synth.generate(SYNTHETIC_FACTS, folder)
    return AnswerEngine(load_knowledge([folder]))


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


def _size(*roots: object, held_elsewhere: set[int]) -> int:
    """Bytes of everything reachable from `roots`, each object once, not counting objects
    in `held_elsewhere`, modules, types or functions."""
    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)
    seen = set(held_elsewhere)
    total = 0
    todo = list(roots)
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        todo.extend(gc.get_referents(obj))
    return total


def test_the_index_costs_a_bounded_number_of_bytes_a_fact(synthetic_engine):
    """What the index adds to the facts it indexes: its entries (without the facts) and its
    postings. About 1,370 bytes a synthetic fact; 1,630 before the figures' measured words
    became a tuple and a posting's weight one byte."""
    index = synthetic_engine.index
    facts = set()
    for fact in index.kb.facts.values():
        facts.update(id(part) for part in _reachable(fact))
    entries = _size(index.entries, held_elsewhere=facts)
    postings = _size(index.postings, held_elsewhere=facts)
    per_fact = (entries + postings) / len(index.entries)
    assert per_fact < 1450, f"{per_fact:.0f} bytes a fact"


def test_a_posting_costs_five_bytes(synthetic_engine):
    """A fact's place (4 bytes) and its weight (1 byte): the weights' float32 values are
    made only for the postings a question reads."""
    postings = synthetic_engine.index.postings.values()
    count = sum(len(p) for p in postings)
    stored = sum(
        p.facts.itemsize * len(p.facts) + p.codes.itemsize * len(p.codes) for p in postings
    )
    assert stored == 5 * count


def _reachable(root: object) -> list[object]:
    found, todo, seen = [], [root], set()
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        found.append(obj)
        todo.extend(gc.get_referents(obj))
    return found
