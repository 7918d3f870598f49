"""The exported script's forward pass and backpropagation are the engine's MLP.forward_train and
MLP.backward: exec'd from the generated source, on every export configuration (dropout with
identically seeded generators, penalties included), they give the same numbers to 1e-12."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.export.numpy_script import numpy_script
from tests.export import CONFIGS, Config, build

TOLERANCE = 1e-12


def _namespace(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "mlp_playground"}
    exec(compile(source, "mlp_playground.py", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_exported_backward_equals_mlp_backward(config: Config) -> None:
    trainer, ds = build(config)
    net = trainer.net
    names = _namespace(numpy_script(trainer, config.features, ds.x_train, ds.x_test, 1))
    x, t = trainer.x_train[:12], trainer.t_train[:12]
    weights, biases = names["INITIAL_WEIGHTS"], names["INITIAL_BIASES"]
    dropout = any(p > 0 for p in net.dropout)
    if dropout:
        zs, acts, masks = names["forward"](x, weights, biases, np.random.default_rng(3))
        grad_w, grad_b = names["backward"](zs, acts, masks, t, weights)
    else:
        zs, acts = names["forward"](x, weights, biases)
        grad_w, grad_b = names["backward"](zs, acts, t, weights)
    ours_z, ours_a, ours_masks = net.forward_train(x, np.random.default_rng(3) if dropout else None)
    # the script's backward carries the L2 term; L1 is a step of its own after the update
    ours_w, ours_b, _ = net.backward(x, ours_z, ours_a, ours_masks, t, trainer.loss, 0.0,
                                     trainer.l2)
    for theirs, ours in zip(zs, ours_z, strict=True):
        np.testing.assert_allclose(theirs, ours, rtol=TOLERANCE, atol=TOLERANCE)
    if dropout:
        for theirs, ours in zip(masks, ours_masks, strict=True):
            np.testing.assert_array_equal(theirs, ours)
    for theirs, ours in zip(grad_w + grad_b, ours_w + ours_b, strict=True):
        assert theirs.shape == ours.shape
        np.testing.assert_allclose(theirs, ours, rtol=TOLERANCE, atol=TOLERANCE)
