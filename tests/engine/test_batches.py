"""Mini-batch buffers hold the examples in the order given, feature-major, with a smaller last."""

import numpy as np
import pytest

from app.engine.batches import Batches


def test_batches_follow_the_order_with_a_smaller_last_batch() -> None:
    xa = np.column_stack([np.arange(7.0), 10 + np.arange(7.0), np.ones(7)])
    t = np.arange(7.0).reshape(-1, 1) * -1
    batches = Batches(xa, t, 3)
    assert len(batches) == 3 and [x.shape for x in batches.x] == [(3, 3), (3, 3), (3, 1)]
    order = np.array([6, 0, 5, 1, 4, 2, 3])
    batches.fill(order)
    np.testing.assert_array_equal(np.hstack(batches.x), xa[order].T)
    np.testing.assert_array_equal(np.hstack(batches.t_views), t[order].T)


def test_views_keep_their_memory_across_fills() -> None:
    xa = np.column_stack([np.arange(4.0), np.ones(4)])
    batches = Batches(xa, np.arange(4), 2)
    first = batches.x[0]
    batches.fill(np.array([3, 2, 1, 0]))
    assert batches.x[0] is first and first[0].tolist() == [3.0, 2.0]
    assert batches.t_views[1].tolist() == [1, 0]  # class indices stay (b,) vectors


def test_playground_order_carries_the_rest_into_the_next_epochs_first_batch() -> None:
    xa = np.column_stack([np.arange(7.0), np.ones(7)])
    batches = Batches(xa, np.arange(7), 3, "playground")
    assert len(batches) == 2 and not batches.reshuffles
    first, later = batches.epoch(first=True), batches.epoch(first=False)
    assert [batches.t_views[k].tolist() for k in first] == [[0, 1, 2], [3, 4, 5]]  # 6 waits
    assert [batches.t_views[k].tolist() for k in later] == [[6, 0, 1, 2], [3, 4, 5]]


def test_reshuffle_order_trains_the_rest_as_a_short_batch_every_epoch() -> None:
    batches = Batches(np.column_stack([np.arange(7.0), np.ones(7)]), np.arange(7), 3)
    assert batches.reshuffles and batches.epoch(first=False) == [0, 1, 2]
    assert batches.t_views[2].tolist() == [6]


def test_an_unknown_data_order_is_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="'sorted'.*reshuffle, playground"):
        Batches(np.ones((4, 2)), np.arange(4), 2, "sorted")
