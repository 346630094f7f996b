"""Problems worded for a moderator: pydantic's validation errors, values shown safely."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from knowledge.problems import Problem
from knowledge.schema import (
    CONTROL_PATTERNS,
    Citation,
    DateValue,
    Entity,
    EvalCase,
    Fact,
    FigureValue,
    KnowledgeFile,
    Source,
    SynonymGroup,
    control_character_message,
    fields_of,
    is_item_type,
)

SECTIONS = tuple(KnowledgeFile.model_fields)

# --- validation messages ---------------------------------------------------------------------

_ID_PATTERN = fields_of(Fact)["id"].metadata[0].pattern
_PLURALS = {
    str: "strings",
    Source: "sources",
    Fact: "facts",
    Entity: "entities",
    SynonymGroup: "synonym groups",
    EvalCase: "test questions",
    Citation: "citations (source: and excerpt:)",
    DateValue: "dates (as_written:, ...)",
    FigureValue: "figures (as_written:, amount:, unit:)",
}
_TYPE_ERRORS = {
    "list_type",
    "tuple_type",
    "dataclass_type",
    "dataclass_exact_type",
    "string_type",
    "model_type",
    "model_attributes_type",
    "dict_type",
    "int_type",
    "int_parsing",
    "int_from_float",
    "float_type",
    "float_parsing",
    "bool_type",
    "bool_parsing",
}


def validation_problem(file: typing.Any, error: dict) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = f"missing required field '{loc[-1]}'"
        if loc[-1] == "expect":
            message += " (write 'expect: null' for a question no fact should answer)"
        return file.problem(loc, message, at="parent")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return file.problem(loc, _unknown_field(loc), at="key")
    if kind in _TYPE_ERRORS:
        message = f"expected {_expected(loc)}, got {describe_value(value)}"
        if _expected(loc) == "text" and isinstance(value, bool | int | float | dt.date):
            message += "; put it in quotes to keep it as text"
    elif kind == "too_short" and isinstance(value, list):
        wanted = ctx.get("min_length", 1)
        message = "must not be empty" if not value else f"needs at least {wanted} items"
    elif kind == "too_long":
        things = "entries" if len(loc) == 1 else "items"
        message = (
            f"has {ctx.get('actual_length', len(value)):,} {things}: at most "
            f"{ctx.get('max_length'):,}"
            + ("; split it over several files" if len(loc) == 1 else "")
        )
    elif kind == "finite_number":
        message = (
            "must be a finite number: .nan, .inf and numbers too large to hold (1e999) "
            "are not amounts"
        )
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "string_too_long":
        message = f"is too long: {len(value)} characters, at most {ctx.get('max_length')}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID_PATTERN:
        message = (
            f"{show(value)} is not a valid id: use lower-case letters, digits and hyphens "
            "(at most 64, starting with a letter or digit)"
        )
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") in CONTROL_PATTERNS:
        # strip_whitespace ran first: find the character in the value as pydantic saw it.
        pattern = CONTROL_PATTERNS[ctx["pattern"]]
        message = control_character_message(str(value).strip(), pattern) or (
            control_character_message(str(value), pattern) or "contains a control character"
        )
    elif kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^https?"):
        message = f"{show(value)} is not a web address (http:// or https://)"
    elif kind == "literal_error":
        message = f"{show(value)} is not one of {ctx.get('expected')}"
    elif kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        if loc and loc[-1] in ("iso", "published"):
            message = f"{show(value)} is not a date ({_date_reason(reason)})"
        else:
            message = reason
    else:
        message = f"{show(value)}: {error['msg'][0].lower()}{error['msg'][1:]}"
    return file.problem(loc, message)


def _unknown_field(loc: tuple) -> str:
    name = printable(str(loc[-1]))
    if len(loc) == 1:
        return f"unknown section '{name}': a knowledge file has only {', '.join(SECTIONS)}"
    model = model_at(loc[:-1])
    allowed = list(fields_of(model)) if model else []
    close = closest(name, allowed, cutoff=75)
    if close:
        return f"unknown field '{name}' (did you mean '{close}'?)"
    return f"unknown field '{name}' (allowed: {', '.join(allowed)})"


def _date_reason(reason: str) -> str:
    inner = re.fullmatch(r"is not a calendar date \((.*)\)", reason)
    if inner:
        return inner.group(1)
    return reason.replace("must be an ISO date: ", "write ")


def _annotation_at(loc: tuple) -> object:
    """The type the schema expects at `loc`, walking the models from KnowledgeFile."""
    annotation: object = KnowledgeFile
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            if typing.get_origin(annotation) not in (list, tuple):
                return None
            annotation = typing.get_args(annotation)[0]
        elif annotation is KnowledgeFile or is_item_type(annotation):
            info = fields_of(annotation).get(part)
            if info is None:
                return None
            annotation = info.annotation
        else:
            return None
    return _unwrap(annotation)


def _unwrap(annotation: object) -> object:
    """Strip Annotated[...] and `| None` down to the type that matters."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def model_at(loc: tuple) -> type | None:
    """The item type (Fact, Citation, ...) expected at `loc`, if it is one."""
    found = _annotation_at(loc)
    return found if found is KnowledgeFile or is_item_type(found) else None


def _expected(loc: tuple) -> str:
    annotation = _annotation_at(loc)
    if typing.get_origin(annotation) in (list, tuple):
        item = _unwrap(typing.get_args(annotation)[0])
        return f"a list of {_PLURALS.get(item, 'items')}"
    if annotation is str:
        return "text"
    if annotation is int:
        return "a whole number"
    if annotation is float:
        return "a number"
    if is_item_type(annotation):
        required = [n for n, f in fields_of(annotation).items() if f.is_required()]
        return f"a mapping ({', '.join(n + ':' for n in required)} ...)"
    return "a different kind of value"


def describe_value(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads an unquoted true or false as a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def describe_type(value: object) -> str:
    """What kind of value this is, never the value itself: a file that is not a knowledge
    file (a symlinked .env, say) must not have its text echoed into reports."""
    if isinstance(value, bool):
        return "true or false"
    kinds = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    if isinstance(value, dt.date):
        return "a date"
    return kinds.get(type(value), "a value of another kind")


def show(value: object, limit: int = 60) -> str:
    text = printable(value if isinstance(value, str) else str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def printable(text: str) -> str:
    """Control characters escaped (\\n, \\x00), so a message stays on one readable line."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")


def readable_path(loc: tuple, data: object) -> str:
    """A readable path such as "facts[3] (h20-revenue) dates[0].iso"."""
    if not loc:
        return ""
    head = str(loc[0])
    rest = loc[1:]
    if rest and isinstance(rest[0], int):
        head += f"[{rest[0]}]"
        item = _item(data, loc[:2])
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            # An invalid id (a line break, an escape sequence) is shown escaped and clipped.
            item_id = item["id"]
            if not _SAFE_ID.match(item_id):
                item_id = printable(item_id[:64]) + ("…" if len(item_id) > 64 else "")
            head += f" ({item_id})"
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            head += f" ({show(item['question'], 40)})"
        rest = rest[1:]
    tail = ""
    for part in rest:
        tail += f"[{part}]" if isinstance(part, int) else f".{part}" if tail else str(part)
    return f"{head} {tail}" if tail else head


def _item(data: object, loc: tuple) -> object:
    for part in loc:
        in_mapping = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_mapping or in_list):
            return None
        data = data[part]
    return data


def closest(name: str, choices: Sequence[str], cutoff: float) -> str | None:
    # rapidfuzz, not difflib: a typo among 100,000 fact ids must not take seconds.
    found = process.extractOne(name, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None
