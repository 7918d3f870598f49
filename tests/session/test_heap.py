"""Giving memory back: malloc_trim returns the pages of freed runs; the Trimmer waits for enough."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from app.session import heap
from app.session.heap import Trimmer


def rss_bytes() -> int:
    status = Path("/proc/self/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert match is not None
    return int(match[1]) * 1024


@pytest.mark.skipif(heap.MALLOC_TRIM is None or not Path("/proc/self/status").exists(),
                    reason="glibc's malloc_trim and /proc are Linux's")
def test_trim_returns_the_pages_of_freed_small_arrays_that_free_alone_keeps() -> None:
    blocks = [np.ones(256) for _ in range(60_000)]  # 2 KB each, ~120 MB from malloc's heap
    kept = blocks[::64]  # a few survivors pin the heap, as a hot run among evicted ones does
    del blocks
    before = rss_bytes()
    assert heap.trim()
    assert before - rss_bytes() > 60 * 2**20
    assert len(kept) == 938


def test_the_trimmer_trims_once_enough_bytes_left(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "trim", lambda: calls.append(1) or True)
    trimmer = Trimmer(threshold=100)
    trimmer.released(60)
    assert calls == [] and trimmer.trims == 0
    trimmer.released(60)
    assert calls == [1] and trimmer.trims == 1
    trimmer.released(99)
    assert calls == [1]
