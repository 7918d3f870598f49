"""Drawing on the output plot: a click adds a point of the brush's class (or value), the eraser
removes the nearest one, clear removes all, undo goes back one edit.

The first edit of a run on generated data starts from those points (so a user may add to a
circle); every edit makes a new data set, kept in the library under its hash, that the run's
config names (custom_data); the network and its training go on, on the new data, split by
data_seed as generated data is. Only the session owner (session.py) calls edit(), under its lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.config import Config, parse, reconcile
from app.data import points
from app.data.points import DOMAIN, CustomData
from app.engine import DATASETS
from app.session.changes import regenerate
from app.session.library import DataLibrary
from app.session.run import Run

MAX_UNDO = 50  # edits a run remembers


@dataclass(frozen=True)
class Edit:
    """One click of a drawing tool: "add" (at x1, x2 with label), "erase" (nearest to x1, x2)
    or "clear"."""

    tool: str
    x1: float = 0.0
    x2: float = 0.0
    label: float = 0.0

    def __call__(self, data: CustomData) -> CustomData:
        """Return data after this edit.

        Raises:
            ValueError: an unknown tool, a point outside the plane, a bad label, too many points.
        """
        tools: dict[str, Callable[[], CustomData]] = {
            "add": lambda: points.with_point(data, self.x1, self.x2, self.label),
            "erase": lambda: points.without_nearest(data, self.x1, self.x2),
            "clear": lambda: points.empty(data.n_classes),
        }
        if self.tool not in tools:
            raise ValueError(f"tool must be one of {', '.join(tools)}, got {self.tool!r}")
        return tools[self.tool]()


def current_points(run: Run) -> CustomData:
    """Return the run's points as a data set: its own, else its generated train and test points
    (clipped to the plane, which noise may overstep)."""
    if run.custom is not None:
        return run.custom
    ds = run.dataset
    xy = np.clip(np.vstack([ds.x_train, ds.x_test]), -DOMAIN, DOMAIN)
    return points.make(xy, np.concatenate([ds.y_train, ds.y_test]), run.config.n_classes)


def edit(run: Run, change: Edit | None, library: DataLibrary) -> Run:
    """Return the run on its points after change (None: before the last edit), same network.

    Raises:
        ValueError: the edit is refused, or there is nothing to undo (the run is unchanged).
    """
    if change is None:
        if not run.undo:
            raise ValueError("nothing to undo")
        data, undo = run.undo[-1], run.undo[:-1]
    else:
        data, undo = change(current_points(run)), (*run.undo, run.custom)[-MAX_UNDO:]
    key = "" if data is None else library.put(data)
    config = run.config.model_copy(update={"custom_data": key})
    new = regenerate(run, config, data)
    new.undo = undo
    return new


def config_for(config: Config, data: CustomData) -> Config:
    """Return config naming data (an upload): the same dataset when it has data's number of
    classes (or is a regression for targets), else the first that has (circle, blobs3–5,
    plane), with the loss and model adjusted as a click on that dataset would.

    Raises:
        ConfigError: the adjusted settings are not valid.
    """
    if data.n_classes == config.n_classes:
        dataset = config.dataset
    else:
        dataset = next(name for name, info in DATASETS.items() if info.n_classes == data.n_classes)
    raw = reconcile({"dataset": dataset, "problem": DATASETS[dataset].problem}, config)
    return parse({**config.model_dump(), **raw, "custom_data": data.key})
