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

    def awaiting_review(self) -> tuple[int, int]:
        """How many drafted entries (facts, and same-claim entries) and proposed entities a
        moderator has not reviewed yet."""
        facts = sum(1 for fact in self.facts.values() if not fact.reviewed)
        facts += sum(1 for found in self.same_claims.values() for e in found if not e.reviewed)
        return facts, sum(1 for entity in self.entities.values() if not entity.reviewed)

    def split_by_review(self) -> tuple[KnowledgeBase, KnowledgeBase | None]:
        """The reviewed part and the unreviewed drafts, each a knowledge base of its own
        (None for the drafts when there are none).

        The engine answers from the reviewed part first, so that loading a drafted article
        never changes what reviewed facts answer. Nor may its proposed entities: a name
        misread as one ("Through" opening a sentence) would change how every question is
        read. So the reviewed part keeps only the entities a moderator has confirmed, and
        those its facts name; the drafts see them all.
        """
        proposed = {i for i, e in self.entities.items() if not e.reviewed}
        drafts = {i: f for i, f in self.facts.items() if not f.reviewed}
        if not drafts and not proposed:
            return self, None
        reviewed = {i: f for i, f in self.facts.items() if f.reviewed}
        kept = set(self.entities).difference(proposed)
        named = [e for f in reviewed.values() for e in (*f.entities, *f.said_by)]
        todo = [e for e in named if e not in kept]
        while todo:  # a named proposal, and what it belongs to (Beijing needs China)
            entity_id = todo.pop()
            entity = self.entities.get(entity_id)
            if entity is None or entity_id in kept:
                continue
            kept.add(entity_id)
            todo.extend(e for e in (*entity.part_of, entity.country) if e)
        entities = {i: e for i, e in self.entities.items() if i in kept}
        reviewed_part = dataclasses.replace(
            self, facts=types.MappingProxyType(reviewed), entities=types.MappingProxyType(entities)
        )
        drafts_part = dataclasses.replace(self, facts=types.MappingProxyType(drafts))
        return reviewed_part, drafts_part if drafts else None
