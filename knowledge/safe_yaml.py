"""Parse one knowledge file's YAML safely and fast, without ever building a YAML graph.

Knowledge files are plain data written by moderators, so the accepted YAML is deliberately
small: one document of mappings, sequences and scalars, no anchors or aliases, no tags beyond
the core scalar ones, and shallow nesting. Everything else is rejected at the first offending
parser event, before it can cost memory or time: a billion-laughs bomb stops at its first
anchor, a 100,000-level list at level 33.

We read the event stream of libyaml's parser (iterative, so deep input cannot overflow the C
stack) and build dicts and lists in one flat Python loop. That is several times faster than
``yaml.load(..., Loader=CSafeLoader)``, whose composer and constructor are recursive and
build a node graph first. Plain scalars are resolved by the YAML 1.2 core schema, plus ISO
dates (:mod:`knowledge.yaml_scalars`); quoted scalars stay strings. Mapping keys are always
kept as the text written: every mapping in a knowledge file is a set of named fields. No
mapping has more than :data:`MAX_MAPPING_KEYS` keys and no list more than
:data:`MAX_LIST_ITEMS` items, so a hostile file stops early instead of costing seconds
and gigabytes before validation.

Positions are only recorded on request (``with_positions=True``): the loader re-parses a file
that way when it has something to report about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from knowledge import time_limit, yaml_scalars

try:  # libyaml's parser; the pure-Python one is the same state machine, only slower.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

MAX_FILE_BYTES = 64 * 1024 * 1024
# A knowledge file nests about six levels deep (file > facts > fact > sources > citation).
MAX_DEPTH = 32

# A path from the document root: mapping keys and sequence indexes, like a pydantic `loc`.
Path_ = tuple[str | int, ...]
Position = tuple[int, int]  # (line, column), both 1-based

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    yaml_scalars.STR,
    yaml_scalars.INT,
    yaml_scalars.FLOAT,
    yaml_scalars.BOOL,
    yaml_scalars.NULL,
)
# Every mapping of a knowledge file is a record of a dozen fields or fewer; the largest
# lists (facts of one file) are capped lower by the schema, with friendlier messages.
MAX_MAPPING_KEYS = 1_000
MAX_LIST_ITEMS = 100_000
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class YamlRejected(Exception):
    """The file is not YAML we accept; parsing stopped at (line, column), 1-based."""

    def __init__(self, line: int, column: int, message: str):
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"{line}:{column}: {message}")


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping; YAML would silently keep the last value."""

    path: Path_  # the key's path (the mapping's path plus the key)
    line: int
    column: int
    # Where the key was first written; (0, 0) unless parsed with positions.
    first: Position = (0, 0)


@dataclass
class Positions:
    """Where each node of a document starts, by path. Lookups fall back to the nearest ancestor."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def value(self, path: Path_) -> Position:
        """The start of the value at `path` (of its nearest recorded ancestor if absent)."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def key(self, path: Path_) -> Position:
        """The mapping key that introduces `path`, else the value's position."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)


@dataclass
class YamlDocument:
    """A parsed file: plain Python data (None for an empty stream) and what was noticed."""

    data: object
    duplicate_keys: list[DuplicateKey]
    positions: Positions | None = None


def parse(data: bytes | str, *, with_positions: bool = False) -> YamlDocument:
    """Parse one knowledge file's bytes, or raise YamlRejected saying where and why."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")  # lone surrogates: libyaml reports them
    _check_bytes(data)
    try:
        try:
            return _build(_event_source(data), Positions() if with_positions else None)
        except yaml.MarkedYAMLError as exc:
            if exc.problem != _LIBYAML_TOO_DEEP:
                raise
        # libyaml's scanner reads ahead and stops at its own depth limit (1,000 levels)
        # before we see level 33; PyYAML's Python parser (no such limit, not recursive)
        # gets as far as our limit, so the file is rejected where it crosses it.
        return _build(yaml.SafeLoader(data).get_event, Positions() if with_positions else None)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.reader.ReaderError as exc:
        line, column = _byte_position(data, exc.position)
        raise YamlRejected(line, column, _reader_message(exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error above is marked
        raise YamlRejected(1, 1, f"YAML error: {exc}") from None


def _check_bytes(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise YamlRejected(0, 0, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
    # libyaml would happily decode UTF-16 or UTF-32 after a BOM; knowledge files are UTF-8.
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise YamlRejected(1, 1, "file is UTF-16 or UTF-32 encoded: save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise YamlRejected(
            line, column, "NUL byte: this is a binary (or UTF-16) file, not UTF-8 text"
        )


def _event_source(data: bytes):
    if _CParser is not None:
        return _CParser(data).get_event
    return yaml.SafeLoader(data).get_event  # pragma: no cover - PyYAML without libyaml


def _mark(event) -> Position:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _build(next_event, positions: Positions | None) -> YamlDocument:
    """Turn the event stream into dicts, lists and scalars, iteratively.

    The current container is `node`; `stack` holds the enclosing ones. The document's root
    is put into a one-element list so every value has a parent to be added to.
    """
    duplicates: list[DuplicateKey] = []
    holder: list = []
    node: dict | list = holder
    in_mapping = False
    key: str | None = None  # the pending key while `node` is a mapping
    stack: list[tuple[dict | list, bool]] = []
    path: Path_ | None = None  # with positions only: path of `node` (None for `holder`)
    paths: list[Path_ | None] = []
    documents = 0
    words = yaml_scalars.WORDS
    number_start = yaml_scalars.NUMBER_START

    events = 0
    while True:
        event = next_event()
        kind = event.__class__
        events += 1
        if not events & 511:  # time_limit.every(512, ...) inline: this runs once per event
            time_limit.checkpoint()  # steps aside for answers; gives up when time is up

        if kind is ScalarEvent:
            if event.anchor is not None:
                _reject_anchor(event)
            value = event.value
            tag = event.tag
            if in_mapping and key is None:  # this scalar is a key
                if tag is not None and tag != _STR:
                    raise YamlRejected(*_mark(event), f"tag {_short(tag)} is not allowed on a key")
                if value in node:
                    duplicates.append(_duplicate(event, path, value, positions))
                if positions is not None:
                    positions.keys[(*path, value)] = _mark(event)
                key = value
                continue
            if tag is None:
                if event.implicit[0]:  # plain, untagged: the YAML 1.2 core schema
                    if value and value[0] in number_start:
                        value = _plain_number(event, value)
                    else:
                        value = words.get(value, value)
            else:
                value = _tagged_scalar(event, tag, value)
            if positions is not None:
                positions.values[_child_path(path, node, key)] = _mark(event)
            if in_mapping:
                node[key] = value
                key = None
                if len(node) > MAX_MAPPING_KEYS:
                    _too_many(event, "mapping", MAX_MAPPING_KEYS, "keys")
            else:
                node.append(value)
                if len(node) > MAX_LIST_ITEMS:
                    _too_many(event, "list", MAX_LIST_ITEMS, "items")

        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                _reject_anchor(event)
            if event.tag is not None:
                _reject_tag(event, event.tag)
            if in_mapping and key is None:
                raise YamlRejected(
                    *_mark(event), "a mapping key must be a plain word, not a list or mapping"
                )
            if len(stack) >= MAX_DEPTH:
                raise YamlRejected(
                    *_mark(event), f"nested deeper than {MAX_DEPTH} levels: not a knowledge file"
                )
            child: dict | list = {} if kind is MappingStartEvent else []
            if positions is not None:
                child_path = _child_path(path, node, key)
                positions.values[child_path] = _mark(event)
                paths.append(path)
                path = child_path
            if in_mapping:
                node[key] = child
                key = None
                if len(node) > MAX_MAPPING_KEYS:
                    _too_many(event, "mapping", MAX_MAPPING_KEYS, "keys")
            else:
                node.append(child)
                if len(node) > MAX_LIST_ITEMS:
                    _too_many(event, "list", MAX_LIST_ITEMS, "items")
            stack.append((node, in_mapping))
            node = child
            in_mapping = kind is MappingStartEvent

        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node, in_mapping = stack.pop()
            if positions is not None:
                path = paths.pop()

        elif kind is AliasEvent:
            raise YamlRejected(
                *_mark(event),
                f"alias *{event.anchor}: aliases and anchors are not allowed in knowledge files",
            )

        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlRejected(
                    *_mark(event),
                    "a second YAML document: a knowledge file holds exactly one (remove '---')",
                )

        elif kind is StreamEndEvent or event is None:
            return YamlDocument(holder[0] if holder else None, duplicates, positions)

        elif kind is DocumentEndEvent:
            pass  # StreamStartEvent is the only other kind, and it carries nothing


def _child_path(path: Path_ | None, node: dict | list, key: str | None) -> Path_:
    if path is None:  # the document root
        return ()
    return (*path, key) if key is not None else (*path, len(node))


def _duplicate(event, path: Path_ | None, key: str, positions: Positions | None) -> DuplicateKey:
    line, column = _mark(event)
    key_path = (*(path or ()), key)
    first = positions.keys[key_path] if positions is not None else (0, 0)
    return DuplicateKey(key_path, line, column, first)


def _reject_anchor(event) -> None:
    raise YamlRejected(
        *_mark(event),
        f"anchor &{event.anchor}: anchors and aliases are not allowed in knowledge files",
    )


def _reject_tag(event, tag: str) -> None:
    raise YamlRejected(
        *_mark(event),
        f"tag {_short(tag)} is not allowed: knowledge files use only the scalar tags "
        "!!str, !!int, !!float, !!bool and !!null",
    )


def _too_many(event, kind: str, limit: int, things: str) -> None:
    raise YamlRejected(
        *_mark(event), f"a {kind} of more than {limit:,} {things}: not a knowledge file"
    )


def _plain_number(event, value: str) -> object:
    try:
        return yaml_scalars.plain(value)
    except yaml_scalars.NumberTooLong as exc:
        raise YamlRejected(*_mark(event), str(exc)) from None


def _tagged_scalar(event, tag: str, value: str) -> object:
    """An explicitly tagged scalar: only the YAML core scalar tags, and only valid values."""
    if tag == _STR:
        return value
    if tag not in (_INT, _FLOAT, _BOOL, _NULL):
        _reject_tag(event, tag)
    try:
        return yaml_scalars.tagged(tag, value)
    except yaml_scalars.NumberTooLong as exc:
        raise YamlRejected(*_mark(event), str(exc)) from None
    except yaml_scalars.NotAScalar:
        raise YamlRejected(*_mark(event), f"{_show(value)} is not a valid {_short(tag)}") from None


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlRejected:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context and exc.problem and exc.context_mark:
        cm = exc.context_mark
        message += f" ({exc.context} at line {cm.line + 1}, column {cm.column + 1})"
    return YamlRejected(line, column, message)


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    if "UTF-8" in exc.reason or "Unicode" in exc.reason:
        return f"not valid UTF-8 text ({exc.reason})"
    return f"character {exc.character:#x} is not allowed ({exc.reason})"


def _byte_position(data: bytes, offset: int) -> Position:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
