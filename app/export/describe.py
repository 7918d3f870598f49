"""Plain-words summaries of a trainer's configuration for the exports' header comments."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from app.engine.initializers import INITIALIZER_LABELS
from app.engine.trainer import Trainer
from app.export.data import feature_labels
from app.export.literals import comment_text


def network_line(trainer: Trainer) -> str:
    """Return the layers in words, e.g. "2 inputs → 4 tanh (dropout 0.2) → 1 tanh"."""
    net = trainer.net
    layers = [f"{net.sizes[0]} inputs"]
    for units, name, p in zip(net.sizes[1:-1], net.activation_names[:-1], net.dropout,
                              strict=True):
        layers.append(f"{units} {name}" + (f" (dropout {p:g})" if p > 0 else ""))
    layers.append(f"{net.sizes[-1]} {net.activation_names[-1]}")
    return " → ".join(layers)


def _schedule_text(trainer: Trainer) -> str:
    rate, steps = f"{trainer.decay_rate:g}", trainer.decay_steps
    return {
        "none": "no decay",
        "step": f"step decay ×{rate} every {steps} epochs",
        "exponential": f"exponential decay ×{rate} per {steps} epochs",
        "inverse_time": f"1/t decay: lr0 / (1 + {rate} · epoch / {steps})",
    }.get(trainer.schedule, trainer.schedule)


def summary_lines(trainer: Trainer, keys: Sequence[str], epochs: int) -> list[str]:
    """Return comment lines (without "# ") describing the network, loss, optimizer and batches."""
    n = len(trainer.x_train)
    hyper = ", ".join(f"{k} {v:g}" for k, v in trainer.optimizer.hyperparameters().items())
    penalty = "".join([f"; penalty {trainer.l1:g} · Σ|w|" if trainer.l1 else "",
                       f"; penalty {trainer.l2:g} · ½Σw²" if trainer.l2 else ""])
    batches = ("one full batch" if trainer.batch_size == n
               else f"mini-batches of {trainer.batch_size}")
    stop = (f"; early stopping after {trainer.patience} epochs without a better test loss"
            if trainer.patience else "")
    return [
        f"Inputs:    {feature_labels(keys)}",
        f"Network:   {network_line(trainer)}",
        f"Init:      {INITIALIZER_LABELS.get(trainer.net.init, trainer.net.init)}",
        f"Loss:      {trainer.loss_name}: {trainer.loss.formula}, mean over the batch{penalty}",
        f"Optimizer: {trainer.optimizer.name} ({hyper}), {_schedule_text(trainer)}",
        f"Training:  {epochs} epochs, {batches} from {n} training points "
        f"({trainer.batches_per_epoch} updates per epoch){stop}",
    ]


def comment_block(lines: Sequence[str], width: int = 100, hang: int = 11) -> list[str]:
    """Return lines as "# " comments wrapped to width; continuation lines are indented by hang
    (the width of the labels "Optimizer: " …)."""
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, width, initial_indent="# ", subsequent_indent="# " + " " * hang,
                             break_on_hyphens=False, break_long_words=False)
    return out


def title_lines(title: str) -> list[str]:
    """Return the title as safe comment lines ("# …") and a blank "#", or nothing if it is blank.

    comment_text keeps it to one line of text first, so it cannot end the comment.
    """
    text = comment_text(title)
    return [*comment_block([text], hang=0), "#"] if text else []


def header_lines(trainer: Trainer, keys: Sequence[str], epochs: int, title: str,
                 script_name: str) -> list[str]:
    """Return the NumPy script's header comment: what it reproduces and how to run it.

    The first two lines are fixed text, so no title can act as a coding declaration.
    """
    accuracy = " train_accuracy <a> test_accuracy <a>" if trainer.n_classes else ""
    test = " test_loss <E>" if trainer.x_test is not None else ""
    return [
        f"# {script_name}: a from-scratch NumPy multilayer perceptron, exported by MLP Playground.",
        f"# Run it with `python {script_name}`; it needs nothing but NumPy.",
        "#",
        *title_lines(title),
        "# It replays the playground's training of this network: the same points, features,",
        "# initial weights and random generator state, so every shuffle and dropout mask is the",
        "# same draw and the printed losses match the playground's to about 12 digits (NumPy may",
        "# add some products in another order than the playground, so the last digits can differ;",
        "# on the edge of divergence such differences grow). Each epoch prints one line:",
        f"#   epoch <k> train_loss <E>{test}{accuracy}",
        "# where the losses are mean data losses without the penalty, as the playground plots",
        "# them.",
        "#",
        *comment_block(summary_lines(trainer, keys, epochs)),
        "#",
        "# Shapes are batch first: x (n, n_in), W (n_in, n_out), b (n_out,), z = x @ W + b.",
    ]
