"""Giving freed memory back to the operating system after runs leave memory.

glibc's malloc keeps the pages of freed small blocks (a run is thousands of small arrays and
Python objects) and so the process's resident size stays at its peak long after the runs are
gone; malloc_trim(0) returns every free page of every arena. Other C libraries (musl, macOS)
have no malloc_trim: there trimming does nothing. Trimming takes a few milliseconds on a big
heap, so a Trimmer waits until enough bytes left memory since it last trimmed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Callable

TRIM_BYTES = 16 * 2**20  # bytes of runs that leave memory between two trims


def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's malloc_trim, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    function: Callable[[int], int] = trim
    return function


MALLOC_TRIM = _malloc_trim()


def trim() -> bool:
    """Return free heap pages to the OS now; return whether the C library could."""
    if MALLOC_TRIM is None:
        return False
    MALLOC_TRIM(0)
    return True


class Trimmer:
    """Count the bytes that leave memory and trim once `threshold` of them have.

    Args:
        threshold: bytes released between two trims (0: trim at every release).
    """

    def __init__(self, threshold: int = TRIM_BYTES) -> None:
        self.threshold = threshold
        self.trims = 0  # trims done so far
        self._pending = 0
        self._lock = threading.Lock()

    def released(self, nbytes: int) -> None:
        """Note that nbytes left memory (already unreferenced); trim when enough have."""
        with self._lock:
            self._pending += nbytes
            if self._pending < self.threshold:
                return
            self._pending = 0
            self.trims += 1
        trim()
