"""The Jinja environment: built once, its templates compiled once."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from jinja2 import Template

from app.web.templating import environment, warm


def test_the_environment_is_built_once_so_templates_compile_once() -> None:
    # a poll renders three templates: compiling them on every render made a poll 10x dearer
    assert environment() is environment()
    assert environment().get_template("partials/stats.html") is environment().get_template(
        "partials/stats.html")


def test_the_server_compiles_every_template_as_it_starts(monkeypatch: pytest.MonkeyPatch,
                                                         client: TestClient) -> None:
    compiled: list[str] = []
    env = environment()
    original = env.get_template

    def counted(name: str, *args: object, **kwargs: object) -> Template:
        compiled.append(name)
        return original(name)

    monkeypatch.setattr(env, "get_template", counted)
    with client:  # the lifespan runs
        assert {"index.html", "partials/stats.html", "partials/poller.html"} <= set(compiled)
    assert warm() == len(set(compiled)) > 40


def test_a_template_s_globals_are_one_plain_dict_with_the_environment_s_names() -> None:
    # Jinja's default, a chain flattened into a new dict at every render, cost ~20 µs a render
    template = environment().get_template("partials/epoch.html")
    assert type(template.globals) is dict
    assert template.globals.keys() == environment().globals.keys()
    assert template.globals["knob"] is environment().globals["knob"]
    assert environment().from_string("{{ plane }}").render() == environment().globals["plane"]
