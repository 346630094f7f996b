"""Fixtures shared by several test modules."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from knowledge_helpers import add_quillets, knowledge_copy


@pytest.fixture
def restore_logging():
    """Put the root logger's handlers and level back after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def quillets(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge folder with the two quillet facts added."""
    return add_quillets(knowledge_copy(tmp_path / "with-quillets"))
