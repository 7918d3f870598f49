"""Tests for app.engine.compiled.stack: runs trained in a stack have exactly the numbers they
have trained alone (parameters, gradients, optimizer state, generator, history, early stopping),
whatever else shares the stack, however often it is opened and closed, and whichever runs used
its frame before; runs that cannot stack are told apart."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from app.config import Config
from app.engine import MLP, Trainer, make_optimizer
from app.engine.compiled.stack import Frame, Stack, stack_key
from app.session import snapshot
from app.session.run import Run, build_run


def runs(*configs: Config) -> list[Run]:
    return [build_run(c) for c in configs]


def trainer(run: Run) -> Trainer:
    assert isinstance(run.trainer, Trainer)
    return run.trainer


def assert_same(alone: Sequence[Run], stacked: Sequence[Run]) -> None:
    """Each pair is the same run, bit for bit: its whole snapshot and its last gradients."""
    for a, b in zip(alone, stacked, strict=True):
        assert a.epoch == b.epoch
        assert np.array_equal(trainer(a).net.grads, trainer(b).net.grads)
        assert snapshot.dump(a, False) == snapshot.dump(b, False)


def class_of(n: int, **fields: object) -> list[Config]:
    """n students' configs: one network, their own seeds, data and learning rates."""
    rates = (0.03, 0.1, 0.01, 0.3, 0.003, 1.0)
    return [Config(**{"seed": s, "data_seed": s + 7, "noise": 0.05 * (s % 3),  # type: ignore[arg-type]
                      "learning_rate": rates[s % len(rates)], **fields}) for s in range(n)]


CASES = {
    "default": {},
    "relu, 3 hidden layers, a batch of 7 leaving a rest": dict(
        activation="relu", hidden_layers=(5, 3, 2), batch_size=7),
    "sigmoid, L2, exponential decay": dict(activation="sigmoid", regularization="l2",
                                           regularization_rate=0.01, schedule="exponential",
                                           decay_rate=0.5, decay_steps=5),
    "spiral, six features, linear output": dict(
        dataset="spiral", features=("x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1"),
        output_activation="linear"),
    "full batch": dict(batch_mode="full"),
    "stochastic": dict(batch_mode="stochastic", train_fraction=0.2),
    "TF Playground's order with a rest": dict(data_order="playground", batch_size=7),
    "regression": dict(problem="regression", dataset="plane"),
    "three classes, square loss on three outputs": dict(dataset="blobs3"),
}


@pytest.mark.parametrize("fields", list(CASES.values()), ids=list(CASES))
def test_a_stack_trains_every_run_exactly_as_alone(fields: dict[str, object]) -> None:
    configs = class_of(4, **fields)
    alone, stacked = runs(*configs), runs(*configs)
    for run in alone + stacked:
        trainer(run).step()  # a first epoch alone: TF Playground's order starts differently
    keys = {stack_key(trainer(r)) for r in stacked}
    assert len(keys) == 1 and None not in keys
    for run in alone:
        for _ in range(12):
            trainer(run).step()
    with Stack([trainer(r) for r in stacked]) as stack:
        for _ in range(12):
            records = stack.epoch()
    assert [t for t, _ in records] == [trainer(r) for r in stacked]
    assert_same(alone, stacked)


def test_runs_that_join_leave_and_train_alone_between_stacks_stay_exact() -> None:
    configs = class_of(5)
    alone, stacked = runs(*configs), runs(*configs)
    frames: dict[tuple[int, int], Frame] = {}
    for run in alone:
        for _ in range(9):
            trainer(run).step()
    t = [trainer(r) for r in stacked]
    with Stack([t[0], t[1], t[2]], frames) as stack:
        stack.epoch()
        stack.epoch()
    t[3].step()
    t[3].train(3)  # alone into an epoch: it may not join until the epoch ends
    assert stack_key(t[3]) is None
    t[3].step()
    t[4].step()
    with Stack([t[4], t[1], t[3]], frames) as stack:  # the frame of three, other runs
        for _ in range(3):
            stack.epoch()
    for x in (t[0], t[2]):
        for _ in range(3):
            x.step()
    with Stack(t, frames) as stack:
        for _ in range(4):
            stack.epoch()
    for x in t:
        while x.epoch < 9:
            x.step()
    assert len(frames) == 2  # three runs and five
    assert_same(alone, stacked)


def test_a_run_that_diverges_leaves_the_stack_and_the_others_go_on_exactly() -> None:
    configs = class_of(3, activation="relu", output_activation="linear")
    configs[1] = configs[1].model_copy(update={"learning_rate": 10.0})
    alone, stacked = runs(*configs), runs(*configs)
    for run in alone:
        trainer(run).run(25)
    with Stack([trainer(r) for r in stacked]) as stack:
        for _ in range(25):
            if not stack.trainers:
                break
            stack.epoch()
        left = list(stack.trainers)
    assert trainer(alone[1]).diverged and trainer(stacked[1]).diverged
    assert trainer(stacked[1]) not in left and len(left) == 2
    assert_same(alone, stacked)


def test_early_stopping_restores_the_best_weights_in_a_stack_too() -> None:
    configs = class_of(3, patience=3, learning_rate=0.3, noise=0.5, train_fraction=0.3)
    alone, stacked = runs(*configs), runs(*configs)
    for run in alone:
        trainer(run).run(200)
    assert all(trainer(r).stopped_reason for r in alone)
    assert len({r.epoch for r in alone}) > 1  # they leave the stack at different epochs
    with Stack([trainer(r) for r in stacked]) as stack:
        for _ in range(200):
            if not stack.trainers:
                break
            stack.epoch()
    assert_same(alone, stacked)


def test_runs_that_cannot_stack_have_no_key() -> None:
    stackable = build_run(Config())
    assert stack_key(trainer(stackable)) is not None
    for fields in (dict(dropout=0.2), dict(regularization="l1", regularization_rate=0.01),
                   dict(optimizer="adam"), dict(optimizer="momentum"), dict(activation="elu"),
                   dict(dataset="blobs3", loss="softmax_cross_entropy")):
        assert stack_key(trainer(build_run(Config(**fields)))) is None, fields  # type: ignore[arg-type]
    perceptron_order = build_run(Config(data_order="playground", batch_size=7))
    assert stack_key(trainer(perceptron_order)) is None  # its first epoch has no carried rest
    trainer(perceptron_order).step()
    assert stack_key(trainer(perceptron_order)) is not None


def test_runs_of_other_shapes_or_the_same_run_twice_are_refused() -> None:
    a, b = runs(Config(), Config(hidden_layers=(3,)))
    with pytest.raises(ValueError, match="one stack_key"):
        Stack([trainer(a), trainer(b)])

    def made(n_classes: int) -> Trainer:  # the same calls, measured otherwise
        x = np.random.default_rng(0).uniform(-1, 1, (40, 2))
        y = (x[:, 0] > 0).astype(float) if n_classes else x[:, 0] / 2
        return Trainer(MLP([2, 3, 1]), make_optimizer("sgd", learning_rate=0.1), x, y,
                       x[:20], y[:20], n_classes=n_classes)

    regression, classes = made(0), made(2)
    assert stack_key(regression) != stack_key(classes)  # a regression has no accuracy
    assert stack_key(regression)[1] == stack_key(classes)[1]  # type: ignore[index]
    with pytest.raises(ValueError, match="one stack_key"):
        Stack([trainer(a), trainer(a)])


def test_a_stack_trains_only_while_open_and_a_frame_serves_one_stack_at_a_time() -> None:
    t = [trainer(r) for r in runs(*class_of(4))]
    frames: dict[tuple[int, int], Frame] = {}
    stack = Stack(t[:2], frames)
    with pytest.raises(ValueError, match="with block"):
        stack.epoch()
    with stack, pytest.raises(ValueError, match="opened twice"):
        Stack(t[2:], frames).__enter__()
    with Stack(t[2:], frames) as other:  # free again once the first closed
        other.epoch()
    assert [x.epoch for x in t] == [0, 0, 1, 1]


def test_a_run_changed_since_the_stack_was_made_is_not_trained_by_it() -> None:
    t = [trainer(r) for r in runs(*class_of(2))]
    stack = Stack(t)
    assert stack.current
    t[1].set_regularization(0.0, 0.01)  # new plans: the stack's are stale
    assert not stack.current
    with pytest.raises(ValueError, match="cannot join"):
        stack.__enter__()


def test_runs_known_before_the_shape_numbers_were_forgotten_still_stack(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.engine.compiled import stack_shape

    monkeypatch.setattr(stack_shape, "MAX_SHAPES", 2)
    old = runs(*class_of(2))
    assert stack_key(trainer(old[0])) == stack_key(trainer(old[1]))  # then three more shapes
    for layers in ((3,), (5,), (2, 2)):
        assert stack_key(trainer(build_run(Config(hidden_layers=layers)))) is not None
    with Stack([trainer(r) for r in old]) as stack:  # its own shape, not a lookup
        stack.epoch()
    assert [r.epoch for r in old] == [1, 1]
