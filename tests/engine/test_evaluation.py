"""Evaluation of train and test sets in one pass equals evaluating each set on its own."""

import numpy as np
import pytest

from app.engine import MLP, encode_targets, get_loss
from app.engine.evaluation import Evaluation


@pytest.mark.parametrize("loss", ["square", "log", "hinge"])
def test_one_pass_equals_each_set_alone(loss: str) -> None:
    rng = np.random.default_rng(0)
    net = MLP([2, 3, 1], output_activation="sigmoid" if loss == "log" else "tanh", seed=1)
    sets = []
    for n in (7, 5):
        x, y = rng.normal(size=(n, 2)), rng.integers(0, 2, n)
        sets.append((x, encode_targets(y, loss, 2, net.activation_names[-1]), y))
    losses, accuracies = Evaluation(net, get_loss(loss), loss, 2, sets)()
    for (x, t, y), got_loss, got_acc in zip(sets, losses, accuracies or [], strict=True):
        z, out = net.forward_logits(x)
        fn = get_loss(loss)
        assert got_loss == pytest.approx(fn.values(out if fn.on_output else z, t).mean())
        predicted = (out[:, 0] >= (0.5 if loss == "log" else 0.0)).astype(int)
        assert got_acc == pytest.approx((predicted == y).mean())


def test_regression_has_no_accuracy() -> None:
    net = MLP([2, 1], output_activation="linear", seed=0)
    x = np.ones((3, 2))
    losses, accuracies = Evaluation(net, get_loss("square"), "square", 0,
                                    [(x, np.zeros((3, 1)), np.zeros(3))])()
    assert accuracies is None and len(losses) == 1
