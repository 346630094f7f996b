"""Which files make up a knowledge base, and the rule that keeps them inside their folder.

Every file is found under a *knowledge tree*: the folder given, or the file's own folder for
a file given by name. A knowledge file, and every source document it names, must stay inside
that tree once symlinks are resolved. Otherwise a symlinked ``x.yaml`` or a
``document: ../../.env`` would let whoever edits the knowledge files read (and have the bot
echo, or answer yes/no about) any file the bot can read, its token included.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.problems import KnowledgeError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FoundFile:
    """A knowledge file: the path shown to people, its resolved path, and its resolved tree."""

    path: Path
    real: Path
    tree: Path


class OutsideTree(Exception):
    """A path leaves its knowledge tree (or cannot be resolved); the message says how."""


def discover(paths: Sequence[Path]) -> list[Path]:
    """The knowledge files named by `paths`: files as given, folders searched recursively.

    Raises KnowledgeError when something named cannot be used (see :func:`find_files`).
    """
    found, problems = find_files(paths)
    if problems:
        raise KnowledgeError(problems)
    return [file.path for file in found]


def find_files(paths: Sequence[Path]) -> tuple[list[FoundFile], list[Problem]]:
    """The knowledge files under `paths`, and a problem for each thing that cannot be used.

    Inside a folder, *.yaml and *.yml files are taken in sorted order; hidden files and folders
    (editor backups, .git) are skipped; an unreadable folder is a problem, not skipped
    silently (a reload would otherwise drop its facts). A file named twice is loaded once.
    """
    found: list[FoundFile] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        try:
            if path.is_dir():
                _walk(path, _resolved(path), found, problems)
            elif path.is_file() or path.is_symlink():
                tree = _resolved(path.absolute().parent)
                _add(path, tree / path.name, tree, found, problems)
            elif path.exists():
                problems.append(Problem(path, 0, 0, "not a regular file or folder"))
            else:
                problems.append(Problem(path, 0, 0, "no such file or folder"))
        except OutsideTree as exc:
            problems.append(Problem(path, 0, 0, str(exc)))
    unique: dict[Path, FoundFile] = {}
    for file in found:
        unique.setdefault(file.real, file)
    return list(unique.values()), problems


def _walk(folder: Path, tree: Path, found: list[FoundFile], problems: list[Problem]) -> None:
    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        problems.append(Problem(where, 0, 0, f"cannot read the folder: {error.strerror}"))

    files = []
    # os.walk does not follow symlinked folders: no loops, and no way out of the tree.
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(
            Path(root, name)
            for name in names
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    for path in sorted(files):
        _add(path, tree / path.relative_to(folder), tree, found, problems)


def _add(
    path: Path, in_tree: Path, tree: Path, found: list[FoundFile], problems: list[Problem]
) -> None:
    """Add `path` (found at `in_tree` inside the resolved `tree`) if it may be read."""
    try:
        real = inside(tree, in_tree)
    except OutsideTree as exc:
        problems.append(Problem(path, 0, 0, str(exc)))
        return
    if path.is_symlink():
        try:
            mode = real.stat().st_mode
        except OSError as exc:
            problems.append(Problem(path, 0, 0, f"cannot read the file: {exc.strerror}"))
            return
        if not stat.S_ISREG(mode):
            problems.append(Problem(path, 0, 0, "a symlink to something that is not a file"))
            return
    found.append(FoundFile(path, real, tree))


def inside(tree: Path, path: Path, folders: dict[Path, Path] | None = None) -> Path:
    """`path` resolved, if it stays inside the resolved `tree`; else raises OutsideTree.

    `path` is an absolute path spelt from inside the tree. It is first checked as written
    (`..` folded), so a path that leaves the tree is refused without looking at anything
    outside it (no yes/no answers about other files); then with symlinks resolved.
    """
    written = Path(os.path.normpath(path))
    if not _within(tree, written):
        raise OutsideTree("outside the knowledge folder: not read")
    if folders is None:
        real = _resolved(written)
    else:  # many documents share a folder: resolve it once per load (`folders`), then the name
        parent = folders.get(written.parent)
        if parent is None:
            parent = folders[written.parent] = _resolved(written.parent)
        real = parent / written.name
        if os.path.islink(real):
            real = _resolved(real)
    if not _within(tree, real):
        raise OutsideTree("a symlink leading outside the knowledge folder: not read")
    return real


def _within(tree: Path, path: Path) -> bool:
    return path == tree or tree in path.parents


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise OutsideTree("a symlink loop: cannot be resolved") from None
    except ValueError as exc:  # a NUL character in the path
        raise OutsideTree(f"not a usable path ({exc})") from None
