"""Checkpoints: a trainer restored from trainer_state() continues exactly as if never stopped."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from app.engine import (
    MLP,
    OPTIMIZERS,
    History,
    Perceptron,
    PerceptronTrainer,
    Trainer,
    make_dataset,
    make_optimizer,
)
from app.engine.checkpoint import (
    history_state,
    restore_history,
    restore_trainer_state,
    trainer_state,
)

AnyTrainer = Trainer | PerceptronTrainer


def mlp_trainer(optimizer: str = "adam", dropout: float = 0.2, **kwargs: object) -> Trainer:
    ds = make_dataset("spiral", n_points=200, noise=0.2, train_fraction=0.6, seed=3)
    net = MLP([2, 6, 4, 1], activation="tanh", output_activation="tanh", init="xavier_uniform",
              seed=1, dropout=dropout)
    options: dict[str, object] = {"loss": "square", "n_classes": 2, "batch_size": 7,
                                  "l2": 0.003, "seed": 4, "history_limit": 40}
    options.update(kwargs)
    return Trainer(net, make_optimizer(optimizer, learning_rate=0.01), ds.x_train, ds.y_train,
                   ds.x_test, ds.y_test, **options)  # type: ignore[arg-type]


def perceptron_trainer() -> PerceptronTrainer:
    ds = make_dataset("gaussian", n_points=200, noise=0.5, train_fraction=0.5, seed=2)
    return PerceptronTrainer(Perceptron(2, seed=5), ds.x_train, ds.y_train, ds.x_test, ds.y_test,
                             learning_rate=0.1, seed=6, history_limit=40)


def parameters(trainer: AnyTrainer) -> np.ndarray:
    if isinstance(trainer, PerceptronTrainer):
        return trainer.perceptron.weights
    return trainer.net.params


def interrupted(make: Callable[[], AnyTrainer], epochs: int, every: int) -> AnyTrainer:
    """Train `epochs` epochs, moving the state into a freshly built trainer every `every`."""
    trainer = make()
    while trainer.epoch < epochs:
        trainer.run(min(every, epochs - trainer.epoch))
        state = trainer_state(trainer)
        trainer = make()
        restore_trainer_state(trainer, state)
    return trainer


def assert_same_run(a: AnyTrainer, b: AnyTrainer) -> None:
    assert np.array_equal(parameters(a), parameters(b))
    assert a.epoch == b.epoch
    assert a.history.records == b.history.records and a.history.last == b.history.last
    assert a.rng.bit_generator.state == b.rng.bit_generator.state


def test_mlp_with_dropout_and_adam_restored_every_37_epochs_matches_an_uninterrupted_run() -> None:
    straight = mlp_trainer()
    straight.run(300)
    restored = interrupted(mlp_trainer, 300, 37)
    assert_same_run(straight, restored)
    assert isinstance(restored, Trainer)
    assert np.array_equal(straight.net.grads, restored.net.grads)


def test_perceptron_restored_every_37_epochs_matches_an_uninterrupted_run() -> None:
    straight = perceptron_trainer()
    straight.run(300)
    restored = interrupted(perceptron_trainer, 300, 37)
    assert straight.epoch == 300  # noisy gaussians: it never converges, so all 300 epochs ran
    assert_same_run(straight, restored)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_every_optimizer_state_survives_a_restore(optimizer: str) -> None:
    def make() -> Trainer:
        return mlp_trainer(optimizer, dropout=0.0)

    straight = make()
    straight.run(30)
    assert_same_run(straight, interrupted(make, 30, 7))


def test_a_restore_in_the_middle_of_an_epoch_continues_with_the_same_shuffle() -> None:
    straight, stepped = mlp_trainer(), mlp_trainer()
    straight.run(3)
    stepped.run(2)
    for _ in range(5):
        stepped.step_batch()
    state = trainer_state(stepped)
    restored = mlp_trainer()
    restore_trainer_state(restored, state)
    restored.step()
    assert_same_run(straight, restored)


def test_early_stopping_state_survives_and_stops_at_the_same_epoch() -> None:
    def make() -> Trainer:
        return mlp_trainer("sgd", patience=5)

    straight = make()
    straight.run(400)
    restored = make()
    while restored.running and restored.epoch < 400:
        restored.run(3)  # the best weights and the wait count cross several restores
        state = trainer_state(restored)
        restored = make()
        restore_trainer_state(restored, state)
    assert straight.stopped_reason is not None and 10 < straight.epoch < 400
    assert restored.stopped_reason == straight.stopped_reason
    assert_same_run(straight, restored)


def test_live_learning_rate_and_regularisation_are_restored() -> None:
    trainer = mlp_trainer()
    trainer.run(3)
    trainer.set_learning_rate(0.3)
    trainer.set_regularization(0.01, 0.0)
    restored = mlp_trainer()
    restore_trainer_state(restored, trainer_state(trainer))
    assert (restored.optimizer.learning_rate, restored.l1, restored.l2) == (0.3, 0.01, 0.0)
    trainer.run(4)
    restored.run(4)
    assert_same_run(trainer, restored)


def test_parameters_are_written_in_place_so_views_stay_valid() -> None:
    trainer = mlp_trainer()
    weights, params = trainer.net.weights[0], trainer.net.params
    source = mlp_trainer()
    source.run(5)
    restore_trainer_state(trainer, trainer_state(source))
    assert trainer.net.params is params
    assert np.array_equal(weights, source.net.weights[0])


def test_state_holds_copies_not_views() -> None:
    trainer = mlp_trainer()
    state = trainer_state(trainer)
    trainer.run(2)
    assert not np.array_equal(state["params"], trainer.net.params)


def test_a_state_of_another_shape_or_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="perceptron"):
        restore_trainer_state(mlp_trainer(), trainer_state(perceptron_trainer()))
    other = Trainer(MLP([2, 3, 1], seed=1), make_optimizer("sgd"), np.zeros((4, 2)),
                    np.array([0, 1, 0, 1]), loss="square", n_classes=2)
    with pytest.raises(ValueError, match="shape"):
        restore_trainer_state(mlp_trainer(), trainer_state(other))
    state = trainer_state(mlp_trainer())
    del state["params"]
    with pytest.raises(ValueError, match="malformed"):
        restore_trainer_state(mlp_trainer(), state)


def test_decimated_history_round_trips_with_its_stride_and_newest_record() -> None:
    trainer = mlp_trainer(history_limit=4)
    trainer.run(21)
    history = restore_history(history_state(trainer.history))
    assert isinstance(history, History)
    assert (history.limit, history.stride) == (4, trainer.history.stride) and history.stride > 1
    assert history.records == trainer.history.records
    assert history.last == trainer.history.last and history.last is not None
    assert history.last.epoch == 21 and history.records[-1].epoch != 21


def test_an_empty_history_round_trips() -> None:
    history = restore_history(history_state(History(10)))
    assert history.records == [] and history.last is None and history.limit == 10


def test_a_newest_record_that_is_also_kept_comes_back_as_one_record() -> None:
    trainer = mlp_trainer()
    trainer.run(4)
    assert trainer.history.records[-1] is trainer.history.last  # kept: the same object
    history = restore_history(history_state(trainer.history))
    assert history.last is history.records[-1] and len(history.records) == 4  # not drawn twice
