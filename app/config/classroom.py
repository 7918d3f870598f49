"""TensorFlow Playground's classroom conventions as settings: which controls a URL may hide.

`hide` (a Config field) names controls by these keys, comma-separated, in a URL such as
`/?hide=dataset,noise,x1_squared`; TF Playground's `<control>_hide=true` keys map onto them
(learningRate → learning_rate, numHiddenLayers → hidden_layers, playButton → play, a feature
such as sinX → sin_x1). `embed` drops the page's header and the lesson's text, for slides.
What hides each control on the page is app/web/hiding.py's business.
"""

from __future__ import annotations

from app.engine import FEATURE_KEYS

# key -> what it hides, in page order (the order a canonical URL lists them)
HIDEABLE: dict[str, str] = {
    "share": "the link box", "lessons": "the Lessons link", "projector": "the projector toggle",
    "reset": "the reset button", "play": "the play/pause button", "step": "the step button",
    "speed": "the speed slider",
    "problem": "the problem type", "dataset": "the dataset choice",
    "train_fraction": "the training ratio", "noise": "the noise", "batch_size": "the batch size",
    "regenerate": "the Regenerate button",
    "hidden_layers": "the +/− layer buttons", "neurons": "the +/− neuron buttons",
    "edge_view": "the lines-show choice",
    **{key: f"the {key} input node" for key in FEATURE_KEYS},
    "learning_rate": "the learning rate", "activation": "the activation",
    "regularization": "the regularization", "regularization_rate": "the regularization rate",
    "show_test_data": "the show-test-data box", "discretize": "the discretize box",
    "advanced": "the advanced panel",
}


def check_hidden(names: tuple[str, ...]) -> tuple[str, ...]:
    """Return the names in canonical order, once each.

    Raises:
        ValueError: a name is not a hideable control (naming it and the allowed ones).
    """
    unknown = [n for n in names if n not in HIDEABLE]
    if unknown:
        raise ValueError(f"unknown control {unknown[0]!r}; hide any of {', '.join(HIDEABLE)}")
    return tuple(k for k in HIDEABLE if k in names)
