"""The lines an answer carries besides the fact's own: what it replaces, and whether a
moderator has reviewed it yet."""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.base import KnowledgeBase
from knowledge.schema import Fact
from knowledge.supersedes import newest

UNREVIEWED_NOTE = "(Unreviewed draft: a moderator has not checked this answer yet.)"


def replaces_note(fact: Fact, kb: KnowledgeBase) -> str | None:
    """'This replaces “…”, reported July 1, 2025.' for the facts `fact` supersedes."""
    from knowledge.engine import report_date  # the engine imports this module

    older = [kb.facts[i] for i in fact.supersedes if i in kb.facts]
    if not older:
        return None
    shown = []
    for old in older:
        source = kb.sources.get(old.sources[0].source) if old.sources else None
        when = source and (source.date_note or report_date(source))
        shown.append(f"\u201c{old.title}\u201d" + (f", reported {when}" if when else ""))
    return f"This replaces {'; '.join(shown)}."


def answering_fact(fact: Fact, newer: Mapping[str, Fact]) -> Fact:
    """The fact to answer with when `fact` matched: the newest that replaces it."""
    return newest(fact, newer) if newer else fact


def notes(fact: Fact, kb: KnowledgeBase) -> tuple[str, ...]:
    found = [replaces_note(fact, kb)]
    if not getattr(fact, "reviewed", True):
        found.append(UNREVIEWED_NOTE)
    return tuple(n for n in found if n)
