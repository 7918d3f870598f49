"""Tests for app.lecture.worked_example: every number agrees with the engine's gradients."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from app.config import Config
from app.engine import MLP
from app.lecture import worked_example
from app.lecture.chain_rows import Row
from app.lecture.worked_example import WorkedExample
from app.session.run import Run, build_run

TOLERANCE = 1e-9
CASES: list[dict[str, Any]] = [
    {},  # TF Playground's default: tanh, square loss, 4-2
    {"activation": "sigmoid", "loss": "log", "hidden_layers": "3"},
    {"activation": "relu", "loss": "hinge", "hidden_layers": "4,3", "dataset": "xor"},
    {"activation": "elu", "loss": "softmax_cross_entropy", "dataset": "blobs3",
     "hidden_layers": "5"},
    {"activation": "leaky_relu", "loss": "max_margin", "dataset": "blobs4", "hidden_layers": "4"},
    {"activation": "softplus", "dataset": "plane", "problem": "regression", "hidden_layers": "3,2"},
    {"activation": "ramp", "batch_mode": "full", "hidden_layers": "3,3,2"},
    {"activation": "linear", "loss": "log", "dataset": "gaussian", "hidden_layers": ""},
    {"features": "x1,x2,x1_squared,x2_squared,x1_x2,sin_x1", "output_activation": "sigmoid"},
    {"loss": "softmax_cross_entropy", "activation": "relu"},  # two logits for two classes
]


def trained(epochs: int = 4, **settings: Any) -> Run:
    run = build_run(Config(**settings))
    run.trainer.run(epochs)
    return run


def choose(run: Run, point: int, weight: tuple[int, int, int]) -> WorkedExample:
    run.config = run.config.model_copy(update={"example_point": point, "example_weight": weight})
    return worked_example.build(run)


def rows(example: WorkedExample) -> dict[str, Row]:
    return {row.key: row for row in example.forward + example.backward}


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE * 1e-3)


def every_weight(net: MLP) -> list[tuple[int, int, int]]:
    return [(layer, i, j) for layer, w in enumerate(net.weights)
            for i in range(w.shape[0]) for j in range(w.shape[1])]


@pytest.mark.parametrize("settings", CASES,
                         ids=lambda s: "-".join(map(str, s.values())) or "default")
def test_every_factor_matches_the_engines_backpropagation(settings: dict[str, Any]) -> None:
    run = trained(**settings)
    net, trainer = run.model, run.trainer
    assert isinstance(net, MLP)
    for point in (0, 7):
        x, t = run.x_train[point : point + 1], trainer.t_train[point : point + 1]
        E, grad_w, grad_b = net.loss_and_gradients(x, t, trainer.loss_name)
        zs, acts = net.forward_layers(x)
        for layer, i, j in every_weight(net):
            r = rows(choose(run, point, (layer, i, j)))
            assert close(r["E"].value, E)
            assert close(r["dE_dw"].value, float(grad_w[layer][i, j])), (layer, i, j)
            assert close(r["delta"].value, float(grad_b[layer][j]))  # ∂E/∂b = δ
            assert close(r["z"].value, float(zs[layer][0, j]))
            assert close(r["y_p"].value, float(acts[layer][0, j]))
            a_in = x[0, i] if layer == 0 else acts[layer - 1][0, i]
            assert close(r["dz_dw"].value, float(a_in))
            alpha = trainer.optimizer.learning_rate
            assert close(r["delta_w"].value, -alpha * float(grad_w[layer][i, j]))
            assert close(r["new_w"].value, float(net.weights[layer][i, j]) - alpha * float(
                grad_w[layer][i, j]))


@pytest.mark.parametrize("settings", CASES[:5], ids=["tanh", "log", "hinge", "softmax", "margin"])
def test_the_factors_multiply_to_the_gradient_and_hidden_units_sum_their_upstream(
        settings: dict[str, Any]) -> None:
    run = trained(**settings)
    assert isinstance(run.model, MLP)
    for weight in every_weight(run.model):
        example = choose(run, 3, weight)
        r, chain = rows(example), example.chain
        assert chain is not None
        if "dy_dz" in r:
            assert close(r["dE_dy"].value * r["dy_dz"].value, r["delta"].value)
            assert close(r["dE_dy"].value * r["dy_dz"].value * r["dz_dw"].value, r["dE_dw"].value)
        else:  # the loss reads z: δ comes straight from it
            assert close(r["delta"].value * r["dz_dw"].value, r["dE_dw"].value)
        if example.hidden:
            assert len(example.upstream) == run.model.sizes[weight[0] + 2]
            assert close(sum(w * d for w, d in chain.upstream), r["dE_dy"].value)


def test_a_step_moves_only_that_weight_by_delta_w_and_lowers_this_points_loss() -> None:
    run = trained(learning_rate=0.01)
    assert isinstance(run.model, MLP)
    before = run.model.params.copy()
    example = choose(run, 5, (1, 2, 0))
    step = worked_example.apply_step(run)
    changed = np.flatnonzero(run.model.params != before)
    assert len(changed) == 1
    assert run.model.weights[1][2, 0] == step.before.new_w
    assert step.before.new_w == before[changed[0]] + step.before.delta_w
    assert step.before.new_E < step.before.E == rows(example)["E"].value
    after = worked_example.build(run, step)
    assert rows(after)["E"].value == step.before.new_E
    assert after.step is step
    assert float(step.lines["new_w"]) == pytest.approx(step.before.new_w, rel=1e-3)


def test_the_step_summary_shows_enough_digits_to_see_the_loss_move() -> None:
    run = trained(learning_rate=0.0001)
    choose(run, 0, (0, 0, 0))
    lines = worked_example.apply_step(run).lines
    assert lines["E"] != lines["new_E"] and lines["w"] != lines["new_w"]


def test_weights_are_named_as_in_the_lecture_and_listed_layer_by_layer() -> None:
    run = build_run(Config(hidden_layers=(3, 2), features=("x1", "x2", "x1_squared")))
    assert isinstance(run.model, MLP)
    groups = worked_example.weight_choices(run.model, run.config.features)
    assert [label for label, _ in groups] == [
        "w[0]: inputs → hidden layer 1", "w[1]: hidden layer 1 → hidden layer 2",
        "w[2]: hidden layer 2 → output"]
    options = dict(option for _, group in groups for option in group)
    assert len(options) == 3 * 3 + 3 * 2 + 2 * 1
    assert options["0,2,1"] == "w[0]: X₁² → h1,2"
    assert options["1,1,0"] == "w[1]: h1,2 → h2,1"
    assert options["2,1,0"] == "w[2]: h2,2 → y_p"


def test_a_choice_the_network_lost_falls_back_and_says_so() -> None:
    run = build_run(Config(hidden_layers=(2,), example_point=4999, example_weight=(3, 9, 9)))
    example = worked_example.build(run)
    assert example.point == len(run.x_train) - 1 and example.weight == "0,0,0"
    assert any("does not exist" in note for note in example.notes)
    assert any("not in this network" in note for note in example.notes)


def test_the_notes_say_where_the_lecture_step_differs_from_training() -> None:
    run = build_run(Config(optimizer="adam", regularization="l2", regularization_rate=0.01,
                           dropout=0.1))
    notes = " ".join(worked_example.build(run).notes)
    assert "adam" in notes and "regularisation" in notes and "Dropout" in notes
    assert "over 10 examples" in notes


def test_the_perceptron_has_no_chain_to_show() -> None:
    example = worked_example.build(build_run(Config(model="perceptron")))
    assert example.reason is not None and "φ'(z) = 0" in example.reason
    assert example.forward == [] and example.chain is None


def test_a_zero_gradient_says_which_factor_of_the_chain_vanished() -> None:
    run = build_run(Config(activation="relu", hidden_layers=(2,)))
    assert isinstance(run.model, MLP)
    run.model.biases[0][1] = -50.0  # h1,2 is off on every point: φ'(z) = 0
    example = choose(run, 0, (0, 0, 1))
    assert rows(example)["dE_dw"].value == 0
    assert "φ'(z) = 0" in example.zero_gradient
    hinge = build_run(Config(loss="hinge", hidden_layers=(2,)))
    assert isinstance(hinge.model, MLP)
    hinge.model.biases[-1][0] = 50.0  # every point scores t·z ≥ 1 or is hopeless: flat hinge
    point = int(np.flatnonzero(hinge.dataset.y_train == 1)[0])
    assert "the loss is flat here" in choose(hinge, point, (1, 0, 0)).zero_gradient
    assert choose(hinge, point, (1, 0, 0)).notes == [
        "Training averages ∂E/∂w over 10 examples and moves every weight at once; here one "
        "example moves one weight."]
