"""Callers waiting for their row's commit, and the one timer that stops them waiting.

record() waits until its row is committed, but never longer than max_wait: one timer for
all waiting callers, not asyncio.wait per question (that was a quarter of the logging
path's cost). A caller given up on gets False; its row stays queued and lands later.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass
from typing import Literal

Kind = Literal["query", "feedback", "audit"]


@dataclass(eq=False)
class Op:
    """One row for the writer, and the caller waiting for it (if any)."""

    kind: Kind
    params: tuple
    waiter: asyncio.Future[bool] | None = None  # None once told (or given up on)
    deadline: float = 0.0  # loop time after which its caller stops waiting

    def tell(self, ok: bool) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(ok)
        self.waiter = None


class CommitWaiters:
    """Ops whose callers wait, oldest first (commits come in order)."""

    def __init__(self, max_wait: float) -> None:
        self._max_wait = max_wait
        self._waiting: collections.deque[Op] = collections.deque()
        self._expiry: asyncio.TimerHandle | None = None

    def wait_at_most(self, op: Op, loop: asyncio.AbstractEventLoop) -> None:
        op.deadline = loop.time() + self._max_wait
        self.forget_told()
        self._waiting.append(op)
        if self._expiry is None:
            self._expiry = loop.call_at(op.deadline, self._give_up_on_late_commits, loop)

    def forget_told(self) -> None:
        """Drop callers already told (they are the oldest); with nobody left waiting, no
        timer stays armed (it would keep an idle loop busy)."""
        waiting = self._waiting
        while waiting and waiting[0].waiter is None:
            waiting.popleft()
        if not waiting:
            self.cancel()

    def cancel(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None

    def _give_up_on_late_commits(self, loop: asyncio.AbstractEventLoop) -> None:
        """Callers whose commit is later than max_wait get False and move on."""
        self._expiry = None
        now = loop.time()
        waiting = self._waiting
        while waiting and (waiting[0].waiter is None or waiting[0].deadline <= now):
            waiting.popleft().tell(False)
        if waiting:
            self._expiry = loop.call_at(waiting[0].deadline, self._give_up_on_late_commits, loop)
