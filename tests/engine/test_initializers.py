"""Tests for app.engine.initializers: shapes, bounds, variances, biases and determinism."""

import math

import numpy as np
import pytest

from app.engine.initializers import INITIALIZER_LABELS, INITIALIZERS, get_initializer

NAMES = list(INITIALIZERS)


def test_registry_keys_and_labels_match() -> None:
    assert NAMES == [
        "uniform",
        "playground",
        "xavier_uniform",
        "xavier_normal",
        "he_normal",
        "zeros",
    ]
    assert list(INITIALIZER_LABELS) == NAMES
    assert all(INITIALIZER_LABELS[name] for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_shapes_and_dtype(name: str) -> None:
    w, b = get_initializer(name)(3, 5, np.random.default_rng(0))
    assert w.shape == (3, 5) and b.shape == (5,)
    assert w.dtype == np.float64 and b.dtype == np.float64


@pytest.mark.parametrize(
    ("name", "limit"),
    [("uniform", 1.0), ("playground", 0.5), ("xavier_uniform", math.sqrt(6.0 / 500.0))],
)
def test_uniform_draws_stay_inside_and_fill_their_bounds(name: str, limit: float) -> None:
    w, _ = get_initializer(name)(200, 300, np.random.default_rng(1))
    assert np.all(np.abs(w) <= limit)
    assert w.max() > 0.99 * limit and w.min() < -0.99 * limit


@pytest.mark.parametrize(
    ("name", "n_in", "n_out", "variance"),
    [
        ("uniform", 400, 400, 1.0 / 3.0),  # U[−a, a] has variance a²/3
        ("playground", 400, 400, 0.25 / 3.0),
        ("xavier_uniform", 400, 400, 2.0 / 800.0),  # (6/800)/3
        ("xavier_normal", 400, 400, 2.0 / 800.0),
        ("he_normal", 400, 400, 2.0 / 400.0),
        ("he_normal", 400, 100, 2.0 / 400.0),  # He depends on n_in only
        ("xavier_normal", 100, 700, 2.0 / 800.0),
    ],
)
def test_empirical_variance_matches_the_formula(
    name: str, n_in: int, n_out: int, variance: float
) -> None:
    w, _ = get_initializer(name)(n_in, n_out, np.random.default_rng(2))
    # ≥ 40 000 draws: the sample variance is within ~1 % of the true one (3 % is > 4 std errors)
    assert w.var() == pytest.approx(variance, rel=0.03)
    assert abs(w.mean()) < 4.0 * math.sqrt(variance / w.size)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_gives_the_same_weights(name: str) -> None:
    w1, b1 = get_initializer(name)(4, 6, np.random.default_rng(7))
    w2, b2 = get_initializer(name)(4, 6, np.random.default_rng(7))
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "zeros"])
def test_different_seeds_give_different_weights(name: str) -> None:
    w1, _ = get_initializer(name)(4, 6, np.random.default_rng(7))
    w2, _ = get_initializer(name)(4, 6, np.random.default_rng(8))
    assert not np.array_equal(w1, w2)


@pytest.mark.parametrize("name", NAMES)
def test_biases(name: str) -> None:
    _, b = get_initializer(name)(3, 4, np.random.default_rng(0))
    expected = 0.1 if name == "playground" else 0.0
    np.testing.assert_array_equal(b, np.full(4, expected))


def test_zeros_gives_all_zero_weights() -> None:
    w, b = get_initializer("zeros")(3, 2, np.random.default_rng(0))
    np.testing.assert_array_equal(w, np.zeros((3, 2)))
    np.testing.assert_array_equal(b, np.zeros(2))


def test_unknown_name_lists_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'glorot'; allowed: .*xavier_uniform"):
        get_initializer("glorot")


@pytest.mark.parametrize(("n_in", "n_out"), [(0, 3), (3, 0), (-1, 2)])
def test_layer_sizes_must_be_positive(n_in: int, n_out: int) -> None:
    with pytest.raises(ValueError, match="must be an integer ≥ 1"):
        get_initializer("uniform")(n_in, n_out, np.random.default_rng(0))
