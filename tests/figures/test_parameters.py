"""Parameters as the diagram sees them: views per layer, L1 zeros, gradient health."""

from __future__ import annotations

import pytest

from app.config import Config, from_query
from app.figures.parameters import counts_zeros, health, layers, zero_count
from app.session.edits import set_parameter
from app.session.run import advance, build_run


def test_layers_are_views_with_gradients_for_the_mlp() -> None:
    run = build_run(Config())
    shapes = [(p.w.shape, p.b.shape, p.grad_w.shape if p.grad_w is not None else None)
              for p in layers(run)]
    assert shapes == [((2, 4), (4,), (2, 4)), ((4, 2), (2,), (4, 2)), ((2, 1), (1,), (2, 1))]
    layers(run)[1].w[3, 1] = 2.5
    assert run.model.weights[1][3, 1] == 2.5  # type: ignore[union-attr]


def test_the_perceptron_is_one_layer_whose_bias_is_its_weight_on_x0() -> None:
    run = build_run(from_query("model=perceptron&dataset=gaussian&features=x1,x2"))
    (layer,) = layers(run)
    assert layer.w.shape == (2, 1) and layer.b.shape == (1,) and layer.grad_w is None
    set_parameter(run, 0, 0, 0.5, source=1)
    set_parameter(run, 0, 0, -0.25)
    assert run.model.weights.tolist()[0] == -0.25 and run.model.weights.tolist()[2] == 0.5


def test_l1_counts_the_weights_that_are_exactly_zero() -> None:
    assert not counts_zeros(build_run(Config())) and zero_count(build_run(Config())) is None
    run = build_run(from_query("regularization=l1&regularization_rate=0.3&learning_rate=0.1"))
    assert counts_zeros(run)
    for w in run.model.weights:  # type: ignore[union-attr]
        w[:] = 1.0
    run.model.weights[0][:] = [[0.0, 1e-300, -0.0, 0.5], [0.031, 1.0, -2.0, 0.0]]  # type: ignore[union-attr]
    assert zero_count(run) == (3, 8 + 8 + 2)  # 1e-300 is not zero; −0.0 is


def test_l1_drives_weights_of_useless_inputs_to_zero() -> None:
    run = build_run(from_query("features=x1,x2,sin_x1,sin_x2&regularization=l1"
                               "&regularization_rate=0.03&learning_rate=0.1&dataset=gaussian"))
    advance(run, 300, budget=60.0)
    zero, total = zero_count(run)  # type: ignore[misc]
    assert total == 4 * 4 + 4 * 2 + 2 and zero >= 15  # 21 of 26 for seeds 0..4


@pytest.mark.parametrize(("norm", "ratio", "expected"), [
    (None, None, "none"), (3e-6, 1e-4, "vanishing"), (1e-3, 1e-3, "ok"), (500.0, 1e-3, "exploding"),
    (0.1, 0.5, "exploding"), (float("nan"), 0.1, "exploding"), (1e-5, None, "ok"),
])
def test_health_flags_vanishing_and_exploding_layers(
        norm: float | None, ratio: float | None, expected: str) -> None:
    assert health(norm, ratio) == expected
