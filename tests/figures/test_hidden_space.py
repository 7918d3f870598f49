"""The hidden space: coordinates are the layer's activations (two units, or the first two
principal components, sign-fixed), the grid lines are the plane's carried through, and the
output's decision line is where z = 0."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.config import Config
from app.engine import MLP, feature_matrix
from app.figures import hidden_space
from app.figures.hidden_space import PCA, Choice, basis, grid_lines, resolve
from app.session.run import advance, build_run


def served_points(figure: dict[str, Any]) -> np.ndarray:
    traces = [t for t in figure["data"] if str(t["name"]).startswith("class")]
    return np.vstack([np.column_stack([t["x"], t["y"]]) for t in traces]).astype(float)


def test_two_units_are_the_axes_and_their_values_are_the_activations() -> None:
    run = build_run(Config(dataset="xor_gate", hidden_layers=(2,)))
    advance(run, 20, budget=10.0)
    choice = resolve(run, 1, "")
    assert choice == Choice(1, "0,1")
    figure = hidden_space.figure(run, choice)
    assert isinstance(run.model, MLP)
    _, acts = run.model.forward_layers(run.trainer.x_train)
    y = run.dataset.y_train
    expected = np.vstack([acts[0][y == 0], acts[0][y == 1]])
    assert np.allclose(served_points(figure), expected, atol=5e-4)  # rounded to 3 decimals


def test_the_grid_lines_are_the_plane_carried_through_the_layer() -> None:
    run = build_run(Config(hidden_layers=(3, 2), features=("x1", "x2", "x1_x2")))
    lines = grid_lines()
    assert lines.shape == (2 * 13 * 25, 2)
    assert set(np.unique(lines[:25, 0])) == {-6.0} and lines[24, 1] == 6.0  # x₁ = −6, x₂ ↑
    figure = hidden_space.figure(run, Choice(2, "0,1"))
    first = next(t for t in figure["data"] if t["name"] == "lines x₁ = c")
    assert isinstance(run.model, MLP)
    _, acts = run.model.forward_layers(feature_matrix(lines[:25], run.config.features))
    assert np.allclose(first["x"][:25], acts[1][:, 0], atol=5e-4)
    assert first["x"][25] is None  # a gap between two lines


def test_principal_components_are_numpys_svd_with_a_fixed_sign() -> None:
    rng = np.random.default_rng(0)
    h = rng.normal(size=(200, 4)) * [3.0, 0.1, 1.0, 0.01] + [1, 2, 3, 4]
    mean, axes, titles = basis(h, Choice(1, PCA))
    _, s, vt = np.linalg.svd(h - h.mean(axis=0), full_matrices=False)
    assert np.allclose(mean, h.mean(axis=0))
    assert np.allclose(np.abs(axes), np.abs(vt[:2]))  # the top two right singular vectors
    assert all(row[np.argmax(np.abs(row))] > 0 for row in axes)  # sign: largest entry positive
    assert titles[0] == f"PC1 ({s[0] ** 2 / (s ** 2).sum() * 100:.0f} % of the variance)"
    # the sign does not depend on how the SVD happens to return it: reordering the points
    # (another SVD run) gives the same axes, not mirrored ones
    flipped = basis(h[::-1], Choice(1, PCA))[1]
    assert np.allclose(flipped, axes)


def test_a_one_unit_layer_lies_on_a_line_and_choices_are_clamped() -> None:
    run = build_run(Config(hidden_layers=(4, 1)))
    assert resolve(run, 9, "pca") == Choice(2, "0")  # the last layer; one unit has no pairs
    figure = hidden_space.figure(run, resolve(run, 2, "") or Choice(2, "0"))
    assert set(served_points(figure)[:, 1]) == {0.0}
    assert resolve(run, 1, "0,9") == Choice(1, PCA)  # no neuron 10: the default, PCA
    assert resolve(run, 1, "1,3") == Choice(1, "1,3")
    assert resolve(build_run(Config(model="perceptron", dataset="and")), 1, "") is None
    assert "no hidden layer" in hidden_space.payload(build_run(Config(hidden_layers=())), 1,
                                                     "")["reason"]


@pytest.mark.parametrize("config", [
    Config(dataset="xor_gate", hidden_layers=(2,)),
    Config(dataset="xor_gate", hidden_layers=(2,), loss="softmax_cross_entropy"),
    Config(dataset="xor_gate", hidden_layers=(3, 2), loss="log")])
def test_the_decision_line_is_where_the_output_changes_class(config: Config) -> None:
    run = build_run(config)
    advance(run, 30, budget=10.0)
    layer = len(config.hidden_layers)
    figure = hidden_space.figure(run, Choice(layer, "0,1"))
    line = next(t for t in figure["data"] if t["name"].startswith("output's decision line"))
    net = run.model
    assert isinstance(net, MLP)
    w, b = net.weights[-1], net.biases[-1]
    for x, y in zip(line["x"], line["y"], strict=True):  # both ends: z = 0 (or z₁ = z₀)
        z = np.array([x, y]) @ w + b
        assert abs(z[-1] - (z[0] if len(z) == 2 else 0.0)) < 0.01


def test_no_decision_line_when_the_picture_is_not_the_whole_layer() -> None:
    run = build_run(Config(dataset="xor_gate", hidden_layers=(3,)))
    names = [t["name"] for t in hidden_space.figure(run, Choice(1, PCA))["data"]]
    assert not any(n.startswith("output's") for n in names)


def test_a_diverged_network_says_so() -> None:
    run = build_run(Config(dataset="xor_gate", hidden_layers=(2,)))
    assert isinstance(run.model, MLP)
    run.model.weights[0][0, 0] = np.nan
    assert hidden_space.figure(run, Choice(1, "0,1")) == {
        "reason": "the network diverged: there is no hidden space to show"}


def test_principal_components_of_fewer_than_two_points_fall_back_to_two_neurons() -> None:
    for h in (np.zeros((0, 4)), np.ones((1, 4))):
        mean, axes, titles = basis(h, Choice(1, PCA))
        assert axes.tolist() == np.eye(4)[:2].tolist() and titles == ["neuron 1", "neuron 2"]
