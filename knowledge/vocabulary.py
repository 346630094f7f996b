"""The moderators' vocabulary: synonyms and entity names folded to one canonical token each.

"licence", "license" and "permit" become one token; "Jensen", "Huang" and "Nvidia's CEO"
become the entity token ``@jensen-huang``. Multi-word terms ("first quarter", "united
states") are matched as phrases, longest first, before single words.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from knowledge import pacing
from knowledge.schema import Entity, SynonymGroup
from knowledge.text import tokenize, words

ENTITY_PREFIX = "@"


def entity_token(entity_id: str) -> str:
    # Interned: every fact about an entity holds this token; one copy, not one per fact.
    return sys.intern(ENTITY_PREFIX + entity_id)


def is_entity_token(token: str) -> bool:
    return token.startswith(ENTITY_PREFIX)


class Vocabulary:
    """Maps token sequences to canonical tokens."""

    def __init__(self, synonyms: Iterable[SynonymGroup] = (), entities: Iterable[Entity] = ()):
        self._phrases: dict[tuple[str, ...], str] = {}
        # Every word moderators wrote, as written: typo correction aims at these too.
        self.raw_words: set[str] = set()
        # Entities first: a name is a stronger signal than a synonym that happens to share it.
        for count, entity in enumerate(entities):
            pacing.every(32, count)  # a reload beside the event loop steps aside
            canonical = entity_token(entity.id)
            for name in (entity.id.replace("-", " "), entity.name, *entity.aliases):
                self._add(name, canonical)
        for count, group in enumerate(synonyms):
            pacing.every(32, count)
            first = tokenize(group.terms[0])
            if not first:
                continue
            canonical = "_".join(first)
            for term in group.terms:
                self._add(term, canonical)
        # For each word that starts a phrase, the longest phrase it starts: most words start
        # none, and then only the one-word lookup is needed.
        self._starts: dict[str, int] = {}
        words: set[str] = set()
        for count, phrase in enumerate(self._phrases):
            pacing.every(1024, count)
            self._starts[phrase[0]] = max(self._starts.get(phrase[0], 0), len(phrase))
            words.update(phrase)
        self.words = frozenset(words)

    def _add(self, term: str, canonical: str) -> None:
        self.raw_words.update(words(term))
        phrase = tokenize(term)
        if phrase:
            self._phrases.setdefault(tuple(phrase), canonical)

    def canonicalize(self, tokens: list[str]) -> list[str]:
        """Replace phrases and words by their canonical tokens, longest phrase first."""
        out: list[str] = []
        i, n = 0, len(tokens)
        phrases, starts = self._phrases, self._starts
        while i < n:
            token = tokens[i]
            longest = starts.get(token, 0)
            for length in range(min(longest, n - i), 1, -1):
                canonical = phrases.get(tuple(tokens[i : i + length]))
                if canonical is not None:
                    out.append(canonical)
                    i += length
                    break
            else:
                out.append(phrases.get((token,), token) if longest else token)
                i += 1
        return out
