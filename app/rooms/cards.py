"""A student's progress as the gallery shows it: a card made from their run, and when to make
the next one.

A card holds the boundary as a coarse grid of the heatmap's own uint8 codes (every STRIDE-th
cell of the GRID × GRID picture: 20 × 20 = 400 bytes, 536 in base64) and, while the seat
is spotlit, a finer one (50 × 50). Cards are made under the session's lock from the same grid
evaluation as a poll's heatmap (a fraction of a millisecond), at most every CARD_EVERY seconds
per seat and process, and saved in the room's record for the lecturer's gallery.
"""

from __future__ import annotations

import base64
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from app.config import to_query
from app.figures import charts
from app.rooms.model import Card
from app.session.session import SessionView

STRIDE, BIG_STRIDE = 5, 2  # cells of the GRID (100) picture kept per side: 20 and 50
CARD_EVERY = 0.4  # seconds between two cards of one seat (the gallery polls at 2 Hz)
MAX_SEATS = 10_000


def _encode(codes: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(codes, dtype=np.uint8).tobytes()).decode()


def _rounded(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(f"{value:.4g}")


def make_card(view: SessionView, seat: str, name: str, big: bool = False) -> Card:
    """Return the card of seat's run as this view shows it (big: with the spotlight's picture)."""
    run = view.run
    picture = charts.boundary_codes(run)[::-1]  # top row first, as a canvas draws
    last = run.trainer.history.last
    small = picture[::STRIDE, ::STRIDE]
    large = picture[::BIG_STRIDE, ::BIG_STRIDE] if big else None
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
