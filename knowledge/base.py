"""The loaded, validated knowledge base: an immutable snapshot the matcher indexes."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.schema import Entity, EvalCase, Fact, Shorthand, Source, SynonymGroup


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the knowledge files say, merged across files; ids are unique."""

    facts: Mapping[str, Fact]
    sources: Mapping[str, Source]
    entities: Mapping[str, Entity]
    synonyms: tuple[SynonymGroup, ...]
    shorthand: tuple[Shorthand, ...]
    tests: tuple[EvalCase, ...]
    files: tuple[Path, ...]
    # Short content hash of every file: the query log records which version answered.
    version: str
    # Entries that make the same claim as an older fact (`same_claim_as:`), by that fact's
    # id: never answered themselves, their citations are among that fact's sources.
    same_claims: Mapping[str, tuple[Fact, ...]] = field(
        default_factory=lambda: types.MappingProxyType({})
    )

    def also_reported(self, fact: Fact) -> tuple[tuple[Source, bool], ...]:
        """The sources besides its first that report `fact`, each once, with whether a
        moderator has confirmed it (a drafted `same_claim_as` is unconfirmed until reviewed)."""
        unreviewed = {
            c.source for e in self.same_claims.get(fact.id, ()) if not e.reviewed for c in e.sources
        }
        first = fact.sources[0].source if fact.sources else None
        found: dict[str, tuple[Source, bool]] = {}
        for citation in fact.sources:
            source = self.sources.get(citation.source)
            if source is None or citation.source == first or citation.source in found:
                continue
            found[citation.source] = (source, citation.source not in unreviewed)
        return tuple(found.values())

    def split_by_review(self) -> tuple[KnowledgeBase, KnowledgeBase | None]:
        """The reviewed facts and the unreviewed drafts, each a knowledge base of its own
        with the whole vocabulary (None for the drafts when there are none).

        The engine answers from the reviewed part first, so that loading a drafted article
        never changes what the reviewed facts answer.
        """
        drafts = {i: f for i, f in self.facts.items() if not f.reviewed}
        if not drafts:
            return self, None
        reviewed = {i: f for i, f in self.facts.items() if f.reviewed}
        return (
            dataclasses.replace(self, facts=types.MappingProxyType(reviewed)),
            dataclasses.replace(self, facts=types.MappingProxyType(drafts)),
        )
