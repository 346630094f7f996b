"""The loaded, validated knowledge base: an immutable snapshot the matcher indexes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
