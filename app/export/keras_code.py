"""Export a fresh trainer as Keras 3 code that trains the same way: the same data, features,
layers, loss (½ Σ (ŷ − t)² for square), penalty, optimizer rule, schedule and batches, in float64,
with a comment wherever Keras's maths still differ from the playground's (dropout masks).

Keras draws its own weights and shuffles; main(initial_weights=…) starts it from the playground's
weights instead, and then (shuffle off, no dropout) one epoch matches the engine's to 1e-9
(tests/export/test_keras_parity.py). keras.utils.set_random_seed makes Keras's own runs repeatable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray
from app.engine.trainer import Trainer
from app.export import data
from app.export.describe import comment_block, summary_lines, title_lines
from app.export.keras_layers import activation_functions, dense_layers, output_activation
from app.export.keras_optimizers import optimizer_class
from app.export.keras_training import compile_lines, fit_lines, loss_function, notes
from app.export.literals import array_literal

SCRIPT_NAME = "mlp_keras.py"


def keras_code(trainer: Trainer, features: Sequence[str], epochs: int, seed: int,
               title: str = "", *, points_train: AnyArray | None = None,
               points_test: AnyArray | None = None) -> str:
    """Return Keras 3 source that builds and trains the trainer's network.

    Args:
        trainer: a fresh Trainer built for the configuration (its weights are not exported).
        features: the active feature keys (trainer.x_train's columns).
        epochs: epochs for model.fit (≥ 1). seed: for keras.utils.set_random_seed (≥ 0).
        title: free text for the header comment (made safe: one line, printable only).
        points_train, points_test: the raw points (n, 2); when given, the code embeds them and
            computes the features from them, otherwise it embeds trainer.x_train / x_test.

    Raises:
        ValueError: epochs or seed out of range, points that do not give the trainer's inputs,
            or an activation/initializer/optimizer/schedule Keras has no counterpart for here.
    """
    keys = data.feature_keys(features)
    for name, value, low in (("epochs", epochs, 1), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    if len(keys) != trainer.net.n_inputs:
        raise ValueError(f"{len(keys)} features but the network has {trainer.net.n_inputs} inputs")
    if points_train is not None:
        data.check_points(trainer, keys, points_train, points_test)
    has_test = trainer.x_test is not None
    targets = data.targets_function(trainer.loss_name, trainer.n_classes,
                                    output_activation(trainer),
                                    one_hot=trainer.loss_name == "max_margin")
    inputs = data.features_function(keys) if points_train is not None else ""
    sections = [
        "\n".join(_header(trainer, keys, epochs, title)) + "\n\n" + _PRELUDE
        + f"keras.utils.set_random_seed({seed})  # Keras's own weights, masks, shuffles: "
        "repeatable",
        "\n\n\n".join(s.rstrip("\n") for s in (
            inputs, targets, activation_functions(trainer), loss_function(trainer),
            optimizer_class(trainer.optimizer.name, trainer.l1 > 0)) if s),
        _model_function(trainer, keys),
        _main_function(trainer, epochs, points_train is not None, has_test),
        _data(trainer, points_train, points_test if has_test else None),
        'if __name__ == "__main__":\n    main()\n',
    ]
    return "\n\n\n".join(s.rstrip("\n") for s in sections) + "\n"


_PRELUDE = """import os

# Keras runs on a backend named by KERAS_BACKEND (jax, torch or tensorflow), read when keras is
# imported; JAX computes in float64 only when JAX_ENABLE_X64 is set.
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_ENABLE_X64", "true")

import keras  # after the backend is chosen
import numpy as np

keras.config.set_floatx("float64")  # the playground computes in float64
"""


def _header(trainer: Trainer, keys: Sequence[str], epochs: int, title: str) -> list[str]:
    """Return the header comment; the first two lines are fixed (no title as coding line)."""
    return [
        f"# {SCRIPT_NAME}: the MLP Playground network as Keras 3 code, exported by MLP Playground.",
        f'# Run: pip install keras "jax[cpu]"; KERAS_BACKEND=jax python {SCRIPT_NAME}',
        "#",
        *title_lines(title),
        *comment_block([
            "The same data, features, layers, initialisers, loss, penalty, optimizer rule, "
            "learning-rate schedule, batches and float64 as the playground: started from the "
            "playground's weights (main(initial_weights=…)), with no shuffle and no dropout, "
            "one epoch ends on the playground's weights to 1e-9. Keras draws its own initial "
            "weights, dropout masks and shuffles (set_random_seed makes them repeatable). "
            "Comments starting with \"Keras:\" say where its maths still differ from the "
            "playground's."], hang=0),
        "#",
        *comment_block(summary_lines(trainer, keys, epochs)),
    ]


def _model_function(trainer: Trainer, keys: Sequence[str]) -> str:
    return "\n".join([
        "def build_model():",
        '    """Return the network as a Keras Sequential model."""',
        "    return keras.Sequential([",
        f"        keras.Input(shape=({len(keys)},)),  # {data.feature_labels(keys)}",
        *dense_layers(trainer),
        "    ])",
    ]) + "\n"


def _main_function(trainer: Trainer, epochs: int, from_points: bool, has_test: bool) -> str:
    if from_points:
        load = ["    x_train, y_train = features(POINTS_TRAIN), encode_targets(LABELS_TRAIN)"]
        if has_test:
            load.append("    x_test, y_test = features(POINTS_TEST), encode_targets(LABELS_TEST)")
    else:
        load = ["    x_train, y_train = X_TRAIN, encode_targets(LABELS_TRAIN)"]
        if has_test:
            load.append("    x_test, y_test = X_TEST, encode_targets(LABELS_TEST)")
    return "\n".join([
        f"def main(epochs={epochs}, initial_weights=None):",
        '    """Build, compile and train the model; return it and its training history.',
        "",
        "    initial_weights: None (Keras draws them), or [w0, b0, w1, b1, …] to start from, such",
        "    as the playground's: w (n_in, n_out) and b (n_out,) of each layer in turn.",
        '    """',
        *load,
        "    model = build_model()",
        "    if initial_weights is not None:",
        "        model.set_weights(initial_weights)",
        *(f"    {line}" for line in notes(trainer)),
        *(f"    {line}" for line in compile_lines(trainer)),
        *(f"    {line}" for line in fit_lines(trainer, epochs, has_test)),
        "    return model, history",
    ]) + "\n"


def _data(trainer: Trainer, points_train: AnyArray | None, points_test: AnyArray | None) -> str:
    rule = "# " + "=" * 98
    head = [rule, "# DATA: the playground's values, exact to the last bit (each float is written "
            "with repr).", rule, ""]
    if points_train is not None:
        block = data.data_block(points_train, trainer.y_train, points_test, trainer.y_test,
                                trainer.n_classes)
        return "\n".join([*head, block])
    label_type = np.int64 if trainer.n_classes else np.float64
    parts = [*head, "# training inputs (one column per feature) and labels",
             f"X_TRAIN = {array_literal(trainer.x_train)}",
             f"LABELS_TRAIN = {array_literal(trainer.y_train.astype(label_type))}"]
    if trainer.x_test is not None and trainer.y_test is not None:
        parts += ["", "# test inputs and labels", f"X_TEST = {array_literal(trainer.x_test)}",
                  f"LABELS_TEST = {array_literal(trainer.y_test.astype(label_type))}"]
    return "\n".join(parts) + "\n"
