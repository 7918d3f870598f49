"""Tests for app.engine.features: formulas, canonical column order and key validation."""

import time

import numpy as np
import pytest

from app.engine.features import FEATURE_KEYS, FEATURES, feature_matrix, validate_features

POINTS = np.array([[0.0, 0.0], [1.5, -2.0], [-3.0, 0.5], [6.0, -6.0]])
X, Y = POINTS[:, 0], POINTS[:, 1]
EXPECTED = {
    "x1": X,
    "x2": Y,
    "x1_squared": X**2,
    "x2_squared": Y**2,
    "x1_x2": X * Y,
    "sin_x1": np.sin(X),
    "sin_x2": np.sin(Y),
}


def test_feature_keys_are_the_seven_in_tf_order() -> None:
    assert FEATURE_KEYS == tuple(EXPECTED)
    assert tuple(FEATURES) == FEATURE_KEYS
    labels = [FEATURES[k].label for k in FEATURE_KEYS]
    assert labels == "X₁ X₂ X₁² X₂² X₁X₂ sin(X₁) sin(X₂)".split()
    assert all(FEATURES[k].key == k and FEATURES[k].formula for k in FEATURE_KEYS)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_each_column_matches_its_formula(key: str) -> None:
    np.testing.assert_allclose(FEATURES[key].fn(POINTS), EXPECTED[key])
    np.testing.assert_allclose(feature_matrix(POINTS, [key])[:, 0], EXPECTED[key])


def test_feature_matrix_orders_columns_canonically() -> None:
    x = feature_matrix(POINTS, ["sin_x2", "x1", "x1_x2"])
    assert x.shape == (4, 3) and x.dtype == np.float64
    np.testing.assert_allclose(x, np.column_stack([X, X * Y, np.sin(Y)]))
    full = feature_matrix(POINTS, list(reversed(FEATURE_KEYS)))
    np.testing.assert_allclose(full, np.column_stack([EXPECTED[k] for k in FEATURE_KEYS]))


def test_feature_matrix_accepts_integer_points_and_empty_batches() -> None:
    x = feature_matrix(np.array([[2, 3]]), ["x1_x2", "x2_squared"])
    assert x.dtype == np.float64 and x.tolist() == [[9.0, 6.0]]
    assert feature_matrix(np.empty((0, 2)), ["x1"]).shape == (0, 1)


def test_feature_matrix_is_fast_on_the_heatmap_grid() -> None:
    g = np.linspace(-6, 6, 100)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    start = time.perf_counter()
    for _ in range(20):
        x = feature_matrix(grid, FEATURE_KEYS)
    assert x.shape == (10_000, 7)
    assert (time.perf_counter() - start) / 20 < 0.01  # vectorised: well under a millisecond each


def test_validate_features_returns_canonical_order() -> None:
    assert validate_features(["x2", "x1"]) == ("x1", "x2")
    assert validate_features(("sin_x1", "x1_squared")) == ("x1_squared", "sin_x1")


@pytest.mark.parametrize(
    ("keys", "fragment"),
    [([], "at least one"), (["x1", "cos_x1"], "cos_x1"), (["x2", "x1", "x2"], "x2")],
)
def test_validate_features_rejects_bad_keys(keys: list[str], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        validate_features(keys)
    with pytest.raises(ValueError, match=fragment):
        feature_matrix(POINTS, keys)


def test_validate_features_rejects_duplicates_and_a_bare_string() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        validate_features(["x1", "x1"])
    with pytest.raises(TypeError, match="'x1'"):
        validate_features("x1")


def test_feature_matrix_rejects_wrong_point_shape() -> None:
    with pytest.raises(ValueError, match=r"\(4, 3\)"):
        feature_matrix(np.zeros((4, 3)), ["x1"])


def test_the_input_offset_shifts_both_coordinates_before_the_features() -> None:
    points = np.array([[1.0, -2.0], [0.0, 3.0]])
    x = feature_matrix(points, ["x1", "x2", "x1_x2", "sin_x2"], input_offset=0.5)
    np.testing.assert_array_equal(x, [[1.5, -1.5, 1.5 * -1.5, np.sin(-1.5)],
                                      [0.5, 3.5, 0.5 * 3.5, np.sin(3.5)]])
    assert np.array_equal(feature_matrix(points, ["x1"], 0.0), points[:, :1])


@pytest.mark.parametrize("offset", [10.5, -11.0, float("nan"), float("inf")])
def test_an_input_offset_out_of_range_is_refused_naming_it(offset: float) -> None:
    with pytest.raises(ValueError, match=r"input_offset must be a finite number in \[-10, 10\]"):
        feature_matrix(POINTS, ["x1"], offset)
