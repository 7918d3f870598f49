"""The interface every run store offers (a structural type: stores need not inherit it)."""

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
