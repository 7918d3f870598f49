"""Every lesson, headless: its URL through the real config schema, trained by app/session/run.py's
build_run and advance (the app's own code), then the lesson's outcome and its goal check.

A lesson's outcome test is registered with @outcome(key); one test makes sure none is missing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from urllib.parse import urlsplit

import numpy as np
import pytest

from app.config import Config, from_query, parse, to_query
from app.engine import PerceptronTrainer, Trainer
from app.lecture.first_neurons import FIRST_NEURONS
from app.lecture.lesson_gradient_goals import identical_neurons
from app.lecture.lessons import LESSONS, get_lesson, lesson_config, lesson_url, sections
from app.lecture.perceptron_view import mlp_fix
from app.session.run import Run, advance, build_run

OUTCOMES: dict[str, Callable[[], None]] = {}


def outcome(key: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register the decorated test as the outcome test of lesson `key`."""

    def register(test: Callable[[], None]) -> Callable[[], None]:
        OUTCOMES[key] = test
        return test

    return register


def preset(key: str, **changes: object) -> Config:
    """Return the config the lesson's URL describes, parsed as the page parses it (plus changes)."""
    parts = urlsplit(lesson_url(key))
    assert parts.path == "/"
    config = from_query(parts.query)
    assert config.lesson == key
    return parse({**config.model_dump(), **changes}) if changes else config


def train(config: Config, epochs: int) -> Run:
    """Return a fresh run of config trained up to `epochs` epochs (it may stop earlier)."""
    run = build_run(config)
    advance(run, epochs, budget=math.inf)
    return run


def epochs_to_goal(key: str, config: Config, limit: int) -> tuple[Run, int | None]:
    """Train until the lesson's goal is reached (return the epoch) or `limit` epochs (None)."""
    run, check = build_run(config), get_lesson(key).goal.check
    while run.epoch < limit and run.trainer.running:
        advance(run, 1, budget=math.inf)
        if check(run.trainer).reached:
            return run, run.epoch
    return run, None


def reached(key: str, run: Run) -> bool:
    return get_lesson(key).goal.check(run.trainer).reached


def column(run: Run, name: str) -> np.ndarray:
    return np.array(run.trainer.history.column(name), dtype=float)


def last_train_loss(run: Run) -> float:
    record = run.trainer.history.last
    assert record is not None
    return record.train_loss


def last(run: Run) -> tuple[float, float]:
    record = run.trainer.history.last
    assert record is not None and record.test_loss is not None
    return record.train_loss, record.test_loss


# ---------------------------------------------------------------------------------- registry
def test_there_are_at_least_24_lessons_in_the_lectures_order() -> None:
    keys = list(LESSONS)
    assert len(keys) >= 24
    assert keys[:4] == ["perceptron_and", "perceptron_or", "perceptron_xor", "hidden_layer_xor"]
    assert keys.index("overfitting") < keys.index("l2_regularization") < keys.index("dropout")
    assert keys.index("vanishing_gradients") < keys.index("relu_he")
    listed = [lesson for _, entries in sections() for _, lesson, _ in entries]
    assert listed == [*FIRST_NEURONS, *LESSONS.values()]  # the first neurons come first


def test_every_lesson_has_an_outcome_test() -> None:
    assert set(OUTCOMES) == set(LESSONS)


@pytest.mark.parametrize("key", list(LESSONS))
def test_a_lessons_url_round_trips_through_the_config_schema(key: str) -> None:
    config = preset(key)
    assert config == lesson_config(key)
    assert "/?" + to_query(config) == lesson_url(key)
    for name, value in get_lesson(key).preset.items():
        assert getattr(config, name) == value, name


@pytest.mark.parametrize("key", list(LESSONS))
def test_every_lesson_has_words_and_its_goal_is_not_reached_at_epoch_zero(key: str) -> None:
    lesson = get_lesson(key)
    assert lesson.key == key and key.isidentifier() and key.islower()
    assert lesson.prompt and "?" in lesson.question and lesson.answer and lesson.goal.text
    verdict = lesson.goal.check(build_run(preset(key)).trainer)
    assert not verdict.reached and verdict.message


def test_an_unknown_lesson_is_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="unknown lesson 'nope'; choose one of perceptron_and"):
        get_lesson("nope")
    with pytest.raises(ValueError, match="lesson: unknown 'nope'"):
        from_query("lesson=nope")


# ---------------------------------------------------------------------------------- the perceptron
@outcome("perceptron_and")
def test_the_perceptron_learns_and() -> None:
    run = train(preset("perceptron_and"), 20)
    trainer = run.trainer
    assert isinstance(trainer, PerceptronTrainer) and trainer.converged and trainer.epoch <= 10
    assert trainer.status.startswith(f"converged after {trainer.epoch} epochs")
    assert last(run) == (0.0, 0.0)  # error rates: every point on its side
    assert reached("perceptron_and", run)


@outcome("perceptron_or")
def test_the_perceptron_learns_or() -> None:
    run = train(preset("perceptron_or"), 20)
    assert isinstance(run.trainer, PerceptronTrainer) and run.trainer.converged
    assert run.trainer.history.last and run.trainer.history.last.test_accuracy == 1.0
    assert reached("perceptron_or", run)


@outcome("perceptron_xor")
def test_the_perceptron_never_converges_on_xor_and_stays_near_chance() -> None:
    config = preset("perceptron_xor")
    run = train(config, 49)
    assert not reached("perceptron_xor", run)  # the goal asks for 50 epochs
    advance(run, 151, budget=math.inf)
    trainer = run.trainer
    assert isinstance(trainer, PerceptronTrainer) and not trainer.converged
    assert trainer.status == "no convergence after 200 epochs"
    accuracy = column(run, "test_accuracy")
    assert 0.35 <= accuracy[-100:].mean() <= 0.65  # chance, give or take
    assert accuracy.max() <= 0.8  # a line gets at most 3 of the 4 corners
    assert reached("perceptron_xor", run)
    # the one-click fix: the same data with lesson 4's hidden layer of 2 tanh neurons
    fixed = mlp_fix(config)
    assert (fixed.model, fixed.hidden_layers, fixed.activation) == ("mlp", (2,), "tanh")
    assert (fixed.dataset, fixed.data_seed, fixed.lesson) == ("xor_gate", 0, "hidden_layer_xor")
    run, epoch = epochs_to_goal("hidden_layer_xor", fixed, 50)
    assert epoch is not None


# ---------------------------------------------------------------------------------- going deeper
@outcome("hidden_layer_xor")
def test_one_hidden_layer_of_two_solves_xor_and_one_neuron_does_not() -> None:
    run, epoch = epochs_to_goal("hidden_layer_xor", preset("hidden_layer_xor"), 100)
    assert epoch is not None and reached("hidden_layer_xor", run)
    one = train(preset("hidden_layer_xor", hidden_layers=(1,)), 100)
    assert column(one, "test_accuracy").max() < 0.8


@outcome("depth_spiral")
def test_three_hidden_layers_learn_the_spiral_where_one_does_not() -> None:
    run, epoch = epochs_to_goal("depth_spiral", preset("depth_spiral"), 300)
    assert epoch is not None and reached("depth_spiral", run)
    shallow = train(preset("depth_spiral", hidden_layers=(8,)), 300)
    assert column(shallow, "test_accuracy").max() < 0.85


@outcome("activations")
def test_relu_beats_tanh_while_sigmoid_and_linear_miss_the_circle() -> None:
    config = preset("activations")
    tanh_run, tanh = epochs_to_goal("activations", config, 200)
    assert tanh is not None and reached("activations", tanh_run)
    _, relu = epochs_to_goal("activations", preset("activations", activation="relu"), 200)
    assert relu is not None and relu < tanh
    for activation in ("sigmoid", "linear"):
        run, epoch = epochs_to_goal("activations", preset("activations", activation=activation),
                                    200)
        assert epoch is None, activation
    assert column(run, "test_accuracy").max() < 0.75  # linear: a straight line at best


@outcome("single_neuron")
def test_one_sigmoid_neuron_with_0_1_targets_learns_and() -> None:
    run, epoch = epochs_to_goal("single_neuron", preset("single_neuron"), 100)
    assert epoch is not None and reached("single_neuron", run)
    assert isinstance(run.trainer, Trainer) and run.trainer.net.activation_names == ["sigmoid"]


# ---------------------------------------------------------------------------------- training
@outcome("preprocessing")
def test_an_input_offset_stalls_the_circle_and_centring_fixes_it() -> None:
    run = train(preset("preprocessing"), 100)
    assert reached("preprocessing", run) and run.trainer.x_train.min() > -1.0
    centred, epoch = epochs_to_goal("activations", preset("preprocessing", input_offset=0.0), 200)
    assert epoch is not None


@outcome("choosing_loss")
def test_log_loss_learns_the_circle_with_0_1_targets() -> None:
    run, epoch = epochs_to_goal("choosing_loss", preset("choosing_loss"), 300)
    assert epoch is not None and isinstance(run.trainer, Trainer)
    assert set(np.unique(run.trainer.t_train)) == {0.0, 1.0}


@outcome("monitoring")
def test_the_update_ratios_sit_in_the_healthy_band_at_the_default_rate() -> None:
    run = train(preset("monitoring"), 50)
    assert reached("monitoring", run)
    assert not reached("monitoring", train(preset("monitoring", learning_rate=0.0001), 50))
@outcome("learning_rate_too_small")
def test_a_tiny_learning_rate_crawls_where_the_default_learns() -> None:
    run = train(preset("learning_rate_too_small"), 100)
    loss = column(run, "train_loss")
    assert (loss[0] - loss[-1]) / loss[0] < 0.05
    assert reached("learning_rate_too_small", run)
    default = column(train(preset("learning_rate_too_small", learning_rate=0.03), 100),
                     "train_loss")
    assert default[-1] < 0.5 * default[0]


@outcome("learning_rate_too_large")
def test_a_large_learning_rate_diverges_where_a_small_one_learns() -> None:
    run = train(preset("learning_rate_too_large"), 50)
    assert run.trainer.diverged and run.epoch < 20
    assert run.trainer.stopped_reason and "diverged" in run.trainer.stopped_reason
    assert reached("learning_rate_too_large", run)
    calm = train(preset("learning_rate_too_large", learning_rate=0.03), 50)
    loss = column(calm, "train_loss")
    assert not calm.trainer.diverged and loss[-1] < 0.1 * loss[0]


@outcome("batch_modes")
def test_stochastic_needs_fewest_epochs_but_is_noisiest_full_batch_is_smooth_but_slow() -> None:
    epochs = {}
    for mode in ("stochastic", "mini_batch", "full"):
        run, epochs[mode] = epochs_to_goal("batch_modes", preset("batch_modes", batch_mode=mode),
                                           200)
        if mode == "stochastic":
            assert reached("batch_modes", run)
    assert epochs["stochastic"] is not None and epochs["mini_batch"] is not None
    assert epochs["stochastic"] < epochs["mini_batch"] and epochs["full"] is None
    rises = {mode: float(np.mean(np.diff(column(train(
        preset("batch_modes", batch_mode=mode), 60), "train_loss")) > 0))
        for mode in ("stochastic", "full")}
    assert rises["stochastic"] >= 0.05 and rises["full"] == 0.0


@outcome("optimizers")
def test_adam_and_momentum_beat_plain_sgd_in_epochs_to_the_goal() -> None:
    epochs = {}
    for optimizer in ("adam", "momentum", "sgd"):
        run, epochs[optimizer] = epochs_to_goal(
            "optimizers", preset("optimizers", optimizer=optimizer), 300)
        if optimizer == "adam":
            assert reached("optimizers", run)
    assert None not in epochs.values()
    assert epochs["adam"] < epochs["momentum"] < epochs["sgd"]  # type: ignore[operator]
    assert 3 * epochs["momentum"] < epochs["sgd"]  # type: ignore[operator]


# ---------------------------------------------------------------------------------- overfitting
EPOCHS_TO_OVERFIT = 300


@pytest.fixture(scope="module")
def overfit_gap() -> float:
    """Return test − training loss of the overfitting preset after EPOCHS_TO_OVERFIT epochs."""
    train_loss, test_loss = last(train(preset("overfitting"), EPOCHS_TO_OVERFIT))
    return test_loss - train_loss


@outcome("overfitting")
def test_a_big_network_on_little_noisy_data_overfits() -> None:
    run = train(preset("overfitting"), EPOCHS_TO_OVERFIT)
    train_loss, test_loss = last(run)
    assert train_loss < 0.02 and test_loss > 0.15  # train ≪ test
    assert test_loss > 5 * train_loss
    assert column(run, "test_loss").min() < test_loss - 0.03  # it was better earlier
    assert reached("overfitting", run)


@outcome("l2_regularization")
def test_l2_closes_most_of_the_gap(overfit_gap: float) -> None:
    run = train(preset("l2_regularization"), EPOCHS_TO_OVERFIT)
    train_loss, test_loss = last(run)
    assert test_loss - train_loss < 0.5 * overfit_gap
    assert train_loss > 0.05  # it no longer fits the noise
    assert reached("l2_regularization", run)


@outcome("l1_sparsity")
def test_l1_zeroes_most_weights_and_keeps_the_squares() -> None:
    run, epoch = epochs_to_goal("l1_sparsity", preset("l1_sparsity"), 300)
    assert epoch is not None and isinstance(run.trainer, Trainer)
    assert np.abs(run.trainer.net.weights[0][2:4]).max() > 0.01  # x1², x2² kept


@outcome("dropout")
def test_dropout_narrows_the_gap(overfit_gap: float) -> None:
    run = train(preset("dropout"), EPOCHS_TO_OVERFIT)
    train_loss, test_loss = last(run)
    assert test_loss - train_loss < 0.7 * overfit_gap and train_loss > 0.03
    assert reached("dropout", run)


@outcome("early_stopping")
def test_early_stopping_stops_early_and_keeps_the_best_weights() -> None:
    overfit_train, overfit_test = last(train(preset("overfitting"), EPOCHS_TO_OVERFIT))
    run = train(preset("early_stopping"), EPOCHS_TO_OVERFIT)
    trainer = run.trainer
    assert isinstance(trainer, Trainer) and not trainer.running
    assert run.epoch < 150 and run.epoch == trainer.best_epoch + 30
    (_, restored_test), _ = trainer.evaluate()  # the restored weights' losses
    assert restored_test == pytest.approx(trainer.best_test_loss)
    assert restored_test < overfit_test - 0.03
    assert reached("early_stopping", run)


# ---------------------------------------------------------------------------------- pitfalls
def gradient_ratios(run: Run) -> np.ndarray:
    """Return ‖grad w₁‖ / ‖grad w_L‖ per kept record."""
    norms = np.array(run.trainer.history.column("grad_norms"), dtype=float)
    return norms[:, 0] / norms[:, -1]


@outcome("vanishing_gradients")
def test_a_deep_sigmoid_stack_starves_its_first_layer() -> None:
    run = train(preset("vanishing_gradients"), 30)
    assert np.all(gradient_ratios(run)[-10:] <= 0.1)  # the first layer: ≥ 10× smaller
    assert column(run, "test_accuracy").max() < 0.7  # and it does not learn the circle
    assert reached("vanishing_gradients", run)


@outcome("relu_he")
def test_relu_with_he_keeps_the_gradient_alive_and_learns() -> None:
    run, epoch = epochs_to_goal("relu_he", preset("relu_he"), 100)
    assert epoch is not None and reached("relu_he", run)
    advance(run, 30 - run.epoch, budget=math.inf)
    assert np.median(gradient_ratios(run)) > 0.1  # not ≥ 10× smaller


@outcome("exploding_gradients")
def test_a_deep_relu_stack_from_uniform_weights_blows_up_and_he_init_trains() -> None:
    run = train(preset("exploding_gradients"), 10)
    assert run.trainer.diverged and reached("exploding_gradients", run)
    he = train(preset("exploding_gradients", init="he_normal"), 30)
    assert not he.trainer.diverged and last_train_loss(he) < 0.01


@outcome("local_minima")
def test_the_stuck_seed_solves_xor_with_a_third_neuron() -> None:
    run, epoch = epochs_to_goal("local_minima", preset("local_minima"), 100)
    assert epoch is not None and preset("local_minima").seed == 4


@outcome("random_seed")
def test_two_seeds_give_different_results() -> None:
    runs = {seed: train(preset("random_seed", seed=seed), 100) for seed in (4, 5)}
    accuracy = {seed: column(run, "test_accuracy")[-1] for seed, run in runs.items()}
    assert accuracy[4] < 0.8 and accuracy[5] > 0.95  # stuck vs solved: same data, same net
    assert all(reached("random_seed", run) for run in runs.values())
    assert preset("random_seed").seed == 4


@outcome("zero_init")
def test_zero_initialization_keeps_every_neuron_of_a_layer_identical() -> None:
    run = train(preset("zero_init"), 100)
    trainer = run.trainer
    assert isinstance(trainer, Trainer)
    for w in trainer.net.weights:  # all columns of each weight matrix equal
        assert np.array_equal(w, np.repeat(w[:, :1], w.shape[1], axis=1))
    assert np.abs(trainer.net.weights[-1]).max() > 0  # training did move them, together
    assert identical_neurons(trainer.net) and reached("zero_init", run)
    random_start = train(preset("zero_init", init="xavier_uniform"), 5).trainer
    assert isinstance(random_start, Trainer) and not identical_neurons(random_start.net)
