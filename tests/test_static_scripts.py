"""Our scripts only apply what the server sends: no route path written into them (paths reach
them as attributes the server renders), no Plotly internals, one reader of #frame_data, one
clipboard copy, no colour formulas (the diagram's looks are app/figures/diagram_style.py's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "static"
SCRIPTS = sorted(STATIC.glob("*.js"))
# a string or template literal that starts like a path: '/poll', "/neuron?x", `/explain/${id}`
PATH_LITERAL = re.compile(r"""(['"`])/[\w$?{-]""")


def source(path: Path) -> str:
    """Return a script without its comments (a comment may name a route)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(^|\s)//.*$", "", text, flags=re.M)


def test_there_are_scripts_to_check() -> None:
    assert {p.name for p in SCRIPTS} >= {"app.js", "diagram.js", "explain.js"}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_writes_a_route_path(path: Path) -> None:
    assert PATH_LITERAL.findall("fetch('/neuron?column=1')")  # the check can fail
    found = [m.group(0) for m in PATH_LITERAL.finditer(source(path))]
    assert found == [], f"{path.name} hard-codes route paths: {found}"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_reaches_into_plotly_internals(path: Path) -> None:
    assert re.findall(r"\._\w+", source(path)) == []  # _fullLayout, _offset, …


def test_one_script_reads_the_frame_and_one_copies() -> None:
    readers = [p.name for p in SCRIPTS if "frame_data" in source(p)]
    copiers = [p.name for p in SCRIPTS if "clipboard" in source(p)]
    assert readers == ["app.js"] and copiers == ["app.js"]


def test_the_diagram_script_computes_no_colours_or_widths() -> None:
    text = source(STATIC / "diagram.js")
    for formula in ("log10", "parseInt", "#f59322", "toString(16)", "toExponential", "Math.abs"):
        assert formula not in text, formula
