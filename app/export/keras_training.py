"""The Keras export's training as source text: loss, optimizer, schedule, compile and fit, with
"Keras:" comments where Keras's maths differ from the playground's."""

from __future__ import annotations

import textwrap

from app.engine.trainer import Trainer
from app.export.keras_layers import output_activation
from app.export.keras_optimizers import optimizer_call
from app.export.literals import float_literal

# schedule -> (Keras schedule class, staircase, note)
_SCHEDULES: dict[str, tuple[str, bool, str]] = {
    "step": ("ExponentialDecay", True, "the same rate per epoch as the playground"),
    "exponential": ("ExponentialDecay", False,
                    "Keras decays smoothly within an epoch, the playground once per epoch"),
    "inverse_time": ("InverseTimeDecay", False,
                     "Keras decays smoothly within an epoch, the playground once per epoch"),
}


def _loss(trainer: Trainer) -> tuple[str, str, str]:
    """Return (loss source, metrics source, note) for the trainer's loss."""
    k = trainer.net.n_outputs
    if trainer.loss_name == "square":
        metrics = ""
        if trainer.n_classes >= 3:
            metrics = '["categorical_accuracy"]'
        elif trainer.n_classes == 2 and output_activation(trainer) == "sigmoid":
            metrics = '["binary_accuracy"]'
        mse = "(y_t − y_p)²" if k == 1 else f"the mean over the {k} outputs of (y_t − y_p)²"
        return ("half_squared_error", metrics,
                f"its mean_squared_error is {mse}, not the playground's ½ Σ (y_t − y_p)²")
    if trainer.loss_name == "log":
        if output_activation(trainer) == "sigmoid":
            return ('"binary_crossentropy"', '["binary_accuracy"]',
                    "binary_crossentropy on the sigmoid output is the playground's log loss "
                    "(Keras clips p to [1e-7, 1 − 1e-7])")
        return ("keras.losses.BinaryCrossentropy(from_logits=True)", '["binary_accuracy"]',
                "the log loss read from z, as the playground's")
    if trainer.loss_name == "hinge":
        return ('"hinge"', "", "hinge on ±1 targets is max(0, 1 − t·z), as the playground's "
                "(Keras's accuracy metrics expect 0/1 labels, so none is shown)")
    if trainer.loss_name == "softmax_cross_entropy":
        return ("keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
                '["sparse_categorical_accuracy"]',
                "softmax cross-entropy on the linear output z, as the playground's")
    if trainer.loss_name == "max_margin":
        return ('"categorical_hinge"', '["categorical_accuracy"]',
                "categorical_hinge takes max((1 − t)·z) over all classes, 0 for the true one, so "
                "it exceeds the playground's max-margin when every wrong class scores below 0")
    raise ValueError(f"cannot export loss {trainer.loss_name!r} to Keras")


HALF_SQUARED_ERROR = '''def half_squared_error(y_true, y_pred):
    """Return the playground's square loss per example, E = ½ Σₖ (y_t,ₖ − y_p,ₖ)² (y_p = y_pred,
    y_t = y_true); Keras averages it over the batch, as the playground does."""
    return 0.5 * keras.ops.sum(keras.ops.square(y_pred - y_true), axis=-1)
'''


def loss_function(trainer: Trainer) -> str:
    """Return the source of the loss function the script defines, or "" (a Keras loss)."""
    return HALF_SQUARED_ERROR if trainer.loss_name == "square" else ""


def notes(trainer: Trainer) -> list[str]:
    """Return comment lines on the penalty and the reported losses."""
    lines = []
    if trainer.l2:
        lines += _note("L2(l) adds l·Σw² to the loss, the playground l2·½Σw²: hence l2 / 2")
    if trainer.l1:
        lines += _note("its L1(l1) regularizer would add l1·sign(w) to the gradient; the "
                       "playground takes L1 as a step of its own after each update, with TF "
                       "Playground's clamp, so the optimizer above does it (l1_step)")
    if trainer.l2:
        lines += _note("its reported losses include the penalty; the playground's do not")
    return lines


def _note(text: str) -> list[str]:
    """Return a "# Keras: …" comment wrapped to fit a 100-character line inside main()."""
    return textwrap.wrap(f"Keras: {text}.", 96, initial_indent="# ", subsequent_indent="# ",
                         break_on_hyphens=False, break_long_words=False)


def _call(head: str, args: list[str], tail: str = ")") -> list[str]:
    """Return a call on one line when it fits in 96 characters, else one argument per line."""
    one = f"{head}{', '.join(args)}{tail}"
    if len(one) <= 96:
        return [one]
    return [head, *(f"    {a}," for a in args), tail]


def compile_lines(trainer: Trainer) -> list[str]:
    """Return the learning-rate schedule, the optimizer and model.compile, with their notes.

    Raises:
        ValueError: an optimizer or schedule Keras has no counterpart for here.
    """
    opt = trainer.optimizer
    lines: list[str] = []
    rate = float_literal(trainer.base_learning_rate)
    if trainer.schedule != "none":
        if trainer.schedule not in _SCHEDULES:
            raise ValueError(f"cannot export schedule {trainer.schedule!r} to Keras")
        schedule, staircase, how = _SCHEDULES[trainer.schedule]
        steps = trainer.batches_per_epoch
        lines += _note(f"schedules count optimizer steps, {steps} per epoch here, so decay_steps "
                       f"= epochs × steps; {how}")
        lines += _call(f"learning_rate = keras.optimizers.schedules.{schedule}(", [
            f"initial_learning_rate={rate}", f"decay_steps={trainer.decay_steps} * {steps}",
            f"decay_rate={float_literal(trainer.decay_rate)}", f"staircase={staircase}"])
        rate = "learning_rate"
    cls, args = optimizer_call(opt, rate, trainer.l1)
    lines += _call(f"optimizer = {cls}(", args)
    loss, metrics, loss_note = _loss(trainer)
    compile_args = ["optimizer=optimizer", f"loss={loss}"] + ([f"metrics={metrics}"] if metrics
                                                              else [])
    lines += (_note(loss_note) if loss_note else []) + _call("model.compile(", compile_args)
    return lines


def fit_lines(trainer: Trainer, epochs: int, has_test: bool) -> list[str]:
    """Return the callbacks (early stopping) and the model.fit call."""
    lines, args = [], ["x_train", "y_train", f"batch_size={trainer.batch_size}", "epochs=epochs"]
    if has_test:
        args.append("validation_data=(x_test, y_test)")
    if trainer.data_order == "playground":
        rest = len(trainer.x_train) % trainer.batch_size
        args.append("shuffle=False  # TF Playground's order: the stored one, every epoch")
        if rest:
            lines += _note(f"it trains the {rest} points after the last full batch as a short "
                           "batch; the playground carries them into the next epoch's first batch")
    else:
        args.append("shuffle=True  # a fresh order each epoch, as the playground's")
    if trainer.patience:
        lines += _call("early_stopping = keras.callbacks.EarlyStopping(", [
            'monitor="val_loss"', f"patience={trainer.patience}",
            f"restore_best_weights={bool(trainer.restore_best_weights)}"])
        args.append("callbacks=[early_stopping]")
    args.append("verbose=2")
    return [*lines, "history = model.fit(", *(f"    {_comma(a)}" for a in args), ")"]


def _comma(arg: str) -> str:
    """Return a call argument with its comma placed before a trailing comment."""
    code, sep, comment = arg.partition("  # ")
    return f"{code},{sep}{comment}"
