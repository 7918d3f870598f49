"""The perceptron's history mode: the separating line clipped to the plot, the weight arrow, the
ringed sample, the panel's numbers and the one-click MLP."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.engine import PerceptronTrainer
from app.lecture.lessons import lesson_config
from app.lecture.perceptron_view import mlp_fix, overlay, separating_line, state
from app.session.run import Run, build_run


def perceptron_run(key: str = "perceptron_xor", **changes: object) -> Run:
    config = lesson_config(key)
    return build_run(config.model_copy(update=changes) if changes else config)


def set_weights(run: Run, w0: float, w1: float, w2: float) -> PerceptronTrainer:
    trainer = run.trainer
    assert isinstance(trainer, PerceptronTrainer)
    trainer.perceptron.weights[:] = [w0, w1, w2]
    return trainer


@pytest.mark.parametrize(("w", "ends"), [
    ((0.0, 1.0, -1.0), ((-6.0, -6.0), (6.0, 6.0))),  # the diagonal x2 = x1
    ((-3.0, 1.0, 0.0), ((3.0, -6.0), (3.0, 6.0))),  # vertical x1 = 3
    ((2.0, 0.0, 1.0), ((-6.0, -2.0), (6.0, -2.0))),  # horizontal x2 = −2
    ((0.0, 1.0, 2.0), ((-6.0, 3.0), (6.0, -3.0))),
])
def test_the_separating_line_is_clipped_to_the_plot(
        w: tuple[float, float, float], ends: tuple[tuple[float, float], ...]) -> None:
    line = separating_line(np.array(w))
    assert line is not None
    for got, want in zip(line, ends, strict=True):
        assert got == pytest.approx(want)
        assert w[0] + w[1] * got[0] + w[2] * got[1] == pytest.approx(0.0, abs=1e-9)


def test_a_line_that_misses_the_plot_or_has_no_direction_is_not_drawn() -> None:
    assert separating_line(np.array([100.0, 1.0, 1.0])) is None
    assert separating_line(np.array([1.0, 0.0, 0.0])) is None


def test_the_arrow_is_the_weight_vector_from_the_lines_point_nearest_the_origin() -> None:
    run = perceptron_run()
    set_weights(run, -4.0, 2.0, 2.0)  # the line x1 + x2 = 2; its foot is (1, 1); |w| = 2√2
    drawn = overlay(run)
    assert drawn is not None
    arrow = drawn["annotations"][0]
    assert (arrow["ax"], arrow["ay"]) == pytest.approx((1.0, 1.0))
    dx, dy = arrow["x"] - arrow["ax"], arrow["y"] - arrow["ay"]
    assert dx == pytest.approx(dy) and math.hypot(dx, dy) == pytest.approx(2 * math.sqrt(2))
    set_weights(run, -0.2, 0.1, 0.1)  # a short w is drawn at the shortest visible length
    drawn = overlay(run)
    assert drawn is not None
    arrow = drawn["annotations"][0]
    assert math.hypot(arrow["x"] - arrow["ax"], arrow["y"] - arrow["ay"]) == pytest.approx(1.5)
    assert drawn["shapes"][0]["type"] == "line" and len(drawn["shapes"]) == 1  # no sample yet


def test_the_visited_sample_is_ringed_red_for_a_mistake_and_green_otherwise() -> None:
    run = perceptron_run()
    trainer = set_weights(run, -100.0, 0.0, 0.0)  # says 0 everywhere: every 1 is a mistake
    trainer.step_sample()
    assert trainer.last_sample is not None
    target = int(trainer.y_train[trainer.last_sample])
    drawn = overlay(run)
    assert drawn is not None
    ring = drawn["shapes"][-1]
    x1, x2 = run.dataset.x_train[trainer.last_sample]
    assert ring["type"] == "circle"
    assert (ring["x0"] + ring["x1"]) / 2 == pytest.approx(x1)
    assert (ring["y0"] + ring["y1"]) / 2 == pytest.approx(x2)
    assert ring["line"]["color"] == ("#c62828" if target == 1 else "#2e7d32")
    shown = state(run)
    assert shown is not None and shown.last is not None
    assert (shown.last.target, shown.last.predicted) == (target, 0)
    assert shown.position == 1 and shown.epoch == 0


def test_the_panel_writes_the_lines_equation() -> None:
    run = perceptron_run()
    set_weights(run, 0.5, -1.25, 2.0)
    shown = state(run)
    assert shown is not None and shown.draws_line
    assert shown.equation == "0.500 − 1.250·X₁ + 2.000·X₂ = 0"
    set_weights(run, -0.1234, 0.0001, -0.0004)
    assert state(run).equation == "−0.123 + 0.000·X₁ + 0.000·X₂ = 0"  # type: ignore[union-attr]
    assert shown.status == "not trained yet"


def test_other_inputs_get_no_line_but_still_an_equation() -> None:
    run = perceptron_run(features=("x1", "x2", "x1_x2"))
    assert overlay(run) is None
    shown = state(run)
    assert shown is not None and not shown.draws_line and "·X₁X₂" in shown.equation


def test_an_mlp_has_no_perceptron_view() -> None:
    run = build_run(lesson_config("hidden_layer_xor"))
    assert overlay(run) is None and state(run) is None


@pytest.mark.parametrize(("key", "lesson_after"), [
    ("perceptron_xor", "hidden_layer_xor"), ("perceptron_and", ""), ("activations", "activations")])
def test_the_mlp_fix_adds_a_hidden_layer_on_the_same_data(key: str, lesson_after: str) -> None:
    config = lesson_config(key).model_copy(update={"model": "perceptron", "noise": 0.1})
    fixed = mlp_fix(config)
    assert (fixed.model, fixed.hidden_layers, fixed.activation) == ("mlp", (2,), "tanh")
    assert (fixed.dataset, fixed.noise, fixed.data_seed) == (config.dataset, 0.1, config.data_seed)
    assert fixed.lesson == lesson_after
