"""The training gate: one turn at a time, handed over in arrival order, budget counted per turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from app.config import Config
from app.session.run import build_run
from app.session.session import Session
from app.session.training_gate import GATE, TrainingGate


def _wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Re-check condition every millisecond until it holds; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never held")
        tick.wait(0.001)


def test_turns_are_exclusive_and_handed_over_in_arrival_order() -> None:
    gate = TrainingGate()
    order: list[int] = []
    inside = 0
    worst = 0
    lock = threading.Lock()

    def worker(k: int) -> None:
        nonlocal inside, worst
        with gate.turn():
            with lock:
                inside += 1
                worst = max(worst, inside)
            order.append(k)
            with lock:
                inside -= 1

    with gate.turn():  # hold the gate while the workers queue up one by one
        threads = []
        for k in range(8):
            t = threading.Thread(target=worker, args=(k,))
            t.start()
            threads.append(t)
            _wait_until(lambda k=k: gate.waiting == k + 1)
    for t in threads:
        t.join(5)
    assert order == list(range(8))
    assert worst == 1
    assert gate.turns == 9 and gate.waiting == 0


def test_the_turn_clock_starts_when_the_turn_does_not_when_the_wait_did() -> None:
    now = [100.0]
    gate = TrainingGate(clock=lambda: now[0])
    with gate.turn() as elapsed:
        assert elapsed() == 0.0
        now[0] += 0.25
        assert elapsed() == pytest.approx(0.25)
    assert gate.busy_seconds == pytest.approx(0.25)


def test_an_exception_inside_a_turn_releases_the_gate() -> None:
    gate = TrainingGate()
    with pytest.raises(RuntimeError), gate.turn():
        raise RuntimeError("boom")
    with gate.turn():  # would block forever if the gate were still held
        pass


def test_a_playing_poll_trains_through_the_gate_and_a_paused_one_does_not() -> None:
    session = Session("s" * 22, build_run(Config(speed=3)))
    session.play(lambda view: None)
    before = GATE.turns
    epoch = session.poll(1.0, lambda view: view.run.epoch)
    assert epoch == 3 and GATE.turns == before + 1
    session.pause(lambda view: None)
    with GATE.turn():  # the gate is busy: a paused poll must still answer at once
        answered = threading.Event()
        t = threading.Thread(target=lambda: (session.poll(1.0, lambda v: None), answered.set()))
        t.start()
        assert answered.wait(5.0)
        t.join(5)
