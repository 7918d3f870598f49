"""Tests for app.engine.targets: the label → target encoder per loss and problem, output sizes,
default output activations, the class decoder and the loss/problem check."""

import numpy as np
import pytest

from app.engine.targets import (
    check_loss_for,
    default_output_activation,
    encode_targets,
    output_size,
    predict_classes,
    problem_kind,
)

BINARY = np.array([0, 1, 1, 0])
MULTI = np.array([2, 0, 1, 2])


def test_problem_kind_from_n_classes() -> None:
    assert problem_kind(0) == "regression"
    assert problem_kind(2) == "binary"
    assert problem_kind(3) == "multiclass"
    assert problem_kind(5) == "multiclass"


@pytest.mark.parametrize("bad", [1, -1])
def test_problem_kind_rejects_one_or_negative_classes(bad: int) -> None:
    with pytest.raises(ValueError, match=rf"n_classes.*{bad!r}"):
        problem_kind(bad)


@pytest.mark.parametrize("output_activation", ["tanh", "linear", "relu", "ramp"])
def test_square_binary_targets_are_plus_minus_one(output_activation: str) -> None:
    t = encode_targets(BINARY, "square", 2, output_activation)
    assert t.shape == (4, 1)
    assert t.dtype == np.float64
    np.testing.assert_array_equal(t[:, 0], [-1.0, 1.0, 1.0, -1.0])


@pytest.mark.parametrize("output_activation", ["sigmoid", "step"])
def test_square_binary_targets_are_zero_one_for_an_output_in_zero_one(
        output_activation: str) -> None:
    t = encode_targets(BINARY, "square", 2, output_activation)
    np.testing.assert_array_equal(t[:, 0], [0.0, 1.0, 1.0, 0.0])


def test_log_targets_are_zero_one_whatever_the_output_activation() -> None:
    for output_activation in ("sigmoid", "tanh", "linear"):
        t = encode_targets(BINARY, "log", 2, output_activation)
        assert t.shape == (4, 1)
        np.testing.assert_array_equal(t[:, 0], [0.0, 1.0, 1.0, 0.0])


def test_hinge_targets_are_plus_minus_one_whatever_the_output_activation() -> None:
    for output_activation in ("sigmoid", "tanh", "linear"):
        t = encode_targets(BINARY, "hinge", 2, output_activation)
        np.testing.assert_array_equal(t[:, 0], [-1.0, 1.0, 1.0, -1.0])


def test_square_multiclass_targets_are_one_hot() -> None:
    t = encode_targets(MULTI, "square", 3)
    assert t.shape == (4, 3)
    np.testing.assert_array_equal(t, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])


@pytest.mark.parametrize("loss", ["softmax_cross_entropy", "max_margin"])
@pytest.mark.parametrize(("labels", "n_classes"), [(BINARY, 2), (MULTI, 3)])
def test_index_losses_take_class_indices(loss: str, labels: np.ndarray, n_classes: int) -> None:
    t = encode_targets(labels.astype(np.float64), loss, n_classes)
    assert t.shape == (4,)
    assert t.dtype == np.int64
    np.testing.assert_array_equal(t, labels)


def test_regression_targets_are_the_values_as_a_column() -> None:
    t = encode_targets(np.array([0.25, -1.5, 3.0]), "square", 0, "linear")
    assert t.shape == (3, 1)
    assert t.dtype == np.float64
    np.testing.assert_array_equal(t[:, 0], [0.25, -1.5, 3.0])


@pytest.mark.parametrize("labels", [np.array([0, 3]), np.array([-1, 1])])
def test_labels_out_of_range_raise(labels: np.ndarray) -> None:
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2"):
        encode_targets(labels, "square", 3)


@pytest.mark.parametrize(("loss", "n_classes", "size"), [
    ("square", 0, 1), ("square", 2, 1), ("square", 3, 3), ("square", 5, 5),
    ("log", 2, 1), ("hinge", 2, 1),
    ("softmax_cross_entropy", 2, 2), ("softmax_cross_entropy", 4, 4),
    ("max_margin", 2, 2), ("max_margin", 3, 3),
])
def test_output_size(loss: str, n_classes: int, size: int) -> None:
    assert output_size(loss, n_classes) == size


@pytest.mark.parametrize(("loss", "n_classes", "activation"), [
    ("square", 2, "tanh"), ("square", 3, "tanh"), ("square", 0, "linear"),
    ("log", 2, "sigmoid"), ("hinge", 2, "linear"),
    ("softmax_cross_entropy", 3, "linear"), ("max_margin", 2, "linear"),
])
def test_default_output_activation(loss: str, n_classes: int, activation: str) -> None:
    assert default_output_activation(loss, n_classes) == activation


def test_predict_classes_thresholds_one_unit_at_the_target_midpoint() -> None:
    out = np.array([[-0.5], [-0.01], [0.0], [0.3], [0.7]])
    np.testing.assert_array_equal(predict_classes(out, "tanh"), [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(predict_classes(out, "linear"), [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(predict_classes(out, "sigmoid"), [0, 0, 0, 0, 1])
    assert predict_classes(out, "tanh").dtype == np.int64


def test_predict_classes_takes_the_argmax_of_several_units() -> None:
    out = np.array([[0.1, 0.9, 0.0], [2.0, -1.0, 1.0], [-3.0, -2.0, -1.0]])
    classes = predict_classes(out, "linear")
    np.testing.assert_array_equal(classes, [1, 0, 2])
    assert classes.dtype == np.int64


@pytest.mark.parametrize("loss", ["square", "log", "hinge"])
def test_decoding_encoded_binary_targets_gives_the_labels_back(loss: str) -> None:
    activation = default_output_activation(loss, 2)
    t = encode_targets(BINARY, loss, 2, activation)
    np.testing.assert_array_equal(predict_classes(t, activation), BINARY)


def test_hinge_on_three_classes_raises_naming_the_loss_and_the_allowed_ones() -> None:
    with pytest.raises(ValueError) as err:
        check_loss_for("hinge", 3)
    message = str(err.value)
    assert "'hinge'" in message
    assert "multiclass" in message
    assert "square, softmax_cross_entropy, max_margin" in message
    with pytest.raises(ValueError, match="'hinge'"):
        encode_targets(MULTI, "hinge", 3)
    with pytest.raises(ValueError, match="'hinge'"):
        output_size("hinge", 3)


@pytest.mark.parametrize(("loss", "n_classes"), [
    ("log", 0), ("hinge", 0), ("softmax_cross_entropy", 0), ("max_margin", 0), ("log", 3)])
def test_losses_that_do_not_fit_the_problem_raise(loss: str, n_classes: int) -> None:
    with pytest.raises(ValueError, match=f"loss '{loss}' does not fit"):
        check_loss_for(loss, n_classes)


def test_every_fitting_combination_passes_the_check() -> None:
    for loss in ("square", "log", "hinge", "softmax_cross_entropy", "max_margin"):
        check_loss_for(loss, 2)
    for loss in ("square", "softmax_cross_entropy", "max_margin"):
        check_loss_for(loss, 3)
    check_loss_for("square", 0)
    assert output_size("square", 0) == 1


def test_unknown_loss_raises_naming_it() -> None:
    with pytest.raises(ValueError, match="'mse'"):
        encode_targets(BINARY, "mse", 2)
