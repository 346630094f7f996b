"""What a plain or tagged YAML scalar means: the YAML 1.2 core schema, plus ISO dates.

PyYAML resolves scalars the YAML 1.1 way, which is slow and surprising for hand-written data:
``1:59:59`` is a base-60 number (converting a long one is quadratic: 900 KB took 24 s),
``017`` is octal, ``1_000`` a thousand, ``yes``/``no``/``on``/``off`` booleans. Knowledge
files use the YAML 1.2 core schema instead (what current YAML tools default to):

- null: ``null``, ``Null``, ``NULL``, ``~`` and the empty value;
- booleans: ``true``/``false`` (also ``True``, ``TRUE``, ...), nothing else;
- integers: ``123``, ``-4``, ``0o17``, ``0x1F``;
- floats: ``2.5``, ``-1.5e+3``, ``.inf``, ``-.Inf``, ``.nan``;
- and, as before, ISO dates and times (``2025-07-22``), which knowledge files use.

Anything else is text. A number longer than :data:`MAX_NUMBER_CHARS` is refused: no
knowledge file needs one, and converting (or printing) a huge one costs time.
"""

from __future__ import annotations

import re

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

MAX_NUMBER_CHARS = 100

_CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_CORE + name for name in ("str", "int", "float", "bool", "null"))
_TIMESTAMP = _CORE + "timestamp"

NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
BOOLEANS["FALSE"] = False
WORDS: dict[str, object] = {**dict.fromkeys(NULLS), **BOOLEANS}
NUMBER_START = frozenset("-+.0123456789")

_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_DATE = next(r for t, r in Resolver.yaml_implicit_resolvers["1"] if t == _TIMESTAMP)
_construct_timestamp = SafeConstructor().construct_yaml_timestamp


class NotAScalar(ValueError):
    """The scalar cannot be what its tag says, or is a number too long to accept."""


def plain(value: str) -> object:
    """A plain (unquoted, untagged) scalar starting like a number: a number, a date or text."""
    integer = _integer(value)
    if integer is not None:
        return integer
    number = _float(value)
    if number is not None:
        return number
    if _DATE.match(value):
        try:
            return _construct_timestamp(ScalarNode(_TIMESTAMP, value))
        except (ValueError, OverflowError):
            return value  # e.g. 2025-13-01 looks like a date but is none: keep the text
    return value


def tagged(tag: str, value: str) -> object:
    """A scalar tagged !!int, !!float, !!bool or !!null; raises NotAScalar if it is not one."""
    if tag == BOOL and value in BOOLEANS:
        return BOOLEANS[value]
    if tag == NULL and value in NULLS:
        return None
    if tag == INT:
        found = _integer(value)
        if found is not None:
            return found
    if tag == FLOAT:
        found = _float(value)
        if found is None:
            integer = _integer(value)
            found = None if integer is None else float(integer)
        if found is not None:
            return found
    raise NotAScalar(value)


def _integer(value: str) -> int | None:
    if _DECIMAL.match(value):
        _check_length(value)
        return int(value)
    if _HEX.match(value):
        _check_length(value)
        return int(value[2:], 16)
    if _OCTAL.match(value):
        _check_length(value)
        return int(value[2:], 8)
    return None


def _float(value: str) -> float | None:
    if _FLOAT.match(value):
        _check_length(value)
        return float(value)
    if _INFINITY.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return None


def _check_length(value: str) -> None:
    if len(value) > MAX_NUMBER_CHARS:
        raise NumberTooLong(len(value))


class NumberTooLong(ValueError):
    def __init__(self, length: int):
        self.length = length
        super().__init__(
            f"a number of {length:,} characters: at most {MAX_NUMBER_CHARS} "
            "(put it in quotes if it is text)"
        )
