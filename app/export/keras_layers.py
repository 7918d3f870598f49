"""The Keras export's model as source text: one Dense per layer with the playground's initialiser,
activation, penalty and dropout, each Keras name mapped from the engine's."""

from __future__ import annotations

from app.engine.activations import LeakyReLU
from app.engine.trainer import Trainer
from app.export.literals import float_literal

# engine activation -> Keras activation name; leaky_relu becomes its own layer (see dense_layers)
ACTIVATIONS: dict[str, str] = {
    "linear": "linear", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "elu": "elu",
    "softplus": "softplus", "ramp": "hard_tanh", "leaky_relu": "linear",
}

# engine initializer -> (kernel_initializer, bias_initializer) as Keras source
INITIALIZERS: dict[str, tuple[str, str]] = {
    "uniform": ("keras.initializers.RandomUniform(minval=-1.0, maxval=1.0)", '"zeros"'),
    "playground": ("keras.initializers.RandomUniform(minval=-0.5, maxval=0.5)",
                   "keras.initializers.Constant(0.1)"),
    "xavier_uniform": ('"glorot_uniform"', '"zeros"'),
    "xavier_normal": ('"glorot_normal"', '"zeros"'),
    "he_normal": ('"he_normal"', '"zeros"'),
    "zeros": ('"zeros"', '"zeros"'),
}

_TRUNCATED = {"xavier_normal": ('"fan_avg"', "1.0"), "he_normal": ('"fan_in"', "2.0")}


def _regularizer(l2: float) -> str | None:
    """Return the kernel_regularizer source: Keras's L2(l) adds l·Σw², ours l2·½Σw², so l = l2/2.

    L1 is no regularizer here: the script's optimizer takes the playground's L1 step.
    """
    return f"keras.regularizers.L2({float_literal(l2)} / 2)" if l2 else None


TANH = '''def tanh(z):
    """Return tanh z in z's own precision, as 2 · sigmoid(2z) − 1 (Keras 3's "tanh" computes a
    float64 input in float32)."""
    return 2.0 * keras.ops.sigmoid(2.0 * z) - 1.0
'''


def activation_functions(trainer: Trainer) -> str:
    """Return the source of the activation functions the script defines, or ""."""
    names = [*trainer.net.activation_names[:-1], output_activation(trainer)]
    return TANH if "tanh" in names else ""


def _activation(name: str) -> str:
    """Return the Dense layer's activation argument's source."""
    return "tanh" if name == "tanh" else f'"{ACTIVATIONS[name]}"'


def output_activation(trainer: Trainer) -> str:
    """Return the engine activation the Keras output layer uses.

    Losses other than square read z, so the output layer is linear there, except log loss on a
    sigmoid output, which Keras's binary_crossentropy reads as the probability.
    """
    name = trainer.net.activation_names[-1]
    if trainer.loss.on_output or (trainer.loss_name == "log" and name == "sigmoid"):
        return name
    return "linear"


def _check(trainer: Trainer) -> None:
    names = [*trainer.net.activation_names[:-1], output_activation(trainer)]
    unknown = [n for n in names if n not in ACTIVATIONS]
    if unknown:
        raise ValueError(f"Keras has no activation for {unknown!r}; allowed: {list(ACTIVATIONS)}")
    if trainer.net.init not in INITIALIZERS:
        raise ValueError(f"cannot export initializer {trainer.net.init!r} to Keras; allowed: "
                         f"{list(INITIALIZERS)}")


def dense_layers(trainer: Trainer, indent: str = "        ") -> list[str]:
    """Return the Sequential's entries after keras.Input: Dense (+ LeakyReLU) (+ Dropout) per layer.

    Raises:
        ValueError: an activation or initializer Keras has no counterpart for here.
    """
    _check(trainer)
    net = trainer.net
    kernel, bias = INITIALIZERS[net.init]
    regularizer = _regularizer(trainer.l2)
    names = [*net.activation_names[:-1], output_activation(trainer)]
    dropout = [*net.dropout, 0.0]
    lines: list[str] = []
    if net.init in _TRUNCATED:
        mode, scale = _TRUNCATED[net.init]
        lines += [f"{indent}# Keras: {kernel} draws from a normal truncated at 2σ (rescaled to the",
                  f"{indent}# same variance); the playground's is untruncated, as is",
                  f"{indent}# keras.initializers.VarianceScaling({scale}, {mode}, "
                  '"untruncated_normal")']
    for units, name, p in zip(net.sizes[1:], names, dropout, strict=True):
        args = [f"{units}", f"activation={_activation(name)}", f"kernel_initializer={kernel}",
                f"bias_initializer={bias}"]
        if regularizer:
            args.append(f"kernel_regularizer={regularizer}")
        lines += [f"{indent}keras.layers.Dense(", *(f"{indent}    {a}," for a in args),
                  f"{indent}),"]
        if name == "leaky_relu":
            lines.append(f"{indent}keras.layers.LeakyReLU(negative_slope={LeakyReLU.slope!r}),"
                         "  # Keras's default slope is 0.2")
        if p > 0:
            lines.append(f"{indent}keras.layers.Dropout({float_literal(p)}),"
                         "  # inverted dropout, as the playground's")
    return lines
