"""Vocabulary that cannot mean one thing: a name of two entities, a word in two synonym groups.

The matcher folds names and synonyms to one token each (:mod:`knowledge.vocabulary`); when
two entities share a name, or two groups a word, whichever comes first silently wins and
questions about the other are answered about the wrong thing. Names are compared as people
would read them: Unicode compatibility forms and case folded ("ＮＶＩＤＩＡ", "Nvidia" and
"NVIDIA" are one name), whitespace runs as single spaces.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from knowledge import time_limit
from knowledge.generic_words import GENERIC_WORDS
from knowledge.loaded_file import LoadedFile
from knowledge.problems import Problem
from knowledge.schema import Entity
from knowledge.text import STOPWORDS, stem, words
from knowledge.vocabulary import PRONOUNS

# (file, loc): where a name or term was first written.
_Where = tuple[LoadedFile, tuple]


def fold(name: str) -> str:
    """A name as compared: NFKC, case-folded (then NFKC again: folding can undo it), spaced."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def check_vocabulary(files: Sequence[LoadedFile]) -> list[Problem]:
    problems: list[Problem] = []
    names: dict[str, tuple[str, _Where]] = {}  # folded name -> (entity id, where first)
    for file in files:
        time_limit.checkpoint()
        for index, entity in file.items("entities"):
            time_limit.every(64, index)
            written = [(("entities", index, "name"), entity.name)]
            written += [
                (("entities", index, "aliases", n), alias) for n, alias in enumerate(entity.aliases)
            ]
            for loc, name in written:
                owner, first = names.setdefault(fold(name), (entity.id, (file, loc)))
                if owner != entity.id:
                    message = (
                        f"the name '{name}' is also a name of entity '{owner}' "
                        f"({_at(first)}), once case and Unicode forms are folded: "
                        "a name may stand for one entity only"
                    )
                    problems.append(file.problem(loc, message))

    terms: dict[str, tuple[int, str, _Where]] = {}  # folded term -> (group, its first term)
    group = 0
    for file in files:
        time_limit.checkpoint()
        for index, synonyms in file.items("synonyms"):
            time_limit.every(64, index)
            group += 1
            for number, term in enumerate(synonyms.terms):
                loc = ("synonyms", index, "terms", number)
                owner, head, first = terms.setdefault(
                    fold(term), (group, synonyms.terms[0], (file, loc))
                )
                if owner != group:
                    message = (
                        f"'{term}' is already in the synonym group '{head}' ({_at(first)}): "
                        "a word may be in one group only"
                    )
                    problems.append(file.problem(loc, message))
    return problems


def _at(where: _Where) -> str:
    file, loc = where
    line, column = file.positions().value(loc)
    return f"{file.path}:{line}:{column}"


# Words that name a kind of body or office, not one: "the government" is anyone's.
_ROLE_NOUNS = frozenset(
    """
    government administration president commerce treasury department ministry agency congress
    senate parliament minister secretary chief leader official officials regulator regulators
    """.split()
)


def everyday_aliases(entities: Iterable[Entity]) -> list[str]:
    """Warnings (not problems) for names that are everyday words ("the government",
    "commerce"): a question about another country's government uses the same words, so such
    a name attaches it to this entity. Pronouns ("US") are left out: they count only when
    written in capitals (Vocabulary.pronouns_as_written)."""
    warnings = []
    for entity in entities:
        for alias in entity.aliases:
            found = [w for w in words(alias) if w not in ("the", "a", "an")]
            if len(found) == 1 and found[0] not in PRONOUNS and _everyday(found[0]):
                warnings.append(
                    f"entity '{entity.id}': the alias '{alias}' is an everyday word; a question "
                    f"about another country's {found[0]} would be read as about {entity.name}. "
                    f"Prefer a name that says whose it is (e.g. 'us {found[0]}')."
                )
    return warnings


def _everyday(word: str) -> bool:
    token = stem(word)
    return word in _ROLE_NOUNS or token in GENERIC_WORDS or word in STOPWORDS
