"""Tests for app.engine.optimizers: hand-computed steps, in-place state handling and validation."""

import math

import numpy as np
import pytest

from app.engine._types import Array
from app.engine.optimizers import OPTIMIZERS, Optimizer, make_optimizer

# One small problem for every hand computation below.
W0 = [1.0, -2.0]
G1 = [0.5, -1.0]
G2 = [-0.25, 2.0]
LR = 0.1
NAMES = list(OPTIMIZERS)


def two_steps(name: str, **hyperparameters: float) -> tuple[Array, Array]:
    """Return w after the first and after the second step from W0 with G1 then G2, lr = 0.1."""
    opt = make_optimizer(name, LR, **hyperparameters)
    w = np.array(W0)
    opt.step([w], [np.array(G1)])
    w1 = w.copy()
    opt.step([w], [np.array(G2)])
    return w1, w


def assert_close(actual: Array, expected: list[float]) -> None:
    np.testing.assert_allclose(actual, expected, rtol=0.0, atol=1e-12)


def test_registry_lists_the_six_optimizers_by_increasing_complexity() -> None:
    assert NAMES == ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    assert all(OPTIMIZERS[name].name == name for name in NAMES)


def test_sgd_two_steps_by_hand() -> None:
    # w1 = w0 − 0.1·g1 = [1 − 0.05, −2 + 0.1] = [0.95, −1.9]
    # w2 = w1 − 0.1·g2 = [0.95 + 0.025, −1.9 − 0.2] = [0.975, −2.1]
    w1, w2 = two_steps("sgd")
    assert_close(w1, [0.95, -1.9])
    assert_close(w2, [0.975, -2.1])


def test_momentum_two_steps_by_hand() -> None:
    # v1 = 0.9·0 − 0.1·g1 = [−0.05, 0.1];                 w1 = w0 + v1 = [0.95, −1.9]
    # v2 = 0.9·v1 − 0.1·g2 = [−0.045 + 0.025, 0.09 − 0.2] = [−0.02, −0.11]
    # w2 = w1 + v2 = [0.93, −2.01]
    w1, w2 = two_steps("momentum")
    assert_close(w1, [0.95, -1.9])
    assert_close(w2, [0.93, -2.01])


def test_nesterov_two_steps_by_hand() -> None:
    # step 1: v_prev = 0, v1 = [−0.05, 0.1]; w1 = w0 − 0.9·0 + 1.9·v1 = [1 − 0.095, −2 + 0.19]
    #         = [0.905, −1.81]
    # step 2: v_prev = [−0.05, 0.1], v2 = 0.9·v_prev − 0.1·g2 = [−0.02, −0.11]
    #         w2 = w1 − 0.9·v_prev + 1.9·v2 = [0.905 + 0.045 − 0.038, −1.81 − 0.09 − 0.209]
    #         = [0.912, −2.109]
    w1, w2 = two_steps("nesterov")
    assert_close(w1, [0.905, -1.81])
    assert_close(w2, [0.912, -2.109])


def test_nesterov_with_zero_momentum_is_sgd() -> None:
    w1, w2 = two_steps("nesterov", momentum=0.0)
    assert_close(w1, [0.95, -1.9])
    assert_close(w2, [0.975, -2.1])


def test_adagrad_two_steps_by_hand() -> None:
    # c1 = g1² = [0.25, 1]
    # w1 = [1 − 0.1·0.5/(0.5 + 1e-8), −2 + 0.1·1/(1 + 1e-8)]
    #    = [1 − 0.1/(1 + 2e-8), −2 + 0.1/(1 + 1e-8)] = [0.9 + 2e-9 − 4e-17 …, −1.9 − 1e-9 + 1e-17 …]
    # c2 = c1 + g2² = [0.25 + 0.0625, 1 + 4] = [0.3125, 5]   (the cache accumulates)
    # w2 = [w1 + 0.025/(√0.3125 + 1e-8), w1 − 0.2/(√5 + 1e-8)]
    #    = [w1 + 0.025/0.55901700437…, w1 − 0.2/2.23606798749…]
    #    = [w1 + 0.04472135875…, w1 − 0.08944271870…]
    w1, w2 = two_steps("adagrad")
    assert_close(w1, [0.90000000199999996, -1.9000000009999999900])
    assert_close(w2, [0.94472136074999577, -1.9894427196999916])


def test_adagrad_cache_is_never_reset_so_steps_shrink_as_one_over_root_k() -> None:
    # Constant g = 1: after k steps c = k, so step k moves by 0.1/(√k + 1e-8):
    # w4 = −0.1·(1/(1 + ε) + 1/(√2 + ε) + 1/(√3 + ε) + 1/(2 + ε)) = −0.27844570295428401
    opt = make_optimizer("adagrad", LR)
    w = np.zeros(1)
    for _ in range(4):
        opt.step([w], [np.ones(1)])
    assert_close(w, [-0.27844570295428401])


def test_rmsprop_two_steps_by_hand() -> None:
    # c1 = 0.1·g1² = [0.025, 0.1]; √c1 = [0.15811388300…, 0.31622776601…]
    # w1 = [1 − 0.05/(0.15811388300… + 1e-8), −2 + 0.1/(0.31622776601… + 1e-8)]
    #    = [1 − 0.31622774601…, −2 + 0.31622775601…]   (first step ≈ lr/√(1 − ρ) ≈ 3.16·lr)
    # c2 = 0.9·c1 + 0.1·g2² = [0.0225 + 0.00625, 0.09 + 0.4] = [0.02875, 0.49]
    # √c2 = [0.16955824957…, 0.7]
    # w2 = [w1 + 0.025/(0.16955824957… + 1e-8), w1 − 0.2/(0.7 + 1e-8)]
    #    = [w1 + 0.14744194746…, w1 − 0.28571428163…]
    w1, w2 = two_steps("rmsprop")
    assert_close(w1, [0.68377225398316080, -1.6837722439831618])
    assert_close(w2, [0.83121420144240627, -1.9694865256158149])


def test_adam_two_steps_by_hand_with_bias_correction() -> None:
    # t = 1: m1 = 0.1·g1 = [0.05, −0.1]; v1 = 0.001·g1² = [0.00025, 0.001]
    #        m̂ = m1/(1 − 0.9) = [0.5, −1]; v̂ = v1/(1 − 0.999) = [0.25, 1]
    #        w1 = [1 − 0.1·0.5/(0.5 + 1e-8), −2 + 0.1·1/(1 + 1e-8)]  (each coordinate moves ≈ lr)
    # t = 2: m2 = 0.9·m1 + 0.1·g2 = [0.045 − 0.025, −0.09 + 0.2] = [0.02, 0.11]
    #        v2 = 0.999·v1 + 0.001·g2² = [0.00024975 + 0.0000625, 0.000999 + 0.004]
    #           = [0.00031225, 0.004999]
    #        m̂ = m2/(1 − 0.81) = m2/0.19 = [0.10526315789…, 0.57894736842…]
    #        v̂ = v2/(1 − 0.998001) = v2/0.001999 = [0.15620310155…, 2.50075037519…]
    #        √v̂ = [0.39522538070…, 1.58137610175…]
    #        w2 = w1 − 0.1·m̂/(√v̂ + 1e-8) = [w1 − 0.02663370329…, w1 − 0.03661035247…]
    w1, w2 = two_steps("adam")
    assert_close(w1, [0.90000000199999996, -1.9000000009999999900])
    assert_close(w2, [0.87336629870784616, -1.9366103534720751])


def test_adam_first_step_is_about_lr_per_coordinate_whatever_the_gradient_scale() -> None:
    g = np.array([1e-4, -3.0, 250.0, -0.02])
    w = np.zeros(4)
    make_optimizer("adam", 0.05).step([w], [g])
    np.testing.assert_allclose(w, -0.05 * np.sign(g), rtol=1e-3)


@pytest.mark.parametrize("name", NAMES)
def test_several_params_in_one_step_match_separate_optimizers(name: str) -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 3)), rng.normal(size=4)
    a_alone, b_alone = a.copy(), b.copy()
    together, opt_a, opt_b = (make_optimizer(name, 0.05) for _ in range(3))
    for _ in range(3):
        ga, gb = rng.normal(size=(2, 3)), rng.normal(size=4)
        together.step([a, b], [ga, gb])
        opt_a.step([a_alone], [ga])
        opt_b.step([b_alone], [gb])
    np.testing.assert_array_equal(a, a_alone)
    np.testing.assert_array_equal(b, b_alone)


@pytest.mark.parametrize("name", NAMES)
def test_step_updates_the_given_arrays_in_place(name: str) -> None:
    w = np.array(W0)
    before = id(w)
    params = [w]
    make_optimizer(name, LR).step(params, [np.array(G1)])
    assert id(params[0]) == before
    assert not np.array_equal(w, W0)


@pytest.mark.parametrize("name", NAMES)
def test_zero_learning_rate_leaves_params_bit_identical(name: str) -> None:
    rng = np.random.default_rng(4)
    w = rng.normal(size=7)
    original = w.tobytes()
    opt = make_optimizer(name, 0.0)
    for _ in range(3):
        opt.step([w], [rng.normal(size=7)])
    assert w.tobytes() == original


def test_learning_rate_change_between_steps_takes_effect() -> None:
    sgd = make_optimizer("sgd", LR)
    w = np.array(W0)
    sgd.step([w], [np.array(G1)])
    sgd.learning_rate = 0.5
    sgd.step([w], [np.array(G2)])
    # w2 = [0.95, −1.9] − 0.5·g2 = [0.95 + 0.125, −1.9 − 1.0]
    assert_close(w, [1.075, -2.9])

    momentum = make_optimizer("momentum", LR)
    w = np.array(W0)
    momentum.step([w], [np.array(G1)])
    momentum.learning_rate = 0.5
    momentum.step([w], [np.array(G2)])
    # v2 = 0.9·[−0.05, 0.1] − 0.5·g2 = [0.08, −0.91]; w2 = [0.95 + 0.08, −1.9 − 0.91]
    assert_close(w, [1.03, -2.81])


@pytest.mark.parametrize("name", ["sgd", "adagrad", "rmsprop", "adam"])
def test_second_step_scales_with_the_learning_rate_set_before_it(name: str) -> None:
    # These rules keep no lr inside their state, so the second displacement is linear in lr.
    displacements = []
    for second_lr in (0.1, 0.3):
        opt = make_optimizer(name, LR)
        w = np.array(W0)
        opt.step([w], [np.array(G1)])
        w1 = w.copy()
        opt.learning_rate = second_lr
        opt.step([w], [np.array(G2)])
        displacements.append(w - w1)
    np.testing.assert_allclose(displacements[1], 3.0 * displacements[0], rtol=1e-12)


@pytest.mark.parametrize("bad", [-0.1, 10.5, math.nan, math.inf])
def test_setting_a_bad_learning_rate_raises_and_keeps_the_old_one(bad: float) -> None:
    opt = make_optimizer("adam", LR)
    with pytest.raises(ValueError, match=rf"learning_rate.*{bad!r}"):
        opt.learning_rate = bad
    assert opt.learning_rate == LR


@pytest.mark.parametrize("name", NAMES)
def test_reset_forgets_state(name: str) -> None:
    opt, fresh = make_optimizer(name, LR), make_optimizer(name, LR)
    w = np.array(W0)
    for _ in range(2):
        opt.step([w], [np.array(G1)])
    w_fresh = w.copy()
    opt.reset()
    opt.step([w], [np.array(G2)])
    fresh.step([w_fresh], [np.array(G2)])
    np.testing.assert_array_equal(w, w_fresh)
    opt.reset()
    opt.step([np.zeros(5)], [np.ones(5)])  # a new parameter list is accepted after reset


@pytest.mark.parametrize("name", NAMES)
def test_mismatched_params_and_grads_raise(name: str) -> None:
    opt = make_optimizer(name, LR)
    with pytest.raises(ValueError, match=r"\(3,\)"):
        opt.step([np.zeros(2)], [np.zeros(3)])
    opt.reset()
    with pytest.raises(ValueError, match="1 params and 2 grads"):
        opt.step([np.zeros(2)], [np.zeros(2), np.zeros(2)])
    opt.reset()
    opt.step([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="expected 1"):
        opt.step([np.zeros(2), np.zeros(2)], [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match=r"\(4,\)"):
        opt.step([np.zeros(4)], [np.ones(4)])


def test_integer_params_are_rejected() -> None:
    with pytest.raises(TypeError, match="floating"):
        make_optimizer("sgd").step([np.array([1, 2])], [np.array([1.0, 1.0])])


def test_unknown_optimizer_name_lists_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'adamw'; allowed: sgd, momentum, .*adam"):
        make_optimizer("adamw")


def test_unknown_hyperparameter_lists_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'momentum'.*'learning_rate'\]"):
        make_optimizer("sgd", momentum=0.9)
    with pytest.raises(ValueError, match=r"'beta1'.*'learning_rate', 'rho', 'eps'"):
        make_optimizer("rmsprop", beta1=0.9)


@pytest.mark.parametrize(
    ("name", "keyword", "value"),
    [
        ("sgd", "learning_rate", -0.001),
        ("sgd", "learning_rate", 10.01),
        ("sgd", "learning_rate", math.nan),
        ("adam", "learning_rate", math.inf),
        ("momentum", "momentum", 1.0),
        ("nesterov", "momentum", -0.1),
        ("rmsprop", "rho", 1.0),
        ("adam", "beta1", 1.0),
        ("adam", "beta2", -0.5),
        ("adam", "beta2", math.nan),
        ("adagrad", "eps", 0.0),
        ("rmsprop", "eps", 1.5),
        ("adam", "eps", math.inf),
    ],
)
def test_out_of_range_hyperparameters_raise_naming_the_value(
    name: str, keyword: str, value: float
) -> None:
    with pytest.raises(ValueError, match=rf"{keyword}.*{value!r}"):
        make_optimizer(name, **{keyword: value})


def test_range_edges_are_accepted() -> None:
    make_optimizer("sgd", 0.0)
    make_optimizer("sgd", 10.0)
    make_optimizer("momentum", momentum=0.0)
    make_optimizer("adam", beta1=0.0, beta2=0.0, eps=1.0)


def test_hyperparameters_report_defaults_and_overrides() -> None:
    expected: dict[str, dict[str, float]] = {
        "sgd": {"learning_rate": 0.01},
        "momentum": {"learning_rate": 0.01, "momentum": 0.9},
        "nesterov": {"learning_rate": 0.01, "momentum": 0.9},
        "adagrad": {"learning_rate": 0.01, "eps": 1e-8},
        "rmsprop": {"learning_rate": 0.01, "rho": 0.9, "eps": 1e-8},
        "adam": {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    }
    for name, hyperparameters in expected.items():
        assert make_optimizer(name).hyperparameters() == hyperparameters
    adam: Optimizer = make_optimizer("adam", 0.003, beta2=0.99)
    assert adam.hyperparameters() == {
        "learning_rate": 0.003,
        "beta1": 0.9,
        "beta2": 0.99,
        "eps": 1e-8,
    }


def test_a_rejected_step_changes_nothing() -> None:
    opt, fresh = make_optimizer("adam", LR), make_optimizer("adam", LR)
    a, b = np.array(W0), np.zeros(3)
    with pytest.raises(ValueError, match=r"param 1"):
        opt.step([a, b], [np.array(G1), np.zeros(2)])
    assert_close(a, W0)  # param 0 was not updated before param 1's shape was checked
    a_fresh = np.array(W0)
    opt.step([a, b], [np.array(G1), np.ones(3)])
    fresh.step([a_fresh, np.zeros(3)], [np.array(G1), np.ones(3)])
    np.testing.assert_array_equal(a, a_fresh)  # and t was not advanced
