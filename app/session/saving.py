"""When a session's run is written to the run store: after every change, at most every 2 s of
training.

A Saver belongs to one session and is only called under that session's lock (Session._changed),
so the snapshot it writes is exactly the state a change left and two saves of one session never
race; no other lock is held while it writes. It also measures the run's footprint, which the
session store budgets its hot runs by.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable

import redis

from app.engine import History, Trainer
from app.session import snapshot
from app.session.footprint import footprint, history_bytes
from app.session.run import Run
from app.store.base import RunStore

SAVE_EVERY = 2.0  # seconds of training at most between two snapshots of a playing run
# what a store raises when it cannot write (a full disk, a locked file, Redis gone)
STORE_ERRORS = (OSError, sqlite3.Error, redis.RedisError)
log = logging.getLogger(__name__)


def _which(run: Run) -> tuple[int, ...]:
    """Return what tells one run from another for measuring, and whether it trained yet: a
    run's plans and buffers are built lazily, so the footprint of an untrained run is small."""
    trainer = run.trainer
    begun = isinstance(trainer, Trainer) and trainer.batches_left < trainer.batches_per_epoch
    return id(run), run.run_id, run.data_id, run.epoch > 0 or begun


class Saver:
    """Writes one session's snapshots to `runs` under its id.

    Args:
        runs: the run store.
        clock: seconds, monotonic (the 2 s spacing of training saves).
        every: least seconds between two saves of a training run.
    """

    def __init__(self, runs: RunStore, clock: Callable[[], float] = time.monotonic,
                 every: float = SAVE_EVERY) -> None:
        self.runs, self.clock, self.every = runs, clock, every
        self.saved_at = -float("inf")
        self.dirty = True  # nothing saved yet
        self.footprint = 0
        self._measured: tuple[int, ...] | None = None  # which run `_static` measured
        self._static = 0  # the footprint of that run without its history

    def loaded(self, run: Run) -> None:
        """Note that the store holds run as it is (it was just read from there)."""
        self._measure(run)
        self.saved_at, self.dirty = self.clock(), False

    def _measure(self, run: Run) -> None:
        """Measure the run's footprint: everything but the history is walked once per run
        (walking every object costs more than the snapshot), the history every time."""
        which = _which(run)
        if which != self._measured:
            self._static, self._measured = footprint(run, skip=(History,)), which
        self.footprint = self._static + history_bytes(run.trainer.history)

    def changed(self, session_id: str, run: Run, playing: bool, training: bool) -> None:
        """Save now, unless this is training of a playing run saved less than `every` ago (then
        only remember that the store is behind). A user's change or a pause saves at once."""
        if training and playing and self.clock() - self.saved_at < self.every:
            self.dirty = True
            if _which(run) != self._measured:  # its first epoch built its plans and buffers
                self._measure(run)
            return
        self.save(session_id, run, playing)

    def save(self, session_id: str, run: Run, playing: bool) -> None:
        """Write the snapshot and measure the run. A store that cannot write is logged and the
        save is retried at the next change (the run in memory goes on)."""
        self._measure(run)
        self.saved_at = self.clock()
        try:
            self.runs.put(session_id, snapshot.dump(run, playing))
        except STORE_ERRORS as exc:
            log.warning("could not save run %s…: %s", session_id[:6], exc)
            self.dirty = True
            return
        self.dirty = False
