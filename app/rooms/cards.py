"""A student's progress as the gallery shows it: a card made from their run, and when to make
the next one.

A card holds the boundary as a coarse grid of the heatmap's own uint8 codes (every STRIDE-th
cell of the GRID × GRID picture: 20 × 20 = 400 bytes, 536 in base64) and, while the seat
is spotlit, a finer one (50 × 50). The network is evaluated at those cells only (400 points, not
the heatmap's 10,000: a card costs a student's poll about a tenth of a millisecond, a third of
what the whole picture did), under the session's lock, at most every CARD_EVERY seconds per
seat and process; the card is saved in the room's record, so the lecturer's gallery only reads
and draws ready cards.
"""

from __future__ import annotations

import base64
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from app.config import to_query
from app.engine import MLP, feature_matrix
from app.engine._types import Array
from app.engine.grid import grid_points
from app.figures import charts, pictures
from app.rooms.model import Card
from app.session.run import GRID, Run
from app.session.session import SessionView

STRIDE, BIG_STRIDE = 5, 2  # cells of the GRID (100) picture kept per side: 20 and 50
# seconds between two cards of one seat: the gallery polls every 0.5 s, and a poll that comes
# a little early (the page's polls are not in step with the gallery's) still makes one
CARD_EVERY = 0.45
MAX_SEATS = 10_000


def _encode(codes: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(codes, dtype=np.uint8).tobytes()).decode()


def _rounded(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(f"{value:.4g}")


@lru_cache(maxsize=16)  # a class shares a few feature sets; each matrix is 3–140 KB
def _inputs(stride: int, features: tuple[str, ...], offset: float) -> Array:
    """Return the design matrix of every stride-th cell of the GRID × GRID picture (top row
    first), (r·r, len(features)) with r = ⌈GRID / stride⌉."""
    cells = grid_points(GRID).reshape(GRID, GRID, 2)[::stride, ::stride].reshape(-1, 2)
    x = feature_matrix(cells, features, offset)
    x.setflags(write=False)
    return x


def coarse_codes(run: Run, stride: int) -> np.ndarray:
    """Return the heatmap's codes at every stride-th cell, top row first (r, r): exactly
    charts.boundary_codes(run)[::-1][::stride, ::stride], evaluated at those cells only."""
    x = _inputs(stride, tuple(run.config.features), float(run.config.input_offset))
    r = len(range(0, GRID, stride))
    if isinstance(run.model, MLP):
        z, y = run.model.forward_logits(x)
    else:  # the perceptron: its step
        z = run.model.net_input(x).reshape(-1, 1)
        y = (z >= 0.0).astype(np.float64)
    ev = pictures.Evaluation([_planes(y, r)], _planes(z, r))
    return charts.boundary_codes(run, ev)[::-1]


def _planes(values: Array, r: int) -> Array:
    """Return (n, k) values per cell as k planes (k, r, r)."""
    return np.ascontiguousarray(values.T).reshape(-1, r, r)


def make_card(view: SessionView, seat: str, name: str, big: bool = False) -> Card:
    """Return the card of seat's run as this view shows it (big: with the spotlight's picture)."""
    run = view.run
    last = run.trainer.history.last
    small = coarse_codes(run, STRIDE)
    large = coarse_codes(run, BIG_STRIDE) if big else None
    return Card(
        seat=seat, name=name, epoch=run.epoch,
        train_loss=_rounded(last.train_loss) if last else None,
        test_loss=_rounded(last.test_loss) if last else None,
        accuracy=_rounded(last.test_accuracy) if last else None,
        n_classes=run.config.n_classes, discretize=run.config.discretize,
        query=to_query(run.config), playing=view.playing, size=small.shape[0],
        codes=_encode(small), big_size=0 if large is None else large.shape[0],
        big="" if large is None else _encode(large))


class CardClock:
    """When each seat's next card is due (per process): every CARD_EVERY seconds, or at once
    when its run changed in a way the gallery shows (a new run, new data, a new epoch while
    paused, the spotlight on or off)."""

    def __init__(self, every: float = CARD_EVERY, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.every, self.clock = every, clock
        self._last: OrderedDict[str, tuple[float, tuple[object, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def due(self, seat_id: str, view: SessionView, big: bool) -> bool:
        """Return whether the seat needs a new card now (and note that it gets one)."""
        run = view.run
        state = (run.run_id, run.data_id, run.epoch, view.playing, big, run.config.discretize)
        now = self.clock()
        with self._lock:
            then, seen = self._last.get(seat_id, (-float("inf"), ()))
            if seen == state or (now - then < self.every and seen[:2] == state[:2]
                                 and seen[3:] == state[3:]):
                return False
            self._last[seat_id] = (now, state)
            self._last.move_to_end(seat_id)
            if len(self._last) > MAX_SEATS:
                self._last.popitem(last=False)
            return True

    def recent(self, seat_id: str, within: float) -> bool:
        """Return whether the seat got a card in this process in the last `within` seconds
        (a playing run's polls make its cards: the room poll need not look)."""
        with self._lock:
            then, _ = self._last.get(seat_id, (-float("inf"), ()))
        return self.clock() - then < within
