"""The lecture's first neurons: the McCulloch–Pitts unit (1943) and Hebb's rule (1949), two
lessons with views of their own (not presets of the playground), before Rosenblatt's perceptron.

lessons.py numbers them first and links them into the lecture's order; their pages are
routes/first_neurons.py's, their maths mcculloch_pitts.py's and hebb.py's. The words quote and
follow the lecture (../shared/reference/lecture-mlp.md, "McCulloch-Pitts first neuron model in
1943" and "Improvements to MCP neuron"); tests/lecture/test_first_neurons.py checks the claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.lecture.lesson_checks import AnyTrainer, Goal, Verdict

SECTION = "The first neurons"


def _on_its_page(trainer: AnyTrainer) -> Verdict:
    """These goals are checked on the lesson's own page, never against a playground run."""
    return Verdict(False, "checked on the lesson's own page")


@dataclass(frozen=True)
class ViewLesson:
    """A lesson with its own page at `path` (same words as a preset lesson: lessons.Lesson)."""

    key: str
    section: str
    title: str
    path: str
    goal: Goal
    prompt: str
    question: str
    answer: str

    def url(self, projector: bool = False) -> str:
        """Return the lesson page's URL (projector mode carried along)."""
        return self.path + ("?projector=true" if projector else "")


MCCULLOCH_PITTS = ViewLesson(
    "mcculloch_pitts", SECTION, "The McCulloch–Pitts unit: AND, OR and NOT by hand",
    "/lessons/mcculloch_pitts",
    Goal("make the AND, OR and NOT truth tables match", _on_its_page),
    "In 1943 Warren McCulloch and Walter Pitts published the first model of a neuron. Because "
    "nervous activity is “all-or-none”, a neuron can be treated as a proposition of logic, true "
    "or false: its inputs x₁, x₂ are 0 or 1, each synapse is excitatory (weight +1) or "
    "inhibitory (weight −1), and, in the paper's words, “a neuron has some threshold, which "
    "excitation must exceed to initiate an impulse”: the unit fires (y = 1) when its excitation "
    "w₁·x₁ + w₂·x₂ exceeds the threshold θ, and stays silent (y = 0) otherwise. Nothing is "
    "learned yet — you set the weights and the threshold. Make each unit below compute its "
    "gate and watch its truth table light up.",
    "Which threshold turns the same two excitatory inputs into AND, and which into OR? How can "
    "a unit with a single input compute NOT?",
    "AND: both weights +1 and θ = 1, so only x₁ = x₂ = 1 (excitation 2) exceeds it. OR: θ = 0, "
    "so one active input is enough. NOT: an inhibitory weight −1 and θ = −1 — with x₁ = 0 the "
    "excitation 0 exceeds −1 and the unit fires, with x₁ = 1 it is −1, which does not. The "
    "paper shows that for any logical expression (satisfying certain conditions) a net of such "
    "units computes it; but every weight and threshold is set by hand. Learning them came next.",
)

HEBB = ViewLesson(
    "hebb", SECTION, "Hebb's rule: cells that fire together wire together",
    "/lessons/hebb",
    Goal("after one epoch w classifies every pattern, and it still grows in the second",
         _on_its_page),
    "In 1949 the neuropsychologist Donald Hebb proposed how learning could happen: “When an "
    "axon of cell A is near enough to excite cell B and repeatedly or persistently takes part in "
    "firing it, some growth process or metabolic change takes place in one or both cells such "
    "that A's efficiency, as one of the cells firing B, is increased.” As a rule for one unit: "
    "present a pattern x together with the output y it should give, and change every weight by "
    "Δwᵢ = η·xᵢ·y. The patterns here are the AND truth table written with ±1, plus the bias "
    "input x₀ = 1; the unit answers sign(w·x), and w starts at 0. Present the patterns one at "
    "a time and watch w.",
    "Once every pattern is classified correctly, will the weights stop changing?",
    "No. Δw = η·x·y has no error term: it never compares the unit's answer with the wanted "
    "one, so it changes w just as much when the unit is already right. With η = 1, after one "
    "epoch w = (−2, 2, 2) classifies all four patterns; after two it is (−4, 4, 4), after ten "
    "(−20, 20, 20) — growing without bound. With 0/1 outputs it cannot even learn AND: a "
    "pattern with y = 0 changes nothing. Rosenblatt's perceptron (next) adds the missing error "
    "term: Δw = α·(y_t − y_p)·x is zero once the answer is right.",
)

FIRST_NEURONS: tuple[ViewLesson, ...] = (MCCULLOCH_PITTS, HEBB)
