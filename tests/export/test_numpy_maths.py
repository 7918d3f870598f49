"""The exported script's maths is the engine's: every activation's φ and backward, and every loss's
value and gradient, exec'd from the generated source and checked against the engine's objects."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from app.engine.activations import ACTIVATIONS, get_activation
from app.engine.losses import LOSSES, get_loss
from app.export.numpy_maths import activation_functions, loss_functions

# a grid of z over [−6, 6] in steps of 0.05, kinks 0 and ±1 included, as (81, 3)
Z = np.concatenate([np.linspace(-6.0, 6.0, 241), [0.0, -1.0]]).reshape(-1, 3)


def _exec(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"np": np}
    exec(compile(source, "<export>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_exported_activation_and_backward_equal_the_engines(name: str) -> None:
    act = get_activation(name)
    names = _exec(activation_functions([name], [name]))
    a = act.value(Z)
    np.testing.assert_array_equal(names[name](Z), a)
    g = np.random.default_rng(0).normal(size=Z.shape)
    np.testing.assert_allclose(names[f"{name}_backward"](g, Z), g * act.derivative(Z, a),
                               rtol=1e-15, atol=1e-15)


def _targets(name: str, y: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(1)
    if get_loss(name).index_targets:
        return rng.integers(0, y.shape[1], len(y))
    if name == "log":
        return rng.integers(0, 2, y.shape).astype(np.float64)
    if name == "hinge":
        return rng.choice([-1.0, 1.0], y.shape)
    return rng.normal(size=y.shape)


@pytest.mark.parametrize("name", list(LOSSES))
def test_exported_loss_and_gradient_equal_the_engines(name: str) -> None:
    loss = get_loss(name)
    y = Z if name not in ("log", "hinge") else Z[:, :1]
    t = _targets(name, y)
    names = _exec(loss_functions(name))
    np.testing.assert_allclose(names["loss"](y, t), loss.values(y, t), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(names["loss_gradient"](y, t), loss.gradient(y, t), rtol=1e-15,
                               atol=0.0)


def test_the_export_writes_the_engines_text_not_a_copy() -> None:
    tanh, square = get_activation("tanh"), get_loss("square")
    assert f"return {tanh.value_code}" in activation_functions(["tanh"], ["tanh"])
    assert f"return {tanh.backward_code}" in activation_functions(["tanh"], ["tanh"])
    assert square.gradient_code in loss_functions("square")
