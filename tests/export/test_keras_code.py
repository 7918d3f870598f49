"""Tests for app.export.keras_code: the code compiles and, run against a stand-in for Keras (not
installed here), builds the playground's layers and trains on the playground's data."""

from __future__ import annotations

import io
import re
import sys
import tokenize
from typing import Any
from unittest import mock

import numpy as np
import pytest

from app.engine.trainer import Trainer
from app.export import keras_code
from tests.export import CONFIGS, Config, build

# Keras's SGD is the playground's rule; the others are written into the script (Keras's differ)
OPTIMIZER_CLASSES = {"sgd": "keras.optimizers.SGD", "momentum": "keras.optimizers.SGD",
                     "nesterov": "keras.optimizers.SGD", "adagrad": "PlaygroundAdagrad",
                     "rmsprop": "PlaygroundRMSprop", "adam": "PlaygroundAdam"}
# under L1 every optimizer is the script's own (it takes the playground's L1 step)
L1_CLASSES = {"sgd": "PlaygroundSGD", "momentum": "PlaygroundMomentum",
              "nesterov": "PlaygroundNesterov", "adagrad": "PlaygroundAdagrad",
              "rmsprop": "PlaygroundRMSprop", "adam": "PlaygroundAdam"}
LOSSES = {"square": "half_squared_error", "log": '"binary_crossentropy"', "hinge": '"hinge"',
          "softmax_cross_entropy": "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
          "max_margin": '"categorical_hinge"'}


def _code(config: Config, with_points: bool = True, title: str = "") -> tuple[str, Trainer]:
    trainer, ds = build(config)
    points = {"points_train": ds.x_train, "points_test": ds.x_test} if with_points else {}
    return keras_code(trainer, config.features, config.epochs, config.seed, title,
                      **points), trainer


def _run_with_fake_keras(source: str) -> mock.MagicMock:
    """Execute the code's main() with a MagicMock standing in for the keras package."""
    fake = mock.MagicMock(name="keras")
    with mock.patch.dict(sys.modules, {"keras": fake}):
        namespace: dict[str, Any] = {"__name__": "mlp_keras"}
        exec(compile(source, "mlp_keras.py", "exec"), namespace)
        namespace["main"]()
    return fake


@pytest.mark.parametrize("with_points", [True, False])
@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_keras_code_compiles(config: Config, with_points: bool) -> None:
    source, _ = _code(config, with_points)
    compile(source, "<keras>", "exec")


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_keras_code_has_the_configurations_calls(config: Config) -> None:
    source, trainer = _code(config)
    assert source.count("keras.layers.Dense(") == len(trainer.net.sizes) - 1
    classes = L1_CLASSES if config.l1 else OPTIMIZER_CLASSES
    assert f"optimizer = {classes[config.optimizer]}(" in source
    rate = "initial_learning_rate" if config.schedule != "none" else "learning_rate"
    assert f"{rate}={config.learning_rate!r}" in source
    assert f"batch_size={trainer.batch_size}," in source
    assert f"def main(epochs={config.epochs}, initial_weights=None):" in source
    assert "epochs=epochs," in source
    assert f"loss={LOSSES[config.loss]}" in source
    assert f"keras.utils.set_random_seed({config.seed})" in source
    shuffle = "False" if config.data_order == "playground" else "True"
    assert f"shuffle={shuffle}" in source
    if config.l2:
        assert f"keras.regularizers.L2({config.l2!r} / 2)" in source
    if config.l1:  # the playground's L1 step, in the script's optimizer
        assert f"l1={config.l1!r}" in source and "def l1_step(" in source
        assert "keras.regularizers.L1" not in source
    assert source.count("keras.layers.Dropout(") == (len(config.hidden) if config.dropout else 0)


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_keras_code_trains_on_the_playgrounds_data(config: Config) -> None:
    source, trainer = _code(config)
    keras = _run_with_fake_keras(source)
    keras.utils.set_random_seed.assert_called_once_with(config.seed)
    units = [call.args[0] for call in keras.layers.Dense.call_args_list]
    assert units == list(trainer.net.sizes[1:])
    keras.Input.assert_called_once_with(shape=(len(config.features),))
    fit = keras.Sequential.return_value.fit.call_args
    x_train, y_train = fit.args
    np.testing.assert_array_equal(x_train, trainer.x_train)
    expected = np.eye(trainer.n_classes)[trainer.t_train] if config.loss == "max_margin" \
        else trainer.t_train
    np.testing.assert_array_equal(y_train, expected)
    x_test, _ = fit.kwargs["validation_data"]
    np.testing.assert_array_equal(x_test, trainer.x_test)
    assert fit.kwargs["batch_size"] == trainer.batch_size
    assert fit.kwargs["epochs"] == config.epochs


def test_keras_code_without_points_embeds_the_feature_matrix() -> None:
    source, trainer = _code(CONFIGS[2], with_points=False)
    assert "def features(" not in source
    keras = _run_with_fake_keras(source)
    x_train, _ = keras.Sequential.return_value.fit.call_args.args
    np.testing.assert_array_equal(x_train, trainer.x_train)


def test_keras_code_without_a_test_set_has_no_validation_data() -> None:
    built, ds = build(CONFIGS[0])
    trainer = Trainer(built.net, built.optimizer, built.x_train, built.y_train,
                      n_classes=built.n_classes, batch_size=built.batch_size, rng=built.rng)
    source = keras_code(trainer, ["x1", "x2"], 5, 3, points_train=ds.x_train)
    assert "POINTS_TEST" not in source
    fit = _run_with_fake_keras(source).Sequential.return_value.fit.call_args
    assert "validation_data" not in fit.kwargs
    np.testing.assert_array_equal(fit.args[0], trainer.x_train)


def test_penalty_is_halved_for_keras_l2() -> None:
    source, _ = _code(CONFIGS[1])
    keras = _run_with_fake_keras(source)
    assert keras.regularizers.L2.call_args.args == (CONFIGS[1].l2 / 2,)


def test_step_schedule_counts_optimizer_steps() -> None:
    source, trainer = _code(CONFIGS[1])
    keras = _run_with_fake_keras(source)
    schedule = keras.optimizers.schedules.ExponentialDecay.call_args.kwargs
    assert schedule["decay_steps"] == CONFIGS[1].decay_steps * trainer.batches_per_epoch
    assert schedule["staircase"] is True and schedule["decay_rate"] == CONFIGS[1].decay_rate


def test_names_are_mapped_to_keras() -> None:
    leaky, _ = _code(next(c for c in CONFIGS if c.activation == "leaky_relu"))
    assert "keras.layers.LeakyReLU(negative_slope=0.01)" in leaky
    assert 'kernel_initializer="glorot_normal"' in leaky
    ramp, _ = _code(next(c for c in CONFIGS if c.activation == "ramp"))
    assert 'activation="hard_tanh"' in ramp
    assert "keras.initializers.RandomUniform(minval=-0.5, maxval=0.5)" in ramp
    assert "keras.initializers.Constant(0.1)" in ramp
    adagrad, _ = _code(next(c for c in CONFIGS if c.optimizer == "adagrad"))
    assert "class PlaygroundAdagrad(keras.optimizers.Optimizer):" in adagrad
    tanh, _ = _code(next(c for c in CONFIGS if c.activation == "tanh"))
    assert "def tanh(z):" in tanh and "activation=tanh," in tanh
    stopping, _ = _code(next(c for c in CONFIGS if c.patience))
    assert re.search(r'EarlyStopping\(\s*monitor="val_loss",\s*patience=2,', stopping)


def test_keras_code_imports_only_keras_and_numpy() -> None:
    source, _ = _code(CONFIGS[0])
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["import os", "import keras  # after the backend is chosen",
                       "import numpy as np"]
    assert 'os.environ.setdefault("KERAS_BACKEND", "jax")' in source
    assert 'keras.config.set_floatx("float64")' in source


def test_title_with_newlines_and_quotes_stays_a_comment() -> None:
    source, _ = _code(CONFIGS[0], title="Keras\nprint('x')\r'''\"\"\" \u2028 coding: latin-1")
    compile(source, "<keras>", "exec")
    assert source.splitlines()[0].startswith("# mlp_keras.py: ")
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    hits = [t for t in tokens if "print('x')" in t.string or "latin" in t.string]
    assert hits and all(t.type == tokenize.COMMENT for t in hits)


def test_bad_arguments_are_refused() -> None:
    trainer, _ = build(CONFIGS[0])
    with pytest.raises(ValueError, match="seed"):
        keras_code(trainer, ["x1", "x2"], 10, -1)
    with pytest.raises(ValueError, match="epochs"):
        keras_code(trainer, ["x1", "x2"], 0, 1)
    with pytest.raises(ValueError, match="features but the network"):
        keras_code(trainer, ["x1"], 10, 1)
