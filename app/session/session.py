"""The owner of one browser's session: the only code that takes its lock and changes its run.

Every change is a method here: play, pause, step, poll, apply settings (reset and regenerate are
settings), load a URL, set a parameter, the lecture's single steps (lecture_steps.py: a sample of
the perceptron, the worked example), and a lend of the run to another poll's turn (stacking.py;
the lender's change is only training). Each one holds the
session's lock, makes its change, calls `_changed()` (the one hook that follows every change), and
then, still under the lock, calls the caller's `render` with a read-only SessionView, so what is
drawn is exactly the state that change left. Routes parse, call one method and reply with what
`render` returned; views only read the SessionView.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from app.config import Config
from app.data.points import CustomData
from app.engine import Trainer
from app.engine.checkpoint import restore_trainer_state
from app.session import drawing, snapshot
from app.session.changes import bump, changed_effects, changed_fields, reconfigure
from app.session.drawing import Edit
from app.session.edits import set_parameter
from app.session.lecture_steps import LectureSteps
from app.session.library import DataLibrary
from app.session.poll_weight import poll_weight
from app.session.run import BUDGET_SECONDS, Run, advance, build_run
from app.session.saving import Saver
from app.session.session_view import Render, SessionView
from app.session.training_gate import GATE, TrainingGate

__all__ = ["ConfigUpdate", "Render", "Session", "SessionView", "bump"]
R = TypeVar("R")
ConfigUpdate = Callable[[Config], Config]  # the current config -> the new one (may raise)
REBUILDS = frozenset({"data", "model"})  # effects that make a new run (and pause it)


class Session(LectureSteps):
    """One browser's run and whether its page plays it; changed only through these methods.

    Args:
        session_id: the id the page and the cookie name it by (the store mints it).
        run: the run it starts from.
        playing: whether the page plays it.
        last_seen: when the store last handed it out (the store's business, under its lock).
        saver: writes its snapshots (None: kept in memory only).
        gate: where it takes its turns to train (its store's).
        library: where its drawn and uploaded data sets are kept (its store's).
    """

    def __init__(self, session_id: str, run: Run, playing: bool = False,
                 last_seen: float = 0.0, saver: Saver | None = None,
                 gate: TrainingGate = GATE, library: DataLibrary | None = None) -> None:
        self.id = session_id
        self._gate, self._library = gate, library or DataLibrary()
        self.due = 0  # epochs its page asked for at its last poll and has not had (stacking)
        self.last_seen = last_seen
        self._saver = saver
        self._run = run
        self._playing = playing
        self._lock = threading.Lock()

    def _view(self, was_playing: bool, changed: frozenset[str] = frozenset()) -> SessionView:
        cadence = self._gate.cadence_ms(poll_weight(self._run))
        return SessionView(self.id, self._run, self._playing, was_playing, changed, cadence)

    def _changed(self, training: bool = False) -> None:
        """Follow every change (the caller holds the lock): the one place to save a snapshot
        (at once; while it trains, at most every 2 s)."""
        if self._saver is not None:
            self._saver.changed(self.id, self._run, self._playing, training)

    @property
    def playing(self) -> bool:
        """Whether the page plays the run (its polls train), as of now."""
        return self._playing

    @property
    def footprint(self) -> int:
        """Bytes its run held at its last save (0 when it is not saved)."""
        return 0 if self._saver is None else self._saver.footprint

    def flush(self) -> None:
        """Save now if training ran since the last snapshot (before the store lets it go)."""
        with self._lock:
            if self._saver is not None and self._saver.dirty:
                self._saver.save(self.id, self._run, self._playing)

    def dump(self) -> bytes:
        """Return a snapshot of the run as it is (a new tab's copy starts from it)."""
        with self._lock:
            return snapshot.dump(self._run, self._playing)

    def read(self, render: Render[R]) -> R:
        """Return render(the session as it is), changing nothing."""
        with self._lock:
            return render(self._view(self._playing))

    def _set_playing(self, playing: bool, render: Render[R]) -> R:
        with self._lock:
            was = self._playing
            self._playing = playing and self._run.trainer.running  # a stopped run says why
            self._changed()
            return render(self._view(was))

    def play(self, render: Render[R]) -> R:
        """Play (the page polls); a run that stopped stays paused."""
        return self._set_playing(True, render)

    def pause(self, render: Render[R]) -> R:
        """Pause: nothing trains until the page plays again."""
        return self._set_playing(False, render)

    def step(self, render: Render[R], budget: float = BUDGET_SECONDS) -> R:
        """Pause and train the rest of the current epoch (a whole one unless a poll began it),
        one fair slice of `budget` per turn at the gate, so a huge epoch never holds the other
        runs up for longer than a poll does."""
        with self._lock:
            was, self._playing = self._playing, False
            trainer, epoch = self._run.trainer, self._run.epoch
            while trainer.running and self._run.epoch == epoch:
                with self._gate.turn(self.id, poll_weight(self._run)) as elapsed:
                    advance(self._run, 1, self._gate.fair_slice(budget), elapsed)
            self._changed()
            return render(self._view(was))

    def poll(self, budget: float, render: Render[R]) -> R:
        """Train a playing run by its speed within its fair slice of `budget` seconds (see
        training_gate: waiting for the turn does not count, playing runs share a round, and the
        poll's other costs are measured), with the runs lent to the turn (stacking); pause when
        training stops. A paused run only renders."""
        with self._lock, self._gate.poll_costs() as costs:
            was = self._playing
            if was:
                with self._gate.turn(self.id, poll_weight(self._run), costs) as elapsed:
                    self._gate.stacking.train(self, self._run, self._gate.fair_slice(budget),
                                              elapsed)
                self._playing = self._run.trainer.running
                self._changed(training=True)
            return render(self._view(was))

    @contextmanager
    def lent(self) -> Iterator[Trainer | None]:
        """Lend the run's trainer to another poll's turn (stacking) for the block: while the
        session is free, plays and its page wants epochs (else None), holding its lock. A run
        that trained is marked unsaved, not saved: its own next poll saves it (at most every
        2 s, as training does) and pays for that, not another page's turn."""
        if not self._lock.acquire(blocking=False):
            yield None
            return
        try:
            trainer, epoch = self._run.trainer, self._run.epoch
            playing = self._playing and self.due > 0 and trainer.running
            yield trainer if playing and isinstance(trainer, Trainer) else None
            if self._run.epoch != epoch and self._saver is not None:
                self._saver.dirty = True
        finally:
            self._lock.release()

    def apply(self, update: ConfigUpdate, render: Render[R],
              custom: CustomData | None = None) -> R:
        """Move the run to update(its config): rebuilt, regenerated, updated live or relabelled.
        A new network or new data pauses (as TF Playground does); custom is the uploaded data
        the new config names (kept in the library).

        Raises:
            ConfigError: from update (nothing changed).
            ValueError: from the engine, for a combination the schema did not rule out (the
                session keeps its last good run).
        """
        with self._lock:
            was, old = self._playing, self._run.config
            config = update(old)
            self._run = reconfigure(self._run, config, custom)
            if custom is not None:
                self._library.put(custom)
            if changed_effects(old, config) & REBUILDS:
                self._playing = False
            self._changed()
            return render(self._view(was, changed_fields(old, config)))

    def reset(self, render: Render[R]) -> R:
        """New weights (seed + 1) on the same data, epoch 0, paused."""
        return self.apply(lambda config: bump(config, "seed"), render)

    def regenerate(self, render: Render[R]) -> R:
        """New data (data_seed + 1); training goes on with the current weights."""
        return self.apply(lambda config: bump(config, "data_seed"), render)

    def load(self, config: Config, render: Render[R], custom: CustomData | None = None,
             state: dict[str, object] | None = None) -> R:
        """Start config from epoch 0 on custom (the data it names), paused (a URL opened in this
        session), or with a saved trainer state (checkpoint) from where it was: the page redraws.

        Raises:
            ValueError: from the engine, or a state that does not fit (the session keeps its run).
        """
        with self._lock:
            was, old = self._playing, self._run
            run = build_run(config, old.run_id + 1, old.data_id + 1, custom)
            if state is not None:
                restore_trainer_state(run.trainer, state)
            if custom is not None:
                self._library.put(custom)
            self._run = run
            self._playing = False
            self._changed()
            return render(self._view(was, changed_fields(old.config, config)))

    def edit_data(self, edit: Edit | None, render: Render[R]) -> R:
        """Draw, erase or clear the run's own points (drawing.py; None: undo the last edit): new
        data, the same network, training goes on (with no points it stops).

        Raises:
            ValueError: the edit is refused (nothing changed).
        """
        with self._lock:
            was = self._playing
            self._run = drawing.edit(self._run, edit, self._library)
            self._playing = was and self._run.trainer.running
            self._changed()
            return render(self._view(was, frozenset({"custom_data"})))

    def set_parameter(self, layer: int, target: int, value: float, source: int | None,
                      render: Render[R]) -> R:
        """Set one weight (source → target of `layer`) or, without source, target's bias.

        Raises:
            ValueError: no such weight or bias (nothing changed).
        """
        with self._lock:
            set_parameter(self._run, layer, target, value, source)
            self._changed()
            return render(self._view(self._playing))
