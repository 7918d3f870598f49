"""Tests for app.engine.perceptron: the weight layout, the delta rule by hand, convergence on
linearly separable data, the endless wandering on XOR, status lines and argument checks."""

import numpy as np
import pytest

from app.engine import Perceptron, PerceptronTrainer, make_dataset


def trainer_for(name: str, seed: int = 0, noise: float = 0.0,
                learning_rate: float = 0.1) -> PerceptronTrainer:
    ds = make_dataset(name, n_points=200, noise=noise, seed=seed)
    return PerceptronTrainer(Perceptron(2, seed=seed), ds.x_train, ds.y_train, ds.x_test,
                             ds.y_test, learning_rate=learning_rate, seed=seed)


def test_weights_hold_the_bias_first_drawn_from_minus_one_to_one() -> None:
    p = Perceptron(3, seed=0)
    assert p.weights.shape == (4,)
    assert p.weights.dtype == np.float64
    assert (np.abs(p.weights) <= 1.0).all()
    np.testing.assert_array_equal(p.weights, np.random.default_rng(0).uniform(-1.0, 1.0, 4))
    p.weights[:] = [0.5, 1.0, -2.0, 0.0]  # w0 is the weight on the constant input x0 = 1
    x = np.array([[1.0, 1.0, 7.0], [2.0, 0.0, 0.0]])
    np.testing.assert_array_equal(p.net_input(x), [0.5 + 1.0 - 2.0, 0.5 + 2.0])
    np.testing.assert_array_equal(p.predict(x), [0, 1])
    assert p.predict(x).dtype == np.int64
    np.testing.assert_array_equal(p.forward(x), [[0.0], [1.0]])


def test_step_fires_at_exactly_zero() -> None:
    p = Perceptron(1)
    p.weights[:] = [-1.0, 1.0]
    np.testing.assert_array_equal(p.predict(np.array([[1.0], [0.999]])), [1, 0])


def test_delta_rule_updates_by_hand_until_convergence() -> None:
    p = Perceptron(2)
    p.weights[:] = [0.5, -1.0, 0.25]
    x, t = np.array([[2.0, 1.0]]), np.array([1])
    trainer = PerceptronTrainer(p, x, t, learning_rate=0.1)
    # z = 0.5 − 2 + 0.25 = −1.25 → y_p = 0; w ← w + 0.1·(1 − 0)·(1, 2, 1)
    record = trainer.step_sample()
    np.testing.assert_allclose(p.weights, [0.6, -0.8, 0.35], rtol=1e-15)
    assert record is not None  # one sample = one epoch
    assert record.epoch == 1
    assert record.train_loss == 1.0  # z = 0.6 − 1.6 + 0.35 = −0.65: still wrong
    assert not trainer.converged
    trainer.step()  # z = −0.65 → w = (0.7, −0.6, 0.45)
    np.testing.assert_allclose(p.weights, [0.7, -0.6, 0.45], rtol=1e-15)
    record = trainer.step()  # z = −0.05 → w = (0.8, −0.4, 0.55), now z = 0.55 ≥ 0
    np.testing.assert_allclose(p.weights, [0.8, -0.4, 0.55], rtol=1e-15)
    assert record is not None
    assert record.train_loss == 0.0
    assert not trainer.converged  # this epoch still made a mistake
    record = trainer.step()  # no mistake: converged, weights unchanged
    assert record is not None
    assert record.epoch == 4
    assert trainer.converged
    assert trainer.status.startswith("converged after 4 epochs")
    np.testing.assert_allclose(p.weights, [0.8, -0.4, 0.55], rtol=1e-15)


def test_a_correct_sample_leaves_the_weights_alone_and_a_wrong_one_moves_them_back() -> None:
    p = Perceptron(2)
    p.weights[:] = [0.5, 1.0, 1.0]
    x = np.array([[1.0, 1.0], [1.0, 0.0]])
    trainer = PerceptronTrainer(p, x, np.array([1, 0]), learning_rate=0.5, seed=0)
    order = np.random.default_rng(0).permutation(2)
    expected = np.array([0.5, 1.0, 1.0])
    for i in order:
        trainer.step_sample()
        x_tilde = np.concatenate([[1.0], x[i]])
        y_p = int(expected @ x_tilde >= 0)
        expected = expected + 0.5 * ([1, 0][i] - y_p) * x_tilde
        np.testing.assert_allclose(p.weights, expected, rtol=1e-15)
    # (1, 1) with t = 1 was right; (1, 0) with t = 0 was wrong: w ← w − 0.5·(1, 1, 0)
    np.testing.assert_allclose(p.weights, [0.0, 0.5, 1.0], rtol=1e-15)


def test_the_trainer_says_which_sample_it_visited_and_where_it_is_in_the_epoch() -> None:
    p = Perceptron(2)
    p.weights[:] = [0.5, 1.0, 1.0]
    x = np.array([[1.0, 1.0], [1.0, 0.0], [-3.0, -3.0]])
    trainer = PerceptronTrainer(p, x, np.array([1, 0, 0]), learning_rate=0.5, seed=0)
    assert (trainer.last_sample, trainer.last_error, trainer.position) == (None, 0, 0)
    order = np.random.default_rng(0).permutation(3)
    w = p.weights.copy()
    for n, i in enumerate(order, start=1):
        trainer.step_sample()
        y_p = int(w[0] + x[i] @ w[1:] >= 0)
        assert trainer.last_sample == i and trainer.last_error == [1, 0, 0][i] - y_p
        assert trainer.position == n % 3  # the epoch's last sample closes it
        w = p.weights.copy()
    assert trainer.epoch == 1


@pytest.mark.parametrize("name", ["and", "or", "gaussian"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_converges_on_linearly_separable_data(name: str, seed: int) -> None:
    trainer = trainer_for(name, seed)
    records = trainer.run(50)
    assert trainer.converged
    assert not trainer.running
    assert len(records) < 50
    assert records[-1].train_loss == 0.0
    assert records[-1].train_accuracy == 1.0
    assert "converged" in trainer.status
    assert trainer.status.startswith(f"converged after {trainer.epoch} epochs")
    assert trainer.stopped_reason == f"converged after {trainer.epoch} epochs"
    assert trainer.step() is None
    assert trainer.step_sample() is None
    assert trainer.epoch == len(records)
    assert (trainer.perceptron.predict(trainer.x_train) == trainer.y_train).all()


def test_never_converges_on_xor() -> None:
    trainer = trainer_for("xor", seed=0)
    records = trainer.run(500)
    assert len(records) == 500
    assert not trainer.converged
    assert trainer.running
    assert trainer.stopped_reason is None
    assert trainer.status == "no convergence after 500 epochs"
    assert all(r.train_loss > 0.0 for r in records)  # some point is always misclassified
    test_accuracy = [r.test_accuracy for r in records]
    mean = float(np.mean(test_accuracy[-100:]))  # type: ignore[arg-type]
    assert 0.3 <= mean <= 0.7
    assert max(test_accuracy) < 0.8  # type: ignore[type-var]  # no line fits XOR


def test_status_before_training() -> None:
    trainer = trainer_for("and")
    assert trainer.status == "not trained yet"
    assert trainer.stopped_reason is None


def test_records_hold_the_error_rate_as_loss_and_one_minus_it_as_accuracy() -> None:
    trainer = trainer_for("xor", seed=1)
    record = trainer.step()
    assert record is not None
    predicted = trainer.perceptron.predict(trainer.x_test)
    error = float(np.mean(predicted != trainer.y_test))
    assert record.test_loss == error
    assert record.test_accuracy == pytest.approx(1.0 - error)
    assert record.learning_rate == 0.1
    assert record.grad_norms == ()
    assert record.update_ratios == ()


def test_same_seed_same_run() -> None:
    first = trainer_for("xor", seed=3).run(20)
    second = trainer_for("xor", seed=3).run(20)
    other = trainer_for("xor", seed=4).run(20)
    assert first == second
    assert first != other


def test_history_limit_is_honoured() -> None:
    ds = make_dataset("xor", n_points=40, seed=0)
    trainer = PerceptronTrainer(Perceptron(2), ds.x_train, ds.y_train, history_limit=4)
    trainer.run(40)
    assert len(trainer.history) <= 4
    assert trainer.history.last is not None
    assert trainer.history.last.epoch == 40


@pytest.mark.parametrize("n_inputs", [0, -1, 1.5])
def test_bad_input_count_raises_naming_it(n_inputs: float) -> None:
    with pytest.raises(ValueError, match=rf"n_inputs.*{n_inputs!r}"):
        Perceptron(n_inputs)  # type: ignore[arg-type]


@pytest.mark.parametrize("learning_rate", [0.0, -0.1, 11.0, float("nan")])
def test_bad_learning_rate_raises_naming_it(learning_rate: float) -> None:
    x, y = np.zeros((2, 2)), np.array([0, 1])
    with pytest.raises(ValueError, match=rf"learning_rate must be in \(0, 10\].*{learning_rate!r}"):
        PerceptronTrainer(Perceptron(2), x, y, learning_rate=learning_rate)


def test_more_than_two_classes_raise() -> None:
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        PerceptronTrainer(Perceptron(2), np.zeros((3, 2)), np.array([0, 1, 2]))
