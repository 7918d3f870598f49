"""Runs through each store: evicted, stored and loaded back, they go on bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from app.config import from_query
from app.engine import PerceptronTrainer
from app.session.run import Run, build_run
from app.session.snapshot import dump, load
from tests.store.conftest import StoreUnderTest

QUERIES = {
    "mlp": ("dataset=spiral&noise=0.2&optimizer=adam&dropout=0.3&regularization=l2"
            "&regularization_rate=0.003&batch_size=7&hidden_layers=6,4"),
    "perceptron": "model=perceptron&dataset=gaussian&noise=0.5",
}


def parameters(run: Run) -> np.ndarray:
    trainer = run.trainer
    return trainer.perceptron.weights if isinstance(trainer, PerceptronTrainer) \
        else trainer.net.params


@pytest.mark.parametrize("model", sorted(QUERIES))
def test_a_run_stored_and_evicted_every_37_epochs_matches_an_uninterrupted_run(
        any_store: StoreUnderTest, model: str) -> None:
    config = from_query(QUERIES[model])
    straight = build_run(config)
    for _ in range(300):
        straight.trainer.step()
    run = build_run(config)
    while run.epoch < 300:
        for _ in range(min(37, 300 - run.epoch)):
            run.trainer.step()
        any_store.store.put("student", dump(run, True))
        del run  # evicted: only the store has it now
        data = any_store.store.get("student")
        assert data is not None
        run, playing = load(data)
        assert playing
    assert np.array_equal(parameters(run), parameters(straight))
    assert run.trainer.history.records == straight.trainer.history.records
