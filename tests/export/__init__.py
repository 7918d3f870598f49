"""Tests for app.export; this module builds trainers as the web layer does, for both test files.

A configuration becomes a dataset and, through the app's own build_trainer, an MLP and a Trainer
whose generators come from the seed, so two builds of the same configuration are identical: one
is exported, the other trained by the engine for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.config import Config as AppConfig
from app.engine import DATASETS, Trainer, make_dataset
from app.engine.datasets import Dataset
from app.engine.features import FEATURE_KEYS
from app.session.run import build_trainer


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
    data_order: str = "reshuffle"
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
    Config("playground_order_l1_carried", data_order="playground", batch_size=30, l1=0.03,
           optimizer="momentum", learning_rate=0.01, epochs=40),
]


def app_config(config: Config) -> AppConfig:
    """Return the app's Config for a test configuration (its network, optimizer and schedule)."""
    l1_or_l2 = "l1" if config.l1 else "l2" if config.l2 else "none"
    return AppConfig(
        dataset=config.dataset, problem=DATASETS[config.dataset].problem,
        features=config.features, hidden_layers=config.hidden, activation=config.activation,
        init=config.init, optimizer=config.optimizer, learning_rate=config.learning_rate,
        **dict(config.hyperparameters), loss=config.loss,
        batch_mode="full" if config.batch_size is None else "mini_batch",
        batch_size=config.batch_size or 10, regularization=l1_or_l2,
        regularization_rate=config.l1 or config.l2, dropout=config.dropout,
        schedule=config.schedule, decay_rate=config.decay_rate, decay_steps=config.decay_steps,
        patience=config.patience, restore_best_weights=config.restore_best_weights,
        data_order=config.data_order, seed=config.seed)


def build(config: Config) -> tuple[Trainer, Dataset]:
    """Return a fresh trainer for config (epoch 0), built as the app builds it, and the dataset
    it was built from."""
    ds = make_dataset(config.dataset, n_points=config.n_points, noise=config.noise,
                      seed=config.seed)
    trainer = build_trainer(app_config(config), ds)
    if not isinstance(trainer, Trainer):
        raise TypeError(f"expected an MLP's Trainer, got {type(trainer).__name__}")
    return trainer, ds
