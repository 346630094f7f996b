"""Fixtures shared by several test modules."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture
def restore_logging():
    """Put the root logger's handlers and level back after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
