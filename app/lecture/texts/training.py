"""The "Training" section's words: pre-processing, the learning rate, batch modes, optimizers,
the choice of loss and the meters that monitor training."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "preprocessing": (
        "“Subtract the mean” is the lecture's first pre-processing advice. Here every point is "
        "shifted by an input offset of 6 before the network sees it (Advanced ▸ Pre-processing): "
        "X₁ and X₂ now run from about 0 to 12 instead of −6 to 6. Every input is positive, so "
        "all the weights into a neuron get gradients of the same sign — they can only grow or "
        "shrink together, and gradient descent zig-zags — and the tanh units start far out on "
        "their flat ends, where φ'(z) is small.",
        "Will this network still learn the circle in 100 epochs? And when you set Input offset "
        "back to 0?",
        "Not off-centre: after 100 epochs it is still below 90 % from every start we tried. "
        "Centred (offset 0), the same network passes 90 % in about 20–70 epochs (a few starts "
        "need up to 200). Centring each input (and often scaling it to unit spread) is one line "
        "of pre-processing and one of the cheapest speed-ups there is.",
    ),
    "learning_rate_too_small": (
        "Gradient descent changes each weight by Δw = −α·∂E/∂w: the gradient gives the "
        "direction, the learning rate α the size of the step. Here α = 0.0001, 300 times "
        "smaller than the default 0.03.",
        "How much will the training loss fall in 100 epochs?",
        "Hardly at all — by a few per cent at most. The direction is right but the steps are "
        "tiny, so the network crawls. Now set the learning rate to 0.03 (it applies at once, "
        "without a reset) and watch the loss drop.",
    ),
    "learning_rate_too_large": (
        "A regression this time: each point's colour is a number, (x1 + x2)/10, and the "
        "network predicts it with a linear output (y_p = z) and the square loss "
        "E = ½(y_t − y_p)². The learning rate is α = 3. Press play.",
        "What will the loss do?",
        "It explodes. Each step overshoots the minimum by more than it corrects, the weights "
        "grow without bound and within a few epochs the loss is not a number (NaN): training "
        "stops and says so. Try 1 (it wobbles, then learns) and 0.03 (smooth).",
    ),
    "batch_modes": (
        "How many examples should one update average over? Full batch: the gradient over all "
        "250 training points, one update per epoch. Mini-batch: one update per batch of 10, "
        "25 per epoch. Stochastic: one update per point, 250 per epoch. This run is stochastic; "
        "Batch mode is under Advanced ▸ Optimizer.",
        "Which mode reaches the goal in the fewest epochs, and which draws the smoothest loss "
        "curve?",
        "Stochastic needs the fewest epochs from most starts (about 5–15; now and then a "
        "start takes far longer) because it makes 250 updates in each, but every step follows "
        "one noisy example, so its loss curve is jagged. Mini-batch needs about 30–70. Full "
        "batch is smooth but makes a single update per epoch: after 300 epochs it is still "
        "short of the goal. Mini-batch is the usual compromise.",
    ),
    "optimizers": (
        "Plain SGD steps straight down the gradient g = ∂E/∂w: w ← w − α·g. Momentum keeps a "
        "velocity, v ← μ·v − α·g and w ← w + v, so steps that agree build up speed. Adam also "
        "divides each weight's step by the root of a running average of its squared gradients, "
        "so every weight moves at a sensible pace. This run uses Adam with α = 0.01; Optimizer "
        "is under Advanced ▸ Optimizer.",
        "At the same learning rate, how many epochs will Adam, momentum and plain SGD need?",
        "Adam about 5–30, momentum about 10–60, plain SGD about 80–300. Adam and momentum need "
        "several times fewer epochs than SGD from nearly every start; which of the two wins "
        "depends on the start. Momentum and adaptive steps are much of why deep networks train "
        "in reasonable time.",
    ),
    "choosing_loss": (
        "The loss E says what a wrong answer costs. Square error E = ½(y_t − y_p)² suits a "
        "value (regression). For two classes, log loss (binary cross-entropy) reads the output "
        "as a probability p = sigmoid(z) of the blue class, with targets y_t ∈ {0, 1}: "
        "E = −[y_t·ln p + (1 − y_t)·ln(1 − p)], and ∂E/∂z = p − y_t does not vanish when the "
        "network is confidently wrong (square error on a sigmoid output is multiplied by "
        "φ'(z), which does). Hinge, max(0, 1 − c·z) with c = ±1 the class as a sign, stops "
        "caring once a point is right by a margin of 1. Softmax cross-entropy is log loss for "
        "several classes, with one-hot targets. This run uses log loss (Advanced ▸ Model and "
        "loss); the explorer below draws each loss.",
        "Will log loss, square error and hinge all learn the circle — and which fastest?",
        "All three get there here: square error (tanh output, y_t = ±1) in about 30–100 "
        "epochs, log loss in about 50–200, hinge in 30–250 though not from every start. On a "
        "problem this easy the loss changes the pace more than the result: choose it for what "
        "the output means — a probability (log loss), a value (square error), a margin (hinge).",
    ),
    "monitoring": (
        "Lines show: Gradients (this preset) colours each link by |∂E/∂w| and puts two meters "
        "on every layer: its gradient norm ‖∂E/∂W‖ and its update/weight ratio ‖Δw‖/‖w‖ — how "
        "much the last step changed the layer's weights, relative to their size. cs231n's rule "
        "of thumb is about 10⁻³. Far above (10⁻¹) the steps are too big and training thrashes "
        "or diverges; far below (10⁻⁵) it crawls. A meter turns red when a layer looks "
        "exploding (‖∂E/∂W‖ > 100 or a ratio > 0.1) or vanishing (‖∂E/∂W‖ < 10⁻⁵).",
        "At the default α = 0.03, where will the ratios sit — and where at α = 0.0001 or 3?",
        "At α = 0.03 every layer sits between about 10⁻³·⁵ and 10⁻¹·⁵ (the first layer "
        "highest), inside the healthy band. At α = 0.0001 they fall to about 10⁻⁵: the crawl. "
        "At α = 3 the tanh units saturate within a few epochs and the ratios collapse too, "
        "below 10⁻⁴ — a meter far below the rule of thumb can mean a stuck network as well as "
        "a small learning rate; look at the loss curve beside it.",
    ),
}
