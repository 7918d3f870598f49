"""The Keras export trains exactly as the engine: real Keras (JAX backend, float64) runs the
exported script's main() from the engine's initial weights for one epoch in the stored order, and
ends on the engine's weights to 1e-9 — plain MLP, softmax multi-class, L2, momentum, Adam, …,
and L1 with TF Playground's clamp (the same links cut to exactly 0).

Needs the `keras` extra (pyproject.toml: keras and jax[cpu]); skipped without it, except under
CI=true, where a missing Keras fails.
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is first imported, as the script
os.environ.setdefault("JAX_ENABLE_X64", "true")

from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from app.export import keras_code  # noqa: E402
from tests.export import Config, build  # noqa: E402

if os.environ.get("CI") == "true":
    import keras  # noqa: F401  (under CI the extra is installed: fail, never skip)
else:
    pytest.importorskip("keras")

TOLERANCE = 1e-9
# every case: TF Playground's data order, 100 training points in batches of 10 (nothing carried)
BASE: dict[str, Any] = {"data_order": "playground", "n_points": 200, "epochs": 1}
CASES = [
    Config("mlp_sgd", **BASE),
    Config("softmax_three_classes", dataset="blobs3", loss="softmax_cross_entropy",
           learning_rate=0.1, hidden=(5,), **BASE),
    Config("l2", l2=0.03, activation="relu", init="he_normal", **BASE),
    Config("momentum", optimizer="momentum", learning_rate=0.01, **BASE),
    Config("adam_l2", optimizer="adam", learning_rate=0.01, l2=0.01, **BASE),
    Config("nesterov_sigmoid", optimizer="nesterov", learning_rate=0.01, activation="sigmoid",
           **BASE),
    Config("rmsprop", optimizer="rmsprop", learning_rate=0.01, **BASE),
    Config("adagrad_regression", dataset="plane", optimizer="adagrad", learning_rate=0.1,
           **BASE),
    # L1's step and TF Playground's clamp (a strong rate: links are cut within the epoch)
    Config("l1_sgd", l1=0.3, **BASE),
    Config("l1_momentum", l1=0.3, optimizer="momentum", learning_rate=0.03, **BASE),
]


@pytest.mark.parametrize("config", CASES, ids=[c.name for c in CASES])
def test_one_keras_epoch_from_the_engines_weights_ends_on_the_engines_weights(
        config: Config) -> None:
    trainer, ds = build(config)
    net = trainer.net
    start = [a.copy() for pair in zip(net.weights, net.biases, strict=True) for a in pair]
    source = keras_code(trainer, config.features, 1, config.seed,
                        points_train=ds.x_train, points_test=ds.x_test)
    namespace: dict[str, Any] = {"__name__": "mlp_keras"}
    exec(compile(source, "mlp_keras.py", "exec"), namespace)
    model, history = namespace["main"](epochs=1, initial_weights=start)
    trainer.step()  # the engine's epoch, in the same order
    want = [a for pair in zip(net.weights, net.biases, strict=True) for a in pair]
    got = model.get_weights()
    assert [g.dtype for g in got] == [np.float64] * len(want)
    moved = max(float(np.abs(w - s).max()) for w, s in zip(want, start, strict=True))
    assert moved > 1e-3  # the epoch did change the weights
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=0, atol=TOLERANCE)
    if config.l1:  # the same links cut, to exactly 0
        cut = [np.asarray(d) for d in net.dead_weights]
        assert sum(int(d.sum()) for d in cut) >= 3
        assert all(np.all(g[d] == 0.0) for g, d in zip(got[::2], cut, strict=True))
        assert [np.flatnonzero(g == 0.0).tolist() for g in got[::2]] == \
            [np.flatnonzero(w == 0.0).tolist() for w in want[::2]]
    assert len(history.history["loss"]) == 1
