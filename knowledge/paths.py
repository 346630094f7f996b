"""Where the bundled knowledge base lives, and which knowledge folders a command reads.

The bundled base is `knowledge/facts/` inside the package: in an editable install (the
README's) that is the checkout's own folder, so an edit there is read at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "facts"
SCHEMA_FILE = PACKAGE_DIR / "schema" / "knowledge.schema.json"
# The source checkout tradeqa runs from, or None when it is installed into site-packages.
CHECKOUT_DIR = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None

# Written in --knowledge, TRADEQA_KNOWLEDGE or the config file, this word stands for the
# bundled base, so it can be loaded together with other folders.
BUNDLED_WORD = "bundled"


def expand_knowledge(paths: Iterable[Path | str] | None) -> tuple[Path, ...]:
    """The folders and files to load: `bundled` becomes the bundled base; none means it."""
    expanded = tuple(BUNDLED_DIR if str(p) == BUNDLED_WORD else Path(p) for p in paths or ())
    return expanded or (BUNDLED_DIR,)


def describe_knowledge(paths: Iterable[Path]) -> str:
    """'knowledge/facts (bundled), ../mine': the folders read, short and unambiguous."""
    return ", ".join(_shown(Path(p)) for p in paths)


def _shown(path: Path) -> str:
    label = " (bundled)" if path == BUNDLED_DIR else ""
    try:
        absolute = path.resolve()
        shown = absolute.relative_to(Path.cwd().resolve())
    except (OSError, RuntimeError, ValueError):  # elsewhere, or unresolvable: as given
        shown = path
    return f"{shown}{label}"
