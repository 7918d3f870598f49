"""CustomData: checked on the way in, named by its content, edited into new data sets."""

from __future__ import annotations

import numpy as np
import pytest

from app.data import points
from app.data.points import (
    MAX_POINTS,
    empty,
    from_bytes,
    make,
    to_bytes,
    with_point,
    without_nearest,
)


def test_the_key_names_the_content_and_bytes_round_trip_exactly() -> None:
    a = make([[0.1, -2.5], [1 / 3, 6.0]], [0, 1], 2)
    b = make([[0.1, -2.5], [1 / 3, 6.0]], [0, 1], 2)
    c = make([[0.1, -2.5], [1 / 3, 6.0]], [1, 0], 2)
    assert a.key == b.key != c.key and len(a.key) == 16
    back = from_bytes(to_bytes(a))
    assert back.key == a.key and np.array_equal(back.points, a.points)
    assert back.points[1, 0] == 1 / 3  # bit for bit


@pytest.mark.parametrize(("pts", "labels", "n", "message"), [
    ([[7.0, 0.0]], [0], 2, "must lie in"),
    ([[0.0, float("nan")]], [0], 2, "must lie in"),
    ([[0.0, 0.0]], [2], 2, "label must be a class 0..1"),
    ([[0.0, 0.0]], [0.5], 3, "label must be a class 0..2"),
    ([[0.0, 0.0]], [1e9], 0, "target must be a number"),
    ([[0.0, 0.0]], [0], 6, "n_classes must be 0"),
    ([[0.0, 0.0]], [0, 1], 2, "1 points but 2 labels"),
])
def test_bad_data_is_refused_with_what_is_wrong(pts: list[list[float]], labels: list[float],
                                                n: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(pts, labels, n)


def test_at_most_max_points() -> None:
    full = make(np.zeros((MAX_POINTS, 2)), np.zeros(MAX_POINTS), 2)
    with pytest.raises(ValueError, match="at most 2000 points"):
        with_point(full, 0.0, 0.0, 1)
    with pytest.raises(ValueError, match="at most 2000"):
        make(np.zeros((MAX_POINTS + 1, 2)), np.zeros(MAX_POINTS + 1), 2)


def test_edits_make_new_data_sets() -> None:
    data = with_point(with_point(empty(3), 1.0, 1.0, 2), -1.0, 0.5, 0)
    assert data.points.tolist() == [[1.0, 1.0], [-1.0, 0.5]] and data.labels.tolist() == [2, 0]
    assert without_nearest(data, 1.1, 0.9).points.tolist() == [[-1.0, 0.5]]
    assert without_nearest(data, 4.0, 4.0) is data  # nothing within reach: unchanged
    assert len(empty(0)) == 0 and empty(0).labels.dtype == np.float64
    with pytest.raises(ValueError, match="x2 must be a number in"):
        with_point(data, 0.0, 6.5, 1)


def test_stored_bytes_that_are_not_a_data_set_are_refused() -> None:
    for raw in (b"", b"[]", b'{"n_classes": 2, "points": [[0, "a"]], "labels": [0]}',
                b'{"n_classes": 2, "points": [[0, NaN]], "labels": [0]}', b"\xff"):
        with pytest.raises(ValueError):
            from_bytes(raw)
    assert points.from_tree({"n_classes": 0, "points": [[1, 2]], "labels": [0.25]}).n_classes == 0
