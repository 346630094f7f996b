"""Which files make up a knowledge base: the files given, and YAML files found in folders."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from knowledge.problems import KnowledgeError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


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
