"""Reading a question into what the matcher compares: canonical tokens and what is asked.

Both sides go through knowledge.text and the vocabulary the same way; this module adds what
only questions have: typo correction, the split into focus and context, the detail asked
for, whose words are asked, and names the knowledge base has never heard of.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.generic_words import GENERIC_WORDS
from knowledge.question import DETAIL_NOUNS, PRONOUNS, Parts, requested_detail, split_question
from knowledge.spelling import SpellingCorrector
from knowledge.text import intents, is_content, is_number, stem, stem_words, words
from knowledge.vocabulary import Vocabulary, is_entity_token


@dataclass(frozen=True)
class Query:
    text: str
    tokens: tuple[str, ...]  # canonical, all
    content: tuple[str, ...]  # canonical content tokens, de-duplicated, in order
    unknown: frozenset[str]  # content tokens the knowledge base never uses
    corrected: dict[str, str]  # typo -> correction
    generic: frozenset[str]  # content tokens that came from everyday words
    entities: frozenset[str]
    numbers: frozenset[str]
    intents: frozenset[str]
    # Content tokens of the words around the question (a preamble, context): they count
    # for a fact that holds them and never against one that does not.
    context: tuple[str, ...] = ()
    # The kind of detail asked for (knowledge.question.DETAIL_MISSING), if any.
    detail: str | None = None
    # Parties of another country the question names with everyday words ("china's
    # government"): facts about the knowledge base's own party of that name must not answer.
    displaced: frozenset[str] = frozenset()
    # Whose words are asked for ("what did trump say"): entity tokens named before a
    # verb of saying.
    speakers: frozenset[str] = frozenset()
    # The quantity a figure is asked for ("revenue"), canonical.
    measured: str | None = None
    # Unknown words written as names ("Does TSMC make the H20?", "what did Lisa Su say"):
    # someone or something no fact is about, which counts like a named entity missed.
    unknown_names: frozenset[str] = frozenset()

    @functools.cached_property  # read once per candidate scored
    def content_string(self) -> str:
        return " ".join(self.content)


def analyse(
    text: str, vocabulary: Vocabulary, corrector: SpellingCorrector, known: Mapping[str, object]
) -> Query:
    """Read a question: its focus and context, in canonical tokens, and what it asks for.

    `known` holds every token the knowledge base uses (the index's postings): other words
    are typo-corrected towards them, or count as unknown.
    """
    parts = split_question(text)
    query = _read(text, parts, vocabulary, corrector, known)
    if parts.context and not any(t in known and t not in query.generic for t in query.content):
        # "…it said Nvidia's guidance left China out. Is that in the article?": the asking
        # clause names no topic of its own, so the whole message is the question.
        query = _read(text, Parts(text, ""), vocabulary, corrector, known)
    return query


def _read(
    text: str,
    parts: Parts,
    vocabulary: Vocabulary,
    corrector: SpellingCorrector,
    known: Mapping[str, object],
) -> Query:
    raw = vocabulary.expand(words(parts.focus))
    corrected: dict[str, str] = {}
    fixed = vocabulary.pronouns_as_written(
        _corrected(raw, corrected, vocabulary, corrector, known), parts.focus
    )
    tokens, displaced = vocabulary.parties.displaced(vocabulary.spans(fixed))
    # A word naming the detail wanted ("location", "timeline") says how it is asked.
    content = tuple(dict.fromkeys(t for t in tokens if is_content(t) and t not in DETAIL_NOUNS))
    asked = requested_detail([corrected.get(w, w) for w in raw])
    if _asks_for_others(tokens):
        asked = dataclasses.replace(asked, detail="others")
    # Everyday words stay everyday after synonym folding ("stop" -> "halt").
    generic = frozenset(
        canonical
        for token in fixed
        if token in GENERIC_WORDS
        for canonical in vocabulary.canonicalize([token])
    )
    context: tuple[str, ...] = ()
    if parts.context:
        around = _corrected(
            vocabulary.expand(words(parts.context)), corrected, vocabulary, corrector, known
        )
        context = tuple(
            dict.fromkeys(
                t
                for t in vocabulary.canonicalize(around)
                if is_content(t) and t not in content and t not in GENERIC_WORDS
            )
        )
        if PRONOUNS.intersection(raw):
            # "…I hold AMD shares. Did anything happen with their sales to China?": whom
            # the pronoun stands for was named before, and belongs to the question.
            named = tuple(t for t in context if is_entity_token(t))
            content += named
            context = tuple(t for t in context if t not in named)
    unknown = frozenset(t for t in content if t not in known)
    return Query(
        text=text,
        tokens=tuple(tokens),
        content=content,
        unknown=unknown,
        corrected=corrected,
        generic=generic,
        entities=frozenset(t for t in content if is_entity_token(t)),
        numbers=frozenset(t for t in content if is_number_or_period(t)),
        intents=frozenset(
            intents([stem(w) for w in raw]) | ({"actor"} if _only_entities(content) else set())
        ),
        context=context,
        detail=asked.detail,
        displaced=displaced,
        speakers=_speakers_asked(tokens),
        measured=vocabulary.canonicalize([asked.measured])[0] if asked.measured else None,
        unknown_names=frozenset(n for n in _names(parts.focus) if n in unknown),
    )


def _corrected(
    raw: list[str],
    corrected: dict[str, str],
    vocabulary: Vocabulary,
    corrector: SpellingCorrector,
    known: Mapping[str, object],
) -> list[str]:
    """Stemmed words, each unknown one corrected to a known word where it is a typo."""
    vocabulary_words = vocabulary.words
    fixed = []
    for word in raw:
        token = stem(word)
        # An everyday English word is no typo: "mind" is not a slip for "min".
        if (
            is_content(token)
            and token not in known
            and token not in vocabulary_words
            and token not in GENERIC_WORDS
        ):
            correction = corrector.correct(word)
            if correction:
                corrected[word] = correction
                token = stem(correction)
        fixed.append(token)
    return fixed


_SAYING = stem_words(
    """
    say said says saying tell told tells think thinks thought claim claimed claims argue argued
    argues announce announced announces state stated states warn warned warns mention mentioned
    call called calls suggest suggested suggests comment commented respond responded react
    reacted reaction response promise promised
    """.split()
)


# Verbs that make a passive: "is said to", "gets mentioned".
_PASSIVE = stem_words("is are was were be been being get gets got".split())


def _speakers_asked(tokens: list[str]) -> frozenset[str]:
    """The entities named before the question's first verb of saying: whose words it asks
    ("what did trump say"). A passive ("the chip deepseek is said to use", "the rival that
    gets mentioned") asks no one."""
    named: list[str] = []
    for i, token in enumerate(tokens):
        if token in _SAYING:
            if _PASSIVE.intersection(tokens[max(0, i - 3) : i]):
                continue
            return frozenset(named)
        if is_entity_token(token):
            named.append(token)
    return frozenset()


# A capitalised word that does not start a sentence, or a word in capitals ("TSMC").
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)(?<![.!?])\b([A-Z][a-z0-9]+|[A-Z]{2,}[a-z]?)\b")


def _names(text: str) -> set[str]:
    return {stem(w) for found in _NAME.findall(text.strip()) for w in words(found)}


_EXCEPT = (("other", "than"), ("besid",), ("apart", "from"), ("asid", "from"), ("except",))


def _asks_for_others(tokens: list[str]) -> bool:
    """ "Which models other than DeepSeek…", "besides AMD, who…": the answer must be someone
    the question has not named, which a fact about the named one does not give."""
    for i in range(len(tokens)):
        for phrase in _EXCEPT:
            end = i + len(phrase)
            if (
                tuple(tokens[i:end]) == phrase
                and end < len(tokens)
                and is_entity_token(tokens[end])
            ):
                return True
    return False


_QUARTER = re.compile(r"^q[1-4]$")


def is_number_or_period(token: str) -> bool:
    """A number or a quarter ("q3", what "third quarter" folds to): stated by a fact or
    not, like a year."""
    return (token[0].isdigit() and is_number(token)) or bool(_QUARTER.match(token))


def _only_entities(content: tuple[str, ...]) -> bool:
    """A question that is only a name ("nvidia ceo?") asks who or what that is."""
    return bool(content) and all(is_entity_token(t) for t in content)
