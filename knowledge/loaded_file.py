"""One knowledge file during a load: its bytes, what became of them, and where things are."""

from __future__ import annotations

import contextlib
import hashlib
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import safe_yaml
from knowledge.messages import readable_path
from knowledge.problems import Problem
from knowledge.reading import Unreadable, read_capped
from knowledge.safe_yaml import Positions
from knowledge.schema import KnowledgeFile


@dataclass(eq=False)  # compared by identity
class LoadedFile:
    """One file during a load: its bytes, and what became of them."""

    path: Path  # as found: what problems name
    real: Path | None = None  # resolved, inside `tree`: what is read
    tree: Path | None = None  # the resolved knowledge folder it was found under
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
        with contextlib.suppress(Unreadable):
            data = read_capped(self.real or self.path)
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
        where = readable_path(loc[:-1] if at in ("key", "parent") else loc, self.raw())
        return Problem(self.path, line, column, f"{where}: {message}" if where else message)
