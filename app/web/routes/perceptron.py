"""History mode for the perceptron: apply Rosenblatt's perceptron rule to one training sample."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.web import views
from app.web.htmx import HX_RESWAP, HX_RETARGET
from app.web.routes.browser import invalid, respond
from app.web.routes.dependencies import LiveSession

router = APIRouter()


@router.post("/step_sample", response_class=HTMLResponse)
def step_sample(request: Request, session: LiveSession) -> Response:
    """Pause and apply the perceptron rule to the epoch's next sample (the last one closes it)."""
    try:
        return respond(request, session, session.step_sample,
                       lambda view: views.training_update(view, force_controls=True))
    except ValueError as exc:  # not the perceptron
        response = invalid(request, session, [str(exc)])
        response.headers[HX_RETARGET], response.headers[HX_RESWAP] = "#banner", "outerHTML"
        return response
