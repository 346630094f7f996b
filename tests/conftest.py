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


# -- the storage tests' two backends ---------------------------------------------------------
# `log_db` is where a test's query log lives: a SQLite file, or a fresh schema in the
# PostgreSQL server named by TRADEQA_TEST_POSTGRES_URL (.ci/run starts a throwaway one).
# The PostgreSQL leg skips, saying why, when no server is given or it cannot be reached.

POSTGRES_URL_VARIABLE = "TRADEQA_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def log_db(request, tmp_path):
    if request.param == "sqlite":
        yield tmp_path / "log.db"
        return
    from storage_helpers import postgres_schema

    with postgres_schema() as url:
        yield url
