"""Long background work (a reload's load and index) steps aside while an answer is worked out.

A reload at 100k facts runs for seconds in a worker thread, beside the event loop that keeps
answering. Both need the GIL, and CPython hands it back and forth every switch interval, so
each answer took twice as long during a reload and the loop stalled for 20-50 ms. Instead the
event loop says when it is working out an answer (``with gate:``), and the worker's loops call
:func:`checkpoint` every millisecond or so of work: there the worker waits, without the GIL,
until the answer is done. Answers come first, so a reload beside a steady stream of them
takes longer (at 100k facts: ~7 s beside one asker, ~2.5 s alone).

Outside such a worker, :func:`checkpoint` does nothing, so the loader and the index can call
it unconditionally (the command line and the tests build them in the main thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# The longest a worker waits at one checkpoint: answers take milliseconds, and a stream of
# them must not starve a reload.
_MAX_WAIT = 0.05
# Items freed between checkpoints by empty(): ~0.3 ms of work for the index's postings.
_SLICE = 1024


class AnswerGate:
    """The event loop enters it around each answer it works out; workers wait at checkpoints.

    `workers` counts the threads running with this gate; with none, entering costs nothing.
    Both are used from the event loop's thread only, so the count cannot change mid-answer.
    """

    def __init__(self, max_wait: float = _MAX_WAIT) -> None:
        self._open = threading.Event()  # set: no answer is being worked out
        self._open.set()
        self._max_wait = max_wait
        self.workers = 0

    def __enter__(self) -> None:
        if self.workers:
            self._open.clear()

    def __exit__(self, *exc_info: object) -> None:
        if self.workers:
            self._open.set()

    def wait(self) -> None:
        self._open.wait(self._max_wait)

    def run(self, function: Callable[..., T], /, *args, **kwargs) -> T:
        """Call `function` in this thread, stepping aside at its checkpoints for answers."""
        _local.gate = self
        try:
            return function(*args, **kwargs)
        finally:
            _local.gate = None


_local = threading.local()


def checkpoint() -> None:
    """In a worker run by AnswerGate.run: wait while the event loop works out an answer."""
    gate = getattr(_local, "gate", None)
    if gate is not None:
        gate.wait()


def empty(container: dict | list) -> None:
    """Empty a large container a slice at a time, with a checkpoint after each slice.

    Dropping a container of 100,000 objects frees them all in one C call, which holds the
    GIL (and so stalls the event loop) for milliseconds; slice by slice, a worker steps aside
    for answers in between.
    """
    while container:
        if isinstance(container, dict):
            for _ in range(min(_SLICE, len(container))):
                container.popitem()
        else:
            del container[-_SLICE:]
        checkpoint()


def every(n: int, count: int) -> None:
    """checkpoint() on every n-th item of a loop (n a power of two)."""
    if not count & (n - 1):
        checkpoint()
