"""The perceptron section's words: Rosenblatt's rule on AND, OR and XOR (Minsky and Papert)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "perceptron_and": (
        "Rosenblatt's perceptron (1957) is one neuron with a step activation: y_p = 1 if "
        "w0·x0 + w1·x1 + w2·x2 ≥ 0, else 0, with x0 = 1 so that w0 acts as the bias. The targets "
        "are y_t ∈ {0, 1}. The four clusters are the AND truth table: only the top-right corner "
        "(x1 = 1, x2 = 1) is blue (y_t = 1). The black line is where w0 + w1·x1 + w2·x2 = 0 and "
        "the arrow is the weight vector (w1, w2), pointing to the side the neuron calls 1. Press "
        "“Step one sample” a few times: a misclassified sample moves the weights by "
        "Δw = α·(y_t − y_p)·x — the perceptron rule, which the lecture calls the delta rule — and "
        "a correct one leaves them alone. Then press play.",
        "Can one straight line put the top-right corner alone on its side — and will the rule "
        "find it?",
        "Yes. AND is linearly separable, and the perceptron convergence theorem says the rule "
        "then stops after finitely many mistakes: after one epoch (one pass through the whole "
        "training set) without a mistake nothing moves any more. Here that takes a few epochs. "
        "(Widrow and Hoff's delta rule of 1960, the ancestor of gradient descent, has the same "
        "shape but uses the unthresholded w·x in place of y_p, so it learns from every sample.)",
    ),
    "perceptron_or": (
        "Same neuron, same rule, another truth table: OR is 1 unless both inputs are 0, so only "
        "the bottom-left cluster is orange. Step through a few samples: each mistake moves the "
        "line towards the wrong sample — w·x changes by α·(y_t − y_p)·|x|², in the right "
        "direction — though not always past it, so a sample may be wrong on several visits. The "
        "arrow turns towards the blue side.",
        "Where will the line settle, and which way will the arrow point?",
        "Between the bottom-left cluster and the other three, with the arrow pointing up and to "
        "the right, towards the blue corners. Any separating line will do: the rule stops at the "
        "first one it finds, so another seed (reset ↺) stops at another line.",
    ),
    "perceptron_xor": (
        "XOR is 1 when exactly one input is 1: blue at top left and bottom right, orange on the "
        "other diagonal. Minsky and Papert's book Perceptrons (1969) showed that a single-layer "
        "perceptron cannot compute it, because it can only draw one straight line. Its critics "
        "say the book implied that larger networks share the limit and should be dropped — a "
        "reading often linked with the first AI winter. The clarification: a single layer is a "
        "linear classifier; a multilayer perceptron is not. Press play and watch the line.",
        "Will the line ever settle?",
        "Never. No straight line separates the two diagonals, so in every epoch some sample is "
        "wrong and moves the line again: it keeps cycling and the accuracy hovers around chance "
        "(a line gets at most 3 of the 4 corners right). The cure is not a better rule but more "
        "neurons — press “Solve it with an MLP”.",
    ),
}
