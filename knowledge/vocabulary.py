"""The moderators' vocabulary: synonyms and entity names folded to one canonical token each.

"licence", "license" and "permit" become one token; "Jensen", "Huang" and "Nvidia's CEO"
become the entity token ``@jensen-huang``. Multi-word terms ("first quarter", "united
states") are matched as phrases, longest first, before single words.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from knowledge.schema import Entity, Shorthand, SynonymGroup
from knowledge.text import STOPWORDS, tokenize, words

ENTITY_PREFIX = "@"
# English pronouns: as a name ("US"), one counts only in capitals.
PRONOUNS = frozenset("us we it me him her them you i".split())
_CAPITALISED = re.compile(r"\b[A-Z][A-Z.]*\b")
# Entities that a country can have its own of: "China's government" is not the U.S. one.
_PARTY_KINDS = frozenset(("person", "organisation"))


def entity_token(entity_id: str) -> str:
    # Interned: every fact about an entity holds this token; one copy, not one per fact.
    return sys.intern(ENTITY_PREFIX + entity_id)


def is_entity_token(token: str) -> bool:
    return token.startswith(ENTITY_PREFIX)


class Vocabulary:
    """Maps token sequences to canonical tokens."""

    def __init__(
        self,
        synonyms: Iterable[SynonymGroup] = (),
        entities: Iterable[Entity] = (),
        shorthand: Iterable[Shorthand] = (),
    ):
        self._phrases: dict[tuple[str, ...], str] = {}
        # Every word moderators wrote, as written: typo correction aims at these too.
        self.raw_words: set[str] = set()
        self.shorthand = {entry.short: tuple(words(entry.means)) for entry in shorthand}
        entities = list(entities)
        self.parties = Parties(entities)
        self.pronoun_names = frozenset(
            name.casefold()
            for entity in entities
            for name in (entity.name, *entity.aliases)
            if name.casefold() in PRONOUNS
        )
        # Entities first: a name is a stronger signal than a synonym that happens to share it.
        for entity in entities:
            canonical = entity_token(entity.id)
            for name in (entity.id.replace("-", " "), entity.name, *entity.aliases):
                self._add(name, canonical)
        for group in synonyms:
            first = tokenize(group.terms[0])
            if not first:
                continue
            canonical = "_".join(first)
            for term in group.terms:
                self._add(term, canonical)
        # For each word that starts a phrase, the longest phrase it starts: most words start
        # none, and then only the one-word lookup is needed.
        self._starts: dict[str, int] = {}
        phrase_words: set[str] = set()
        for phrase in self._phrases:
            self._starts[phrase[0]] = max(self._starts.get(phrase[0], 0), len(phrase))
            phrase_words.update(phrase)
        self.words = frozenset(phrase_words)

    def pronouns_as_written(self, tokens: list[str], text: str) -> list[str]:
        """A name that is also a pronoun ("US" for the United States) names it only when
        written in capitals: "tell us about nvidia" asks nothing about America."""
        if not self.pronoun_names.intersection(tokens):
            return tokens
        capitals = {w.replace(".", "").casefold() for w in _CAPITALISED.findall(text)}
        return ["we" if t in self.pronoun_names and t not in capitals else t for t in tokens]

    def expand(self, found: list[str]) -> list[str]:
        """Chat shorthand spelt out: "nvda rn" -> "nvda right now"."""
        if not self.shorthand:
            return found
        out: list[str] = []
        for word in found:
            out.extend(self.shorthand.get(word, (word,)))
        return out

    def _add(self, term: str, canonical: str) -> None:
        self.raw_words.update(words(term))
        phrase = tokenize(term)
        if phrase:
            self._phrases.setdefault(tuple(phrase), canonical)

    def canonicalize(self, tokens: list[str]) -> list[str]:
        """Replace phrases and words by their canonical tokens, longest phrase first."""
        return [canonical for canonical, _ in self.spans(tokens)]

    def spans(self, tokens: list[str]) -> list[tuple[str, tuple[str, ...]]]:
        """Each canonical token with the words it stands for."""
        out: list[tuple[str, tuple[str, ...]]] = []
        i, n = 0, len(tokens)
        phrases, starts = self._phrases, self._starts
        while i < n:
            token = tokens[i]
            longest = starts.get(token, 0)
            for length in range(min(longest, n - i), 1, -1):
                phrase = tuple(tokens[i : i + length])
                canonical = phrases.get(phrase)
                if canonical is not None:
                    out.append((canonical, phrase))
                    i += length
                    break
            else:
                out.append((phrases.get((token,), token) if longest else token, (token,)))
                i += 1
        return out


class Parties:
    """Whose is what: the country each person, body or company belongs to.

    "China's government" and "the Chinese commerce ministry" ask about China's side; the
    knowledge base's U.S. government and Department of Commerce share their everyday words
    ("government", "commerce") but are other parties, and a fact about them must not answer.
    """

    def __init__(self, entities: list[Entity]):
        by_id = {e.id: e for e in entities}
        # Entity token -> its country's entity token, for the people and bodies that say
        # (Entity.country). Companies keep their names wherever they are asked about ("china
        # nvidia sales" is about Nvidia's sales in China).
        self.country_of: dict[str, str] = {
            entity_token(e.id): entity_token(e.country)
            for e in entities
            if e.country and e.kind in _PARTY_KINDS
        }
        # A country, or a place inside one, names that country when it qualifies a noun.
        self.qualifier: dict[str, str] = {}
        for entity in entities:
            if entity.kind == "country":
                self.qualifier[entity_token(entity.id)] = entity_token(entity.id)
            elif entity.kind == "place":
                for parent in entity.part_of:
                    if parent in by_id and by_id[parent].kind == "country":
                        self.qualifier[entity_token(entity.id)] = entity_token(parent)
        # The words of each country's names ("us", "american"): a party named with them
        # ("us government") says its own country, whatever came before.
        self.country_words: dict[str, set[str]] = {}
        for entity in entities:
            if entity.kind == "country":
                token = entity_token(entity.id)
                for name in (entity.id.replace("-", " "), entity.name, *entity.aliases):
                    self.country_words.setdefault(token, set()).update(tokenize(name))
        every_country_word = set().union(*self.country_words.values())
        # The other words of a party's names ("government" of "us government"): after
        # another country's name they mean that country's counterpart.
        self.role_words: dict[str, set[str]] = {}
        for entity in entities:
            if not entity.country or entity.kind not in _PARTY_KINDS:
                continue
            for name in (entity.name, *entity.aliases):
                for word in tokenize(name):
                    if word not in every_country_word and word not in STOPWORDS and len(word) > 2:
                        self.role_words.setdefault(word, set()).add(entity_token(entity.id))

    def displaced(
        self, spans: list[tuple[str, tuple[str, ...]]]
    ) -> tuple[list[str], frozenset[str]]:
        """The tokens with other countries' parties taken out, and the parties taken.

        A party named right after another country's name ("china['s] commerce department")
        stays in the question as its plain words; the party is returned so that facts about
        it can be kept from answering.
        """
        out: list[str] = []
        taken: set[str] = set()
        qualifier = None
        for token, words_ in spans:
            country = self.country_of.get(token)
            if (
                qualifier
                and country
                and country != qualifier
                and not self.country_words.get(country, set()).intersection(words_)
            ):
                taken.add(token)
                out.extend(words_)
                continue
            if qualifier and token in self.role_words:
                taken |= {p for p in self.role_words[token] if self.country_of[p] != qualifier}
            out.append(token)
            if token in self.qualifier:
                qualifier = self.qualifier[token]
            elif token not in self.role_words:
                # A qualifier names the party right after it ("china's commerce ministry"),
                # over role words, and nothing further ("china in nvidia's forecasts").
                qualifier = None
        return out, frozenset(taken)
