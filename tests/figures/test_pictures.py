"""Pictures: one grid evaluation, codes, thumbnails (row order), hovered nodes, every model kind."""

from __future__ import annotations

import numpy as np
import pytest

from app.config import Config, from_query
from app.figures import charts, pictures
from app.session.run import GRID, advance, build_run
from tests.conftest import bottom_up_inputs


def test_one_evaluation_gives_every_layer_and_the_output_the_heatmap_shows() -> None:
    run = build_run(Config())
    advance(run, 20, budget=60.0)
    ev = pictures.evaluate(run)
    assert [a.shape for a in ev.layers] == [(4, GRID, GRID), (2, GRID, GRID), (1, GRID, GRID)]
    x = bottom_up_inputs(run.config.features)
    y = np.clip(run.model.forward(x)[:, 0], -1, 1).reshape(GRID, GRID)
    np.testing.assert_allclose(pictures.to_plotly(pictures.signed_output(run, ev)), y, atol=1e-12)
    assert np.array_equal(charts.boundary_codes(run, ev), charts.boundary_codes(run))


def test_codes_map_minus_one_grey_and_one_and_nan_is_grey() -> None:
    values = np.array([-1.0, 0.0, 1.0, 7.0, np.nan, -0.2])
    assert pictures.codes(values).tolist() == [0, 129, 255, 255, 128, 102]  # 128: NaN only
    tiny = np.array([1e-9, -1e-9, -1e-17, 0.003])
    assert pictures.codes(tiny).tolist() == [129, 127, 127, 129]  # the sign survives rounding


def test_thumbnails_are_block_means_with_the_top_row_first() -> None:
    run = build_run(from_query("features=x2&hidden_layers=1&activation=linear"))
    run.model.weights[0][0, 0], run.model.biases[0][0] = 0.1, 0.0  # type: ignore[union-attr]
    thumbs = pictures.thumbnails(run, pictures.evaluate(run))
    assert thumbs.shape == (2, pictures.THUMB, pictures.THUMB) and thumbs.dtype == np.uint8
    hidden = thumbs[0]  # 0.1 · x2: positive (blue, > 128) at the top, where x2 = +6
    assert hidden[0].min() > 180 and hidden[-1].max() < 76
    assert (np.diff(hidden[:, 0].astype(int)) < 0).all()  # falls from top to bottom
    assert len(set(hidden[3].tolist())) == 1  # a row shares x2
    top_block = 0.1 * np.linspace(6, -6, GRID)[:10].mean()
    assert hidden[0, 0] == round((top_block + 1) * 127.5)


def test_a_hovered_unit_is_its_full_picture_in_plotly_order() -> None:
    run = build_run(Config())
    ev = pictures.evaluate(run)
    shown = pictures.shown_codes(run, ev, "1.2")
    assert shown is not None and shown.shape == (GRID, GRID)
    expected = pictures.codes(ev.layers[0][2])[::-1]
    assert np.array_equal(shown, expected)
    output = pictures.shown_codes(run, ev, "3.0")  # the output column: the heatmap itself
    assert output is not None and np.array_equal(output, charts.boundary_codes(run, ev))


@pytest.mark.parametrize("show", ["", "x", "1.", "9.0", "1.4", "0.2", "-1.0", "1.0.0"])
def test_names_of_no_node_show_nothing(show: str) -> None:
    run = build_run(Config())  # inputs x1, x2 (0.0, 0.1); 4, 2 hidden; 1 output
    assert pictures.shown_codes(run, pictures.evaluate(run), show) is None


def test_inputs_show_their_feature_scaled_to_its_largest_value() -> None:
    run = build_run(from_query("features=x1,x1_squared"))
    codes = pictures.unit_picture(run, pictures.evaluate(run), 0, 1)  # x1² over [−6, 6]²
    assert codes[:, 0].tolist() == [255] * GRID  # |x1| = 6 on the left edge: +1
    assert codes[:, GRID // 2].max() < 130  # near x1 = 0: grey


def test_scored_classes_show_each_class_probability() -> None:
    run = build_run(from_query("dataset=blobs3&loss=softmax_cross_entropy&hidden_layers=3"))
    advance(run, 30, budget=60.0)
    ev = pictures.evaluate(run)
    outputs = pictures.unit_pictures(run, ev)[-1]
    assert outputs.shape == (3, GRID, GRID)
    np.testing.assert_allclose(((outputs + 1) / 2).sum(axis=0), 1.0, atol=1e-9)  # softmax sums to 1


def test_the_perceptron_pictures_its_step_over_the_plane() -> None:
    run = build_run(from_query("model=perceptron&dataset=gaussian"))
    ev = pictures.evaluate(run)
    assert [a.shape for a in ev.layers] == [(1, GRID, GRID)]
    assert set(np.unique(ev.output)) <= {0.0, 1.0}
    thumbs = pictures.thumbnails(run, ev)
    assert thumbs.shape == (1, pictures.THUMB, pictures.THUMB)
    y = run.model.forward(bottom_up_inputs(run.config.features))[:, 0].reshape(GRID, GRID)
    assert np.array_equal(charts.boundary_codes(run, ev), np.where(y > 0, 255, 0))
