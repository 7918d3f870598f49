"""GET /hidden_space: the hidden-space panel (a hidden layer's picture of the training points and
of the input grid) for the chosen layer and axes; while the page plays, polls carry the picture."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.figures import hidden_space
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.browser import back_to_page, reply
from app.web.routes.dependencies import LiveSession

router = APIRouter()


@router.get("/hidden_space", response_class=HTMLResponse)
def show(request: Request, session: LiveSession,
         hidden_layer: Annotated[int, Query(ge=0, le=64)] = 1,
         hidden_axes: Annotated[str, Query(max_length=8)] = "") -> Response:
    """Return the panel: layer `hidden_layer` (1-based) on axes `hidden_axes` ("pca" or "i,j";
    anything the layer does not have falls back to its default)."""
    if not is_htmx(request):
        return back_to_page(request, session)
    body = session.read(lambda view: views.render("partials/hidden_space.html", {
        "hidden": hidden_space.panel(view.run, hidden_layer, hidden_axes)}))
    return reply(request, body, session)
