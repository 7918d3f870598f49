"""The first neurons: the McCulloch–Pitts unit's truth tables and Hebb's rule, by hand, and the
lessons' words against the lecture (its sentences quoted here, from lecture-mlp.md)."""

from __future__ import annotations

import pytest

from app.lecture import hebb, mcculloch_pitts
from app.lecture.first_neurons import FIRST_NEURONS, HEBB, MCCULLOCH_PITTS
from app.lecture.lessons import LESSONS, around, lesson_config, panel
from app.session.run import build_run
from app.validation import ConfigError

# the lecture's own sentences (lecture-mlp.md: "McCulloch-Pitts first neuron model in 1943",
# "Improvements to MCP neuron")
LECTURE_THRESHOLD = ("a neuron has some threshold, which excitation must exceed to initiate an "
                     "impulse")
LECTURE_HEBB = ("When an axon of cell A is near enough to excite cell B and repeatedly or "
                "persistently takes part in firing it, some growth process or metabolic change "
                "takes place in one or both cells such that A's efficiency, as one of the cells "
                "firing B, is increased.")
ANSWER = {"and_w1": 1, "and_w2": 1, "and_threshold": 1, "or_w1": 1, "or_w2": 1,
          "or_threshold": 0, "not_w1": -1, "not_threshold": -1}


def outputs(table: mcculloch_pitts.Table) -> list[int]:
    return [row.output for row in table.rows]


# ---------------------------------------------------------------------- McCulloch–Pitts
def test_the_unit_fires_only_when_excitation_exceeds_the_threshold() -> None:
    unit = mcculloch_pitts.Unit((1, 1), 1)
    assert [unit.fires(x) for x in ((0, 0), (0, 1), (1, 0), (1, 1))] == [0, 0, 0, 1]
    assert mcculloch_pitts.Unit((1, -1), 0).fires((1, 0)) == 1  # 1 > 0
    assert mcculloch_pitts.Unit((1, -1), 0).fires((1, 1)) == 0  # 0 does not exceed 0


def test_the_defaults_make_no_gate_and_the_answer_makes_all_three() -> None:
    found = mcculloch_pitts.tables(mcculloch_pitts.parse({}))
    assert not any(t.matches for t in found)
    assert mcculloch_pitts.verdict(found) == (False, "no table matches yet")
    found = mcculloch_pitts.tables(mcculloch_pitts.parse({k: str(v) for k, v in ANSWER.items()}))
    assert [outputs(t) for t in found] == [[0, 0, 0, 1], [0, 1, 1, 1], [1, 0]]
    assert mcculloch_pitts.verdict(found) == (True, "AND, OR and NOT all match ✓")


def test_one_gate_right_is_named_and_not_yet_the_goal() -> None:
    found = mcculloch_pitts.tables(mcculloch_pitts.parse({"and_threshold": "1"}))
    assert [t.matches for t in found] == [True, False, False]
    assert mcculloch_pitts.verdict(found) == (False, "AND matches; keep going")


@pytest.mark.parametrize(("raw", "message"), [
    ({"and_w1": "0"}, "and_w1: a weight is −1 (inhibitory) or +1 (excitatory), got 0"),
    ({"or_threshold": "9"}, "or_threshold: must be ≤ 3, got 9"),
    ({"not_w2": "1"}, "not_w2: unknown setting"),
    ({"and_w2": "x"}, "and_w2: must be a whole number, got x"),
])
def test_bad_settings_are_named(raw: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        mcculloch_pitts.parse(raw)
    assert caught.value.messages == [message]


# ---------------------------------------------------------------------- Hebb
def test_hebbs_rule_by_hand_on_bipolar_and() -> None:
    steps = hebb.train(hebb.parse({"steps": "8"}))
    # pattern 1: x = (1, 1, 1), y = 1 -> Δw = (1, 1, 1); pattern 2: x = (1, 1, −1), y = −1 -> …
    assert [s.delta for s in steps[:4]] == [(1, 1, 1), (-1, -1, 1), (-1, 1, -1), (-1, 1, 1)]
    assert steps[3].weights == (-2, 2, 2) and steps[7].weights == (-4, 4, 4)
    assert hebb.train(hebb.parse({"steps": "40"}))[-1].weights == (-20, 20, 20)


def test_the_rule_has_no_error_term_the_weights_grow_while_every_answer_is_right() -> None:
    settings = hebb.parse({"steps": "8"})
    steps, chosen = hebb.train(settings), hebb.PATTERN_SETS["and"]
    after_one = steps[3].weights
    assert all(chosen.answer(after_one, x) == y for x, y in chosen.patterns)
    assert all(any(d != 0 for d in s.delta) for s in steps[4:])  # right, and still changed
    assert hebb.norm(steps[7].weights) == pytest.approx(2 * hebb.norm(after_one))


def test_the_checks_pass_after_two_epochs_and_not_before() -> None:
    for n, passed in ((0, [False, False]), (3, [False, False]), (4, [True, False]),
                      (7, [True, False]), (8, [True, True]), (9, [True, True])):
        settings = hebb.parse({"steps": str(n)})
        assert [c.passed for c in hebb.checks(settings, hebb.train(settings))] == passed, n


def test_with_0_1_outputs_hebb_cannot_learn_and() -> None:
    settings = hebb.parse({"patterns": "and01", "steps": "8"})
    steps = hebb.train(settings)
    assert [s.delta for s in steps[1:4]] == [(0, 0, 0)] * 3  # y = 0 changes nothing
    first, _ = hebb.checks(settings, steps)
    assert not first.passed and first.detail.startswith("1 of 4 right")


def test_the_learning_rate_scales_every_step() -> None:
    steps = hebb.train(hebb.parse({"steps": "4", "learning_rate": "0.5"}))
    assert steps[-1].weights == (-1, 1, 1)
    with pytest.raises(ConfigError, match="learning_rate: choose one of 0.1, 0.5, 1, got 2"):
        hebb.parse({"learning_rate": "2"})


# ---------------------------------------------------------------------- the lessons
def test_the_words_quote_the_lecture_and_state_what_the_maths_gives() -> None:
    assert LECTURE_THRESHOLD in MCCULLOCH_PITTS.prompt and "1943" in MCCULLOCH_PITTS.prompt
    assert LECTURE_HEBB in HEBB.prompt and "1949" in HEBB.prompt and "Δwᵢ = η·xᵢ·y" in HEBB.prompt
    assert "θ = 1" in MCCULLOCH_PITTS.answer and "θ = 0" in MCCULLOCH_PITTS.answer
    assert "weight −1 and θ = −1" in MCCULLOCH_PITTS.answer
    assert "w = (−2, 2, 2)" in HEBB.answer and "(−4, 4, 4)" in HEBB.answer
    assert "(−20, 20, 20)" in HEBB.answer and "no error term" in HEBB.answer
    for lesson in FIRST_NEURONS:
        assert "?" in lesson.question and lesson.goal.text


def test_they_come_first_and_lead_into_rosenblatts_perceptron() -> None:
    assert around("mcculloch_pitts")[:2] == (1, None)
    assert around("mcculloch_pitts")[2] == (HEBB.title, "/lessons/hebb")
    number, previous, following = around("hebb", projector=True)
    assert number == 2
    assert previous == (MCCULLOCH_PITTS.title, "/lessons/mcculloch_pitts?projector=true")
    assert following is not None and following[0] == LESSONS["perceptron_and"].title
    config = lesson_config("perceptron_and")
    shown = panel(config, build_run(config).trainer)
    assert shown is not None and shown.number == 3
    assert shown.previous == (HEBB.title, "/lessons/hebb")
