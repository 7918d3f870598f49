"""The one schema of everything a user can set: defaults, ranges, choices, labels, effects.

Each knob has one snake_case name from end to end (field, form input, URL key, engine argument).
A field's `Knob` says how the page shows it and what a change does to a run (its `effect`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.config.classroom import HIDEABLE, check_hidden
from app.engine import (
    DATASETS,
    FEATURE_KEYS,
    FEATURES,
    LOSSES,
    OPTIMIZERS,
    SCHEDULES,
    TRAINABLE_ACTIVATIONS,
    get_activation,
    losses_for,
)
from app.engine.datasets import N_POINTS_RANGE
from app.engine.features import INPUT_OFFSET_RANGE
from app.engine.initializers import INITIALIZER_LABELS
from app.engine.network import MAX_UNITS
from app.engine.targets import problem_kind
from app.lecture.lesson_text import TEXTS

# data: new data and weights | regenerate: new data, training goes on | model: new weights, same
# data | live: applied to the running trainer | view: only what the page shows
Effect = Literal["data", "regenerate", "model", "live", "view"]
Choices = tuple[tuple[str, str], ...]  # (value, label)

MAX_SEED = 2**31 - 1
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DATASET_LABELS = {
    "circle": "Circle", "xor": "Exclusive or", "gaussian": "Gaussian", "spiral": "Spiral",
    "plane": "Plane", "multi_gaussian": "Multi gaussian", "moons": "Moons",
    "checkerboard": "Checkerboard", "and": "AND gate", "or": "OR gate", "xor_gate": "XOR gate",
    **{f"blobs{k}": f"{k} blobs" for k in (3, 4, 5)},
    **{f"spiral{k}": f"{k}-arm spiral" for k in (3, 4, 5)},
}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
                    "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}


@dataclass(frozen=True)
class Knob:
    """How a field is shown (label, choices, presets, step) and what a change does (effect)."""

    label: str
    effect: Effect
    choices: Choices = ()
    presets: tuple[float, ...] = ()
    step: str = "any"


def _choices(values: Iterable[str], labels: dict[str, str] | None = None) -> Choices:
    return tuple((v, (labels or {}).get(v, v.replace("_", " ").capitalize())) for v in values)


ACTIVATION_CHOICES = tuple((k, get_activation(k).label) for k in TRAINABLE_ACTIVATIONS)
FLOAT = Field(allow_inf_nan=False)
Fraction = Annotated[float, Field(ge=0.0, lt=1.0)]
WeightIndex = Annotated[int, Field(ge=0, le=MAX_UNITS)]
EXAMPLE_FIELDS = ("example_point", "example_weight")  # chosen in the worked example, not the form
URL_FIELDS = ("hide", "embed")  # set by a link only: the form keeps what the page was opened with


class Config(BaseModel):
    """Everything a user can set. Defaults are TensorFlow Playground's."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    dataset: Annotated[str, Knob("Dataset", "data", _choices(DATASETS, DATASET_LABELS))] = "circle"
    problem: Annotated[str, Knob("Problem type", "data", _choices(
        ("classification", "regression")))] = "classification"
    train_fraction: Annotated[float, Field(ge=0.1, le=0.9), Knob(
        "Ratio of training to test data", "data", step="0.1")] = 0.5
    noise: Annotated[float, Field(ge=0.0, le=0.5), Knob("Noise", "data", step="0.05")] = 0.0
    batch_size: Annotated[int, Field(ge=1, le=100), Knob("Batch size", "model", step="1")] = 10
    features: Annotated[tuple[str, ...], Knob("Features", "model", tuple(
        (k, f.label) for k, f in FEATURES.items()))] = ("x1", "x2")
    input_offset: Annotated[float, Field(ge=INPUT_OFFSET_RANGE[0], le=INPUT_OFFSET_RANGE[1]), Knob(
        "Input offset (added to X₁ and X₂; 0 = centred)", "model", step="0.5")] = 0.0
    hidden_layers: Annotated[tuple[Annotated[int, Field(ge=1, le=16)], ...], Field(max_length=8),
                             Knob("Hidden layers", "model")] = (4, 2)
    learning_rate: Annotated[float, Field(gt=0.0, le=10.0), Knob(
        "Learning rate", "live", presets=LEARNING_RATES)] = 0.03
    activation: Annotated[str, Knob("Activation", "model", ACTIVATION_CHOICES)] = "tanh"
    regularization: Annotated[str, Knob("Regularization", "live", _choices(
        ("none", "l1", "l2"), {"l1": "L1", "l2": "L2"}))] = "none"
    regularization_rate: Annotated[float, Field(ge=0.0, le=10.0), Knob(
        "Regularization rate", "live", presets=REGULARIZATION_RATES)] = 0.0
    show_test_data: Annotated[bool, Knob("Show test data", "view")] = False
    discretize: Annotated[bool, Knob("Discretize output", "view")] = False
    # one epoch per update, as TF Playground draws one per frame: at 20 updates/s the default
    # run forms its boundary over 3–5 s (tests/config/test_schema.py)
    speed: Annotated[int, Field(ge=1, le=200), Knob("Epochs per update", "view", step="1")] = 1
    model: Annotated[str, Knob("Model", "model", (
        ("mlp", "Multilayer perceptron"),
        ("perceptron", "Perceptron (step unit, perceptron rule)")))] = "mlp"
    optimizer: Annotated[str, Knob(
        "Optimizer", "model", _choices(OPTIMIZERS, OPTIMIZER_LABELS))] = "sgd"
    momentum: Annotated[Fraction, Knob("Momentum", "model", step="0.01")] = 0.9
    rho: Annotated[Fraction, Knob("Rho (decay of the squared-gradient average)", "model")] = 0.9
    beta1: Annotated[Fraction, Knob("Beta 1", "model")] = 0.9
    beta2: Annotated[Fraction, Knob("Beta 2", "model")] = 0.999
    eps: Annotated[float, Field(gt=0.0, le=1.0), Knob("Epsilon", "model")] = 1e-8
    loss: Annotated[str, Knob(
        "Loss", "model", tuple((k, v.label) for k, v in LOSSES.items()))] = "square"
    output_activation: Annotated[str, Knob("Output activation", "model", (
        ("auto", "Auto (natural for the loss)"), *ACTIVATION_CHOICES))] = "auto"
    init: Annotated[str, Knob(
        "Initialization", "model", tuple(INITIALIZER_LABELS.items()))] = "playground"
    dropout: Annotated[float, Field(ge=0.0, le=0.9), Knob("Dropout", "model", step="0.05")] = 0.0
    batch_mode: Annotated[str, Knob("Batch mode", "model", _choices(
        ("full", "mini_batch", "stochastic"),
        {"full": "Full batch", "mini_batch": "Mini-batch",
         "stochastic": "Stochastic (batch of 1)"}))] = "mini_batch"
    data_order: Annotated[str, Knob("Data order", "model", (
        ("reshuffle", "Reshuffle every epoch"),
        ("playground", "TF Playground's: one order, leftovers carried over")))] = "reshuffle"
    schedule: Annotated[str, Knob("Learning-rate decay", "model", _choices(SCHEDULES))] = "none"
    decay_rate: Annotated[float, Field(ge=0.0, le=10.0), Knob("Decay rate", "model")] = 0.5
    decay_steps: Annotated[int, Field(ge=1, le=100_000), Knob(
        "Decay steps", "model", step="1")] = 100
    patience: Annotated[int, Field(ge=0, le=10_000), Knob(
        "Early-stopping patience (0 = off)", "model", step="1")] = 0
    restore_best_weights: Annotated[bool, Knob("Restore best weights", "model")] = True
    seed: Annotated[int, Field(ge=0, le=MAX_SEED), Knob("Seed", "model", step="1")] = 0
    data_seed: Annotated[int, Field(ge=0, le=MAX_SEED), Knob(
        "Data seed", "regenerate", step="1")] = 0
    projector: Annotated[bool, Knob("Projector mode", "view")] = False
    edge_view: Annotated[str, Knob("Lines show", "view", (
        ("weights", "Weights"), ("gradients", "Gradients")))] = "weights"
    # the worked example (issue 5): a training point and a weight (layer, from, to), 0-based
    example_point: Annotated[int, Field(ge=0, le=N_POINTS_RANGE[1]), Knob(
        "Training point", "view", step="1")] = 0
    example_weight: Annotated[tuple[WeightIndex, WeightIndex, WeightIndex], Knob(
        "Weight", "view")] = (0, 0, 0)
    # drawn or uploaded points (app/data/points.py): their content hash, "" = the generated data
    custom_data: Annotated[str, Knob("Your data set", "data")] = ""
    # the lesson whose panel the page shows ("" = none); the registry is app/lecture/lessons.py
    lesson: Annotated[str, Knob("Lesson", "view")] = ""
    # classroom conventions (app/config/classroom.py): controls hidden, and slides' embed mode
    hide: Annotated[tuple[str, ...], Field(max_length=len(HIDEABLE)),
                    Knob("Hidden controls", "view")] = ()
    embed: Annotated[bool, Knob("Embed mode (no header or lesson text)", "view")] = False

    @field_validator("features", "hidden_layers", "hide", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        """Accept the URL form "4,2" ("" = none) as well as a sequence."""
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return value

    @field_validator("example_weight", mode="before")
    @classmethod
    def _split_weight(cls, value: Any) -> Any:
        """Accept the URL form "1,0,2" (layer, from, to) as well as a sequence."""
        if isinstance(value, str) and value.count(",") != 2:
            raise ValueError(f"give layer,from,to as three whole numbers, got {value[:40]!r}")
        return tuple(v.strip() for v in value.split(",")) if isinstance(value, str) else value

    @field_validator("lesson")
    @classmethod
    def _lesson(cls, value: str) -> str:
        if value and value not in TEXTS:  # the lessons' words name every lesson
            raise ValueError(f"unknown {value!r}; choose one of {', '.join(TEXTS)}")
        return value

    @field_validator("hide")
    @classmethod
    def _hide(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_hidden(value)

    @field_validator("custom_data")
    @classmethod
    def _custom_data(cls, value: str) -> str:
        if value and not (len(value) == 16 and all(c in "0123456789abcdef" for c in value)):
            raise ValueError(f"a data set's name is 16 hexadecimal digits, got {value[:40]!r}")
        return value

    @field_validator("features")
    @classmethod
    def _features(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in FEATURES]
        if unknown:
            raise ValueError(f"unknown {unknown[0]!r}; choose from {', '.join(FEATURE_KEYS)}")
        if not value or len(set(value)) != len(value):
            raise ValueError("turn on at least one feature, each at most once")
        return tuple(k for k in FEATURE_KEYS if k in value)  # canonical order: one URL per set

    @field_validator("dataset", "problem", "activation", "regularization", "model", "optimizer",
                     "loss", "output_activation", "init", "batch_mode", "data_order", "schedule",
                     "edge_view")
    @classmethod
    def _choice(cls, value: str, info: Any) -> str:
        allowed = [v for v, _ in knob(info.field_name).choices]
        if value not in allowed:
            raise ValueError(f"unknown {value!r}; choose one of {', '.join(allowed)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        info = DATASETS[self.dataset]
        kind = problem_kind(info.n_classes)
        if info.problem != self.problem:
            raise ValueError(f"dataset: {self.dataset!r} is a {info.problem} dataset, "
                             f"but problem is {self.problem!r}")
        if self.loss not in losses_for(kind):
            raise ValueError(f"loss: {self.loss!r} does not fit a {kind} problem; choose one "
                             f"of {', '.join(losses_for(kind))}")
        if self.model == "perceptron" and kind != "binary":
            raise ValueError(f"model: the perceptron learns two classes; {self.dataset!r} is "
                             f"{kind}")
        if self.schedule in ("step", "exponential") and not 0.0 < self.decay_rate <= 1.0:
            raise ValueError(f"decay_rate: must be in (0, 1] for the {self.schedule} schedule, "
                             f"got {self.decay_rate:g}")
        return self

    @property
    def n_classes(self) -> int:
        """Classes of the dataset (0 = regression)."""
        return DATASETS[self.dataset].n_classes


def knob(name: str) -> Knob:
    """Return the Knob metadata of a Config field."""
    return next(m for m in Config.model_fields[name].metadata if isinstance(m, Knob))
