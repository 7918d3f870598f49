"""Tests for app.export; this module builds trainers as the web layer does, for both test files.

A configuration becomes a dataset, feature matrices, an MLP and a Trainer with generators spawned
from one SeedSequence, so two builds of the same configuration are identical: one is exported, the
other trained by the engine for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine import MLP, Trainer, feature_matrix, make_dataset, make_optimizer
from app.engine.datasets import Dataset
from app.engine.features import FEATURE_KEYS
from app.engine.targets import default_output_activation, output_size


@dataclass(frozen=True)
class Config:
    """One playground configuration (defaults: TensorFlow Playground's first screen)."""

    name: str
    dataset: str = "circle"
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    init: str = "playground"
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    hyperparameters: tuple[tuple[str, float], ...] = ()
    batch_size: int | None = 10
    loss: str = "square"
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    schedule: str = "none"
    decay_rate: float = 0.5
    decay_steps: int = 10
    patience: int = 0
    restore_best_weights: bool = True
    epochs: int = 30
    n_points: int = 200
    noise: float = 0.1
    seed: int = 7


CONFIGS = [
    Config("tf_default"),
    Config("xor_relu_he_adam_l2_step", dataset="xor", hidden=(8, 8), activation="relu",
           init="he_normal", optimizer="adam", learning_rate=0.01, l2=0.001, schedule="step",
           decay_steps=5),
    Config("spiral_all_features_momentum_dropout_sigmoid", dataset="spiral",
           features=FEATURE_KEYS, hidden=(8, 6), activation="sigmoid", optimizer="momentum",
           hyperparameters=(("momentum", 0.9),), dropout=0.2),
    Config("blobs3_softmax_rmsprop", dataset="blobs3", loss="softmax_cross_entropy",
           optimizer="rmsprop", learning_rate=0.01),
    Config("log_loss_sigmoid_output_nesterov_l1", loss="log", optimizer="nesterov",
           learning_rate=0.02, l1=0.001, init="xavier_uniform"),
    Config("hinge_linear_output_adagrad_exponential", dataset="gaussian", loss="hinge",
           optimizer="adagrad", learning_rate=0.1, schedule="exponential", activation="elu",
           init="uniform"),
    Config("max_margin_leaky_relu", dataset="blobs4", loss="max_margin", activation="leaky_relu",
           init="xavier_normal", hidden=(6,)),
    Config("regression_plane_inverse_time", dataset="plane", loss="square", activation="softplus",
           optimizer="adam", learning_rate=0.01, schedule="inverse_time", decay_rate=0.2),
    Config("full_batch_ramp_dropout", batch_size=None, activation="ramp", learning_rate=0.3,
           dropout=0.1, epochs=40),
    Config("stochastic_batch_1", batch_size=1, epochs=4, n_points=100, dropout=0.1),
    Config("early_stopping", optimizer="adam", learning_rate=0.1, patience=2, epochs=50,
           restore_best_weights=True),
    Config("no_hidden_layer_logistic_regression", dataset="gaussian", hidden=(), loss="log",
           learning_rate=0.1, batch_size=25),
    Config("divergence", dataset="plane", activation="linear", learning_rate=5.0, epochs=20),
]


def build(config: Config) -> tuple[Trainer, Dataset]:
    """Return a fresh trainer for config (epoch 0) and the dataset it was built from."""
    ds = make_dataset(config.dataset, n_points=config.n_points, noise=config.noise,
                      seed=config.seed)
    init_seed, train_seed = np.random.SeedSequence(config.seed).spawn(2)
    x_train = feature_matrix(ds.x_train, config.features)
    x_test = feature_matrix(ds.x_test, config.features)
    sizes = [len(config.features), *config.hidden, output_size(config.loss, ds.n_classes)]
    net = MLP(sizes, config.activation,
              output_activation=default_output_activation(config.loss, ds.n_classes),
              init=config.init, rng=np.random.default_rng(init_seed), dropout=config.dropout)
    optimizer = make_optimizer(config.optimizer, config.learning_rate,
                               **dict(config.hyperparameters))
    trainer = Trainer(net, optimizer, x_train, ds.y_train, x_test, ds.y_test, loss=config.loss,
                      n_classes=ds.n_classes, batch_size=config.batch_size, l1=config.l1,
                      l2=config.l2, rng=np.random.default_rng(train_seed),
                      schedule=config.schedule, decay_rate=config.decay_rate,
                      decay_steps=config.decay_steps, patience=config.patience,
                      restore_best_weights=config.restore_best_weights)
    return trainer, ds
