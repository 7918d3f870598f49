"""The lessons: an ordered registry that follows the lecture, each lesson a preset of the config.

A lesson is data: a stable snake_case key (it lives in URLs as `lesson=<key>`), a preset (the
Config fields that differ from the defaults), a prompt, a question to predict before pressing
play and its answer, and a goal whose check (lesson_checks.py) says live when it is reached.
The preset IS a URL of the main page: lesson_url(key) = "/?" + the whole config's query.
The lecture's first neurons (first_neurons.py) come before them, numbered with them: lessons
with pages of their own, not presets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.config import Config, parse, to_query
from app.lecture.first_neurons import FIRST_NEURONS, ViewLesson
from app.lecture.lesson_checks import (
    AnyTrainer,
    Goal,
    Verdict,
    crawls,
    diverges,
    gap_at_most,
    overfits,
    perceptron_converges,
    perceptron_never_converges,
    reaches_test_accuracy,
    stops_early,
    trains_for,
)
from app.lecture.lesson_gradient_goals import (
    gradients_flow,
    gradients_vanish,
    neurons_stay_identical,
)
from app.lecture.lesson_text import TEXTS
from app.lecture.lesson_training_goals import (
    stays_below,
    train_loss_at_least,
    updates_in_range,
    weights_zeroed,
)


@dataclass(frozen=True)
class Lesson:
    """One lesson. `preset` holds config fields (typed values) that differ from the defaults."""

    key: str
    section: str
    title: str
    preset: Mapping[str, Any]
    goal: Goal
    prompt: str = ""
    question: str = ""
    answer: str = ""
    opens: str = ""  # the id of a lecture panel the lesson opens ("worked_example_panel")


PERCEPTRON = {"model": "perceptron", "speed": 1}
OVERFIT = {"dataset": "circle", "noise": 0.2, "train_fraction": 0.1, "hidden_layers": (16, 16),
           "optimizer": "adam", "learning_rate": 0.03, "show_test_data": True, "speed": 5}
DEEP_SIGMOID = {"dataset": "circle", "hidden_layers": (8, 8, 8, 8, 8, 8), "activation": "sigmoid",
                "speed": 5}
DEEP_RELU = {"dataset": "plane", "problem": "regression", "hidden_layers": (16,) * 6,
             "activation": "relu", "speed": 1}
XOR_NET = {"dataset": "xor_gate", "hidden_layers": (2,), "speed": 2}
PERCEPTRONS, DEEPER, TRAINING = "The perceptron", "Going deeper", "Training"
REGULARIZATION, PITFALLS = "Overfitting and regularization", "Pitfalls"

# (key, section, title, preset, goal) in teaching order; the words are in lesson_text.py. A new
# lesson is one line here and one entry in a module of app/lecture/texts/.
_PLAN: list[tuple[str, str, str, dict[str, Any], Goal]] = [
    ("perceptron_and", PERCEPTRONS, "The perceptron learns AND",
     {**PERCEPTRON, "dataset": "and"}, perceptron_converges()),
    ("perceptron_or", PERCEPTRONS, "… and OR",
     {**PERCEPTRON, "dataset": "or"}, perceptron_converges()),
    ("perceptron_xor", PERCEPTRONS, "XOR: the perceptron never converges",
     {**PERCEPTRON, "dataset": "xor_gate"}, perceptron_never_converges(50)),
    ("hidden_layer_xor", DEEPER, "One hidden layer solves XOR", XOR_NET,
     reaches_test_accuracy(0.95)),
    ("single_neuron", DEEPER, "One sigmoid neuron, by hand",
     {"dataset": "and", "hidden_layers": (), "output_activation": "sigmoid", "speed": 1},
     reaches_test_accuracy(0.95)),
    ("depth_spiral", DEEPER, "Depth for the spiral",
     {"dataset": "spiral", "hidden_layers": (8, 8, 8), "optimizer": "adam",
      "learning_rate": 0.01, "speed": 5}, reaches_test_accuracy(0.9)),
    ("activations", DEEPER, "Activation functions compared",
     {"dataset": "circle", "speed": 5}, reaches_test_accuracy(0.95)),
    ("preprocessing", TRAINING, "Pre-processing: centre the inputs",
     {"dataset": "circle", "input_offset": 6.0, "speed": 5}, stays_below(0.9, 100)),
    ("learning_rate_too_small", TRAINING, "Learning rate too small: a crawl",
     {"dataset": "circle", "learning_rate": 0.0001, "speed": 5}, crawls(100, 0.05)),
    ("learning_rate_too_large", TRAINING, "Learning rate too large: divergence",
     {"dataset": "plane", "problem": "regression", "learning_rate": 3.0, "speed": 1},
     diverges()),
    ("batch_modes", TRAINING, "Batch, mini-batch or stochastic",
     {"dataset": "circle", "batch_mode": "stochastic", "speed": 1},
     reaches_test_accuracy(0.95)),
    ("optimizers", TRAINING, "Optimizers: SGD, momentum, Adam",
     {"dataset": "circle", "optimizer": "adam", "learning_rate": 0.01, "speed": 2},
     reaches_test_accuracy(0.95)),
    ("choosing_loss", TRAINING, "Choosing a loss",
     {"dataset": "circle", "loss": "log", "speed": 5}, reaches_test_accuracy(0.95)),
    ("monitoring", TRAINING, "Monitoring training: the update/weight ratio",
     {"dataset": "circle", "edge_view": "gradients", "speed": 5},
     updates_in_range(1e-4, 1e-1, 50)),
    ("overfitting", REGULARIZATION, "Overfitting: noise and little data",
     OVERFIT, overfits(0.1)),
    ("l2_regularization", REGULARIZATION, "L2 regularization",
     {**OVERFIT, "regularization": "l2", "regularization_rate": 0.03}, gap_at_most(0.1, 200)),
    ("l1_sparsity", REGULARIZATION, "L1 regularization: sparse weights",
     {"dataset": "circle", "features": ("x1", "x2", "x1_squared", "x2_squared", "x1_x2",
                                        "sin_x1", "sin_x2"),
      "regularization": "l1", "regularization_rate": 0.01, "speed": 10},
     weights_zeroed(0.5, 0.9)),
    ("dropout", REGULARIZATION, "Dropout",
     {**OVERFIT, "dropout": 0.5}, train_loss_at_least(0.03, 200)),
    ("early_stopping", REGULARIZATION, "Early stopping",
     {**OVERFIT, "patience": 30}, stops_early()),
    ("vanishing_gradients", PITFALLS, "Vanishing gradients in a deep sigmoid network",
     DEEP_SIGMOID, gradients_vanish(0.1, 20)),
    ("relu_he", PITFALLS, "The fix: leave the sigmoid (ReLU and He initialization)",
     {**DEEP_SIGMOID, "activation": "relu", "init": "he_normal"}, gradients_flow(0.1, 0.95)),
    ("exploding_gradients", PITFALLS, "Exploding gradients",
     {**DEEP_RELU, "init": "uniform", "seed": 1}, diverges()),
    ("random_seed", PITFALLS, "The random seed changes the result",
     {**XOR_NET, "seed": 4}, trains_for(100)),
    ("local_minima", PITFALLS, "Local minima: one more neuron",
     {**XOR_NET, "hidden_layers": (3,), "seed": 4}, reaches_test_accuracy(0.95)),
    ("zero_init", PITFALLS, "Zero initialization: every neuron the same",
     {"dataset": "circle", "hidden_layers": (4, 4), "activation": "sigmoid", "init": "zeros",
      "learning_rate": 0.3, "speed": 5}, neurons_stay_identical(50)),
]

OPENS = {"single_neuron": "worked_example_panel"}  # the lecture's example, worked by hand
LESSONS: dict[str, Lesson] = {
    key: Lesson(key, section, title, preset, goal, *TEXTS[key], opens=OPENS.get(key, ""))
    for key, section, title, preset, goal in _PLAN
}
if list(LESSONS) != list(TEXTS):  # config.py validates `lesson` against TEXTS' keys
    raise RuntimeError("lesson_text.TEXTS must name exactly the lessons of _PLAN, in order")


def get_lesson(key: str) -> Lesson:
    """Return the lesson registered under key.

    Raises:
        ValueError: naming the bad key and the allowed ones.
    """
    try:
        return LESSONS[key]
    except KeyError:
        raise ValueError(f"unknown lesson {key!r}; choose one of {', '.join(LESSONS)}") from None


@cache
def lesson_config(key: str, projector: bool = False) -> Config:
    """Return the config a lesson's preset describes (validated by the one schema)."""
    return parse({**get_lesson(key).preset, "lesson": key, "projector": projector})


def lesson_url(key: str, projector: bool = False) -> str:
    """Return the main page's URL that opens a lesson: "/?dataset=…&…&lesson=<key>"."""
    return "/?" + to_query(lesson_config(key, projector))


Entry = tuple[int, Lesson | ViewLesson, str]  # (1-based number, lesson, its URL)
TOTAL = len(FIRST_NEURONS) + len(LESSONS)  # the first neurons, then the presets


def sections(projector: bool = False) -> list[tuple[str, list[Entry]]]:
    """Return every lesson (the first neurons, then the presets) grouped by section, both in
    teaching order, with numbers and URLs."""
    grouped: dict[str, list[Entry]] = {}
    every: list[tuple[Lesson | ViewLesson, str]] = [
        *((v, v.url(projector)) for v in FIRST_NEURONS),
        *((lesson, lesson_url(lesson.key, projector)) for lesson in LESSONS.values())]
    for number, (lesson, url) in enumerate(every, start=1):
        grouped.setdefault(lesson.section, []).append((number, lesson, url))
    return list(grouped.items())


@dataclass(frozen=True)
class Panel:
    """What the main page's lesson panel shows for the active lesson."""

    lesson: Lesson
    number: int
    total: int
    verdict: Verdict
    restart_url: str
    previous: tuple[str, str] | None  # (title, url)
    next: tuple[str, str] | None
    projector: bool


def panel(config: Config, trainer: AnyTrainer) -> Panel | None:
    """Return the lesson panel for a run, or None when no lesson is active."""
    if not config.lesson:
        return None
    keys = list(LESSONS)
    i = keys.index(config.lesson)

    def link(j: int) -> tuple[str, str] | None:
        if j < 0 and FIRST_NEURONS:  # the first preset follows the last of the first neurons
            return FIRST_NEURONS[-1].title, FIRST_NEURONS[-1].url(config.projector)
        if not 0 <= j < len(keys):
            return None
        return LESSONS[keys[j]].title, lesson_url(keys[j], config.projector)

    lesson = LESSONS[config.lesson]
    return Panel(lesson, len(FIRST_NEURONS) + i + 1, TOTAL, lesson.goal.check(trainer),
                 lesson_url(lesson.key, config.projector), link(i - 1), link(i + 1),
                 config.projector)


def around(key: str, projector: bool = False) -> tuple[int, tuple[str, str] | None,
                                                       tuple[str, str] | None]:
    """Return a first-neuron lesson's number and its previous and next lessons (title, url)."""
    order = [(v.title, v.url(projector)) for v in FIRST_NEURONS] + [
        (lesson.title, lesson_url(lesson.key, projector)) for lesson in LESSONS.values()]
    i = [v.key for v in FIRST_NEURONS].index(key)
    return i + 1, order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None
