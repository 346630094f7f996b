"""A time limit for loading a knowledge base, checked where the loader already pauses.

Loading runs in the caller's thread (a worker thread for a reload): a thread cannot be
stopped from outside, so the loader checks the clock at the checkpoints it already has
(every few hundred YAML events, every slice of facts) and gives up there with
:class:`TimeLimitExceeded`. Outside :func:`limited`, a checkpoint does nothing.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

_local = threading.local()


class TimeLimitExceeded(Exception):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"took longer than {seconds:g} s")


@contextlib.contextmanager
def limited(seconds: float | None) -> Iterator[None]:
    """Checkpoints in this thread raise TimeLimitExceeded once `seconds` have passed."""
    saved = getattr(_local, "limit", None)
    _local.limit = None if seconds is None else (time.monotonic() + seconds, seconds)
    try:
        yield
    finally:
        _local.limit = saved


def checkpoint() -> None:
    """Raises TimeLimitExceeded when the time given to limited() is up."""
    limit = getattr(_local, "limit", None)
    if limit is not None and time.monotonic() > limit[0]:
        raise TimeLimitExceeded(limit[1])


def every(n: int, count: int) -> None:
    """checkpoint() on every n-th item of a loop (n a power of two)."""
    if not count & (n - 1):
        checkpoint()
