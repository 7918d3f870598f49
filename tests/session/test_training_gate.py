"""The training gate: one turn at a time, handed over in arrival order, budget counted per turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from app.config import Config
from app.session.run import build_run
from app.session.session import Session
from app.session.training_gate import (
    ACTIVE_WINDOW,
    BUSY,
    FILL,
    GATE,
    GROWTH,
    MAX_CADENCE,
    MIN_SLICE,
    MIN_UPDATES,
    OVERHEAD,
    QUIET_PAGES,
    QUIET_RATE,
    SMOOTHING,
    TrainingGate,
)


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


def test_a_playing_poll_measures_its_drawing_and_a_paused_one_does_not() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0])
    session = Session("s" * 22, build_run(Config(speed=3)), gate=gate)
    session.play(lambda view: None)

    def slow_drawing(view: object) -> None:
        now[0] += 0.05

    session.poll(1.0, slow_drawing)
    assert gate.overhead == pytest.approx(OVERHEAD + SMOOTHING * (0.05 - OVERHEAD))
    session.pause(lambda view: None)
    session.poll(1.0, slow_drawing)  # paused: nothing trained, nothing measured
    assert gate.overhead == pytest.approx(OVERHEAD + SMOOTHING * (0.05 - OVERHEAD))


def test_the_wait_for_a_turn_is_not_counted_as_a_poll_s_cost() -> None:
    """A poll that waited for another thread's turn (a step of a huge epoch) did not cost the
    process that time: only what it did besides training counts."""
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0])
    session = Session("s" * 22, build_run(Config(speed=1)), gate=gate)
    session.play(lambda view: None)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gate.turn("other"):
            holding.set()
            release.wait(5.0)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(5.0)
    poller = threading.Thread(target=lambda: session.poll(1.0, lambda view: None))
    poller.start()
    _wait_until(lambda: gate.waiting == 1)
    now[0] += 0.2  # the poll waits 0.2 s for its turn
    release.set()
    holder.join(5)
    poller.join(5)
    assert gate.overhead == pytest.approx(OVERHEAD + SMOOTHING * (0.0 - OVERHEAD))


def _played(gate: TrainingGate, runs: dict[str, float]) -> None:
    """Let each run (name -> weight) take one turn at the gate."""
    for key, weight in runs.items():
        with gate.turn(key, weight):
            pass


def test_a_few_runs_poll_at_the_quickest_cadence_and_a_lone_run_gets_the_whole_budget() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0], poll_ms=45, poll_rate=150)
    gate.overhead = 0.0  # polls that cost nothing besides training
    _played(gate, {"a": 1.0})
    assert gate.cadence_ms() == 45 and gate.fair_slice(0.03) == 0.03
    assert gate.fair_slice(10.0) == 10.0  # alone: nobody to share with
    _played(gate, {"b": 1.0, "c": 1.0, "d": 1.0})
    assert gate.cadence_ms() == 45
    # four pages at 45 ms: 88.9 polls/s; FILL of the time between two of them trains
    assert gate.fair_slice(0.03) == pytest.approx(FILL / (4 * 1000 / 45))


def _class_of(size: int, poll_rate: float = 150) -> TrainingGate:
    gate = TrainingGate(clock=lambda: 0.0, poll_ms=45, poll_rate=poll_rate)
    _played(gate, {f"s{k}": 1.0 for k in range(size)})
    return gate


def test_a_small_class_shares_quiet_rate_polls_a_bigger_one_min_updates_each_to_a_cap() -> None:
    # 8 pages: 8 · 4.2 = 33.6 polls/s would do; they share QUIET_RATE, 12.5 updates/s each
    assert QUIET_RATE == 100 and MIN_UPDATES == 4.2 and (QUIET_PAGES, GROWTH) == (8, 1.25)
    assert _class_of(4).cadence_ms() == 45  # a few pages: their quickest
    assert _class_of(8).cadence_ms() == 80
    # 16 pages share 100 + 8 · 1.25 = 110 polls/s: 145 ms, in CADENCE_STEP steps
    assert _class_of(16).cadence_ms() == 150
    # 28 pages: 100 + 20 · 1.25 = 125 polls/s, more than MIN_UPDATES each (224 ms in steps)
    assert _class_of(28).cadence_ms() == 220
    # 32 pages: 32 · MIN_UPDATES = 134.4 polls/s, more than 130 (238 ms, in CADENCE_STEP steps)
    assert _class_of(32).cadence_ms() == 240
    # 60 pages would need 252 polls/s: poll_rate is the most, 2.5 updates/s each
    assert _class_of(60).cadence_ms() == 400
    # a poll_rate below QUIET_RATE is kept even for a small class
    assert _class_of(8, poll_rate=50).cadence_ms() == 160


def test_a_class_shares_its_polls_and_fill_of_the_time_trains() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0], poll_ms=45, poll_rate=150)
    gate.overhead = 0.0  # polls that cost nothing besides training
    _played(gate, {f"s{k}": 1.0 for k in range(32)})
    assert gate.active() == 32
    # 32 · MIN_UPDATES = 134.4 polls/s: round T = 238 ms, rounded to CADENCE_STEP: 240 ms
    assert gate.cadence_ms() == 240
    rate = 32 * 1000 / 240
    assert gate.fair_slice(0.03) == pytest.approx(FILL / rate)
    assert rate * gate.fair_slice(0.03) == pytest.approx(FILL)


def test_the_slices_leave_room_for_what_polls_cost_besides_training() -> None:
    """A class whose polls cost 2.3 ms besides training: FILL of the time training would keep
    the process busy 105 % of it, and every answer would wait a round; the slices shrink so
    that training and those costs fill BUSY of it."""
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0], poll_ms=45, poll_rate=150)
    assert gate.overhead == OVERHEAD  # assumed until a poll is measured
    gate.overhead = 0.0023
    _played(gate, {f"s{k}": 1.0 for k in range(32)})
    rate = 32 * 1000 / 240
    assert rate * (FILL / rate + 0.0023) > 1.0
    assert gate.fair_slice(0.03) == pytest.approx((BUSY - rate * 0.0023) / rate)
    assert rate * (gate.fair_slice(0.03) + 0.0023) == pytest.approx(BUSY)
    gate.overhead = 0.0005  # cheap polls: FILL is the most training takes
    assert gate.fair_slice(0.03) == pytest.approx(FILL / rate)
    gate.overhead = 0.05  # polls dearer than the whole round: still MIN_SLICE each
    assert gate.fair_slice(0.03) == MIN_SLICE
    _played(gate, {"s0": 1.0})
    now[0] += ACTIVE_WINDOW + 1
    _played(gate, {"alone": 1.0})
    assert gate.fair_slice(0.03) == 0.03  # a run playing alone keeps its whole budget


def test_a_poll_s_cost_besides_training_is_measured_as_a_moving_average() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0])
    with gate.poll_costs() as cost:  # a paused run's poll: trained nothing, measures nothing
        now[0] += 0.004
    assert gate.overhead == OVERHEAD
    with gate.poll_costs() as cost:
        now[0] += 0.001
        with gate.turn("a", cost=cost):
            now[0] += 0.005
        now[0] += 0.003  # drawing and saving
    assert cost.trained == pytest.approx(0.005) and cost.waited == 0.0
    assert gate.overhead == pytest.approx(OVERHEAD + SMOOTHING * (0.004 - OVERHEAD))
    for _ in range(400):
        gate.note_overhead(0.001)
    assert gate.overhead == pytest.approx(0.001, rel=1e-6)
    gate.note_overhead(-0.5)  # a clock step back: ignored
    assert gate.overhead == pytest.approx(0.001, rel=1e-6)


def test_a_heavy_run_polls_less_often_and_the_others_keep_their_share() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0], poll_ms=45, poll_rate=150)
    _played(gate, {**{f"s{k}": 1.0 for k in range(8)}, **{f"h{k}": 0.25 for k in range(4)}})
    # round T = (8 + 4 · 0.25) / QUIET_RATE = 90 ms; a quarter-weight page waits four rounds
    assert gate.cadence_ms(1.0) == 90 and gate.cadence_ms(0.25) == 360
    polls = 8 * 1000 / 90 + 4 * 1000 / 360
    assert polls == pytest.approx(QUIET_RATE)  # the process answers that many in all
    assert (8 * 1000 / 90) / polls == pytest.approx(8 / 9)  # the light runs' share of the polls


def test_cadences_are_bounded_and_runs_that_stopped_playing_are_forgotten() -> None:
    now = [0.0]
    gate = TrainingGate(clock=lambda: now[0], poll_ms=45, poll_rate=10)
    _played(gate, {f"s{k}": 1.0 for k in range(100)})
    assert gate.cadence_ms() == MAX_CADENCE and gate.fair_slice(0.03) >= MIN_SLICE
    now[0] += ACTIVE_WINDOW + 0.01
    assert gate.active() == 0 and gate.cadence_ms() == 45


def test_the_gate_refuses_a_cadence_it_cannot_keep() -> None:
    with pytest.raises(ValueError, match="poll_rate"):
        TrainingGate(poll_rate=0)
    with pytest.raises(ValueError, match="poll_ms"):
        TrainingGate(poll_ms=0)
