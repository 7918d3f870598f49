"""The Jinja environment: built once, its templates compiled once."""

from __future__ import annotations

from app.web.templating import environment


def test_the_environment_is_built_once_so_templates_compile_once() -> None:
    # a poll renders three templates: compiling them on every render made a poll 10x dearer
    assert environment() is environment()
    assert environment().get_template("partials/stats.html") is environment().get_template(
        "partials/stats.html")
