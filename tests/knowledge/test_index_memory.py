"""The index's memory: what many facts share is held once (a set costs 200 bytes or more, and
at 100,000 facts four sets a fact were the peak-memory target's overrun)."""

from __future__ import annotations

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge


def test_facts_with_equal_sets_share_one_object():
    entries = AnswerEngine(load_knowledge()).index.entries
    for field in ("details", "speakers", "measured", "actors"):
        values = [getattr(entry, field) for entry in entries]
        assert len({id(v) for v in values}) == len(set(values)), field
