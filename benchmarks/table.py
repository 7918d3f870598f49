"""The benchmark table: one row per figure, the timing helper, and the Markdown printer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its value, the target it is held to, and a note."""

    figure: str
    value: str
    target: str = ""
    note: str = ""


def rate(run_once: Callable[[], object], seconds: float, repeats: int = 3) -> float:
    """Return calls per second of run_once: the median of `repeats` timed windows."""
    run_once()  # warm up: plans, buffers, caches
    rates = []
    for _ in range(repeats):
        calls, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds / repeats:
            run_once()
            calls += 1
        rates.append(calls / elapsed)
    return statistics.median(rates)


def print_table(rows: list[Row]) -> None:
    """Print the rows as a Markdown table (pasted into the README)."""
    header = ("figure", "value", "target", "note")
    cells = [header, *((r.figure, r.value, r.target, r.note) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    for k, c in enumerate(cells):
        print("| " + " | ".join(s.ljust(w) for s, w in zip(c, widths, strict=True)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
