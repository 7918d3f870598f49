"""Export a fresh trainer as a from-scratch NumPy script that replays the playground's training.

The script embeds the points, the initial weights and the trainer's generator state, and makes the
same random draws in the same order (one permutation per epoch when there are several mini-batches
and the data order reshuffles, then per mini-batch a dropout mask per hidden layer during the
forward pass), so its printed per-epoch losses match the engine's up to floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.engine._types import AnyArray
from app.engine.activations import get_activation
from app.engine.trainer import Trainer
from app.export import data, numpy_maths
from app.export.describe import header_lines
from app.export.literals import (
    array_literal,
    float_literal,
    generator_kind,
    state_literal,
    wrap,
)
from app.export.network_source import backward_function, evaluate_function, forward_function
from app.export.training_source import train_function

SCRIPT_NAME = "mlp_playground.py"


def numpy_script(trainer: Trainer, features: Sequence[str], points_train: AnyArray,
                 points_test: AnyArray | None, epochs: int, title: str = "") -> str:
    """Return a standalone Python script (NumPy only) that trains this network as the engine does.

    Args:
        trainer: a fresh Trainer (epoch 0, initial weights, generator not yet used).
        features: the active feature keys that turned the points into trainer.x_train.
        points_train: raw training points (n, 2); points_test: raw test points (m, 2) or None.
        epochs: how many epochs the script runs (≥ 1).
        title: free text for the header comment (made safe: one line, printable only).

    Returns:
        The script's source; it prints one line per epoch,
        `epoch <k> train_loss <float> test_loss <float> [train_accuracy <a> test_accuracy <a>]`.

    Raises:
        ValueError: the trainer has already trained, epochs < 1, the points do not give the
            trainer's inputs, or a name the export does not know.
    """
    keys = data.feature_keys(features)
    _check_fresh(trainer, epochs)
    data.check_points(trainer, keys, points_train, points_test)
    net = trainer.net
    has_test = trainer.x_test is not None and trainer.y_test is not None
    hidden, output = net.activation_names[:-1], net.activation_names[-1]
    square = trainer.loss.on_output
    dropout = any(p > 0 for p in net.dropout)
    backward = list(hidden) + ([output] if square and output != "linear" else [])
    optimizer = trainer.optimizer
    sections = [
        "\n".join(header_lines(trainer, keys, epochs, title, SCRIPT_NAME))
        + "\n\nimport numpy as np\n\n" + "\n".join(_constants(trainer, epochs)),
        _section("input features and targets", data.features_function(keys)),
        data.targets_function(trainer.loss_name, trainer.n_classes, output),
        _section("activations: φ(z), and dE/dz = dE/da ⊙ φ'(z) for backpropagation",
                 numpy_maths.activation_functions([*hidden, output], backward)),
        _pairs(hidden, output),
        _section(f"loss: {trainer.loss_name}", numpy_maths.loss_functions(trainer.loss_name)),
        _section("network: feed forward, backpropagate", forward_function(dropout)),
        backward_function(trainer, dropout),
        _section(f"optimizer: {optimizer.name}", numpy_maths.optimizer_functions(optimizer.name)),
        numpy_maths.learning_rate_function(trainer.schedule, trainer.decay_rate,
                                           trainer.decay_steps),
        _section("training: mini-batch gradient descent", evaluate_function(trainer, dropout)),
        train_function(classification=trainer.n_classes > 0, has_test=has_test,
                       early_stopping=trainer.patience > 0, dropout=dropout,
                       generator=generator_kind(trainer.rng), l1=trainer.l1 > 0,
                       carry=trainer.data_order == "playground"),
        _data_section(trainer, points_train, points_test if has_test else None),
        'if __name__ == "__main__":\n    train()\n',
    ]
    return "\n\n\n".join(s.rstrip("\n") for s in sections) + "\n"


def _check_fresh(trainer: Trainer, epochs: int) -> None:
    if trainer.epoch != 0 or len(trainer.history) != 0:
        raise ValueError(f"export needs a fresh trainer (epoch 0), got epoch {trainer.epoch}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be an integer ≥ 1, got {epochs!r}")


def _section(name: str, first: str) -> str:
    """Return a section's banner comment followed by its first definition."""
    return f"# {'-' * 4} {name} {'-' * max(4, 92 - len(name))}\n\n{first}"


def _constants(trainer: Trainer, epochs: int) -> list[str]:
    """Return the script's configuration lines (only those the configuration needs)."""
    n = len(trainer.x_train)
    full = " (full batch)" if trainer.batch_size == n else "; the last one may be smaller"
    lines = [f"EPOCHS = {epochs}",
             f"BATCH_SIZE = {trainer.batch_size}  # examples per mini-batch{full}",
             f"LEARNING_RATE = {float_literal(trainer.base_learning_rate)}  # at epoch 0",
             *numpy_maths.optimizer_constants(trainer.optimizer.hyperparameters())]
    if trainer.l1:
        lines.append(f"L1 = {float_literal(trainer.l1)}  # L1 step lr · l1 · sign(w) after each "
                     "update (weights only)")
    if trainer.l2:
        lines.append(f"L2 = {float_literal(trainer.l2)}  # penalty l2 · ½Σw² (weights only)")
    if any(p > 0 for p in trainer.net.dropout):
        rates = ", ".join(float_literal(p) for p in trainer.net.dropout)
        lines.append(f"DROPOUT = [{rates}]  # drop probability p of each hidden layer")
    if trainer.patience:
        lines += [f"PATIENCE = {trainer.patience}  # early stopping: epochs without a better "
                  "test loss", f"RESTORE_BEST_WEIGHTS = {bool(trainer.restore_best_weights)}"]
    return lines


def _pairs(hidden: Sequence[str], output: str) -> str:
    pairs = wrap((f"({name}, {name}_backward)" for name in hidden), "    ")
    table = "HIDDEN = [\n" + "\n".join(pairs) + "\n]\n" if pairs else "HIDDEN = []  # none\n"
    return ("# (φ, backward) of each hidden layer, in order\n" + table
            + f"OUTPUT = {output}  # φ of the output layer: {get_activation(output).formula}\n")


def _data_section(trainer: Trainer, points_train: AnyArray, points_test: AnyArray | None) -> str:
    """Return the generated data block: generator state, initial parameters, points, labels."""
    net = trainer.net
    kind = generator_kind(trainer.rng)
    weights = "\n".join(f"    {array_literal(w, '    ')}," for w in net.weights)
    biases = "\n".join(f"    {array_literal(b, '    ')}," for b in net.biases)
    rule = "# " + "=" * 98
    return "\n".join([
        rule, "# DATA: generated values, exact to the last bit (each float is written with repr).",
        rule, "",
        f"# the playground trainer's {kind} generator, as it stood before the first epoch",
        f"RNG_STATE = {state_literal(trainer.rng.bit_generator.state)}", "",
        "# initial weights W[i] (n_in, n_out) and biases b[i] (n_out,), one array per layer",
        "INITIAL_WEIGHTS = [", weights, "]", "INITIAL_BIASES = [", biases, "]", "",
        data.data_block(points_train, trainer.y_train, points_test, trainer.y_test,
                        trainer.n_classes),
    ])
