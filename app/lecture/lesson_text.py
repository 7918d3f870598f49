"""The words of each lesson: (prompt, question to predict, answer), keyed and ordered like
the registry in lessons.py (config.py validates `lesson` against these keys). The words live in
app/lecture/texts/, one module per section; a new lesson adds its entry there.

Notation follows the lecture: x the inputs (x0 = 1 the bias input), w the weights, z = w·x the
net input (the lecture's net), φ the activation, y_p = φ(z) the prediction, y_t the desired
output (0/1 for a sigmoid or step output, ±1 for tanh, one-hot for several classes),
E = ½(y_t − y_p)² the square loss, α the learning rate, and an epoch one pass through the
training set. The numbers quoted are measured over many seeds: tests/lecture/
test_lesson_claims.py checks every one.
"""

from __future__ import annotations

from app.lecture.texts import deeper, perceptron, pitfalls, regularization, training

TEXTS: dict[str, tuple[str, str, str]] = {
    **perceptron.TEXTS, **deeper.TEXTS, **training.TEXTS, **regularization.TEXTS,
    **pitfalls.TEXTS,
}
