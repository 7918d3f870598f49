"""The lecture's single steps of a session: one sample of the perceptron's rule, one step of the
worked example. Methods of session.Session (mixed in from here), under its lock like every change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from app.config import Config
from app.engine import PerceptronTrainer
from app.lecture import worked_example
from app.lecture.worked_example import StepResult
from app.session.changes import changed_fields, reconfigure
from app.session.run import Run
from app.session.session_view import Render, SessionView

R = TypeVar("R")


class LectureSteps:
    """Session's lecture steps; Session gives the lock, the run and the hooks below."""

    _lock: threading.Lock
    _run: Run
    _playing: bool

    def _changed(self, training: bool = False) -> None:
        raise NotImplementedError  # Session._changed

    def _view(self, was_playing: bool, changed: frozenset[str] = frozenset()) -> SessionView:
        raise NotImplementedError  # Session._view

    def step_sample(self, render: Render[R]) -> R:
        """Pause and apply the perceptron's delta rule to the next sample of the epoch.

        Raises:
            ValueError: the model is not the perceptron (nothing changed).
        """
        with self._lock:
            trainer = self._run.trainer
            if not isinstance(trainer, PerceptronTrainer):
                raise ValueError("step one sample: only the perceptron learns one sample at a time")
            was, self._playing = self._playing, False
            trainer.step_sample()
            self._changed()
            return render(self._view(was))

    def step_example(self, update: Callable[[Config], Config],
                     render: Callable[[SessionView, StepResult | None], R]) -> R:
        """Choose the worked example's point and weight (update), then, when the model has a
        worked example, pause and apply its one-weight step; render gets what the step did.

        Raises:
            ConfigError: from update (nothing changed).
        """
        with self._lock:
            was, old = self._playing, self._run.config
            self._run = reconfigure(self._run, update(old))  # a "view" change: the run goes on
            result = None
            if worked_example.unavailable(self._run) is None:
                self._playing = False
                result = worked_example.apply_step(self._run)
            self._changed()
            return render(self._view(was, changed_fields(old, self._run.config)), result)
