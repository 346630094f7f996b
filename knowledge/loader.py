"""Load knowledge files into a KnowledgeBase, or report every problem in them.

The steps, per file: read the bytes (size-capped), parse them with :mod:`knowledge.safe_yaml`,
validate the data with the pydantic models of :mod:`knowledge.schema`. Then, across all
files: unique ids, references between sections, and excerpts and quotes checked word for word
against the source documents. Every problem is a :class:`Problem` at the FILE:LINE:COLUMN of
the key or value at fault, worded for a moderator; nothing is loaded unless there are none.

Parsing is done without positions (fast); a file with something to report is parsed again
with positions to say where. A :class:`ParseCache` keeps validated files by content hash, so a
reload after one file changed parses only that file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import stat
import threading
import types
import typing
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from rapidfuzz import fuzz, process

from knowledge import pacing, safe_yaml
from knowledge.base import KnowledgeBase
from knowledge.gc_pause import gc_paused
from knowledge.paths import BUNDLED_DIR, SCHEMA_FILE
from knowledge.problems import KnowledgeError, Problem
from knowledge.safe_yaml import MAX_FILE_BYTES, Positions, YamlRejected
from knowledge.schema import (
    Citation,
    DateValue,
    Entity,
    EvalCase,
    Fact,
    FigureValue,
    KnowledgeFile,
    Source,
    SynonymGroup,
    fields_of,
    is_item_type,
    json_schema,
    validate_item,
)

YAML_SUFFIXES = (".yaml", ".yml")
SECTIONS = tuple(KnowledgeFile.model_fields)
ID_SECTIONS = ("sources", "facts", "entities")  # ids are unique within each of these


# --- discovery -------------------------------------------------------------------------------


def discover(paths: Sequence[Path]) -> list[Path]:
    """The knowledge files named by `paths`: files as given, folders searched recursively.

    Inside a folder, *.yaml and *.yml files are taken in sorted order; hidden files and folders
    (editor backups, .git) are skipped. A file named twice is loaded once.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_yaml_files_under(path))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            problems.append(Problem(path, 0, 0, "not a regular file or folder"))
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder"))
    if problems:
        raise KnowledgeError(problems)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _yaml_files_under(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):  # does not follow symlinked folders: no loops
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            Path(root, name)
            for name in names
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    return sorted(files)


# --- the cache -------------------------------------------------------------------------------


class ParseCache:
    """Validated files by the sha256 of their bytes, shared between loads of a knowledge base.

    Only files without problems of their own are kept, and a successful load drops entries
    that are no longer part of the knowledge base. Safe to use from a worker thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, KnowledgeFile] = {}
        # (file digest, (source id, document digest) of every source it cites): files whose
        # excerpts and quotes were found word for word in exactly those documents.
        self._verified: set[tuple[str, tuple]] = set()
        self.parses = 0  # files parsed and validated because they were not cached
        self.hits = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._files)

    def get(self, digest: str) -> KnowledgeFile | None:
        with self._lock:
            found = self._files.get(digest)
            if found is not None:
                self.hits += 1
            return found

    def put(self, digest: str, knowledge_file: KnowledgeFile) -> None:
        with self._lock:
            self._files[digest] = knowledge_file

    def count_parse(self) -> None:
        with self._lock:
            self.parses += 1

    def retain(self, digests: Iterable[str]) -> None:
        keep = set(digests)
        with self._lock:
            self._files = {d: f for d, f in self._files.items() if d in keep}
            self._verified = {key for key in self._verified if key[0] in keep}

    def verified(self, key: tuple[str, tuple]) -> bool:
        with self._lock:
            return key in self._verified

    def mark_verified(self, key: tuple[str, tuple]) -> None:
        with self._lock:
            self._verified.add(key)


# --- loading ---------------------------------------------------------------------------------


@dataclass(eq=False)  # compared by identity
class _File:
    """One file during a load: its bytes, and what became of them."""

    path: Path
    data: bytes = b""
    digest: str = ""
    model: KnowledgeFile | None = None
    parsed: bool = False  # the YAML was readable (even if the data was invalid)
    # When validation failed: the ids the data names (by index), and the items that are valid
    # on their own, so the checks across files still cover them.
    ids: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    partial: dict[str, list[tuple[int, typing.Any]]] = field(default_factory=dict)
    _located: safe_yaml.YamlDocument | None = None

    def located(self) -> safe_yaml.YamlDocument:
        """This file parsed again with positions (once, on demand: only to report problems)."""
        if self._located is None:
            self._located = safe_yaml.parse(self.data or self._read_again(), with_positions=True)
        return self._located

    def release(self) -> None:
        """Drop the bytes of a file that validated: at 100,000 facts they are ~110 MB, and
        only a problem found across files needs them again (to say at which line)."""
        self.data = b""

    def _read_again(self) -> bytes:
        with contextlib.suppress(_Unreadable):
            data = _read_capped(self.path)
            if hashlib.sha256(data).hexdigest() == self.digest:
                return data
        # Edited or removed while loading: what we validated is gone, so positions are too
        # (problems fall back to line 1); the edit itself triggers the next load.
        return b""

    def positions(self) -> Positions:
        return self.located().positions

    def ids_of(self, section: str) -> Iterable[tuple[int, str]]:
        """(index, id) of every item of a section that has an id, valid or not."""
        if self.model is not None:
            return ((index, item.id) for index, item in enumerate(getattr(self.model, section)))
        return self.ids.get(section, ())

    def items(self, section: str) -> Iterable[tuple[int, typing.Any]]:
        """(index, item) of a section: all of a valid file, the valid ones of an invalid file."""
        if self.model is not None:
            return enumerate(getattr(self.model, section))
        return self.partial.get(section, ())

    def raw(self) -> object:
        return self.located().data

    def problem(self, loc: tuple, message: str, *, at: str = "value") -> Problem:
        """A problem about the node at `loc`: at its value, its key, or its enclosing mapping."""
        positions = self.positions()
        if at == "key":
            line, column = positions.key(loc)
        elif at == "parent":
            line, column = positions.value(loc[:-1])
        else:
            line, column = positions.value(loc)
        where = _where(loc[:-1] if at in ("key", "parent") else loc, self.raw())
        return Problem(self.path, line, column, f"{where}: {message}" if where else message)


def load_knowledge(
    paths: Sequence[Path] | None = None, *, cache: ParseCache | None = None
) -> KnowledgeBase:
    """Load and check the knowledge files at `paths` (default: the bundled knowledge base).

    The files and folders given are one knowledge base: ids must be unique across all of
    them and references may cross files. Raises KnowledgeError listing every problem found.
    """
    given = [Path(p) for p in paths] if paths is not None else [BUNDLED_DIR]
    files = [_File(path) for path in discover(given)]
    if not files:
        where = given[0] if given else Path.cwd()
        raise KnowledgeError([Problem(where, 0, 0, "no knowledge files (*.yaml, *.yml) found")])

    problems: list[Problem] = []
    with gc_paused():
        for file in files:
            pacing.checkpoint()  # a reload beside the event loop steps aside for answers
            problems.extend(_load_file(file, cache))
        problems.extend(_check_across_files(files, cache))
    if problems:
        raise KnowledgeError(problems)
    if cache is not None:
        cache.retain(file.digest for file in files)
    return _knowledge_base(files)


def _load_file(file: _File, cache: ParseCache | None) -> list[Problem]:
    """Read, parse and validate one file; fill in `file`; return its own problems."""
    try:
        file.data = _read_capped(file.path)
    except _Unreadable as exc:
        return [Problem(file.path, 0, 0, str(exc))]
    file.digest = hashlib.sha256(file.data).hexdigest()
    if cache is not None:
        file.model = cache.get(file.digest)
        if file.model is not None:
            file.parsed = True
            file.release()
            return []
        cache.count_parse()

    try:
        document = safe_yaml.parse(file.data)
    except YamlRejected as exc:
        return [Problem(file.path, exc.line, exc.column, exc.message)]
    file.parsed = True
    data = document.data
    problems = []
    if document.duplicate_keys:  # parsed with positions, they say where each key came first
        problems = [_duplicate_key_problem(file, dup) for dup in file.located().duplicate_keys]

    if data is None:
        return [*problems, Problem(file.path, 1, 1, "defines nothing: not a knowledge file")]
    if not isinstance(data, dict):
        line, column = file.positions().value(())
        return [
            *problems,
            Problem(
                file.path,
                line,
                column,
                f"the top level is {_describe_value(data)}, not a mapping: a knowledge file "
                f"is a mapping of sections ({', '.join(s + ':' for s in SECTIONS)})",
            ),
        ]
    try:
        model = _validate(data)
    except _Invalid as exc:
        errors = exc.errors
        file.ids = _ids_in(data)
        file.partial = _valid_items(data, {tuple(e["loc"][:2]) for e in errors})
        return [*problems, *(_validation_problem(file, error) for error in errors)]
    if not any(getattr(model, section) for section in SECTIONS):
        return [*problems, Problem(file.path, 1, 1, "defines nothing: not a knowledge file")]
    file.model = model
    if not problems:
        file.release()
        if cache is not None:
            cache.put(file.digest, model)
    return problems


class _Unreadable(Exception):
    pass


class _Invalid(Exception):
    def __init__(self, errors: list[dict]):
        self.errors = errors


# Facts validated per call. pydantic holds the GIL for a whole call: 1,000 facts in one took
# ~30 ms and 100 took ~5 ms, the event loop's wait while a reload runs in its worker thread.
_FACTS_PER_CALL = 25
_FACTS = TypeAdapter(list[Fact])


def _validate(data: dict) -> KnowledgeFile:
    """KnowledgeFile.model_validate(data), in slices for files with many facts.

    Raises _Invalid with pydantic's error dicts, located in the whole file as usual.
    """
    facts = data.get("facts")
    if not isinstance(facts, list) or len(facts) <= _FACTS_PER_CALL:
        try:
            return KnowledgeFile.model_validate(data)
        except ValidationError as exc:
            raise _Invalid(exc.errors()) from None
    errors: list[dict] = []
    valid: list[Fact] = []
    for start in range(0, len(facts), _FACTS_PER_CALL):
        pacing.checkpoint()
        try:
            valid += _FACTS.validate_python(facts[start : start + _FACTS_PER_CALL])
        except ValidationError as exc:
            for error in exc.errors():
                index, *rest = error["loc"]
                errors.append({**error, "loc": ("facts", start + index, *rest)})
    try:
        # Validated facts pass through as they are (pydantic does not revalidate instances).
        model = KnowledgeFile.model_validate({**data, "facts": valid})
    except ValidationError as exc:
        errors += exc.errors()
    if errors:
        errors.sort(key=lambda error: SECTIONS.index(error["loc"][0]) if error["loc"] else -1)
        raise _Invalid(errors)
    return model


def _read_capped(path: Path) -> bytes:
    """The file's bytes; refuses oversized files before reading them (and while reading).

    Only regular files: opening a FIFO or a device (/dev/zero) could block or never end.
    """
    limit = f"file is larger than {MAX_FILE_BYTES // 2**20} MiB: not a knowledge file"
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise _Unreadable("not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise _Unreadable(limit)
        with path.open("rb") as stream:
            # Sized to the file, not to the cap: a 64 MiB buffer per read is a needless peak.
            data = stream.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since stat(): read on up to the cap
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise _Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise _Unreadable(f"cannot read the file: {exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(limit)
    return data


def _duplicate_key_problem(file: _File, duplicate: safe_yaml.DuplicateKey) -> Problem:
    key = _printable(str(duplicate.path[-1]))
    where = _where(duplicate.path[:-1], file.raw())
    message = (
        f"duplicate key '{key}': already set at line {duplicate.first[0]}, column "
        f"{duplicate.first[1]}; YAML would silently keep only this one"
    )
    return Problem(
        file.path, duplicate.line, duplicate.column, f"{where}: {message}" if where else message
    )


def _ids_in(data: dict) -> dict[str, list[tuple[int, str]]]:
    """Ids named by a file that failed validation: duplicates and references still count them."""
    ids: dict[str, list[tuple[int, str]]] = {}
    for section in ID_SECTIONS:
        items = data.get(section)
        if isinstance(items, list):
            ids[section] = [
                (index, item["id"])
                for index, item in enumerate(items)
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            ]
    return ids


def _valid_items(data: dict, failing: set[tuple]) -> dict[str, list[tuple[int, typing.Any]]]:
    """The items of each section that no validation error is about, validated on their own."""
    partial: dict[str, list[tuple[int, typing.Any]]] = {}
    for section in SECTIONS:
        items = data.get(section)
        model = _model_at((section, 0))
        if not isinstance(items, list) or model is None:
            continue
        partial[section] = []
        for index, item in enumerate(items):
            if (section, index) in failing:
                continue
            with contextlib.suppress(ValidationError):
                partial[section].append((index, validate_item(model, item)))
    return partial


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


def _validation_problem(file: _File, error: dict) -> Problem:
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
        message = f"expected {_expected(loc)}, got {_describe_value(value)}"
        if _expected(loc) == "text" and isinstance(value, bool | int | float | dt.date):
            message += "; put it in quotes to keep it as text"
    elif kind == "too_short" and isinstance(value, list):
        wanted = ctx.get("min_length", 1)
        message = "must not be empty" if not value else f"needs at least {wanted} items"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "string_too_long":
        message = f"is too long: {len(value)} characters, at most {ctx.get('max_length')}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID_PATTERN:
        message = (
            f"{_show(value)} is not a valid id: use lower-case letters, digits and hyphens "
            "(at most 64, starting with a letter or digit)"
        )
    elif kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^https?"):
        message = f"{_show(value)} is not a web address (http:// or https://)"
    elif kind == "literal_error":
        message = f"{_show(value)} is not one of {ctx.get('expected')}"
    elif kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        if loc and loc[-1] in ("iso", "published"):
            message = f"{_show(value)} is not a date ({_date_reason(reason)})"
        else:
            message = reason
    else:
        message = f"{_show(value)}: {error['msg'][0].lower()}{error['msg'][1:]}"
    return file.problem(loc, message)


def _unknown_field(loc: tuple) -> str:
    name = _printable(str(loc[-1]))
    if len(loc) == 1:
        return f"unknown section '{name}': a knowledge file has only {', '.join(SECTIONS)}"
    model = _model_at(loc[:-1])
    allowed = list(fields_of(model)) if model else []
    close = _closest(name, allowed, cutoff=75)
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


def _model_at(loc: tuple) -> type | None:
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


def _describe_value(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off/true/false as true or false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: object, limit: int = 60) -> str:
    text = _printable(value if isinstance(value, str) else str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _printable(text: str) -> str:
    """Control characters escaped (\\n, \\x00), so a message stays on one readable line."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _where(loc: tuple, data: object) -> str:
    """A readable path such as "facts[3] (h20-revenue) dates[0].iso"."""
    if not loc:
        return ""
    head = str(loc[0])
    rest = loc[1:]
    if rest and isinstance(rest[0], int):
        head += f"[{rest[0]}]"
        item = _item(data, loc[:2])
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            head += f" ({item['id']})"
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            head += f" ({_show(item['question'], 40)})"
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


# --- checks across files ---------------------------------------------------------------------


def _check_across_files(files: list[_File], cache: ParseCache | None) -> list[Problem]:
    problems: list[Problem] = []
    # Every id in file order, from valid and invalid items alike: the first one wins. Where
    # it is, packed into one int (file number, item index): at 100,000 facts a tuple per id
    # was ~20 MB more at the peak of a reload.
    first: dict[str, dict[str, int]] = {section: {} for section in ID_SECTIONS}
    for number, file in enumerate(files):
        pacing.checkpoint()
        for section in ID_SECTIONS:
            seen = first[section]
            for index, item_id in file.ids_of(section):
                pacing.every(256, index)
                here = number << 32 | index
                there = seen.setdefault(item_id, here)
                if there != here:
                    first_file, first_index = files[there >> 32], there & 0xFFFFFFFF
                    problems.append(
                        _duplicate_id(
                            file,
                            (section, index, "id"),
                            item_id,
                            section,
                            first_file,
                            (section, first_index, "id"),
                        )
                    )

    # A file that could not be parsed may define anything: references wait until it can.
    if all(file.parsed for file in files):
        valid = [file for file in files if file.model is not None or file.partial]
        problems.extend(_check_references(valid, first))
        problems.extend(_check_verbatim(valid, cache))
    return problems


def _duplicate_id(
    file: _File, loc: tuple, item_id: str, section: str, first_file: _File, first_loc: tuple
) -> Problem:
    line, column = first_file.positions().value(first_loc)
    noun = {"sources": "source", "facts": "fact", "entities": "entity"}[section]
    return file.problem(
        loc,
        f"duplicate {noun} id '{item_id}': first defined at {first_file.path}:{line}:{column}",
    )


def _check_references(valid: list[_File], known: Mapping[str, Collection[str]]) -> list[Problem]:
    problems = []
    guess = _Guesser(known)
    for file in valid:
        pacing.checkpoint()
        for index, fact in file.items("facts"):
            pacing.every(256, index)
            for number, citation in enumerate(fact.sources):
                if citation.source not in known["sources"]:
                    loc = ("facts", index, "sources", number, "source")
                    message = f"unknown source '{citation.source}'" + guess(
                        citation.source, "sources"
                    )
                    problems.append(file.problem(loc, message))
            for section in ("entities", "said_by"):
                for number, entity in enumerate(getattr(fact, section)):
                    if entity not in known["entities"]:
                        message = f"unknown entity '{entity}'" + guess(entity, "entities")
                        problems.append(file.problem(("facts", index, section, number), message))
        for index, entity in file.items("entities"):
            for number, parent in enumerate(entity.part_of):
                loc = ("entities", index, "part_of", number)
                if parent == entity.id:
                    problems.append(file.problem(loc, "an entity cannot be part of itself"))
                elif parent not in known["entities"]:
                    message = f"unknown entity '{parent}'" + guess(parent, "entities")
                    problems.append(file.problem(loc, message))
            if entity.country is not None and entity.country not in known["entities"]:
                message = f"unknown entity '{entity.country}'" + guess(entity.country, "entities")
                problems.append(file.problem(("entities", index, "country"), message))
        for index, case in file.items("tests"):
            if case.expect is not None and case.expect not in known["facts"]:
                message = f"no fact has the id '{case.expect}'" + guess(case.expect, "facts")
                problems.append(file.problem(("tests", index, "expect"), message))
    return problems


class _Guesser:
    """ " (did you mean 'x'?)" for an unknown id, for the first few per load.

    Each guess scans every id of its kind; with 100,000 facts and thousands of broken
    references, guessing them all would take minutes, so later ones go without.
    """

    LIMIT = 100

    def __init__(self, known: Mapping[str, Collection[str]]):
        self._known = known
        self._sorted: dict[str, list[str]] = {}
        self._left = self.LIMIT

    def __call__(self, name: str, section: str) -> str:
        if self._left <= 0:
            return ""
        self._left -= 1
        if section not in self._sorted:
            self._sorted[section] = sorted(self._known[section])
        close = _closest(name, self._sorted[section], cutoff=80)
        return f" (did you mean '{close}'?)" if close else ""


def _closest(name: str, choices: Sequence[str], cutoff: float) -> str | None:
    # rapidfuzz, not difflib: a typo among 100,000 fact ids must not take seconds.
    found = process.extractOne(name, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


class _Document:
    """A source's stored text, read once per load; compared against only when needed."""

    def __init__(self, data: bytes, name: str):
        self.text = data.decode("utf-8")
        self.name = name
        self.digest = hashlib.sha256(data).hexdigest()

    @functools.cached_property
    def squeezed(self) -> str:
        # Whitespace runs as single spaces: YAML folds lines where the text did not.
        return " ".join(self.text.split())

    def contains(self, passage: str) -> bool:
        return passage in self.text or " ".join(passage.split()) in self.squeezed

    def hint(self, passage: str) -> str:
        if _plain_quotes(" ".join(passage.split())) in _plain_quotes(self.squeezed):
            return " (the document writes its quotes and apostrophes differently: ’ “ ” vs ' \")"
        return ""


_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _plain_quotes(text: str) -> str:
    return text.translate(_TYPOGRAPHIC)


def _check_verbatim(valid: list[_File], cache: ParseCache | None) -> list[Problem]:
    """Excerpts and quotes must appear word for word in their source's document.

    A file found verbatim against the very same documents before is not checked again: on
    a reload at 100,000 facts the search took 1.5 s, three quarters of loading.
    """
    problems: list[Problem] = []
    documents: dict[str, _Document | None] = {}
    for file in valid:
        pacing.checkpoint()
        for index, source in file.items("sources"):
            pacing.every(16, index)  # thousands of documents may be read and hashed here
            if source.document is None:
                continue
            document, problem = _read_document(file, index, source)
            documents[source.id] = document
            if problem:
                problems.append(problem)

    for file in valid:
        pacing.checkpoint()
        key = _verbatim_key(file, documents) if cache is not None else None
        if key is not None and cache.verified(key):
            continue
        found = _check_file_verbatim(file, documents)
        problems.extend(found)
        if key is not None and not found:
            cache.mark_verified(key)
    return problems


def _verbatim_key(file: _File, documents: dict[str, _Document | None]) -> tuple | None:
    """What a file's verbatim check depends on: its bytes and the documents it cites."""
    if file.model is None:  # only whole, valid files are remembered
        return None
    cited = {citation.source for fact in file.model.facts for citation in fact.sources}
    digests = ((source, getattr(documents.get(source), "digest", None)) for source in cited)
    return file.digest, tuple(sorted(digests))


def _check_file_verbatim(file: _File, documents: dict[str, _Document | None]) -> list[Problem]:
    problems = []
    for index, fact in file.items("facts"):
        pacing.every(64, index)
        cited = []
        for number, citation in enumerate(fact.sources):
            document = documents.get(citation.source)
            if document is None:
                continue  # no document to check against (or it is reported already)
            cited.append(document)
            if not document.contains(citation.excerpt):
                loc = ("facts", index, "sources", number, "excerpt")
                message = (
                    f"excerpt not found word for word in {document.name} "
                    f"(source '{citation.source}')" + document.hint(citation.excerpt)
                )
                problems.append(file.problem(loc, message))
        if fact.quote and cited and not any(d.contains(fact.quote.words) for d in cited):
            names = ", ".join(sorted({d.name for d in cited}))
            message = f"quoted words not found word for word in {names}" + cited[0].hint(
                fact.quote.words
            )
            problems.append(file.problem(("facts", index, "quote", "words"), message))
    return problems


def _read_document(
    file: _File, index: int, source: Source
) -> tuple[_Document | None, Problem | None]:
    path = file.path.parent / source.document
    name = _printable(source.document)
    loc = ("sources", index, "document")
    try:
        document = _Document(_read_capped(path), name)
    except _Unreadable as exc:
        looked = _printable(os.path.normpath(path))
        return None, file.problem(loc, f"{name}: {exc} (looked for {looked})")
    except UnicodeDecodeError as exc:
        return None, file.problem(loc, f"{name} is not UTF-8 text ({exc.reason})")
    return document, None


# --- the result ------------------------------------------------------------------------------


def _knowledge_base(files: list[_File]) -> KnowledgeBase:
    models = [file.model for file in files]
    version = hashlib.sha256(
        "\n".join(file.digest for file in sorted(files, key=lambda f: f.path)).encode()
    ).hexdigest()[:12]
    facts: dict[str, Fact] = {}
    entities: dict[str, Entity] = {}
    sources: dict[str, Source] = {}
    for model in models:
        pacing.checkpoint()
        facts.update({f.id: f for f in model.facts})
        entities.update({e.id: e for e in model.entities})
        sources.update({s.id: s for s in model.sources})
    return KnowledgeBase(
        facts=types.MappingProxyType(facts),
        sources=types.MappingProxyType(sources),
        entities=types.MappingProxyType(entities),
        synonyms=tuple(group for m in models for group in m.synonyms),
        shorthand=tuple(entry for m in models for entry in m.shorthand),
        tests=tuple(case for m in models for case in m.tests),
        files=tuple(file.path for file in files),
        version=version,
    )


# --- the published JSON Schema ---------------------------------------------------------------


def schema_text() -> str:
    """knowledge.schema.json as committed: generated from the models, stable formatting."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_json_schema(path: Path = SCHEMA_FILE) -> None:
    """Write the JSON Schema editors use to check knowledge files as they are typed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(schema_text(), encoding="utf-8")
    os.replace(temporary, path)
