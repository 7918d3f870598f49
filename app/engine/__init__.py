"""MLP Playground's engine: a small, exact, pure-NumPy multilayer perceptron trained step by step.

Public API (stable; the names are the same snake_case strings that appear in URLs):

    from app.engine import make_dataset, MLP, make_optimizer, Trainer
    ds = make_dataset("xor", n_points=500, noise=0.1, train_fraction=0.5, seed=1)
    net = MLP([2, 4, 2, 1], activation="tanh", output_activation="tanh",
              init="xavier_uniform", seed=1)
    loss, grad_w, grad_b = net.loss_and_gradients(x, targets, loss="square", l1=0.0, l2=0.0)
    zs, acts, masks = net.forward_train(x)  # the same, step by step: forward, then backward
    grad_w, grad_b, deltas = net.backward(x, zs, acts, masks, targets, get_loss("square"))
    opt = make_optimizer("adam", learning_rate=0.01)
    opt.step(net.weights + net.biases, grad_w + grad_b)

The trainer runs forward and backward compiled (engine/compiled/), an optimisation tested equal.
This package imports only NumPy and the standard library.
"""

from app.engine.activations import ACTIVATIONS, TRAINABLE_ACTIVATIONS, get_activation
from app.engine.datasets import DATASETS, Dataset, get_dataset, make_dataset
from app.engine.features import FEATURE_KEYS, FEATURES, feature_matrix
from app.engine.history import EpochRecord, History
from app.engine.initializers import INITIALIZERS, get_initializer
from app.engine.losses import LOSSES, get_loss, losses_for
from app.engine.network import MLP
from app.engine.optimizers import OPTIMIZERS, make_optimizer
from app.engine.perceptron import Perceptron, PerceptronTrainer
from app.engine.schedules import SCHEDULES, learning_rate_at
from app.engine.targets import encode_targets, output_size, predict_classes
from app.engine.trainer import Trainer

__all__ = [
    "ACTIVATIONS", "DATASETS", "FEATURES", "FEATURE_KEYS", "INITIALIZERS", "LOSSES", "MLP",
    "OPTIMIZERS", "SCHEDULES", "TRAINABLE_ACTIVATIONS", "Dataset", "EpochRecord", "History",
    "Perceptron", "PerceptronTrainer", "Trainer", "encode_targets", "feature_matrix",
    "get_activation", "get_dataset", "get_initializer", "get_loss", "learning_rate_at",
    "losses_for", "make_dataset", "make_optimizer", "output_size", "predict_classes",
]
