"""The multiple choices a room offers for each lesson's predict question (lesson_text.py has the
question and the full answer): a few short options and the index of the right one.

The choices restate the answers of lesson_text.py, whose numbers the lesson tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.lecture.lesson_text import TEXTS


@dataclass(frozen=True)
class Question:
    """A question to predict: its text, the options, the right option's index (None: an opinion
    poll) and the explanation shown on reveal."""

    text: str
    choices: tuple[str, ...]
    correct: int | None = None
    answer: str = ""


# lesson key -> (choices, index of the right one)
CHOICES: dict[str, tuple[tuple[str, ...], int]] = {
    "perceptron_and": (("Yes, and the rule finds it", "A line exists but the rule never settles",
                        "No line can do it"), 0),
    "perceptron_or": (("Around the bottom-left cluster, arrow to the top right",
                       "Around the top-right cluster, arrow to the bottom left",
                       "It never settles"), 0),
    "perceptron_xor": (("Yes, after a few epochs", "Yes, but only after many epochs",
                        "Never"), 2),
    "hidden_layer_xor": (("One", "Two", "Eight or more"), 1),
    "depth_spiral": (("Yes, at any size", "Depth helps, but cannot replace neurons",
                      "One layer always does better"), 1),
    "activations": (("ReLU fastest, Linear fails", "Sigmoid fastest, ReLU fails",
                     "All the same speed"), 0),
    "learning_rate_too_small": (("Hardly at all (about 1 %)", "About half", "Almost to zero"), 0),
    "learning_rate_too_large": (("Falls slowly", "Falls fast", "Explodes"), 2),
    "batch_modes": (("Stochastic fewest epochs (most starts), full batch smoothest",
                     "Full batch fewest epochs and smoothest",
                     "Mini-batch fewest epochs, stochastic smoothest"), 0),
    "optimizers": (("All about the same", "Adam and momentum several times fewer than SGD",
                    "SGD fewest, Adam most"), 1),
    "overfitting": (("Both fall to almost 0", "Training falls to ~0, test stops improving",
                     "Both stay high"), 1),
    "l2_regularization": (("Training reaches 0, test worse", "Training stays above 0, test lower",
                           "Both unchanged"), 1),
    "dropout": (("It stops memorising; test loss not reliably lower",
                 "It still memorises; test loss much lower", "No change at all"), 0),
    "early_stopping": (("Epoch 40–100, keeping the best (30 epochs earlier) weights",
                        "At epoch 1000, keeping the last weights",
                        "Near epoch 5, keeping the first weights"), 0),
    "vanishing_gradients": (("Yes, quickly", "Yes, slowly", "No, the loss stays flat"), 2),
    "relu_he": (("First layer's gradient far smaller", "Of the same order",
                 "First layer's gradient far larger"), 1),
    "random_seed": (("Both solve it", "Neither solves it", "Only one of them"), 2),
    "zero_init": (("Yes, after a few epochs", "Never: they stay copies",
                   "Only with a larger learning rate"), 1),
    "single_neuron": (("Yes; AND in about 10–20 epochs", "No; AND needs a hidden layer",
                       "Yes, but AND never separates"), 0),
    "preprocessing": (("Yes, offset or not", "Not off-centre; centred in about 20–70 epochs",
                       "Neither way"), 1),
    "choosing_loss": (("All three; the loss changes the pace more than the result",
                       "Only log loss", "Only square error"), 0),
    "monitoring": (("Healthy band at 0.03; far below it at 0.0001 and at 3",
                    "Same at every rate", "Highest at 0.0001"), 0),
    "l1_sparsity": (("X₁² and X₂²", "X₁ and X₂", "sin X₁ and sin X₂"), 0),
    "exploding_gradients": (("Yes, 0.03 is small enough", "No: NaN within the first epoch",
                             "Only with tanh"), 1),
    "local_minima": (("Yes, with 3 hidden neurons it solves XOR", "No, it stays stuck",
                      "Only with a new seed"), 0),
}


def for_lesson(key: str) -> Question | None:
    """Return the lesson's question with its choices, or None when the lesson has none."""
    if key not in TEXTS or key not in CHOICES:
        return None
    _, text, answer = TEXTS[key]
    choices, correct = CHOICES[key]
    return Question(text, choices, correct, answer)


def custom(text: str, lines: str) -> Question | None:
    """Return the lecturer's own question (its choices one per line, at most 6, none right),
    or None when the text is blank."""
    text = text.strip()[:300]
    choices = tuple(c.strip()[:80] for c in lines.splitlines() if c.strip())[:6]
    if not text:
        return None
    return Question(text, choices or ("Yes", "No", "Not sure"))
