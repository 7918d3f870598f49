"""GET /lessons/mcculloch_pitts and /lessons/hebb: the lecture's first neurons, each a lesson page
of its own; its controls ask for the same page with new settings (htmx: only its region)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.lecture.first_neuron_pages import hebb_page, mcculloch_pitts_page
from app.web import views
from app.web.htmx import HX_REQUEST, is_htmx

router = APIRouter()
Build = Callable[[Mapping[str, str], bool], dict[str, Any]]


def _answer(request: Request, build: Build, region: str) -> HTMLResponse:
    """Return the page (htmx: its region) for the URL's settings; 422 when one was bad."""
    projector = request.query_params.get("projector") == "true"
    ctx = build(dict(request.query_params), projector)
    template = f"partials/{region}.html" if is_htmx(request) else "first_neuron.html"
    body = views.render(template, {**ctx, "region": region})
    response = HTMLResponse(body, status_code=422 if ctx["page"].messages else 200)
    response.headers["Vary"] = HX_REQUEST
    return response


@router.get("/lessons/mcculloch_pitts", response_class=HTMLResponse)
def mcculloch_pitts(request: Request) -> HTMLResponse:
    """Show the McCulloch–Pitts lesson: three units to set by hand, their truth tables."""
    return _answer(request, mcculloch_pitts_page, "mcculloch_pitts")


@router.get("/lessons/hebb", response_class=HTMLResponse)
def hebb(request: Request) -> HTMLResponse:
    """Show the Hebb lesson: patterns presented one at a time, Δw = η·x·y, the weights' growth."""
    return _answer(request, hebb_page, "hebb")
