"""History mode for the perceptron: apply Rosenblatt's delta rule to one training sample."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.engine import PerceptronTrainer
from app.web import views
from app.web.htmx import HX_RESWAP, HX_RETARGET, is_htmx
from app.web.routes.browser import back_to_page, invalid, live_session, reply

router = APIRouter()


@router.post("/step_sample", response_class=HTMLResponse)
def step_sample(request: Request) -> Response:
    """Pause and apply the delta rule to the next sample of the epoch (the last one closes it)."""
    session = live_session(request)
    with session.lock:
        trainer = session.run.trainer
        if not isinstance(trainer, PerceptronTrainer):
            response = invalid(request, session, [
                "step one sample: only the perceptron learns one sample at a time"])
            response.headers[HX_RETARGET], response.headers[HX_RESWAP] = "#banner", "outerHTML"
            return response
        session.playing = False
        trainer.step_sample()
        if not is_htmx(request):
            return back_to_page(request, session)
        return reply(request, views.training_update(session, force_controls=True), session)
