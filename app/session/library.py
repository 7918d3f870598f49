"""Where users' data sets are kept by their content hash: the run store (so a link that names one
works on any worker and after a restart), with the latest few also in memory.

A run store that cannot be reached leaves the data set in memory only; the run's own snapshot
holds its points too, so the run itself never depends on this library.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from app.data.points import CustomData, from_bytes, to_bytes
from app.session.saving import STORE_ERRORS
from app.store.base import DataStore

CACHED = 64  # data sets kept in memory
log = logging.getLogger(__name__)


class DataLibrary:
    """Data sets by key (CustomData.key), in `runs` (None: in memory only) and a small LRU cache.

    Args:
        runs: the run store, whose put_data/get_data keep the bytes.
    """

    def __init__(self, runs: DataStore | None = None) -> None:
        self.runs = runs
        self._cache: OrderedDict[str, CustomData] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, data: CustomData) -> str:
        """Keep data (idempotent: the key is its hash) and return its key."""
        key = data.key
        self._remember(key, data)
        if self.runs is not None:
            try:
                self.runs.put_data(key, to_bytes(data))
            except STORE_ERRORS as exc:
                log.warning("could not store data set %s: %s", key, exc)
        return key

    def get(self, key: str) -> CustomData:
        """Return the data set named key.

        Raises:
            ValueError: no such data set here (never stored, or expired), or unreadable bytes.
        """
        with self._lock:
            found = self._cache.get(key)
        if found is not None:
            return found
        raw = None
        if self.runs is not None:
            try:
                raw = self.runs.get_data(key)
            except STORE_ERRORS as exc:
                log.warning("could not read data set %s: %s", key, exc)
        if raw is None:
            raise ValueError(f"custom_data: the data set {key!r} is not stored on this server "
                             "(it expired, or the link is not whole)")
        data = from_bytes(raw)
        if data.key != key:
            raise ValueError(f"custom_data: the data set stored as {key!r} is damaged")
        self._remember(key, data)
        return data

    def _remember(self, key: str, data: CustomData) -> None:
        with self._lock:
            self._cache[key] = data
            self._cache.move_to_end(key)
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
