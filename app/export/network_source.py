"""The from-scratch script's network as source text: forward pass, backpropagation, evaluation.

The text of MLP.forward_train and MLP.backward (network.py), written for the configuration:
z = a W + b; φ; dropout mask; at the top δ = dE/dy / n (⊙ φ_out'(z) for square); then
grad_W = aᵀ δ, grad_b = Σ_rows δ and δ ← (δ Wᵀ) ⊙ mask ⊙ φ'(z) layer by layer; the penalty's
gradient on the weights. tests/export/test_network_source.py execs it against the engine."""

from __future__ import annotations

from app.engine.activations import get_activation
from app.engine.trainer import Trainer

_FORWARD_DOC = '''    """Feed x (n, n_in) forward; return zs, acts{masks_doc}.

    zs[i] = acts[i] @ W[i] + b[i] (n, units) and acts[i + 1] = φ_i(zs[i]), with acts[0] = x and
    acts[-1] the output y_p.{dropout_doc}
    """
'''

_DROPOUT_DOC = ''' With rng (training), hidden layer i drops each unit with probability
    p = DROPOUT[i] and scales the kept ones by 1 / (1 − p) (inverted dropout), so evaluation
    (rng=None) needs no change.'''


def forward_function(dropout: bool) -> str:
    """Return the source of `forward(x, weights, biases[, rng])`."""
    doc = _FORWARD_DOC.format(masks_doc=" and the hidden layers' dropout masks" if dropout else "",
                              dropout_doc=_DROPOUT_DOC if dropout else "")
    if not dropout:
        return ("def forward(x, weights, biases):\n" + doc
                + "    zs, acts = [], [x]\n"
                  "    for i, (phi, _) in enumerate(HIDDEN):\n"
                  "        zs.append(acts[i] @ weights[i] + biases[i])\n"
                  "        acts.append(phi(zs[i]))\n"
                  "    zs.append(acts[-1] @ weights[-1] + biases[-1])\n"
                  "    acts.append(OUTPUT(zs[-1]))\n"
                  "    return zs, acts\n")
    return ("def forward(x, weights, biases, rng=None):\n" + doc
            + "    zs, acts, masks = [], [x], []\n"
              "    for i, (phi, _) in enumerate(HIDDEN):\n"
              "        zs.append(acts[i] @ weights[i] + biases[i])\n"
              "        a, mask = phi(zs[i]), None\n"
              "        if rng is not None and DROPOUT[i] > 0:\n"
              "            # drawn unit-major (units, n) as the playground's buffers are, then\n"
              "            # transposed; layer by layer, in the order of the forward pass\n"
              "            keep = rng.random((a.shape[1], a.shape[0])).T >= DROPOUT[i]\n"
              "            mask = keep * (1.0 / (1.0 - DROPOUT[i]))\n"
              "            a = a * mask\n"
              "        masks.append(mask)\n"
              "        acts.append(a)\n"
              "    zs.append(acts[-1] @ weights[-1] + biases[-1])\n"
              "    acts.append(OUTPUT(zs[-1]))\n"
              "    return zs, acts, masks\n")


def backward_function(trainer: Trainer, dropout: bool) -> str:
    """Return the source of `backward(zs, acts[, masks], t, weights)` -> (grad_w, grad_b)."""
    output = trainer.net.activation_names[-1]
    if trainer.loss.on_output:
        top = ["    delta = loss_gradient(acts[-1], t) * (1.0 / n)  # dE/dy_p, mean over the batch"]
        if output != "linear":
            top.append(f"    delta = {output}_backward(delta, zs[-1])  # dE/dz = dE/dy_p ⊙ φ'(z)")
    else:
        top = ["    delta = loss_gradient(zs[-1], t) * (1.0 / n)  # dE/dz, mean over the batch"]
    penalty = []
    if trainer.l2:  # L1 is a step of its own, after the update (train())
        penalty += ["    for g, w in zip(grad_w, weights):  # the penalty's gradient, no biases",
                    "        g += L2 * w  # d(l2 · ½Σw²)/dw"]
    masks = ", masks" if dropout else ""
    mask_lines = ["            if masks[i - 1] is not None:",
                  "                delta = delta * masks[i - 1]  # dropped units pass nothing back"
                  ] if dropout else []
    return "\n".join([
        f"def backward(zs, acts{masks}, t, weights):",
        '    """Return grad_w[i] (n_in, n_out) and grad_b[i] (n_out,): the gradients of the',
        "    batch's mean loss by the chain rule, from the output layer down.",
        "",
        "    δ = dE/dz of a layer (n, units); dE/dW = aᵀ δ, dE/db = Σ_rows δ, and the layer below",
        f"    gets δ ← (δ Wᵀ) ⊙{' mask ⊙' if dropout else ''} φ'(z).",
        '    """',
        "    n = len(t)",
        *top,
        "    grad_w, grad_b = [None] * len(weights), [None] * len(weights)",
        "    for i in reversed(range(len(weights))):",
        "        grad_w[i] = acts[i].T @ delta",
        "        grad_b[i] = delta.sum(axis=0)",
        "        if i > 0:",
        "            delta = delta @ weights[i].T  # back through the weights: dE/da",
        *mask_lines,
        "            delta = HIDDEN[i - 1][1](delta, zs[i - 1])  # ⊙ φ'(z): dE/dz",
        *penalty,
        "    return grad_w, grad_b",
    ]) + "\n"


def evaluate_function(trainer: Trainer, dropout: bool) -> str:
    """Return the source of `evaluate(x, t, labels, weights, biases)` -> loss [, accuracy]."""
    unpack = "zs, acts, _" if dropout else "zs, acts"
    reads = "acts[-1]" if trainer.loss.on_output else "zs[-1]"
    lines = [
        "def evaluate(x, t, labels, weights, biases):",
        '    """Return the mean data loss (no penalty)'
        + (" and the accuracy" if trainer.n_classes else "") + ' on one set, without dropout."""',
        f"    {unpack} = forward(x, weights, biases)",
        f"    mean_loss = float(np.mean(loss({reads}, t)))",
    ]
    if not trainer.n_classes:
        return "\n".join([*lines, "    return mean_loss"]) + "\n"
    if trainer.net.n_outputs > 1:
        lines.append("    predicted = np.argmax(acts[-1], axis=1)  # the highest-scoring class")
    else:
        low, high = get_activation(trainer.net.activation_names[-1]).output_range
        cut = 0.5 if (low, high) == (0.0, 1.0) else 0.0
        lines.append(f"    predicted = (acts[-1][:, 0] >= {cut!r}).astype(int)  # class 1 past "
                     "the midpoint of the two targets")
    return "\n".join([*lines, "    return mean_loss, float(np.mean(predicted == labels))"]) + "\n"
