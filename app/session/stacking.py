"""A class's runs trained together: a poll trains its own run and, in the same NumPy calls, the
other playing runs of the same shape whose pages still want epochs (engine: compiled/stack.py).

A small network's epoch is hundreds of NumPy calls on a few dozen numbers each, so a class of
students each training the default network alone pays the price of a call hundreds of times an
epoch per student. Stacked, eight runs' epochs cost about two fifths of eight epochs of one run,
thirty-two runs' about a quarter (`python -m benchmarks`: 2.6× and 3.8× the epochs a second),
with every run's numbers exactly those of training it alone.

Which runs, and how far. Each page asks for `speed` epochs an update; a session's `due` is what
its page asked for at its last poll and has not had yet. A poll's turn (training_gate) trains
its own run by up to `speed` epochs within the turn's slice, as before, and lends the turn to
other runs of its stack_key whose sessions are free (their locks not held), playing and due
epochs (the most behind first, as many as one stacked epoch has time for): they train together,
each one's due going down, until one has had its due (the rest go on without it) or the slice
ends. A run never trains more than its page asked for, so a page's speed means what it says
however many others play; a turn that stacked leaves the rest of its own run's due to the
others' turns rather than train it alone. A poll whose run has no partners trains alone: whole
epochs while the next fits its slice, so that it stays stackable (at least one mini-batch
whatever the slice; a huge epoch in slices of mini-batches, as before).

A session is listed by its own polls and forgotten `window` seconds after its last one (its
page closed, was hidden or paused). A lend never saves: the lent run's own next poll does (at
most every 2 s, as training does), so a copy of a run the store let go of meanwhile (evicted,
or moved to another worker) may train once more here but is never written over the store's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from contextlib import AbstractContextManager, ExitStack
from typing import Protocol

from app.engine import Trainer
from app.engine.compiled.stack import Frame, Stack, stack_key
from app.session.poll_weight import epoch_cost
from app.session.run import Run, advance


class Session(Protocol):
    """What stacking needs of a session (session.Session): its id, its page's due epochs, and
    a lend of its trainer to another poll's turn."""

    id: str
    due: int

    def lent(self) -> AbstractContextManager[Trainer | None]:
        """Its trainer with its lock held for the block, or None (see Session.lent)."""


Clock = Callable[[], float]
FRAME_BYTES = 32 * 2**20  # stack frames kept (one per shape and number of runs stacked)
STACKS_KEPT = 8  # stacks kept (a class's turns stack the same runs again and again)
SMOOTHING = 0.2  # the weight of each new measure of a stack's costs
REPLAY_SECONDS = 450e-6  # a stacked epoch of the default network, until measured: its plans
MEMBER_SECONDS = 80e-6  # and each run's own work (shuffle, evaluation, statistics)
STACK_SECONDS = 300e-6  # and making, opening and closing the stack


class Stacking:
    """The sessions of one process whose pages want epochs, and the stacks their turns build.

    Args:
        clock: seconds, monotonic (when a session last asked; injectable for tests).
        window: seconds after its last poll that a session is no longer lent a turn.
    """

    def __init__(self, clock: Clock = time.monotonic, window: float = 2.5) -> None:
        self._clock, self._window = clock, window
        self._guard = threading.Lock()  # protects _wanting, held only briefly
        self._wanting: dict[str, tuple[Session, float]] = {}  # id -> (session, when it asked)
        self._frames: dict[tuple[int, int], Frame] = {}  # kept for the next turns
        self._stacks: dict[tuple[int, ...], Stack] = {}  # the stacks of the last turns
        self.replay_seconds = REPLAY_SECONDS  # what replaying a stacked epoch's plans costs
        self.member_seconds = MEMBER_SECONDS  # and what each run's epoch adds to it
        self.stack_seconds = STACK_SECONDS  # and making, opening and closing a stack
        self.lent = 0  # epochs trained in other sessions' turns (for the benchmark and tests)

    def want(self, session: Session) -> None:
        """Note that session's page wants epochs (its due) from other sessions' turns."""
        with self._guard:
            self._wanting[session.id] = (session, self._clock())

    def forget(self, session_id: str) -> None:
        """Lend nothing more of this session's run (it left memory, paused or is due none)."""
        with self._guard:
            self._wanting.pop(session_id, None)

    def _candidates(self, owner: Session) -> list[Session]:
        limit = self._clock() - self._window
        with self._guard:
            for key in [k for k, (_, at) in self._wanting.items() if at < limit]:
                del self._wanting[key]
            return [s for s, _ in self._wanting.values() if s is not owner]

    def _lend(self, candidates: list[Session], key: Hashable, lends: ExitStack
              ) -> list[tuple[Session, Trainer]]:
        """Return the free, due candidates whose runs stack with key, each lent to this turn
        until `lends` closes."""
        lent = []
        for session in candidates:
            trainer = lends.enter_context(session.lent())
            if trainer is not None and stack_key(trainer) == key:
                lent.append((session, trainer))
        return lent

    def _stack(self, trainers: list[Trainer]) -> Stack:
        """Return a stack of these runs: the one made for them before if it still fits (its
        runs' constants stay in its frame), else a new one on a kept frame."""
        ordered = sorted(trainers, key=id)
        key = tuple(id(t) for t in ordered)
        stack = self._stacks.pop(key, None)
        if stack is None or stack.trainers != ordered or not stack.current:
            made = len(self._frames)
            stack = Stack(ordered, self._frames)
            if len(self._frames) > made:  # a new frame: the oldest go while they pass the bound
                while len(self._frames) > 1 and _bytes(self._frames.values()) > FRAME_BYTES:
                    del self._frames[next(iter(self._frames))]
        self._stacks[key] = stack  # the most recent last
        while len(self._stacks) > STACKS_KEPT:
            del self._stacks[next(iter(self._stacks))]
        return stack

    def train(self, owner: Session, run: Run, budget: float, clock: Clock) -> int:
        """Train owner's run (its lock held) up to its speed in epochs within `budget` seconds
        of `clock`, with every run lent to the turn for as many epochs as they train together;
        set owner's due to the rest and return the epochs its run finished. Without partners
        it trains alone (_alone)."""
        epochs = run.config.speed
        done = self._train(owner, run, epochs, budget, clock)
        owner.due = epochs - done
        if owner.due > 0 and run.trainer.running:
            self.want(owner)
        else:
            self.forget(owner.id)
        return done

    def _train(self, owner: Session, run: Run, epochs: int, budget: float, clock: Clock) -> int:
        trainer = run.trainer
        candidates = self._candidates(owner)
        if not isinstance(trainer, Trainer) or not candidates:
            return _alone(run, epochs, budget, clock)
        done = 0
        if trainer.batches_left != trainer.batches_per_epoch:  # finish a begun epoch alone
            done = advance(run, 1, budget, clock)
            if trainer.batches_left != trainer.batches_per_epoch:
                return done
        key, alone = stack_key(trainer), done
        with ExitStack() as lends:
            lent = [] if key is None or done >= epochs else self._lend(candidates, key, lends)
            while done < epochs and trainer.running and lent:
                left = budget - clock()
                # an epoch of n stacked runs takes replay + n · member seconds, after the setup
                room = int((left - self.stack_seconds - self.replay_seconds)
                           / self.member_seconds)
                if room < 2:
                    break
                size = min(len(lent) + 1, room)
                behind = sorted(lent, key=lambda p: -p[0].due)[:size - 1]  # the most behind
                epoch = self.replay_seconds + size * self.member_seconds
                want = max(1, min(epochs - done, int(left / epoch)))
                done += self._together(trainer, behind, want, budget, clock)
                lent = [(s, t) for s, t in lent if s.due > 0 and t.running]
        if done == alone and done < epochs and trainer.running and (
                not done or budget - clock() > 0):  # nothing stacked: alone
            done += _alone(run, epochs - done, max(0.0, budget - clock()), clock)
        return done

    def _together(self, trainer: Trainer, lent: list[tuple[Session, Trainer]], epochs: int,
                  budget: float, clock: Clock) -> int:
        """Train trainer with the lent runs up to `epochs` epochs (each lent session's due goes
        down by what its run trained), stopping when the next would overrun the budget; return
        the epochs trainer finished. What one run's epoch costs in a stack, and what making and
        opening a stack costs (not making one: once for a set of runs), are measured for the
        next turns' sizes."""
        stack = self._stack([trainer, *(t for _, t in lent)])
        began, epochs_took, done = clock(), 0.0, 0
        with stack:
            while done < epochs and trainer in stack.trainers:
                size, start = len(stack.trainers), clock()
                finished = {id(t) for t, _ in stack.epoch()}
                took = clock() - start
                epochs_took += took
                replay = min(stack.replay_seconds, took)
                self.replay_seconds = _tracked(self.replay_seconds, replay)
                self.member_seconds = _tracked(self.member_seconds, (took - replay) / size)
                done += id(trainer) in finished
                for session, t in lent:
                    if id(t) in finished:
                        session.due -= 1
                        self.lent += 1
                if any(s.due <= 0 for s, t in lent if t in stack.trainers):
                    break  # a lent run had its due: the next epochs stack without it
                if clock() + took > budget:
                    break
        setup = clock() - began - epochs_took
        self.stack_seconds = _tracked(self.stack_seconds, setup)
        return done


def _alone(run: Run, epochs: int, budget: float, clock: Clock) -> int:
    """Train run alone up to `epochs` epochs within `budget` seconds of `clock`: whole epochs
    while the next fits (at least one), so that it ends between two epochs, where a stack can
    take it; an epoch estimated longer than the budget (poll_weight.epoch_cost) in slices of
    mini-batches (run.advance), as a huge network trains."""
    trainer = run.trainer
    start = clock()
    if not isinstance(trainer, Trainer) or trainer.batches_left != trainer.batches_per_epoch \
            or epoch_cost(run) > budget:
        return advance(run, epochs, budget, clock)
    done = 0
    while done < epochs and trainer.running:
        began = clock()
        done += trainer.step() is not None
        if clock() + (clock() - began) - start > budget:
            break
    return done


def _tracked(estimate: float, measured: float) -> float:
    """Return the estimate moved towards a new measure of a cost, which counts at most twice
    or half the estimate: one slow turn (a garbage collection, a frame built) moves it little,
    and an estimate never grows so large that no stack is tried again."""
    moved = estimate + SMOOTHING * (min(max(measured, estimate / 2), estimate * 2) - estimate)
    return max(moved, 1e-7)


def _bytes(frames: Iterable[Frame]) -> int:
    """Return the memory the frames' stacked arrays take."""
    return sum(raw.nbytes for frame in frames for raw in frame.raw)
