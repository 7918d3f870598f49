"""The "Overfitting and regularization" section's words: overfitting, L2, L1, dropout and early
stopping."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "overfitting": (
        "Only 10 % of the points (50) train the network; the other 450 test it (outlined in "
        "black), and noise has flipped labels near the edge of the circle. Two hidden layers of "
        "16 neurons have more than enough freedom to fit every training point, noise included.",
        "What will the training loss and the test loss do?",
        "The training loss falls to almost 0 while the test loss stops improving and ends near "
        "0.15–0.3: the boundary bends around single noisy training points that the test points "
        "do not share. A gap between the two curves is the signature of overfitting. The next "
        "four lessons are four cures.",
    ),
    "l2_regularization": (
        "Same data and network plus L2 regularization: the loss gets an extra term λ·½·Σw², "
        "whose gradient λ·w pulls every weight towards 0. With plain SGD that is weight decay, "
        "w ← w − α·(∂E/∂w + λ·w). This preset trains with Adam, which divides the whole "
        "gradient, λ·w included, by its running scale — so the pull is not a fixed decay any "
        "more (AdamW is the variant that keeps the two apart) — but it still keeps the weights, "
        "and so the bends, small. Here λ = 0.03.",
        "Will the training loss still reach 0? Will the test loss end lower than without L2?",
        "The training loss stays near 0.05–0.1 — the network can no longer bend around every "
        "noisy point — and the test loss ends lower than without L2 from every start we tried "
        "(about 0.1–0.2 instead of 0.15–0.3): the gap almost closes. Try λ = 0.001 (too "
        "little) and 0.3 (too much: the network underfits).",
    ),
    "l1_sparsity": (
        "L1 regularization adds λ·Σ|w| to the loss: its gradient λ·sign(w) pulls every weight "
        "towards 0 by the same amount, however small the weight already is, and a step that "
        "would carry a weight across 0 sets it to exactly 0 (TF Playground's rule). Weights "
        "that do not pay their way end at 0 and their links vanish (dashed in the diagram, "
        "counted below it). All seven features are switched on; only X₁² and X₂² are needed "
        "for the circle. Here λ = 0.01.",
        "Which input features will L1 keep?",
        "X₁² and X₂², from every start we tried: the circle is x1² + x2² < r², so those two "
        "carry it, and L1 cuts most of the other features' weights to zero (about 75–90 % of "
        "all weights end at zero, and the test accuracy reaches 100 %). L2 shrinks every "
        "weight a little; L1 removes the ones that do not pay their way — a sparse network "
        "that selects its own features.",
    ),
    "dropout": (
        "Dropout switches each hidden neuron off with probability p = 0.5 at every training "
        "step and scales the survivors by 1/(1 − p), so no neuron can count on a particular "
        "partner; at test time every neuron is on. Dropout is under Advanced ▸ Model and loss.",
        "Will the network still memorise the noisy training points? Will the test loss end "
        "lower?",
        "It no longer memorises: the training loss stays around 0.05–0.15 instead of 0. But on "
        "a network this small the test loss is not reliably lower — it ended lower than "
        "without dropout in only about one run in four, while L2 helped in every one. "
        "Thinned networks that must agree give a smoother boundary, and on big networks "
        "dropout is a workhorse; here it mostly shows that a narrower gap is not yet a "
        "better model.",
    ),
    "early_stopping": (
        "The overfitting network again, but now training watches the test loss and stops when "
        "it has not improved for 30 epochs (the patience), then puts back the weights of the "
        "best epoch (Advanced ▸ Learning-rate decay and early stopping).",
        "Roughly when will training stop, and which weights will it keep?",
        "Somewhere between epoch 40 and 100. The test loss is lowest 30 epochs earlier (around "
        "epoch 10–70), before the network starts to memorise noise; training then stops and "
        "restores those weights, whose test loss (about 0.07–0.26) is usually lower than where "
        "the overfitting run ends. Here the test set plays the part of a validation set — to "
        "report an honest score you would keep a third set aside, or cross-validate.",
    ),
}
