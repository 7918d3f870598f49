"""Hand edits of a run's model: a typed weight or bias is what the next step trains from."""

from __future__ import annotations

import numpy as np
import pytest

from app.config import Config
from app.session.edits import set_parameter
from app.session.run import advance, build_run


def test_an_edited_weight_and_bias_are_what_the_next_step_trains_from() -> None:
    run = build_run(Config())
    set_parameter(run, 0, 3, -1.25, source=1)
    set_parameter(run, 2, 0, 0.75)
    net = run.model
    assert net.weights[0][1, 3] == -1.25 and net.biases[2][0] == 0.75  # type: ignore[union-attr]
    before = net.params.copy()  # type: ignore[union-attr]
    advance(run, 1, budget=60.0)
    assert not np.array_equal(net.params, before)  # type: ignore[union-attr]


@pytest.mark.parametrize(("args", "message"), [
    ((3, 0, 1.0), "layer must be in 0..2, got 3"),
    ((0, 4, 1.0), "layer 0 has targets 0..3, got 4"),
    ((0, 0, 1.0, 2), "layer 0 has sources 0..1, got 2"),
    ((0, 0, float("nan")), "finite"),
])
def test_edits_of_no_parameter_are_refused(args: tuple, message: str) -> None:  # type: ignore[type-arg]
    run = build_run(Config())
    before = run.model.params.copy()  # type: ignore[union-attr]
    with pytest.raises(ValueError, match=message):
        set_parameter(run, *args)
    assert np.array_equal(run.model.params, before)  # type: ignore[union-attr]


def test_editing_a_link_l1_has_cut_makes_it_live_again() -> None:
    run = build_run(Config(regularization="l1", regularization_rate=0.1))
    advance(run, 20, budget=60.0)
    net = run.model
    layer, (source, target) = next((i, tuple(np.argwhere(d)[0])) for i, d in
                                   enumerate(net.dead_weights) if d.any())  # type: ignore[union-attr]
    assert net.weights[layer][source, target] == 0.0  # type: ignore[union-attr]
    set_parameter(run, layer, int(target), 2.0, source=int(source))
    assert not net.dead_weights[layer][source, target]  # type: ignore[union-attr]
    advance(run, 1, budget=60.0)
    assert abs(net.weights[layer][source, target]) > 1.0  # type: ignore[union-attr]
