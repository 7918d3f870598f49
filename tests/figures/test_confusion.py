"""The confusion matrix: hand-counted pairs, and its diagonal is the accuracy the run records."""

from __future__ import annotations

import numpy as np

from app.config import Config
from app.figures.confusion import confusions, matrix, predicted_classes
from app.session.edits import set_parameter
from app.session.run import advance, build_run


def test_matrix_counts_true_rows_against_predicted_columns() -> None:
    true = np.array([0, 0, 1, 1, 1, 2])
    predicted = np.array([0, 1, 1, 1, 2, 0])
    assert matrix(true, predicted, 3) == [[1, 1, 0], [0, 2, 1], [1, 0, 0]]


def test_regression_has_no_confusion_matrix() -> None:
    assert confusions(build_run(Config(dataset="plane", problem="regression"))) == []


def test_the_diagonal_share_is_the_recorded_accuracy_for_binary_and_multiclass() -> None:
    for config in (Config(speed=5), Config(dataset="blobs3", loss="softmax_cross_entropy"),
                   Config(dataset="spiral3", hidden_layers=(8,))):
        run = build_run(config)
        advance(run, 3, budget=10.0)
        last = run.trainer.history.last
        assert last is not None
        train, test = confusions(run)
        k = config.n_classes
        assert len(train.counts) == k and all(len(row) == k for row in train.counts)
        assert train.total == len(run.trainer.y_train) and test.total == len(run.dataset.y_test)
        assert train.correct / train.total == last.train_accuracy
        assert test.correct / test.total == last.test_accuracy
        # rows are the true classes: each row sums to that class's count
        per_class = np.bincount(run.trainer.y_train, minlength=k).tolist()
        assert [sum(r) for r in train.counts] == per_class


def test_the_perceptron_counts_its_step_outputs() -> None:
    run = build_run(Config(model="perceptron", dataset="and"))
    advance(run, 2, budget=10.0)
    train, _ = confusions(run)
    predicted = run.model.predict(run.trainer.x_train)
    assert train.correct == int((predicted == run.trainer.y_train).sum())


def test_the_model_counted_is_the_model_as_it_stands_now() -> None:
    """Mid-epoch (a poll's budget ran out inside it) and after a hand edit, the counts are the
    network's classes at its current weights, exactly as a plain forward pass decides them."""
    for config in (Config(), Config(dataset="blobs3", loss="softmax_cross_entropy")):
        run = build_run(config)
        advance(run, 2, budget=10.0)
        run.trainer.train(3)  # three mini-batches into the third epoch
        assert 0 < run.trainer.batches_left < run.trainer.batches_per_epoch
        for _ in range(2):
            trainer, k = run.trainer, config.n_classes
            train, test = confusions(run)
            assert train.counts == matrix(trainer.y_train,
                                          predicted_classes(run, trainer.x_train), k)
            assert test.counts == matrix(trainer.y_test, predicted_classes(run, trainer.x_test), k)
            set_parameter(run, 0, 0, 25.0, source=0)  # a hand edit moves the boundary
