"""The interfaces every store offers (structural types: stores need not inherit them).

A store keeps runs (RunStore), users' data sets (DataStore) and short links (LinkStore): a code
(app/web/qr.py draws them) standing for the URL query of a setup, so a room can open it from a QR
code. A link expires `link_seconds` after its last use, much later than a run.
"""

from __future__ import annotations

from typing import Protocol


class RunStore(Protocol):
    """Bytes by key with an idle expiry: a get or put of a key restarts its clock.

    Implementations are safe to share between threads, and between processes on one store.
    """

    idle_seconds: float

    def get(self, key: str) -> bytes | None:
        """Return the bytes stored under key (refreshing its expiry), or None if absent/expired."""
        ...

    def put(self, key: str, data: bytes) -> None:
        """Store data under key, replacing what was there, expiring idle_seconds from now."""
        ...

    def delete(self, key: str) -> None:
        """Forget key (no error if absent)."""
        ...

    def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


class LinkStore(Protocol):
    """Short links: code -> URL query, one code per query, with an idle expiry."""

    link_seconds: float

    def put_link(self, code: str, query: str) -> str | None:
        """Return the code that stands for query: the one it already has, else code, now stored;
        None when code already stands for another query (draw another). Restarts its expiry."""
        ...

    def get_link(self, code: str) -> str | None:
        """Return the query code stands for (restarting its expiry), or None if absent/expired."""
        ...


class DataStore(Protocol):
    """Users' drawn or uploaded data sets by content hash, which links name (the runs' expiry)."""

    def put_data(self, key: str, data: bytes) -> None:
        """Store a data set under its content hash, expiring idle_seconds from now."""
        ...

    def get_data(self, key: str) -> bytes | None:
        """Return the data set stored under key (restarting its expiry), or None."""
        ...


class Store(RunStore, LinkStore, DataStore, Protocol):
    """What open_store returns: runs, short links and data sets in one place."""
