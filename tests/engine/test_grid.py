"""The grid: TF Playground's row order (row 0 at the top) and every layer from one forward pass."""

from __future__ import annotations

import numpy as np
import pytest

from app.engine import MLP
from app.engine.grid import Grid, grid_points


def test_row_zero_is_the_top_of_the_picture() -> None:
    points = grid_points(5).reshape(5, 5, 2)
    assert points[0, 0].tolist() == [-6.0, 6.0]  # top-left
    assert points[-1, -1].tolist() == [6.0, -6.0]  # bottom-right
    assert points[0, :, 1].tolist() == [6.0] * 5  # a row shares x2


def test_neurons_and_logits_match_the_network_forward_pass() -> None:
    net = MLP([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=3)
    grid = Grid(8)
    layers = grid.neurons(net, ("x1", "x2", "x1_x2"))
    x = grid.inputs(("x1", "x2", "x1_x2"))
    zs, acts = net.forward_layers(x)
    assert [a.shape for a in layers] == [(4, 8, 8), (2, 8, 8)]
    np.testing.assert_allclose(layers[0].reshape(4, -1).T, acts[0], rtol=1e-12)
    np.testing.assert_allclose(layers[1].reshape(2, -1).T, acts[1], rtol=1e-12)
    np.testing.assert_allclose(grid.logits().reshape(2, -1).T, zs[1], rtol=1e-12)
    assert not np.allclose(grid.logits(), layers[1])  # z, not the sigmoid of z


def test_logits_need_an_evaluation_first() -> None:
    with pytest.raises(ValueError, match="neurons"):
        Grid(4).logits()


def test_the_grid_sees_the_plane_through_the_same_input_offset_as_the_data() -> None:
    grid = Grid(5)
    shifted = grid.inputs(["x1", "x2"], 2.0)
    np.testing.assert_array_equal(shifted, grid.points + 2.0)
    assert np.array_equal(grid.inputs(["x1", "x2"]), grid.points)  # a new offset, a new matrix
