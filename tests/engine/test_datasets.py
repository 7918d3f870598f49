"""Tests for app.engine.datasets: TF Playground conventions, registry, determinism and the split."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.datasets import (
    DATASETS,
    Dataset,
    dataset_names,
    get_dataset,
    make_dataset,
)

CLASSIFICATION = dataset_names("classification")
REGRESSION = dataset_names("regression")
# sets whose geometry keeps every point inside [-6, 6]² at noise 0 (gaussians only almost surely)
BOUNDED = ["circle", "xor", "spiral", "plane", "multi_gaussian", "moons", "checkerboard"]
BOUNDED += ["and", "or", "xor_gate", "spiral3", "spiral4", "spiral5"]


def generate(name: str, n: int = 500, noise: float = 0.0, seed: int = 0) -> tuple:
    """Return (points, labels) straight from the registered generator."""
    return DATASETS[name].generate(n, noise, np.random.default_rng(seed))


def radius(points: np.ndarray) -> np.ndarray:
    return np.hypot(points[:, 0], points[:, 1])


# --- registry ---------------------------------------------------------------------------------


def test_registry_has_the_promised_keys_and_metadata() -> None:
    expected = {"circle", "xor", "gaussian", "spiral", "plane", "multi_gaussian", "moons"}
    expected |= {"checkerboard", "and", "or", "xor_gate", "blobs3", "blobs4", "blobs5"}
    expected |= {"spiral3", "spiral4", "spiral5"}
    assert set(DATASETS) == expected
    assert set(REGRESSION) == {"plane", "multi_gaussian"}
    assert set(CLASSIFICATION) | set(REGRESSION) == expected
    assert dataset_names() == list(DATASETS)
    for name, info in DATASETS.items():
        assert info.name == name
        if info.problem == "regression":
            assert (info.n_classes, info.default_points) == (0, 1200)
        else:
            assert info.default_points == 500
            k = int(name[-1]) if name[-1].isdigit() else 2
            assert info.n_classes == k


def test_get_dataset_rejects_unknown_name_listing_allowed() -> None:
    assert get_dataset("xor").name == "xor"
    with pytest.raises(ValueError, match="'nope'") as err:
        get_dataset("nope")
    assert "circle" in str(err.value) and "spiral5" in str(err.value)


def test_dataset_names_rejects_unknown_problem() -> None:
    with pytest.raises(ValueError, match="'ranking'"):
        dataset_names("ranking")


# --- every generator --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_generator_shapes_dtypes_and_label_range(name: str, noise: float) -> None:
    info = DATASETS[name]
    points, labels = generate(name, 203, noise)  # odd n exercises the remainder handling
    assert points.shape == (203, 2) and points.dtype == np.float64
    assert labels.shape == (203,)
    assert np.isfinite(points).all() and np.isfinite(labels).all()
    if info.problem == "regression":
        assert labels.dtype == np.float64
    else:
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) == set(range(info.n_classes))


@pytest.mark.parametrize("name", BOUNDED)
def test_generator_stays_in_domain_at_noise_zero(name: str) -> None:
    points, _ = generate(name, 1000)
    assert np.abs(points).max() <= 6.0


@pytest.mark.parametrize("name", list(DATASETS))
def test_generator_handles_tiny_n(name: str) -> None:
    points, labels = generate(name, 4, 0.3)
    assert points.shape == (4, 2) and labels.shape == (4,)


@pytest.mark.parametrize("name", ["circle", "gaussian", "spiral", "moons"])
def test_binary_sets_are_split_half_and_half(name: str) -> None:
    _, labels = generate(name, 501)
    assert np.bincount(labels).tolist() == [250, 251] or np.bincount(labels).tolist() == [251, 250]


# --- TF Playground sets -----------------------------------------------------------------------


def test_circle_noise_zero_disc_is_positive_ring_is_negative() -> None:
    points, labels = generate("circle", 500)
    r = radius(points)
    assert labels.sum() == 250
    assert (r[labels == 1] < 2.5).all()
    assert ((r[labels == 0] >= 3.5) & (r[labels == 0] <= 5.0)).all()


def test_circle_noise_flips_labels_but_not_positions() -> None:
    points, labels = generate("circle", 500, 0.5)
    r = radius(points)
    assert ((r < 2.5) | (r >= 3.5)).all()  # clean positions: the gap stays empty
    flipped = ((r < 2.5) & (labels == 0)) | ((r >= 3.5) & (labels == 1))
    assert 10 < flipped.sum() < 250


def test_xor_points_avoid_axes_and_label_is_sign_product() -> None:
    points, labels = generate("xor", 500)
    assert (np.abs(points) > 0.3).all() and (np.abs(points) < 5.3).all()
    assert np.array_equal(labels, (points[:, 0] * points[:, 1] >= 0).astype(np.int64))
    _, noisy_labels = generate("xor", 500, 0.5)
    assert not np.array_equal(noisy_labels, labels)


def test_gaussian_blobs_centres_and_variance() -> None:
    for noise, variance in [(0.0, 0.5), (0.5, 4.0)]:
        points, labels = generate("gaussian", 4000, noise)
        for label, centre in [(1, 2.0), (0, -2.0)]:
            group = points[labels == label]
            assert len(group) == 2000
            np.testing.assert_allclose(group.mean(axis=0), [centre, centre], atol=0.15)
            np.testing.assert_allclose(group.var(axis=0), [variance, variance], rtol=0.1)


def check_spiral_arms(points: np.ndarray, arm: np.ndarray, k: int) -> None:
    """Assert r = 5·i/m and (x, y) = (r·sin t, r·cos t), t = 1.75·2π·r/5 + 2π·j/k, per arm j."""
    r = radius(points)
    for j in range(k):
        m = int((arm == j).sum())
        np.testing.assert_allclose(np.sort(r[arm == j]), 5.0 * np.arange(m) / m, atol=1e-12)
        t = 1.75 * 2 * np.pi * r[arm == j] / 5.0 + 2 * np.pi * j / k
        np.testing.assert_allclose(points[arm == j, 0], r[arm == j] * np.sin(t), atol=1e-9)
        np.testing.assert_allclose(points[arm == j, 1], r[arm == j] * np.cos(t), atol=1e-9)


def test_spiral_follows_tf_formula_with_arm_zero_positive() -> None:
    points, labels = generate("spiral", 500)
    assert labels.sum() == 250
    check_spiral_arms(points, 1 - labels, 2)  # δ = 0 ↔ label 1, δ = π ↔ label 0


def test_spiral_noise_jitters_at_most_half_a_unit() -> None:
    clean, _ = generate("spiral", 500, 0.0, seed=3)
    noisy, _ = generate("spiral", 500, 0.5, seed=3)
    shift = np.abs(noisy - clean)
    assert shift.max() <= 0.5 and shift.max() > 0.4


def test_plane_target_is_sum_over_ten_and_noise_moves_only_target() -> None:
    points, target = generate("plane", 1200)
    np.testing.assert_allclose(target, (points[:, 0] + points[:, 1]) / 10.0)
    assert (np.abs(points) <= 6.0).all()
    noisy_points, noisy_target = generate("plane", 1200, 0.5)
    clean = (noisy_points[:, 0] + noisy_points[:, 1]) / 10.0
    assert np.abs(noisy_target - clean).max() <= 0.6  # (|nx| + |ny|)/10 ≤ 2·3/10
    assert np.abs(noisy_target - clean).max() > 0.3


CONES = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def multi_gaussian_reference(x: float, y: float) -> float:
    best = 0.0
    for cx, cy, sign in CONES:
        value = sign * max(0.0, 1.0 - math.hypot(x - cx, y - cy) / 2.0)
        if abs(value) > abs(best):
            best = value
    return best


def test_multi_gaussian_matches_cone_reference_at_noise_zero() -> None:
    points, target = generate("multi_gaussian", 300)
    expected = [multi_gaussian_reference(x, y) for x, y in points]
    np.testing.assert_allclose(target, expected, atol=1e-12)
    assert (np.abs(target) <= 1.0).all()
    d = np.min([np.hypot(points[:, 0] - cx, points[:, 1] - cy) for cx, cy, _ in CONES], axis=0)
    assert (target[d >= 2.0] == 0.0).all() and (target[d < 1.9] != 0.0).all()
    assert target.min() < -0.5 and target.max() > 0.5


def test_multi_gaussian_noise_stays_in_unit_range() -> None:
    points, target = generate("multi_gaussian", 1200, 0.5)
    clean = np.array([multi_gaussian_reference(x, y) for x, y in points[:200]])
    assert (np.abs(target) <= 1.0).all()
    assert not np.allclose(target[:200], clean)


# --- our additions ----------------------------------------------------------------------------


def test_moons_fill_the_domain_and_separate_at_noise_zero() -> None:
    points, labels = generate("moons", 500)
    assert np.bincount(labels).tolist() == [250, 250]
    assert points[:, 0].min() < -4.5 and points[:, 0].max() > 4.5
    # upper moon (label 0) lies on a circle of radius 3.3 around (-1.65, -0.825)
    upper = points[labels == 0] - [-1.65, -0.825]
    np.testing.assert_allclose(radius(upper), 3.3)
    lower = points[labels == 1] - [1.65, 0.825]
    np.testing.assert_allclose(radius(lower), 3.3)


def test_checkerboard_label_is_cell_parity() -> None:
    points, labels = generate("checkerboard", 1000)
    cells = np.floor((points + 6.0) / 3.0).astype(int)
    assert set(cells.ravel()) == {0, 1, 2, 3}
    assert np.array_equal(labels, (cells[:, 0] + cells[:, 1]) % 2)
    assert 400 < labels.sum() < 600
    _, noisy = generate("checkerboard", 1000, 0.5)
    assert 0 < (noisy != labels).sum() < 500


@pytest.mark.parametrize(
    ("name", "table"),
    [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor_gate", [0, 1, 1, 0])],
)
def test_gate_labels_follow_truth_table(name: str, table: list[int]) -> None:
    points, labels = generate(name, 402)
    a, b = (points[:, 0] > 0).astype(int), (points[:, 1] > 0).astype(int)
    assert np.array_equal(labels, np.array(table)[2 * a + b])
    counts = np.bincount(2 * a + b, minlength=4).tolist()
    assert counts == [101, 101, 100, 100]
    for corner in range(4):
        group = points[2 * a + b == corner]
        sign = np.array([1 if corner >= 2 else -1, 1 if corner % 2 else -1])
        np.testing.assert_allclose(group.mean(axis=0), 3.0 * sign, atol=0.2)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_centres_on_circle_and_counts(k: int) -> None:
    points, labels = generate(f"blobs{k}", 1002)
    counts = np.bincount(labels).tolist()
    assert counts == [1002 // k + (1 if j < 1002 % k else 0) for j in range(k)]
    for j in range(k):
        angle = np.pi / 2 + 2 * np.pi * j / k
        centre = 3.5 * np.array([np.cos(angle), np.sin(angle)])
        np.testing.assert_allclose(points[labels == j].mean(axis=0), centre, atol=0.15)
        np.testing.assert_allclose(points[labels == j].std(axis=0), 0.6, rtol=0.2)
    np.testing.assert_allclose(points[labels == 0].mean(axis=0), [0.0, 3.5], atol=0.15)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_k_arm_spirals_follow_the_spiral_formula(k: int) -> None:
    points, labels = generate(f"spiral{k}", 502)
    assert np.bincount(labels).tolist() == [502 // k + (1 if j < 502 % k else 0) for j in range(k)]
    check_spiral_arms(points, labels, k)


# --- make_dataset -----------------------------------------------------------------------------


def assert_same(a: Dataset, b: Dataset) -> None:
    for field in ("x_train", "y_train", "x_test", "y_test"):
        left, right = getattr(a, field), getattr(b, field)
        assert left.dtype == right.dtype and np.array_equal(left, right)


@pytest.mark.parametrize("name", list(DATASETS))
def test_make_dataset_is_deterministic_per_seed(name: str) -> None:
    a = make_dataset(name, 200, noise=0.2, seed=7)
    assert_same(a, make_dataset(name, 200, noise=0.2, seed=7))
    b = make_dataset(name, 200, noise=0.2, seed=8)
    assert not np.array_equal(a.x_train, b.x_train)


def test_make_dataset_uses_given_rng_instead_of_seed() -> None:
    a = make_dataset("xor", rng=np.random.default_rng(99), seed=1)
    assert_same(a, make_dataset("xor", rng=np.random.default_rng(99), seed=2))
    assert not np.array_equal(a.x_train, make_dataset("xor", seed=1).x_train)


def test_make_dataset_defaults_follow_tf_playground() -> None:
    d = make_dataset("circle")
    assert (len(d.x_train), len(d.x_test)) == (250, 250)
    meta = (d.name, d.problem, d.n_classes, d.seed, d.noise, d.train_fraction)
    assert meta == ("circle", "classification", 2, 0, 0.0, 0.5)
    r = make_dataset("plane", train_fraction=0.3)
    assert (len(r.x_train), len(r.x_test), r.problem, r.n_classes) == (360, 840, "regression", 0)
    assert r.y_train.dtype == np.float64 and d.y_train.dtype == np.int64


def test_make_dataset_split_is_a_shuffle_of_the_generated_points() -> None:
    d = make_dataset("spiral", 300, train_fraction=0.7, seed=5)
    points, labels = generate("spiral", 300, seed=5)
    assert (len(d.x_train), len(d.x_test)) == (210, 90)
    joined = np.column_stack([np.concatenate([d.x_train, d.x_test]), np.r_[d.y_train, d.y_test]])
    original = np.column_stack([points, labels])
    assert not np.array_equal(joined, original)  # shuffled...
    assert np.array_equal(np.unique(joined, axis=0), np.unique(original, axis=0))  # ...same rows


@pytest.mark.parametrize(
    ("n", "fraction", "n_train"),
    [(4, 0.1, 1), (4, 0.9, 3), (5, 0.9, 4), (100, 0.57, 57), (10, 0.3, 3), (5000, 0.9, 4500)],
)
def test_make_dataset_split_sizes(n: int, fraction: float, n_train: int) -> None:
    d = make_dataset("circle", n, train_fraction=fraction)
    assert (len(d.x_train), len(d.y_train)) == (n_train, n_train)
    assert (len(d.x_test), len(d.y_test)) == (n - n_train, n - n_train)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(sorted(DATASETS)),
    n=st.integers(4, 600),
    fraction=st.floats(0.1, 0.9),
    noise=st.floats(0.0, 0.5),
)
def test_make_dataset_split_sizes_property(
    name: str, n: int, fraction: float, noise: float
) -> None:
    d = make_dataset(name, n, noise=noise, train_fraction=fraction)
    assert len(d.x_train) + len(d.x_test) == n
    assert 1 <= len(d.x_train) <= n - 1
    assert abs(len(d.x_train) - n * fraction) <= 1.0
    assert d.x_train.shape[1] == 2 and d.y_test.shape == (len(d.x_test),)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"name": "nope"}, "'nope'"),
        ({"name": "circle", "noise": 0.6}, "0.6"),
        ({"name": "circle", "noise": -0.1}, "-0.1"),
        ({"name": "circle", "noise": float("nan")}, "nan"),
        ({"name": "circle", "train_fraction": 0.95}, "0.95"),
        ({"name": "circle", "train_fraction": 0.05}, "0.05"),
        ({"name": "circle", "n_points": 3}, "3"),
        ({"name": "circle", "n_points": 5001}, "5001"),
        ({"name": "circle", "n_points": 10.5}, "10.5"),
        ({"name": "circle", "n_points": True}, "True"),
        ({"name": "circle", "seed": -1}, "-1"),
    ],
)
def test_make_dataset_rejects_bad_values_naming_them(kwargs: dict, fragment: str) -> None:
    with pytest.raises(ValueError) as err:
        make_dataset(**kwargs)
    message = str(err.value)
    assert fragment in message
    assert any(allowed in message for allowed in ("circle", "0.5", "0.9", "5000", ">= 0"))
