"""footprint(run) agrees roughly with what building, training and drawing a run allocates."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest

from app.config import Config
from app.session.footprint import footprint
from app.session.run import advance, build_run
from app.session.session import SessionView
from app.web import views


@pytest.mark.parametrize("config", [Config(), Config(hidden_layers=(8, 8, 8), dataset="spiral"),
                                    Config(model="perceptron")], ids=["default", "deep", "perc"])
def test_footprint_is_close_to_what_tracemalloc_sees(config: Config) -> None:
    views.page(SessionView("x" * 22, build_run(config), False, False))  # warm caches
    gc.collect()
    tracemalloc.start()
    try:
        run = build_run(config)
        advance(run, 300, 10.0)
        views.page(SessionView("x" * 22, run, False, False))  # the grid's buffers
        gc.collect()
        traced, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 0.6 * traced <= footprint(run) <= 1.3 * traced


def test_a_view_counts_its_base_once() -> None:
    base = np.zeros(1000)
    one = footprint({"a": base})
    assert footprint({"a": base, "b": base[10:20], "c": base.reshape(10, 100)}) <= one + 200
    assert footprint({"a": base, "b": base.copy()}) >= one + 8000
