"""A reload in a worker thread steps aside while the event loop works out an answer."""

from __future__ import annotations

import threading
import time

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


@pytest.mark.parametrize("container", [dict.fromkeys(range(5000)), list(range(5000))])
def test_emptying_a_container_steps_aside_between_slices(container):
    # Freeing a replaced index in one go held the GIL for milliseconds: it is emptied a
    # slice at a time, and the worker waits between slices while an answer is worked out.
    gate = AnswerGate(max_wait=30)
    gate.workers = 1
    with gate:
        worker = threading.Thread(target=gate.run, args=(pacing.empty, container))
        worker.start()
        deadline = time.monotonic() + 5
        while len(container) == 5000 and time.monotonic() < deadline:
            time.sleep(0.001)
        worker.join(0.2)
        assert worker.is_alive()
        assert len(container) == 5000 - pacing._SLICE  # one slice, then it waited
    worker.join(5)
    assert not worker.is_alive() and not container
