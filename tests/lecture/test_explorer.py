"""Tests for the explorer and its charts: histograms, saturated and dead units, curves."""

from __future__ import annotations

import numpy as np
import pytest

from app.config import Config
from app.engine import MLP, TRAINABLE_ACTIVATIONS, get_activation
from app.lecture import explorer, explorer_charts, layer_histogram
from app.lecture.explorer_charts import MARGINS, loss_curve
from app.session.run import build_run

RNG = np.random.default_rng(5)
X = RNG.uniform(-6, 6, (200, 2))


def net_with(activation: str, w: list[list[float]], b: list[float]) -> MLP:
    """Return a 2-input, 3-unit, 1-output network with these first-layer weights and biases."""
    net = MLP([2, 3, 1], activation=activation)
    net.weights[0][...] = np.asarray(w)
    net.biases[0][...] = np.asarray(b)
    return net


def test_each_units_histogram_counts_every_point_once_even_beyond_the_range() -> None:
    net = net_with("tanh", [[1.0, 5.0, 0.1], [0.0, 5.0, 0.1]], [0.0, 0.0, 0.0])  # h1,2: |z| ≫ 5
    view = layer_histogram.layer_view(net, X, 1, ["a", "b", "c"])
    assert view.n_points == len(X) and len(view.edges) == layer_histogram.BINS + 1
    assert [sum(c) for c in view.counts] == [len(X)] * 3
    z = X @ net.weights[0][:, 1]
    assert view.counts[1][0] == np.sum(z <= view.edges[1])  # below −5: the first bin
    assert view.counts[1][-1] == np.sum(z >= view.edges[-2])  # above +5: the last bin


def test_a_relu_that_is_off_on_every_point_is_dead_and_only_that_one() -> None:
    net = net_with("relu", [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [0.0, -0.5, 0.5])
    units = layer_histogram.layer_view(net, X, 1, ["h1,1", "h1,2", "h1,3"]).units
    assert [u.dead for u in units] == [False, True, False]
    assert units[1].low_gradient == 1.0 and units[1].mean_z == pytest.approx(-0.5)
    assert 0.3 < units[0].low_gradient < 0.7  # about half the points have x1 ≤ 0


def test_a_relu_at_exactly_zero_everywhere_counts_as_dead() -> None:
    net = net_with("relu", [[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]], [0.0, 50.0, 50.0])
    assert [u.dead for u in layer_histogram.layer_view(net, X, 1, ["a", "b", "c"]).units] == [
        True, False, False]  # φ'(0) = 0 in the engine, as in TensorFlow


def test_tanh_units_with_large_weights_are_flagged_saturated_not_dead() -> None:
    net = net_with("tanh", [[4.0, 0.05, 0.0], [4.0, 0.05, 0.0]], [0.0, 0.0, -9.0])
    units = layer_histogram.layer_view(net, X, 1, ["a", "b", "c"]).units
    assert [u.saturated for u in units] == [True, False, True]
    assert not any(u.dead for u in units)


def test_leaky_relu_is_never_called_dead_or_saturated() -> None:
    net = net_with("leaky_relu", [[0.0] * 3, [0.0] * 3], [-1.0] * 3)
    units = layer_histogram.layer_view(net, X, 1, ["a", "b", "c"]).units
    assert all(u.low_gradient == 1.0 and not u.dead and not u.saturated for u in units)


@pytest.mark.parametrize(("name", "peak"), [("sigmoid", 0.25), ("tanh", 1.0), ("relu", 1.0),
                                            ("linear", 1.0), ("softplus", 0.9933)])
def test_the_peak_of_each_derivative_over_the_plotted_range(name: str, peak: float) -> None:
    assert layer_histogram.peak_derivative(get_activation(name)) == pytest.approx(peak, abs=2e-3)


def test_the_losses_against_the_margin_are_the_lecture_appendix_curves() -> None:
    m = MARGINS
    expected = {
        "square": (0.5 * (m - 1) ** 2, m - 1),
        "log": (np.log1p(np.exp(-m)), -1 / (1 + np.exp(m))),
        "hinge": (np.maximum(0, 1 - m), np.where(m < 1, -1.0, 0.0)),
        "softmax_cross_entropy": (np.log1p(np.exp(-m)), -1 / (1 + np.exp(m))),
        "max_margin": (np.maximum(0, 1 - m), np.where(m < 1, -1.0, 0.0)),
    }
    for name, (values, gradient) in expected.items():
        got_values, got_gradient = loss_curve(name)
        np.testing.assert_allclose(got_values, values, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(got_gradient, gradient, atol=1e-12, err_msg=name)


def test_the_explorer_marks_what_this_run_uses_and_sees_its_margins() -> None:
    run = build_run(Config(activation="relu", loss="hinge", hidden_layers=(4, 2)))
    view = explorer.build(run, layer=2)
    assert view.layer is not None and view.layer.layer == 2 and len(view.layer.units) == 2
    assert [c.key for c in view.activations] == list(TRAINABLE_ACTIVATIONS)
    badges = {c.key: c.badge for c in view.activations if c.badge}
    assert badges == {"relu": "hidden layers", "linear": "output"}
    assert [c.key for c in view.losses if c.badge] == ["hinge"]
    margins = explorer.current_margins(run)
    assert margins is not None and len(margins) == len(run.x_train)
    histogram = view.charts["loss_hinge"]["data"][0]
    assert histogram["type"] == "bar" and sum(histogram["y"]) == len(run.x_train)
    assert explorer.build(run, layer=9).layer.layer == 2  # type: ignore[union-attr]


def test_square_loss_margins_only_when_the_targets_are_plus_and_minus_one() -> None:
    assert explorer.current_margins(build_run(Config())) is not None  # tanh output: t = ±1
    assert explorer.current_margins(build_run(Config(output_activation="sigmoid"))) is None
    assert explorer.current_margins(build_run(Config(dataset="blobs3"))) is None


@pytest.mark.parametrize("name", TRAINABLE_ACTIVATIONS)
def test_the_activation_curves_are_the_engines_value_and_derivative(name: str) -> None:
    act = get_activation(name)
    figure = explorer_charts.activation_figure(act, layer_histogram.CURVE, projector=False)
    phi, derivative = figure["data"]
    a = act.value(layer_histogram.CURVE)
    np.testing.assert_allclose(phi["y"], np.round(a, 4), atol=1e-12)
    np.testing.assert_allclose(derivative["y"], np.round(act.derivative(layer_histogram.CURVE, a),
                                                         4), atol=1e-12)


def test_projector_mode_draws_the_explorer_charts_in_18_px_type() -> None:
    act = get_activation("tanh")
    curve = np.linspace(-5, 5, 11)
    desk, big = (explorer_charts.activation_figure(act, curve, p) for p in (False, True))
    assert desk["layout"]["font"]["size"] < 18 <= big["layout"]["font"]["size"]
    assert explorer_charts.loss_figure("log", None, True)["layout"]["font"]["size"] >= 18
