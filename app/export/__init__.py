"""Exports of the current network as plain-text Python: Keras code and a from-scratch NumPy script.

    from app.export import keras_code, numpy_script
    source = numpy_script(trainer, features, points_train, points_test, epochs=50)

Both take a fresh Trainer (epoch 0) built for the configuration; the NumPy script replays the
engine's training exactly, the Keras code builds the same model with Keras's own randomness.
"""

from app.export.keras_code import keras_code
from app.export.numpy_script import numpy_script

__all__ = ["keras_code", "numpy_script"]
