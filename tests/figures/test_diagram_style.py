"""The diagram's looks, in one place: TF Playground's link widths and colours, log-scaled gradient
links, quantised codes into small palettes, bias fills, gradient bars and the L1 sentence."""

from __future__ import annotations

import numpy as np
import pytest

from app.figures import charts
from app.figures.diagram_style import (
    FILLS,
    bar_look,
    fill_codes,
    gradient_level,
    gradient_style,
    link_codes,
    link_palette,
    ramp,
    weight_width,
    zero_text,
)


@pytest.mark.parametrize(("w", "width"), [(0.0, 1.0), (2.5, 5.5), (-5.0, 10.0), (40.0, 10.0)])
def test_link_width_is_tf_playgrounds(w: float, width: float) -> None:
    assert weight_width(w) == width


def test_link_colour_is_the_sign_on_the_weight_scale() -> None:
    assert ramp(-1.0) == "#f59322" and ramp(-7.0) == "#f59322"
    assert ramp(0.0) == "#e8eaeb" and ramp(1.0) == "#0877bd"
    assert ramp(float("nan")) == "#e8eaeb"
    assert ramp(0.5) == "#78b0d4"  # halfway from grey (232,234,235) to blue (8,119,189)


def test_gradient_links_are_log_scaled() -> None:
    assert gradient_level(1e-7) == 0.0 and gradient_level(1e-1) == 1.0
    assert gradient_level(-1e-4) == pytest.approx(0.5)
    assert gradient_level(0.0) == gradient_level(None) == gradient_level(float("nan")) == 0.0
    assert gradient_style(0.0) == (1.0, "#dcd3ec")
    assert gradient_style(1.0) == (7.0, "#3f1d73")


def test_a_weights_code_looks_up_its_width_and_colour_not_finite_is_grey() -> None:
    palette = link_palette(False)
    assert len(palette) == 201 and len(link_palette(True)) == 21 and len(FILLS) == 41
    w = np.array([[-4.5, -0.5, 0.0, 0.26], [3.0, 40.0, np.nan, -np.inf]])
    looks = [palette[c] for c in link_codes(w, None).ravel()]
    assert looks[:4] == [(9.1, "#f59322"), (weight_width(-0.5), ramp(-0.5)), (1.0, "#e8eaeb"),
                         (weight_width(0.25), ramp(0.25))]
    assert looks[4:] == [(6.4, "#0877bd"), (10.0, "#0877bd"), (1.0, "#e8eaeb"), (1.0, "#e8eaeb")]


def test_a_gradients_code_is_its_level_in_twentieths() -> None:
    g = np.array([1e-7, 1e-4, -1e-1, 0.0, np.nan])
    codes = link_codes(np.zeros(5), g)
    assert codes.tolist() == [0, 10, 20, 0, 0]
    assert link_palette(True)[10] == gradient_style(0.5)


def test_bias_fills_are_the_weight_colours_clamped_to_one() -> None:
    assert [FILLS[c] for c in fill_codes(np.array([-3.0, 0.0, 0.5, np.nan]))] == [
        "#f59322", "#e8eaeb", "#78b0d4", "#e8eaeb"]


def test_a_bar_fills_on_a_log_scale_and_writes_its_numbers() -> None:
    assert bar_look(1e-4, 2.5e-3, 50) == {"fill": 25.0, "norm_text": "∇ 1.0e-04",
                                          "ratio_text": "Δ/w 2.5e-03"}
    assert bar_look(None, float("nan"), 50) == {"fill": 0.0, "norm_text": "∇ –",
                                                "ratio_text": "Δ/w –"}


def test_the_zero_sentence() -> None:
    assert zero_text((3, 18)).startswith("3 of 18 weights are exactly 0 (dashed): an L1 step")
    assert zero_text(None) == ""


def test_the_thumbnails_colour_table_is_the_heatmaps_scale() -> None:
    table = charts.lut(2)
    assert table.shape == (256, 3) and table.dtype == np.uint8
    ends = [charts.colorscale(2)[0][1], charts.colorscale(2)[-1][1]]
    assert ["#" + bytes(table[k]).hex() for k in (0, 255)] == ends
