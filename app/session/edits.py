"""Hand edits of a run's model: a typed-in weight or bias (the write side of figures.parameters).

Only the session owner (session.py) calls this, under the session's lock.
"""

from __future__ import annotations

import numpy as np

from app.engine import MLP
from app.figures.parameters import layers
from app.session.run import Run


def set_parameter(run: Run, layer: int, target: int, value: float,
                  source: int | None = None) -> None:
    """Set one weight (source → target of `layer`) or, without source, target's bias; the next
    training step starts from it (optimizer state such as momentum is kept; a link L1 had cut
    lives again).

    Raises:
        ValueError: no such weight or bias, or a value that is not finite.
    """
    if not np.isfinite(value):
        raise ValueError(f"value must be a finite number, got {value!r}")
    all_layers = layers(run)
    if not 0 <= layer < len(all_layers):
        raise ValueError(f"layer must be in 0..{len(all_layers) - 1}, got {layer}")
    w = all_layers[layer].w
    n_in, n_out = w.shape
    if not 0 <= target < n_out:
        raise ValueError(f"layer {layer} has targets 0..{n_out - 1}, got {target}")
    if source is None:
        all_layers[layer].b[target] = value
        return
    if not 0 <= source < n_in:
        raise ValueError(f"layer {layer} has sources 0..{n_in - 1}, got {source}")
    w[source, target] = value
    if isinstance(run.model, MLP):
        run.model.dead_weights[layer][source, target] = False  # an edited link lives again
