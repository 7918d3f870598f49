"""The network diagram's two requests: one neuron's full picture (GET /neuron, while the pointer
rests on it) and a typed-in weight or bias (POST /parameter), which the next step trains from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.engine.network import MAX_LAYERS, MAX_UNITS
from app.figures import charts, pictures
from app.session.session import SessionView
from app.validation import error_messages
from app.web import views
from app.web.htmx import HX_RESWAP, HX_RETARGET, is_htmx
from app.web.routes.browser import find, invalid, reply, respond
from app.web.routes.controls import Pairs, form_pairs
from app.web.routes.dependencies import LiveSession

router = APIRouter()
MAX_VALUE = 100.0  # a typed weight or bias must lie in [−100, 100]
ERROR_ID = "parameter_error"


class ParameterEdit(BaseModel):
    """A typed-in value: the weight source → target of `layer`, or without source target's bias.
    token and since say what the page's charts hold, as for /step (views.frame)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    layer: int = Field(ge=0, lt=MAX_LAYERS)
    source: int | None = Field(default=None, ge=0, lt=MAX_UNITS)
    target: int = Field(ge=0, lt=MAX_UNITS)
    value: float = Field(ge=-MAX_VALUE, le=MAX_VALUE)
    token: str = Field(default="", max_length=64)
    since: int = Field(default=-1, ge=-1)


def _error(request: Request, messages: list[str]) -> HTMLResponse:
    """Reply 422 with the messages, swapped into the editor in place of its error line."""
    body = views.render("partials/parameter_error.html", {"messages": messages})
    response = reply(request, body, status=422)
    response.headers[HX_RETARGET] = f"#{ERROR_ID}"
    response.headers[HX_RESWAP] = "outerHTML"
    return response


@router.post("/parameter", response_class=HTMLResponse)
def edit(request: Request, session: LiveSession,
         pairs: Annotated[Pairs, Depends(form_pairs)]) -> Response:
    """Set a weight or bias; answer the refreshed frame (heatmap, thumbnails, links)."""
    raw = {k: v for k, v in pairs if not (k == "source" and v == "")}
    try:
        change = ParameterEdit.model_validate(raw)
        return respond(request, session, lambda render: session.set_parameter(
            change.layer, change.target, change.value, change.source, render),
            lambda view: views.training_update(view, change.token, change.since))
    except ValidationError as exc:
        messages = error_messages(exc.errors(include_url=False))
    except ValueError as exc:  # no such weight or bias
        messages = [str(exc)]
    return _error(request, messages) if is_htmx(request) else invalid(request, session, messages)


def _picture(view: SessionView, column: int, unit: int) -> JSONResponse:
    """Return one node's picture (column −1: the output heatmap) as a heatmap trace update."""
    run = view.run
    ev = pictures.evaluate(run)
    if column == -1:
        trace = charts.heatmap(run, ev)
        return JSONResponse({k: trace[k] for k in ("z", "colorscale", "zsmooth")})
    try:
        codes = pictures.unit_picture(run, ev, column, unit)
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    discretized = run.config.discretize and column > 0  # the inputs are never snapped
    return JSONResponse({"z": charts.encode_u1(pictures.to_plotly(codes)),
                         "colorscale": charts.colorscale(2, discretized), "zsmooth": "fast"})


@router.get("/neuron")
def neuron(request: Request, column: Annotated[int, Query(ge=-1, le=MAX_LAYERS)],
           unit: Annotated[int, Query(ge=0, lt=MAX_UNITS)] = 0) -> JSONResponse:
    """Return one node's picture over the plane as a heatmap trace update ({z, colorscale,
    zsmooth}, Plotly's row order): column 0 = inputs, the last = output (pictures.unit_picture);
    column −1 = the output heatmap as the page shows it (to put back after a hover)."""
    session = find(request)
    if session is None:
        return JSONResponse({"error": "unknown or expired session"}, status_code=404)
    return session.read(lambda view: _picture(view, column, unit))
