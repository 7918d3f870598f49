"""What hides each control a URL's `hide` names, and what embed mode leaves out: CSS selectors.

The page renders one <style> with the selectors of the hidden controls (display: none also takes
them out of the accessibility tree and the tab order); the names are app/config/classroom.py's.
"""

from __future__ import annotations

from markupsafe import Markup

from app.config import Config
from app.engine import FEATURE_KEYS


def _field(name: str) -> str:
    """Return the selector of a form control's box (macros.html: a .control around the input)."""
    return f".control:has(#{name})"


SELECTORS: dict[str, str] = {
    "share": "#share", "lessons": "#lessons_link", "projector": ".projector-toggle:has(#projector)",
    "reset": "#reset", "play": "#play_pause", "step": "#step", "speed": _field("speed"),
    "problem": _field("problem"), "dataset": "fieldset.datasets",
    "train_fraction": _field("train_fraction"), "noise": _field("noise"),
    "batch_size": _field("batch_size"), "regenerate": "#regenerate",
    "hidden_layers": ".layer-buttons", "neurons": ".neuron-buttons",
    "edge_view": "fieldset.edge-view",
    **{key: f"#input-{key}" for key in FEATURE_KEYS},
    "learning_rate": _field("learning_rate"), "activation": _field("activation"),
    "regularization": _field("regularization"),
    "regularization_rate": _field("regularization_rate"),
    "show_test_data": _field("show_test_data"), "discretize": _field("discretize"),
    "advanced": "#advanced_panel",
}
EMBED_HIDES = (".topbar", "#lesson", "#lecture")  # slides: the playground without its words


def hidden_css(config: Config) -> Markup:
    """Return the CSS rule hiding what config.hide names (and, in embed mode, the header and the
    lesson's text), or "" when nothing is hidden."""
    selectors = [SELECTORS[name] for name in config.hide]
    selectors += list(EMBED_HIDES) if config.embed else []
    if not selectors:
        return Markup("")
    return Markup(f"{', '.join(selectors)} {{ display: none !important; }}")  # our constants
