"""Tests for app.engine.trainer: mini-batch updates against the hand computation, epochs and
batches, the trainer's own generator, schedules, live learning-rate and regularisation changes,
early stopping, history bounds, per-layer statistics, accuracy, divergence and argument checks."""

import math
import warnings

import numpy as np
import pytest

from app.engine import (
    MLP,
    Trainer,
    encode_targets,
    learning_rate_at,
    make_dataset,
    make_optimizer,
    predict_classes,
)


def circle(n_points: int = 60, seed: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                        np.ndarray]:
    ds = make_dataset("circle", n_points=n_points, seed=seed)
    return ds.x_train, ds.y_train, ds.x_test, ds.y_test


def twin_nets(sizes: list[int] | None = None, seed: int = 1) -> tuple[MLP, MLP]:
    """Return a network to train and an identical one to redo the updates on by hand."""
    sizes = sizes or [2, 4, 3, 1]
    return (MLP(sizes, activation="tanh", output_activation="tanh", seed=seed),
            MLP(sizes, activation="tanh", output_activation="tanh", seed=seed))


def sgd_by_hand(net: MLP, x: np.ndarray, labels: np.ndarray, learning_rate: float,
                l1: float = 0.0, l2: float = 0.0) -> list[np.ndarray]:
    """Apply w ← w − lr · grad_w, b ← b − lr · grad_b for one batch; return grad_w."""
    t = encode_targets(labels, "square", 2, "tanh")
    _, grad_w, grad_b = net.loss_and_gradients(x, t, "square", l1=l1, l2=l2)
    for p, g in zip(net.weights + net.biases, grad_w + grad_b, strict=True):
        p -= learning_rate * g
    return grad_w


def assert_same_params(a: MLP, b: MLP) -> None:
    np.testing.assert_allclose(a.params, b.params, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------- updates by hand
def test_one_full_batch_sgd_step_equals_the_hand_computation() -> None:
    x, y, _, _ = circle()
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, batch_size=None,
                      l2=0.01)
    assert trainer.batches_per_epoch == 1
    before = net.params.copy()
    record = trainer.step()
    sgd_by_hand(ref, x, y, 0.1, l2=0.01)
    assert record is not None
    assert record.epoch == 1
    assert not np.array_equal(net.params, before)
    assert_same_params(net, ref)


def test_step_batch_runs_one_shuffled_mini_batch_at_a_time_with_a_smaller_remainder() -> None:
    x, y, _, _ = circle(n_points=50)  # 25 training points, b = 10: batches of 10, 10, 5
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.2), x, y, batch_size=10,
                      rng=np.random.default_rng(5))
    assert trainer.batches_per_epoch == math.ceil(25 / 10) == 3
    mirror = np.random.default_rng(5)  # the trainer shuffles with its own generator
    for epoch in (1, 2):
        order = mirror.permutation(25)
        for start, stop in ((0, 10), (10, 20), (20, 25)):
            record = trainer.step_batch()
            rows = order[start:stop]
            sgd_by_hand(ref, x[rows], y[rows], 0.2)
            assert_same_params(net, ref)
            if stop < 25:
                assert record is None
                assert trainer.epoch == epoch - 1
            else:
                assert record is not None
                assert record.epoch == trainer.epoch == epoch
    assert len(trainer.history) == 2


def test_step_finishes_an_epoch_that_step_batch_started() -> None:
    x, y, _, _ = circle(n_points=50)
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.2), x, y, batch_size=10, seed=3)
    assert trainer.step_batch() is None
    record = trainer.step()
    assert record is not None
    assert record.epoch == 1
    order = np.random.default_rng(3).permutation(25)
    for start in (0, 10, 20):
        rows = order[start:start + 10]
        sgd_by_hand(ref, x[rows], y[rows], 0.2)
    assert_same_params(net, ref)


def test_train_stops_after_k_batches_and_goes_on_bit_for_bit() -> None:
    ds = make_dataset("spiral", n_points=120, noise=0.2, seed=5)

    def trainer() -> Trainer:
        net = MLP([2, 6, 5, 1], activation="relu", output_activation="tanh", seed=2, dropout=0.3)
        return Trainer(net, make_optimizer("adam", learning_rate=0.01), ds.x_train, ds.y_train,
                       ds.x_test, ds.y_test, batch_size=4, l1=0.001, l2=0.002, seed=6)

    sliced, whole = trainer(), trainer()
    assert sliced.batches_per_epoch == 15
    records = []
    for k in [1, 7, 3, 40, 2, 11, 1, 100]:  # stops inside epochs and at their ends
        left = sliced.batches_left
        record = sliced.train(k)
        assert (record is not None) == (k >= left)
        assert sliced.batches_left == (left - k if k < left else 15)
        records += [record] if record is not None else []
    assert sliced.epoch == 2 and sliced.train(6) is None and sliced.batches_left == 9
    sliced.step()  # the rest of the third epoch
    assert whole.run(3) == [*records, sliced.history.last]
    np.testing.assert_array_equal(sliced.net.params, whole.net.params)
    assert sliced.rng.bit_generator.state == whole.rng.bit_generator.state


def test_train_runs_at_least_one_batch_and_nothing_once_stopped() -> None:
    x, y, _, _ = circle(n_points=50)
    trainer = Trainer(twin_nets()[0], make_optimizer("sgd", learning_rate=0.2), x, y,
                      batch_size=10)
    assert trainer.train(0) is None and trainer.batches_left == 2
    trainer.diverged = True
    assert trainer.train(5) is None and trainer.batches_left == 2


def test_stochastic_batches_of_one_sample() -> None:
    x, y, _, _ = circle(n_points=24)  # 12 training points
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.05), x, y, batch_size=1, seed=4)
    assert trainer.batches_per_epoch == 12
    results = [trainer.step_batch() for _ in range(12)]
    assert results[:11] == [None] * 11
    assert results[11] is not None
    assert results[11].epoch == 1
    for i in np.random.default_rng(4).permutation(12):
        sgd_by_hand(ref, x[i:i + 1], y[i:i + 1], 0.05)
    assert_same_params(net, ref)


@pytest.mark.parametrize(("batch_size", "batches"), [(None, 1), (30, 1), (1000, 1), (7, 5),
                                                     (1, 30), (15, 2)])
def test_batches_per_epoch_is_the_ceiling_of_n_over_b(batch_size: int | None,
                                                      batches: int) -> None:
    x, y, _, _ = circle()  # 30 training points
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd"), x, y, batch_size=batch_size)
    assert trainer.batches_per_epoch == batches
    record = trainer.step()
    assert record is not None
    assert record.epoch == 1


def test_full_batch_training_lowers_the_loss() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("adam", learning_rate=0.05), x, y, batch_size=None)
    records = trainer.run(40)
    assert len(records) == 40
    assert records[-1].train_loss < 0.5 * records[0].train_loss


# ---------------------------------------------------------------------------- randomness
def history_of(seed: int, dropout: float = 0.3) -> list[object]:
    x, y, xt, yt = circle(n_points=80)
    net = MLP([2, 6, 1], activation="tanh", output_activation="tanh", seed=1, dropout=dropout)
    trainer = Trainer(net, make_optimizer("momentum", learning_rate=0.05), x, y, xt, yt,
                      batch_size=7, seed=seed)
    trainer.run(15)
    return list(trainer.history.records)


def test_same_seed_gives_bit_identical_histories() -> None:
    first, second = history_of(3), history_of(3)
    assert len(first) == 15
    assert first == second  # dataclass equality: every field of every record, exactly


def test_a_different_seed_gives_a_different_history() -> None:
    first, other = history_of(3), history_of(4)
    assert [r.train_loss for r in first] != [r.train_loss for r in other]  # type: ignore[attr-defined]


def test_training_never_touches_numpy_global_random_state() -> None:
    np.random.seed(123)
    state = np.random.get_state()
    history_of(3)
    after = np.random.get_state()
    assert state[0] == after[0]
    np.testing.assert_array_equal(state[1], after[1])
    assert state[2:] == after[2:]


# ---------------------------------------------------------------------------- learning rate
def test_schedule_is_applied_per_epoch_and_recorded() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.08), x, y, schedule="step",
                      decay_rate=0.5, decay_steps=2)
    records = trainer.run(6)
    assert [r.learning_rate for r in records] == [0.08, 0.08, 0.04, 0.04, 0.02, 0.02]


@pytest.mark.parametrize("schedule", ["exponential", "inverse_time"])
def test_smooth_schedules_follow_learning_rate_at(schedule: str) -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, schedule=schedule,
                      decay_rate=0.5, decay_steps=3)
    records = trainer.run(5)
    expected = [learning_rate_at(0.1, e, schedule, 0.5, 3) for e in range(5)]
    assert [r.learning_rate for r in records] == pytest.approx(expected, rel=1e-15)
    assert records[-1].learning_rate < records[0].learning_rate


def test_set_learning_rate_changes_it_live_without_resetting() -> None:
    x, y, _, _ = circle()
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, batch_size=None)
    trainer.run(2)
    ref.params[...] = net.params
    params = net.params.copy()
    trainer.set_learning_rate(0.03)
    assert trainer.optimizer.learning_rate == 0.03
    np.testing.assert_array_equal(net.params, params)
    assert trainer.epoch == 2
    assert len(trainer.history) == 2
    record = trainer.step()
    assert record is not None
    assert record.epoch == 3
    assert record.learning_rate == 0.03
    sgd_by_hand(ref, x, y, 0.03)  # the next update really used the new rate
    assert_same_params(net, ref)


def test_set_learning_rate_sets_the_base_of_the_schedule() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, schedule="step",
                      decay_rate=0.5, decay_steps=2)
    trainer.run(2)
    trainer.set_learning_rate(0.4)
    assert trainer.optimizer.learning_rate == pytest.approx(0.2)  # 0.4 · 0.5^floor(2/2)
    records = trainer.run(2)
    assert [r.learning_rate for r in records] == pytest.approx([0.2, 0.2])


@pytest.mark.parametrize("bad", [-1.0, 11.0, math.nan, math.inf])
def test_set_learning_rate_rejects_rates_out_of_range(bad: float) -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y)
    with pytest.raises(ValueError, match=r"learning_rate.*\[0, 10(\.0)?\]") as err:
        trainer.set_learning_rate(bad)
    assert repr(bad) in str(err.value)
    assert trainer.optimizer.learning_rate == 0.1


def test_set_regularization_applies_from_the_next_batch() -> None:
    x, y, _, _ = circle()
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, batch_size=None)
    trainer.step()
    ref.params[...] = net.params
    trainer.set_regularization(0.01, 0.5)
    trainer.step()
    sgd_by_hand(ref, x, y, 0.1, l1=0.01, l2=0.5)
    assert_same_params(net, ref)


def test_optimizer_reset_mid_training_restarts_its_state() -> None:
    x, y, _, _ = circle()
    net, ref = twin_nets()
    trainer = Trainer(net, make_optimizer("momentum", learning_rate=0.1, momentum=0.9), x, y,
                      batch_size=None)
    trainer.run(3)  # the velocity is now far from 0
    ref.params[...] = net.params
    trainer.optimizer.reset()
    trainer.step()
    sgd_by_hand(ref, x, y, 0.1)  # from v = 0, one momentum step is v = −lr·g, w ← w + v
    assert_same_params(net, ref)


# ---------------------------------------------------------------------------- early stopping
def contradicting_test_set() -> tuple[np.ndarray, ...]:
    """Return train data and a test set of the same points with flipped labels: as training
    fits the train set, the test loss must rise, so early stopping has to trigger."""
    x, y, _, _ = circle(n_points=80)
    return x, y, x.copy(), 1 - y


def overfitting_trainer(patience: int, restore_best_weights: bool = True) -> Trainer:
    """Return a trainer for a big network on a small noisy XOR: the test loss falls, then
    rises as it overfits."""
    ds = make_dataset("xor", n_points=80, noise=0.3, seed=0)
    net = MLP([2, 12, 12, 1], activation="tanh", seed=0)
    return Trainer(net, make_optimizer("adam", learning_rate=0.03), ds.x_train, ds.y_train,
                   ds.x_test, ds.y_test, batch_size=10, patience=patience, seed=0,
                   restore_best_weights=restore_best_weights)


@pytest.mark.parametrize("patience", [1, 2, 5])
def test_early_stopping_stops_and_restores_the_best_epoch(patience: int) -> None:
    trainer = overfitting_trainer(patience)
    net = trainer.net
    snapshots = []
    for _ in range(100):
        if trainer.step() is None:
            break
        snapshots.append(net.params.copy())
    assert trainer.stopped_reason is not None
    assert trainer.stopped_reason.startswith("early stopping")
    assert f"{patience} epochs" in trainer.stopped_reason
    assert not trainer.running
    assert not trainer.diverged
    assert trainer.step() is None
    assert trainer.step_batch() is None
    records = trainer.history.records
    assert trainer.epoch == len(records) == trainer.best_epoch + patience
    test_losses = [r.test_loss for r in records]
    assert trainer.best_test_loss == min(test_losses)  # type: ignore[type-var]
    assert records[trainer.best_epoch - 1].test_loss == trainer.best_test_loss
    # the params are back to those right after the best epoch
    np.testing.assert_array_equal(net.params, snapshots[trainer.best_epoch - 1])
    assert trainer.evaluate()[0][1] == trainer.best_test_loss
    assert trainer.x_test is not None
    t_test = encode_targets(trainer.y_test, "square", 2, "tanh")
    recomputed = float(np.mean(0.5 * ((net.forward(trainer.x_test) - t_test) ** 2).sum(axis=1)))
    assert recomputed == pytest.approx(trainer.best_test_loss, rel=1e-12)


def test_early_stopping_restores_a_best_epoch_that_is_not_the_first() -> None:
    trainer = overfitting_trainer(5)
    records = trainer.run(300)
    assert trainer.stopped_reason is not None
    assert 1 < trainer.best_epoch < len(records)
    assert records[0].test_loss > trainer.best_test_loss  # type: ignore[operator]
    assert trainer.evaluate()[0][1] == trainer.best_test_loss


def test_contradicting_test_labels_stop_training_early() -> None:
    x, y, xt, yt = contradicting_test_set()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, xt, yt,
                      batch_size=10, patience=3)
    records = trainer.run(100)
    assert trainer.best_epoch == 1
    assert len(records) == 4
    assert [r.test_loss for r in records] == sorted(r.test_loss for r in records)  # type: ignore


def test_early_stopping_without_restore_keeps_the_last_weights() -> None:
    x, y, xt, yt = contradicting_test_set()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, xt, yt,
                      batch_size=10, patience=2, restore_best_weights=False)
    records = trainer.run(100)
    assert trainer.stopped_reason is not None
    assert len(records) == trainer.best_epoch + 2
    assert trainer.evaluate()[0][1] == records[-1].test_loss
    assert records[-1].test_loss > trainer.best_test_loss  # type: ignore[operator]


def test_patience_zero_never_stops_early() -> None:
    x, y, xt, yt = contradicting_test_set()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, xt, yt)
    assert len(trainer.run(20)) == 20
    assert trainer.stopped_reason is None
    assert trainer.running


# ---------------------------------------------------------------------------- history
def test_history_limit_keeps_evenly_spaced_epochs_and_the_last_one() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("sgd"), x, y, batch_size=None, history_limit=8)
    trainer.run(50)
    epochs = [r.epoch for r in trainer.history.records]
    assert 4 <= len(epochs) <= 8
    stride = trainer.history.stride
    assert stride > 1
    assert epochs == list(range(stride, 51, stride))[: len(epochs)]
    assert np.all(np.diff(epochs) == stride)
    assert trainer.history.last is not None
    assert trainer.history.last.epoch == 50


def test_history_limit_below_four_raises() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    with pytest.raises(ValueError, match=r"≥ 4.*3"):
        Trainer(net, make_optimizer("sgd"), x, y, history_limit=3)


# ---------------------------------------------------------------------------- statistics
def test_grad_norms_and_update_ratios_by_hand_for_a_full_batch_step() -> None:
    x, y, _, _ = circle()
    net, ref = twin_nets([2, 4, 3, 1])
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.1), x, y, batch_size=None)
    record = trainer.step()
    grad_w = sgd_by_hand(ref, x, y, 0.1)
    assert record is not None
    assert len(record.grad_norms) == len(record.update_ratios) == 3
    expected_norms = [float(np.linalg.norm(g)) for g in grad_w]
    assert record.grad_norms == pytest.approx(expected_norms, rel=1e-10)
    # ‖Δw‖ / ‖w‖ with Δw = lr · grad_w and w the weights after the update
    expected_ratios = [0.1 * n / float(np.linalg.norm(w))
                       for n, w in zip(expected_norms, net.weights, strict=True)]
    assert record.update_ratios == pytest.approx(expected_ratios, rel=1e-8)


def test_grad_norms_and_update_ratios_are_positive_per_layer() -> None:
    x, y, xt, yt = circle(n_points=100)
    net = MLP([2, 5, 4, 3, 1], activation="relu", output_activation="tanh", seed=0)
    trainer = Trainer(net, make_optimizer("adam", learning_rate=0.01), x, y, xt, yt)
    for record in trainer.run(3):
        assert len(record.grad_norms) == len(record.update_ratios) == 4
        assert all(g > 0 for g in record.grad_norms)
        assert all(0 < r < 1 for r in record.update_ratios)


def test_epoch_records_losses_and_accuracies_match_the_network() -> None:
    x, y, xt, yt = circle(n_points=100)
    net, _ = twin_nets()
    trainer = Trainer(net, make_optimizer("adam", learning_rate=0.02), x, y, xt, yt, l2=0.01)
    record = trainer.run(5)[-1]
    for xs, ys, loss, accuracy in ((x, y, record.train_loss, record.train_accuracy),
                                   (xt, yt, record.test_loss, record.test_accuracy)):
        out = net.forward(xs)
        t = encode_targets(ys, "square", 2, "tanh")
        # data loss only: the l2 penalty is not part of the recorded loss
        assert loss == pytest.approx(float(np.mean(0.5 * ((out - t) ** 2).sum(axis=1))),
                                     rel=1e-12)
        assert accuracy == pytest.approx(float(np.mean(predict_classes(out, "tanh") == ys)),
                                         abs=1e-15)


def test_multiclass_accuracy_uses_the_argmax() -> None:
    ds = make_dataset("blobs3", n_points=90, seed=0)
    net = MLP([2, 5, 3], activation="tanh", output_activation="linear", seed=0)
    trainer = Trainer(net, make_optimizer("adam", learning_rate=0.05), ds.x_train, ds.y_train,
                      ds.x_test, ds.y_test, loss="softmax_cross_entropy", n_classes=3)
    record = trainer.run(3)[-1]
    predicted = np.argmax(net.forward(ds.x_test), axis=1)
    assert record.test_accuracy == pytest.approx(float(np.mean(predicted == ds.y_test)))


@pytest.mark.parametrize("output_activation", ["linear", "sigmoid", "tanh"])
@pytest.mark.parametrize("loss", ["log", "hinge"])
def test_accuracy_of_a_loss_on_the_logit_is_the_sign_of_z(loss: str,
                                                          output_activation: str) -> None:
    ds = make_dataset("gaussian", n_points=200, seed=0)
    net = MLP([2, 4, 1], activation="tanh", output_activation=output_activation, seed=0)
    trainer = Trainer(net, make_optimizer("adam", learning_rate=0.05), ds.x_train, ds.y_train,
                      ds.x_test, ds.y_test, loss=loss)
    record = trainer.run(20)[-1]
    z, _ = net.forward_logits(ds.x_test)
    assert record.test_accuracy == pytest.approx(float(np.mean((z[:, 0] >= 0) == ds.y_test)))
    assert record.test_accuracy == 1.0


@pytest.mark.parametrize("output_activation", ["relu", "softplus"])
@pytest.mark.parametrize("loss", ["log", "hinge"])
def test_accuracy_of_a_loss_on_the_logit_ignores_a_non_negative_output_activation(
        loss: str, output_activation: str) -> None:
    test_accuracy_of_a_loss_on_the_logit_is_the_sign_of_z(loss, output_activation)


def test_regression_has_losses_but_no_accuracy() -> None:
    ds = make_dataset("plane", n_points=100, seed=0)
    net = MLP([2, 3, 1], activation="tanh", output_activation="linear", seed=0)
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.01), ds.x_train, ds.y_train,
                      ds.x_test, ds.y_test, n_classes=0)
    records = trainer.run(5)
    for record in records:
        assert record.train_accuracy is None
        assert record.test_accuracy is None
        assert record.test_loss is not None
    t = ds.y_test.reshape(-1, 1)
    expected = float(np.mean(0.5 * (net.forward(ds.x_test) - t) ** 2))
    assert records[-1].test_loss == pytest.approx(expected, rel=1e-12)
    assert records[-1].train_loss < records[0].train_loss


def test_without_a_test_set_the_test_fields_are_none() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    record = Trainer(net, make_optimizer("sgd"), x, y).step()
    assert record is not None
    assert record.test_loss is None
    assert record.test_accuracy is None
    assert record.train_accuracy is not None


# ---------------------------------------------------------------------------- divergence
def diverging_trainer(batch_size: int = 10) -> Trainer:
    ds = make_dataset("circle", n_points=200, seed=0)
    net = MLP([2, 8, 8, 1], activation="relu", output_activation="linear", init="he_normal",
              seed=0)
    return Trainer(net, make_optimizer("sgd", learning_rate=10), ds.x_train, ds.y_train,
                   ds.x_test, ds.y_test, loss="square", batch_size=batch_size, seed=0)


def test_learning_rate_ten_diverges_quietly_and_stops() -> None:
    trainer = diverging_trainer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid) fails the test
        records = trainer.run(100)
        after = trainer.step()
        after_batch = trainer.step_batch()
    assert trainer.diverged
    assert len(records) < 100
    assert records[-1].diverged
    assert not any(r.diverged for r in records[:-1])
    assert not math.isfinite(records[-1].train_loss)
    assert trainer.history.last == records[-1]
    assert trainer.stopped_reason is not None
    assert "diverged" in trainer.stopped_reason
    assert not trainer.running
    assert after is None
    assert after_batch is None
    assert trainer.epoch == len(records)


def test_divergence_inside_an_epoch_ends_it_through_step_batch() -> None:
    trainer = diverging_trainer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(100 * trainer.batches_per_epoch):
            record = trainer.step_batch()
            if trainer.diverged:
                break
        assert trainer.step_batch() is None
    assert trainer.diverged
    assert record is not None
    assert record.diverged
    assert trainer.history.last is record


# ---------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"batch_size": 0}, "batch_size.*0"),
    ({"batch_size": -3}, "batch_size.*-3"),
    ({"batch_size": 2.5}, "batch_size.*2.5"),
    ({"l2": -0.1}, r"l2.*\[0, 10(\.0)?\].*-0.1"),
    ({"l1": 11}, r"l1.*\[0, 10(\.0)?\].*11"),
    ({"l1": math.nan}, "l1.*nan"),
    ({"loss": "mse"}, "'mse'.*square"),
    ({"loss": "hinge", "n_classes": 3}, "'hinge'.*allowed: square"),
    ({"schedule": "cosine"}, "'cosine'.*inverse_time"),
    ({"schedule": "step", "decay_rate": 1.5}, "decay_rate.*1.5"),
    ({"schedule": "step", "decay_steps": 0}, "decay_steps.*0"),
    ({"patience": -1}, "patience.*-1"),
    ({"patience": 1.5}, "patience.*1.5"),
])
def test_bad_arguments_raise_value_error_naming_the_value(kwargs: dict[str, object],
                                                          fragment: str) -> None:
    x, y, xt, yt = circle()
    net, _ = twin_nets()
    with pytest.raises(ValueError, match=fragment):
        Trainer(net, make_optimizer("sgd"), x, y, xt, yt, **kwargs)  # type: ignore[arg-type]


def test_patience_without_a_test_set_raises() -> None:
    x, y, _, _ = circle()
    net, _ = twin_nets()
    with pytest.raises(ValueError, match="needs a test set"):
        Trainer(net, make_optimizer("sgd"), x, y, patience=3)


def test_output_size_must_match_the_loss_and_classes() -> None:
    ds = make_dataset("blobs3", n_points=30, seed=0)
    net = MLP([2, 4, 1], output_activation="linear")
    with pytest.raises(ValueError, match="1 outputs.*needs 3"):
        Trainer(net, make_optimizer("sgd"), ds.x_train, ds.y_train,
                loss="softmax_cross_entropy", n_classes=3)


def test_x_train_must_match_the_network_inputs() -> None:
    x, y, _, _ = circle()
    net = MLP([3, 4, 1])
    with pytest.raises(ValueError, match=r"x_train must be \(n, 3\).*\(30, 2\)"):
        Trainer(net, make_optimizer("sgd"), x, y)


@pytest.mark.parametrize(("part", "fragment"), [
    ("y_train", "y_train"), ("y_test", "y_test"), ("x_test", r"x_test.*\(n, 2\)")])
def test_mismatched_data_raises_value_error_naming_it(part: str, fragment: str) -> None:
    x, y, xt, yt = circle()
    data = {"x_train": x, "y_train": y, "x_test": xt, "y_test": yt}
    data[part] = np.zeros((len(xt), 3)) if part == "x_test" else data[part][:-2]
    net, _ = twin_nets()
    with pytest.raises(ValueError, match=fragment):
        Trainer(net, make_optimizer("sgd"), data["x_train"], data["y_train"], data["x_test"],
                data["y_test"])


@pytest.mark.parametrize("bad", [-1.0, 11.0])
def test_learning_rate_out_of_range_is_rejected_by_the_optimizer(bad: float) -> None:
    with pytest.raises(ValueError, match=rf"learning_rate.*{bad!r}"):
        make_optimizer("sgd", learning_rate=bad)


@pytest.mark.parametrize(("make", "fragment"), [
    (lambda: make_dataset("donut"), "'donut'.*circle"),
    (lambda: make_optimizer("adamw"), "'adamw'.*adam"),
    (lambda: MLP([2, 3, 1], activation="swish"), "'swish'.*tanh"),
    (lambda: MLP([2, 1], init="glorot"), "'glorot'.*xavier_uniform"),
    (lambda: learning_rate_at(0.1, 0, "cosine", 0.5, 10), "'cosine'.*exponential"),
    (lambda: make_dataset("circle", n_points=0), "n_points.*0"),
    (lambda: make_dataset("circle", noise=0.9), "noise.*0.9"),
])
def test_public_api_rejects_unknown_names_and_bad_sizes(make: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        make()  # type: ignore[operator]


def test_switching_l1_off_revives_the_links_it_cut() -> None:
    ds = make_dataset("circle", seed=0)
    net = MLP([2, 4, 2, 1], init="playground", seed=0)
    trainer = Trainer(net, make_optimizer("sgd", learning_rate=0.03), ds.x_train, ds.y_train,
                      l1=0.1)
    trainer.run(20)
    assert net.dead.any() and np.all(net.params[net.dead] == 0.0)
    trainer.set_regularization(0.03, 0.0)  # a lower rate: the cut links stay cut
    assert net.dead.any()
    trainer.set_regularization(0.0, 0.0)
    assert not net.dead.any()
