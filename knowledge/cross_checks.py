"""Checks across the files of a knowledge base: unique ids, references, verbatim excerpts."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Collection, Mapping
from pathlib import Path

from knowledge import time_limit
from knowledge.discovery import OutsideTree, inside
from knowledge.loaded_file import LoadedFile
from knowledge.messages import closest, printable
from knowledge.parse_cache import ParseCache
from knowledge.problems import Problem
from knowledge.reading import Unreadable, read_capped
from knowledge.same_claims import check_same_claims
from knowledge.schema import Source
from knowledge.supersedes import check_supersedes
from knowledge.vocabulary_checks import check_vocabulary

ID_SECTIONS = ("sources", "facts", "entities")  # ids are unique within each of these


def check_across_files(files: list[LoadedFile], cache: ParseCache | None) -> list[Problem]:
    problems: list[Problem] = []
    # Every id in file order, from valid and invalid items alike: the first one wins. Where
    # it is, packed into one int (file number, item index): at 100,000 facts a tuple per id
    # was ~20 MB more at the peak of a reload.
    first: dict[str, dict[str, int]] = {section: {} for section in ID_SECTIONS}
    for number, file in enumerate(files):
        time_limit.checkpoint()
        for section in ID_SECTIONS:
            seen = first[section]
            for index, item_id in file.ids_of(section):
                time_limit.every(256, index)
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
        problems.extend(check_supersedes(valid, first["facts"]))
        problems.extend(check_same_claims(valid, first["facts"]))
        problems.extend(_check_verbatim(valid, cache))
        problems.extend(check_vocabulary(valid))
    return problems


def _duplicate_id(
    file: LoadedFile,
    loc: tuple,
    item_id: str,
    section: str,
    first_file: LoadedFile,
    first_loc: tuple,
) -> Problem:
    line, column = first_file.positions().value(first_loc)
    noun = {"sources": "source", "facts": "fact", "entities": "entity"}[section]
    return file.problem(
        loc,
        f"duplicate {noun} id '{item_id}': first defined at {first_file.path}:{line}:{column}",
    )


def _check_references(
    valid: list[LoadedFile], known: Mapping[str, Collection[str]]
) -> list[Problem]:
    problems = []
    guess = _Guesser(known)
    for file in valid:
        time_limit.checkpoint()
        for index, fact in file.items("facts"):
            time_limit.every(256, index)
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
        close = closest(name, self._sorted[section], cutoff=80)
        return f" (did you mean '{close}'?)" if close else ""


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


def _check_verbatim(valid: list[LoadedFile], cache: ParseCache | None) -> list[Problem]:
    """Excerpts and quotes must appear word for word in their source's document.

    A file found verbatim against the very same documents before is not checked again: on
    a reload at 100,000 facts the search took 1.5 s, three quarters of loading.
    """
    problems: list[Problem] = []
    documents: dict[str, _Document | None] = {}
    folders: dict[Path, Path] = {}  # resolved once per load, not kept: symlinks may change
    for file in valid:
        time_limit.checkpoint()
        for index, source in file.items("sources"):
            time_limit.every(16, index)  # thousands of documents may be read and hashed here
            if source.document is None:
                continue
            document, problem = _read_document(file, index, source, folders)
            documents[source.id] = document
            if problem:
                problems.append(problem)

    for file in valid:
        time_limit.checkpoint()
        key = _verbatim_key(file, documents) if cache is not None else None
        if key is not None and cache.verified(key):
            continue
        found = _check_file_verbatim(file, documents)
        problems.extend(found)
        if key is not None and not found:
            cache.mark_verified(key)
    return problems


def _verbatim_key(file: LoadedFile, documents: dict[str, _Document | None]) -> tuple | None:
    """What a file's verbatim check depends on: its bytes and the documents it cites."""
    if file.model is None:  # only whole, valid files are remembered
        return None
    cited = {citation.source for fact in file.model.facts for citation in fact.sources}
    digests = ((source, getattr(documents.get(source), "digest", None)) for source in cited)
    return file.digest, tuple(sorted(digests))


def _check_file_verbatim(file: LoadedFile, documents: dict[str, _Document | None]) -> list[Problem]:
    problems = []
    for index, fact in file.items("facts"):
        time_limit.every(64, index)
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
    file: LoadedFile, index: int, source: Source, folders: dict[Path, Path]
) -> tuple[_Document | None, Problem | None]:
    name = printable(source.document)
    loc = ("sources", index, "document")
    # Relative to the YAML file, and inside its knowledge folder: refused before anything
    # outside is read, so the excerpt check cannot answer questions about other files.
    path = Path(os.path.normpath(file.path.parent / source.document))
    try:
        real = inside(file.tree, file.real.parent / source.document, folders)
        document = _Document(read_capped(real), name)
    except OutsideTree as exc:
        return None, file.problem(loc, f"{name}: {exc}")
    except Unreadable as exc:
        return None, file.problem(loc, f"{name}: {exc} (looked for {printable(str(path))})")
    except UnicodeDecodeError as exc:
        return None, file.problem(loc, f"{name} is not UTF-8 text ({exc.reason})")
    return document, None
