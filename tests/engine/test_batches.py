"""Mini-batch buffers hold the examples in the order given, feature-major, with a smaller last."""

import numpy as np

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
