"""Test helpers for the knowledge base: a private copy of the bundled one, safe to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.paths import BUNDLED_DIR


def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge folder (and the articles it cites), to edit."""
    target = tmp_path / "facts"
    shutil.copytree(BUNDLED_DIR, target)
    return target
