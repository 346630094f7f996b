"""A reload in a worker thread steps aside while the event loop works out an answer."""

from __future__ import annotations

import threading

import pytest

from knowledge import pacing
from knowledge.pacing import AnswerGate


def run_worker(gate: AnswerGate) -> tuple[threading.Thread, threading.Event, threading.Event]:
    arrived, passed = threading.Event(), threading.Event()

    def work() -> None:
        arrived.set()
        pacing.checkpoint()
        passed.set()

    worker = threading.Thread(target=gate.run, args=(work,))
    worker.start()
    return worker, arrived, passed


def test_a_worker_waits_at_its_checkpoint_until_the_answer_is_done():
    gate = AnswerGate(max_wait=30)  # long: only the end of the answer lets it through
    gate.workers = 1
    with gate:
        worker, arrived, passed = run_worker(gate)
        assert arrived.wait(5)
        assert not passed.wait(0.2)
    assert passed.wait(5)
    worker.join(5)


def test_without_an_answer_in_progress_a_checkpoint_does_not_wait():
    gate = AnswerGate(max_wait=30)
    gate.workers = 1
    worker, _, passed = run_worker(gate)
    assert passed.wait(5)
    worker.join(5)


@pytest.mark.parametrize(
    ("workers", "max_wait"),
    [
        (0, 30),  # no reload running: answering closes nothing
        (1, 0.01),  # an answer that never ends: the worker still goes on, not starved
    ],
)
def test_a_worker_goes_on_during_an_answer(workers, max_wait):
    gate = AnswerGate(max_wait=max_wait)
    gate.workers = workers
    with gate:
        worker, _, passed = run_worker(gate)
        assert passed.wait(5)
    worker.join(5)


def test_outside_a_worker_a_checkpoint_returns_at_once():
    gate = AnswerGate(max_wait=30)
    gate.workers = 1
    with gate:
        pacing.checkpoint()  # the command line and tests build indexes in the main thread
