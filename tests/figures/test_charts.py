"""Chart data: the heatmap as base64 uint8 codes, colours, points and curve deltas."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import numpy as np

from app.config import Config, from_query
from app.figures import charts, curves, pictures
from app.session.run import GRID, advance, build_run
from tests.conftest import bottom_up_inputs


def decode(spec: dict[str, str]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.uint8)


def test_the_heatmap_is_base64_u1_of_the_grid() -> None:
    run = build_run(Config())
    spec = charts.encode_u1(charts.boundary_codes(run))
    assert spec["dtype"] == "u1" and spec["shape"] == f"{GRID}, {GRID}"
    codes = decode(spec)
    assert codes.size == GRID * GRID == 10_000
    assert len(spec["bdata"]) == 13_336  # 10,000 bytes in base64, not 10,000 decimal floats


def test_binary_codes_map_the_output_from_minus_one_to_one() -> None:
    run = build_run(Config())
    advance(run, 100, budget=60.0)
    codes = charts.boundary_codes(run)
    x = bottom_up_inputs(run.config.features)
    y = np.clip(run.model.forward(x)[:, 0], -1, 1).reshape(GRID, GRID)
    assert np.array_equal(codes, pictures.codes(y))
    assert np.abs(codes.astype(int) - np.rint((y + 1) * 127.5)).max() <= 1  # 128 is NaN only
    centre, corner = codes[GRID // 2, GRID // 2], codes[0, 0]
    assert centre > 200 and corner < 60  # circle: blue (class 1) inside, orange outside


def test_discretize_is_a_colour_scale_that_snaps_codes_by_sign() -> None:
    run = build_run(Config())
    advance(run, 20, budget=60.0)
    codes = charts.boundary_codes(run)
    assert np.array_equal(charts.boundary_codes(replace(run, config=Config(discretize=True))),
                          codes)  # the same codes: only the look changes
    snapped = charts.lut(2, discretize=True)[codes]  # (GRID, GRID, 3): what each cell shows
    smooth = charts.lut(2)
    assert (snapped[codes < 128] == smooth[0]).all() and (snapped[codes > 128] == smooth[255]).all()
    nan = charts.lut(2, discretize=True)[128].astype(int) - charts.lut(2)[128]
    assert np.abs(nan).max() <= 1  # NaN (128) stays grey
    multi = charts.lut(3, discretize=True)
    assert (multi[0] == multi[charts.LEVELS - 1]).all()  # a class's band: its full colour


def test_nan_outputs_are_grey() -> None:
    run = build_run(Config())
    run.model.params[:] = np.nan  # type: ignore[union-attr]
    assert set(np.unique(charts.boundary_codes(run))) == {128}


def test_multiclass_codes_hold_class_and_confidence() -> None:
    run = build_run(from_query("dataset=blobs3&loss=softmax_cross_entropy"))
    advance(run, 40, budget=60.0)
    codes = charts.boundary_codes(run).astype(int)
    classes = codes // charts.LEVELS
    assert set(np.unique(classes)) == {0, 1, 2}
    assert (codes % charts.LEVELS).max() <= charts.LEVELS - 1


def test_points_are_shape_coded_per_class_and_test_points_show_only_when_asked() -> None:
    fig = charts.boundary_figure(build_run(Config()))
    names = [t["name"] for t in fig["data"][1:]]
    assert names == ["train · class 0", "train · class 1", "test · class 0", "test · class 1"]
    assert fig["data"][1]["marker"]["symbol"] != fig["data"][2]["marker"]["symbol"]
    assert fig["data"][1]["marker"]["line"]["width"] > 0  # outlined
    assert [t["visible"] for t in fig["data"][1:]] == [True, True, False, False]
    shown = charts.boundary_figure(build_run(Config(show_test_data=True)))
    assert all(t["visible"] for t in shown["data"][1:])
    assert charts.point_visibility(build_run(Config(show_test_data=True))) == [True] * 4
    assert fig["layout"]["uirevision"] == "boundary"
    json.dumps(fig, allow_nan=False)  # plain JSON, nothing NumPy left inside


def test_curve_extension_holds_only_epochs_after_since() -> None:
    run = build_run(Config())
    advance(run, 12, budget=60.0)
    ext = curves.extension(run, 9)
    assert ext["epochs"] == [10, 11, 12]
    assert len(ext["y"]) == 4 and all(len(ys) == 3 for ys in ext["y"])
    assert curves.extension(run, 12)["epochs"] == []


def test_the_loss_chart_lets_tick_labels_be_so_plotly_measures_none_per_redraw() -> None:
    layout = curves.loss_figure(build_run(Config()))["layout"]
    assert [layout[a]["ticklabeloverflow"] for a in ("xaxis", "yaxis", "yaxis2")] == ["allow"] * 3


def test_regression_has_no_accuracy_curves() -> None:
    run = build_run(from_query("dataset=plane&problem=regression"))
    advance(run, 2, budget=60.0)
    assert len(curves.loss_figure(run)["data"]) == 2
    assert "yaxis2" not in curves.loss_figure(run)["layout"]


def test_a_diverged_run_sends_null_not_nan() -> None:
    run = build_run(from_query("dataset=plane&problem=regression&learning_rate=10&activation=relu"))
    advance(run, 100, budget=60.0)
    assert run.trainer.diverged
    text = json.dumps(curves.loss_figure(run), allow_nan=False)
    assert "null" in text


def test_projector_points_are_bigger_deeper_and_still_shape_coded() -> None:
    desk, big = (charts.boundary_figure(build_run(Config(projector=p))) for p in (False, True))
    for a, b in zip(desk["data"][1:], big["data"][1:], strict=True):
        assert b["marker"]["size"] >= 1.5 * a["marker"]["size"]
        assert b["marker"]["line"]["width"] > a["marker"]["line"]["width"]
        assert b["marker"]["symbol"] == a["marker"]["symbol"]
    assert big["data"][1]["marker"]["symbol"] != big["data"][2]["marker"]["symbol"]
    assert [t["marker"]["color"] for t in big["data"][1:3]] == list(charts.PROJECTOR_COLOURS[:2])
    assert big["layout"]["font"]["size"] >= 18
    assert big["layout"]["legend"]["yref"] == "container"  # its own row, under the axis title


def test_projector_colours_hold_4_5_to_1_on_white() -> None:
    def luminance(colour: str) -> float:
        c = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])
    assert all(1.05 / (luminance(c) + 0.05) >= 4.5 for c in charts.PROJECTOR_COLOURS)
    assert 1.05 / (luminance(charts.ORANGE) + 0.05) < 4.5  # TF's orange would not


def test_projector_loss_lines_are_thicker_and_type_bigger() -> None:
    desk, big = (curves.loss_figure(build_run(Config(projector=p))) for p in (False, True))
    assert all(b["line"]["width"] > a["line"]["width"]
               for a, b in zip(desk["data"], big["data"], strict=True))
    assert big["layout"]["font"]["size"] >= 18
