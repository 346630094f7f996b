"""The shape of a knowledge file, as pydantic models.

These models are the single definition of what a knowledge file may contain: the loader
validates every file against :class:`KnowledgeFile`, and ``tradeqa kb schema`` publishes the
JSON Schema generated from the same class so moderators' editors check entries as they type.

One file may hold any of the five top-level sections; the bundled knowledge base keeps
sources and facts per article, the matching vocabulary in ``vocabulary.yaml`` and the
evaluation questions in ``eval.yaml``. Ids are unique across all files of a knowledge base.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import sys
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.dataclasses import is_pydantic_dataclass
from pydantic.fields import FieldInfo

# The control-character rules are part of what a file may hold: re-exported from here.
from knowledge.text_fields import CONTROL_PATTERNS as CONTROL_PATTERNS
from knowledge.text_fields import (
    Id,
    Recurring,
    ShortText,
    SingleLine,
    Text,
    Verbatim,
    text_rules,
)
from knowledge.text_fields import control_character_message as control_character_message

SCHEMA_URL_HINT = "# yaml-language-server: $schema="

# How long lists may be. Generous for hand-written knowledge (the bundled facts use at most
# 20 questions), and small enough that no file can make indexing take minutes and gigabytes
# (one fact with 3,000,000 keywords did). A file holds at most MAX_ITEMS_PER_FILE of each.
MAX_PER_FACT = 50
MAX_CITATIONS = 20
MAX_NAMES = 100  # an entity's aliases, a synonym group's terms
MAX_ITEMS_PER_FILE = 10_000


def _at_most(limit: int, *, at_least: int = 0) -> Any:
    return Field(min_length=at_least, max_length=limit) if at_least else Field(max_length=limit)


_PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

FactKind = Literal["date", "figure", "quote", "event", "actor", "background", "product", "policy"]


# Unknown fields are errors: a misspelt key ("anwser") must not be silently ignored.
_STRICT = ConfigDict(extra="forbid")

# The items of a knowledge base are slotted, frozen dataclasses validated by pydantic, not
# BaseModel instances: a BaseModel carries a __dict__ and a fields-set per object, about
# 4 KB a fact; these cost about 1 KB, which is what keeps 100,000 facts under 500 MB.
# Sequences are tuples for the same reason (and because the items are immutable).
_record = functools.partial(
    pydantic_dataclass, frozen=True, slots=True, kw_only=True, config=_STRICT
)


def _check_partial_iso(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD, and only real calendar dates."""
    match = _PARTIAL_ISO.match(value)
    if not match:
        raise ValueError("must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"is not a calendar date ({exc})") from None
    return value


def _date_to_iso(value: object) -> object:
    # YAML turns an unquoted 2025-07-22 into a date and 2025 into a number; accept both as the
    # ISO text they were written as.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


@_record
class Source:
    """A document facts are curated from."""

    id: Id
    headline: ShortText
    publisher: ShortText | None = None
    published: str | None = Field(
        default=None, description="When it was published, as far as the document shows: ISO date."
    )
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), SingleLine] | None = None
    date_note: ShortText | None = Field(
        default=None,
        description="How the date is known when the document prints none of its own, shown "
        "after 'reported', e.g. 'in a post dated July 22, 2025'.",
    )
    document: Annotated[str, SingleLine] | None = Field(
        default=None,
        description="Path of the stored text, relative to this YAML file; excerpts are checked "
        "against it.",
    )

    _iso_published = field_validator("published", mode="before")(_date_to_iso)

    @field_validator("published")
    @classmethod
    def _published_is_iso(cls, value: str | None) -> str | None:
        return None if value is None else _check_partial_iso(value)


@_record
class Citation:
    """Where a fact comes from: a source id and a verbatim excerpt that supports it."""

    source: Id
    excerpt: Verbatim


@_record
class DateValue:
    """A date a fact carries, exactly as precise as the source is."""

    as_written: Annotated[ShortText, Recurring] = Field(
        description='The words of the source, e.g. "this Wednesday".'
    )
    iso: str | None = Field(
        default=None,
        description="YYYY, YYYY-MM or YYYY-MM-DD, only when the source gives it; relative dates "
        "stay relative.",
    )
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None

    _iso_from_date = field_validator("iso", mode="before")(_date_to_iso)

    @field_validator("iso")
    @classmethod
    def _iso_is_iso(cls, value: str | None) -> str | None:
        # Interned: a recurring value (text_fields.Recurring).
        return None if value is None else sys.intern(_check_partial_iso(value))


@_record
class FigureValue:
    """A number a fact carries."""

    as_written: Annotated[ShortText, Recurring] = Field(
        description='The words of the source, e.g. "$2.5 billion".'
    )
    amount: float | None = Field(
        default=None,
        allow_inf_nan=False,
        description="The value in plain units, e.g. 2500000000; left out when the source gives "
        'no exact number ("billions").',
    )
    unit: Annotated[ShortText, Recurring] = Field(description='"USD", "percent", ...')
    measures: ShortText = Field(
        description='What the number counts or costs, e.g. "H20 revenue Nvidia expected to '
        'miss in the first quarter of 2025": the bot gives a figure only to a question about it.'
    )


@_record
class QuoteValue:
    """A quotation, word for word."""

    speaker: Annotated[ShortText, Recurring]
    words: Annotated[Verbatim, Recurring] = Field(
        description="Verbatim, as in the source document."
    )


@_record
class Fact:
    """One fact: what the bot answers and how people ask for it."""

    id: Id
    title: Annotated[str, text_rules(100)]
    answer: Text = Field(description="What the bot says: one to three faithful sentences.")
    kind: FactKind
    dates: Annotated[tuple[DateValue, ...], _at_most(MAX_PER_FACT)] = ()
    figures: Annotated[tuple[FigureValue, ...], _at_most(MAX_PER_FACT)] = ()
    quote: QuoteValue | None = None
    questions: Annotated[tuple[ShortText, ...], _at_most(MAX_PER_FACT, at_least=1)] = Field(
        description="Example questions, worded as people ask them."
    )
    keywords: Annotated[tuple[Annotated[ShortText, Recurring], ...], _at_most(MAX_PER_FACT)] = ()
    aliases: Annotated[tuple[ShortText, ...], _at_most(MAX_PER_FACT)] = Field(
        default=(), description="Other names people use for this fact's topic."
    )
    entities: Annotated[tuple[Id, ...], _at_most(MAX_PER_FACT)] = Field(
        default=(), description="Ids of the entities (vocabulary) this fact is about."
    )
    said_by: Annotated[tuple[Id, ...], _at_most(MAX_PER_FACT)] = Field(
        default=(),
        description="Ids of the entities whose words, quoted or reported, this fact gives "
        '("Huang contends that…"): asked what someone else said, the bot does not answer '
        "with it. A quote's speaker counts without being listed.",
    )
    sources: Annotated[tuple[Citation, ...], _at_most(MAX_CITATIONS, at_least=1)]
    supersedes: Annotated[tuple[Id, ...], _at_most(MAX_PER_FACT)] = Field(
        default=(),
        description="Ids of older facts this one replaces (sales halted, then sales resume): "
        "asked about either, the bot answers with this one and says what it replaces.",
    )
    same_claim_as: Id | None = Field(
        default=None,
        description="The id of a fact from another article that makes the same claim: this "
        "entry then adds its sources to that fact and is never answered on its own (the rest "
        "of it is kept so that deleting this line makes it a fact of its own again).",
    )
    reviewed: bool = Field(
        default=True,
        description="false for a drafted fact (tradeqa kb draft) a moderator has not checked "
        "yet: it is answered, marked as an unreviewed draft. Remove the line once reviewed.",
    )

    @model_validator(mode="after")
    def _structured_value_matches_kind(self) -> Fact:
        required = {"date": "dates", "figure": "figures", "quote": "quote"}.get(self.kind)
        if required and not getattr(self, required):
            raise ValueError(f"a fact of kind '{self.kind}' needs '{required}'")
        return self


@_record
class SynonymGroup:
    """Words and phrases that mean the same to the matcher; the first is the canonical form."""

    terms: Annotated[tuple[ShortText, ...], _at_most(MAX_NAMES, at_least=2)]


@_record
class Entity:
    """Someone or something facts are about, and every name people call it by."""

    id: Id
    name: ShortText
    kind: Literal["company", "person", "organisation", "country", "place", "product", "other"]
    aliases: Annotated[tuple[ShortText, ...], _at_most(MAX_NAMES)] = ()
    part_of: Annotated[tuple[Id, ...], _at_most(MAX_PER_FACT)] = Field(
        default=(),
        description="Ids of entities this one belongs to (Beijing is part of China): a question "
        "naming it also fits facts about those.",
    )
    country: Id | None = Field(
        default=None,
        description="The country entity this person, body or company belongs to. A question "
        'that puts another country before one of its names ("China\'s government", "Chinese '
        "commerce ministry\") asks about that country's counterpart, never about this one.",
    )
    reviewed: bool = Field(
        default=True,
        description="false for an entity a drafted article proposes (tradeqa kb draft): until "
        "a moderator checks it and removes the line, only unreviewed drafts are matched with "
        "its names, so a wrong proposal cannot change what reviewed facts answer.",
    )


@_record
class Shorthand:
    """Chat shorthand and what it stands for ("rn" is "right now", "whats" is "what is"),
    read as the longer words on both sides: in questions and in the knowledge files."""

    short: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9']+$")]
    means: ShortText


@_record
class EvalCase:
    """One question of the evaluation set that `tradeqa kb test` scores."""

    question: Annotated[str, text_rules(500, strip=False)]
    expect: Id | None = Field(description="The fact id that should answer it, or null for none.")
    category: Literal[
        # answerable, by how it is asked
        "exact",
        "paraphrase",
        "typo",
        "short",
        "plain",
        "chat",
        "shorthand",
        "fragment",
        "long",
        "formal",
        "nonnative",
        "angle",
        # not answerable
        "offtopic",
        "neardomain",
        "greeting",
    ]
    split: Literal["tune", "holdout"] = Field(
        default="tune",
        description="tune: may guide the choice of weights, words and synonyms. holdout: "
        "written blind, from the source alone, and never used for tuning; targets are judged "
        "on it.",
    )
    register: Annotated[str, SingleLine] | None = Field(
        default=None,
        description="How an unanswerable question is worded (chat, formal, long, ...).",
    )


class KnowledgeFile(BaseModel):
    """A whole knowledge file. Every section is optional."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="tradeqa knowledge file",
        json_schema_extra={"$id": "https://tradeqa.invalid/knowledge.schema.json"},
    )

    sources: Annotated[tuple[Source, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()
    facts: Annotated[tuple[Fact, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()
    entities: Annotated[tuple[Entity, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()
    synonyms: Annotated[tuple[SynonymGroup, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()
    shorthand: Annotated[tuple[Shorthand, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()
    tests: Annotated[tuple[EvalCase, ...], _at_most(MAX_ITEMS_PER_FILE)] = ()


def is_item_type(annotation: object) -> bool:
    """Is this one of the item types above (Fact, Citation, ...)?"""
    return isinstance(annotation, type) and is_pydantic_dataclass(annotation)


def fields_of(item_type: type) -> dict[str, FieldInfo]:
    """The fields of an item type (or of KnowledgeFile), by name, in declaration order."""
    if issubclass(item_type, BaseModel):
        return item_type.model_fields
    return item_type.__pydantic_fields__


@functools.cache
def _adapter(item_type: type) -> TypeAdapter:
    return TypeAdapter(item_type)


def validate_item(item_type: type, data: Any) -> Any:
    """Validate one item on its own (raises pydantic.ValidationError)."""
    return _adapter(item_type).validate_python(data)


def to_dict(item: Any) -> dict:
    """An item as plain data, nested items included (the inverse of validate_item)."""
    return dataclasses.asdict(item)


def json_schema() -> dict:
    """The published JSON Schema, generated from the models above."""
    schema = KnowledgeFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # pydantic lists a keyword-only dataclass's fields with defaults first; editors show
    # them in this order, so restore the order they are declared (and documented) in.
    for item_type in (
        Source,
        Citation,
        DateValue,
        FigureValue,
        QuoteValue,
        Fact,
        SynonymGroup,
        Entity,
        EvalCase,
    ):
        definition = schema["$defs"][item_type.__name__]
        order = list(fields_of(item_type))
        definition["properties"] = {n: definition["properties"][n] for n in order}
        if "required" in definition:
            definition["required"] = [n for n in order if n in definition["required"]]
    return schema
