"""Load knowledge files into a KnowledgeBase, or report every problem in them.

The steps: find the files, inside their knowledge folder (:mod:`knowledge.discovery`); per
file, read the bytes (:mod:`knowledge.reading`), parse them with :mod:`knowledge.safe_yaml`,
validate the data with the pydantic models of :mod:`knowledge.schema` (problems worded by
:mod:`knowledge.messages`). Then, across all files (:mod:`knowledge.cross_checks`): unique
ids, references between sections, excerpts and quotes word for word in the source documents,
and vocabulary that means one thing. Every problem is a :class:`Problem` at the
FILE:LINE:COLUMN of the key or value at fault, worded for a moderator; nothing is loaded
unless there are none. Nothing else is raised: an unexpected error, or loading past its
time limit, is a problem line too.

Parsing is done without positions (fast); a file with something to report is parsed again
with positions to say where. A :class:`ParseCache` keeps validated files by content hash, so a
reload after one file changed parses only that file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import types
import typing
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from knowledge import safe_yaml, time_limit
from knowledge.base import KnowledgeBase
from knowledge.cross_checks import ID_SECTIONS, check_across_files
from knowledge.discovery import YAML_SUFFIXES, discover, find_files
from knowledge.loaded_file import LoadedFile
from knowledge.messages import (
    SECTIONS,
    describe_type,
    model_at,
    printable,
    readable_path,
    validation_problem,
)
from knowledge.parse_cache import ParseCache
from knowledge.paths import BUNDLED_DIR, SCHEMA_FILE
from knowledge.problems import KnowledgeError, Problem
from knowledge.reading import Unreadable, read_capped
from knowledge.safe_yaml import YamlRejected
from knowledge.same_claims import merge as merge_same_claims
from knowledge.schema import Entity, Fact, KnowledgeFile, Source, json_schema, validate_item

log = logging.getLogger("tradeqa.knowledge")

# A reload holds the reload lock while it loads; a file that makes loading crawl must not
# hold it for hours. 100,000 facts load in well under a minute on a busy machine.
LOAD_TIME_LIMIT = 120.0

__all__ = ["YAML_SUFFIXES", "ParseCache", "discover", "load_knowledge", "schema_text"]


# --- loading ---------------------------------------------------------------------------------


def load_knowledge(
    paths: Sequence[Path] | None = None,
    *,
    cache: ParseCache | None = None,
    seconds: float | None = LOAD_TIME_LIMIT,
) -> KnowledgeBase:
    """Load and check the knowledge files at `paths` (default: the bundled knowledge base).

    The files and folders given are one knowledge base: ids must be unique across all of
    them and references may cross files. Raises KnowledgeError listing every problem found,
    and nothing else: whatever goes wrong while loading (a time limit of `seconds`
    included) is a problem line, so every caller can report it and carry on.
    """
    given = [Path(p) for p in paths] if paths is not None else [BUNDLED_DIR]
    problems: list[Problem] = []
    files: list[LoadedFile] = []
    current = given[0] if given else Path.cwd()  # what a failure is reported against
    try:
        with time_limit.limited(seconds):
            found, problems = find_files(given)
            files = [LoadedFile(f.path, real=f.real, tree=f.tree) for f in found]
            if not files and not problems:
                problems.append(Problem(current, 0, 0, "no knowledge files (*.yaml, *.yml) found"))
            if not files:
                raise KnowledgeError(problems)
            for file in files:
                current = file.path
                time_limit.checkpoint()  # steps aside for answers; gives up when time is up
                try:
                    problems.extend(_load_file(file, cache))
                except time_limit.TimeLimitExceeded:
                    raise
                except Exception as exc:  # one broken file is one problem line, not a crash
                    problems.append(_unexpected(file.path, exc))
            current = given[0] if given else current
            problems.extend(check_across_files(files, cache))
    except KnowledgeError:
        raise
    except time_limit.TimeLimitExceeded as exc:
        problems.append(Problem(current, 0, 0, f"loading the knowledge base {exc}: stopped"))
    except Exception as exc:
        problems.append(_unexpected(current, exc))
    if problems:
        raise KnowledgeError(problems)
    if cache is not None:
        cache.retain(file.digest for file in files)
    return _knowledge_base(files)


def _unexpected(path: Path, exc: Exception) -> Problem:
    # The exception's own text is not shown: it may quote a file that is no knowledge file.
    log.error("loading %s failed", path, exc_info=exc)
    return Problem(
        path, 0, 0, f"could not be loaded ({type(exc).__name__}); the bot's log has the details"
    )


def _load_file(file: LoadedFile, cache: ParseCache | None) -> list[Problem]:
    """Read, parse and validate one file; fill in `file`; return its own problems."""
    try:
        file.data = read_capped(file.real or file.path)
    except Unreadable as exc:
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
                f"the top level is {describe_type(data)}, not a mapping: a knowledge file "
                f"is a mapping of sections ({', '.join(s + ':' for s in SECTIONS)})",
            ),
        ]
    try:
        model = _validate(data)
    except _Invalid as exc:
        errors = _without_follow_on_length_errors(exc.errors)
        file.ids = _ids_in(data)
        file.partial = _valid_items(data, {tuple(e["loc"][:2]) for e in errors})
        return [*problems, *(validation_problem(file, error) for error in errors)]
    if not any(getattr(model, section) for section in SECTIONS):
        return [*problems, Problem(file.path, 1, 1, "defines nothing: not a knowledge file")]
    file.model = model
    if not problems:
        file.release()
        if cache is not None:
            cache.put(file.digest, model)
    return problems


class _Invalid(Exception):
    def __init__(self, errors: list[dict]):
        self.errors = errors


def _validate(data: dict) -> KnowledgeFile:
    """KnowledgeFile.model_validate(data); raises _Invalid with pydantic's error dicts."""
    try:
        return KnowledgeFile.model_validate(data)
    except ValidationError as exc:
        raise _Invalid(exc.errors()) from None


def _duplicate_key_problem(file: LoadedFile, duplicate: safe_yaml.DuplicateKey) -> Problem:
    key = printable(str(duplicate.path[-1]))
    where = readable_path(duplicate.path[:-1], file.raw())
    message = (
        f"duplicate key '{key}': already set at line {duplicate.first[0]}, column "
        f"{duplicate.first[1]}; YAML would silently keep only this one"
    )
    return Problem(
        file.path, duplicate.line, duplicate.column, f"{where}: {message}" if where else message
    )


def _without_follow_on_length_errors(errors: list[dict]) -> list[dict]:
    """pydantic counts a list's valid items only: `questions: ["bad"]` is also "too short".
    The item's own error says what to fix; the length error would only confuse."""
    lists_with_bad_items = {tuple(e["loc"][:-1]) for e in errors if len(e["loc"]) > 1}
    lists_with_bad_items |= {loc[:-1] for loc in list(lists_with_bad_items) if loc}
    return [
        error
        for error in errors
        if not (error["type"] == "too_short" and tuple(error["loc"]) in lists_with_bad_items)
    ]


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
        model = model_at((section, 0))
        if not isinstance(items, list) or model is None:
            continue
        partial[section] = []
        for index, item in enumerate(items):
            if (section, index) in failing:
                continue
            with contextlib.suppress(ValidationError):
                partial[section].append((index, validate_item(model, item)))
    return partial


# --- the result ------------------------------------------------------------------------------


def _knowledge_base(files: list[LoadedFile]) -> KnowledgeBase:
    models = [file.model for file in files]
    version = hashlib.sha256(
        "\n".join(file.digest for file in sorted(files, key=lambda f: f.path)).encode()
    ).hexdigest()[:12]
    every_fact: list[Fact] = []
    entities: dict[str, Entity] = {}
    sources: dict[str, Source] = {}
    for model in models:
        time_limit.checkpoint()
        every_fact.extend(model.facts)
        entities.update({e.id: e for e in model.entities})
        sources.update({s.id: s for s in model.sources})
    facts, same_claims = merge_same_claims(every_fact)
    return KnowledgeBase(
        facts=types.MappingProxyType(facts),
        sources=types.MappingProxyType(sources),
        entities=types.MappingProxyType(entities),
        synonyms=tuple(group for m in models for group in m.synonyms),
        shorthand=tuple(entry for m in models for entry in m.shorthand),
        tests=tuple(case for m in models for case in m.tests),
        files=tuple(file.path for file in files),
        version=version,
        same_claims=types.MappingProxyType(same_claims),
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
