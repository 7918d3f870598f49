"""GET /: the whole page (or, for htmx, its #playground fragment) and a health check."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from app.config import Config, from_query
from app.session.run import build_run
from app.validation import ConfigError
from app.web import views
from app.web.htmx import HX_REQUEST, is_htmx
from app.web.routes.browser import find, reply, store
from app.web.views import Message

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """Show the run a URL describes, from epoch 0; without a query, the session as it is.

    A whole page opened from a URL gets a session of its own, so two tabs of one browser train
    side by side (the page names its session in every request; the cookie serves pages
    without JavaScript). A bad URL shows the last good state (or the defaults) with a banner
    naming each bad value.
    """
    session, messages, config = find(request), [], None
    if request.url.query:
        try:
            config = from_query(request.url.query)
        except ConfigError as exc:
            messages = [Message(m) for m in exc.messages]
    draw = partial(views.playground if is_htmx(request) else views.page, messages=messages)
    if session is not None and config is not None and is_htmx(request):
        body = session.load(config, draw)  # htmx asks for this URL's run in the same session
    else:
        if session is None or config is not None:
            session = store(request).add(build_run(config or Config()))
        body = session.read(draw)
    response = reply(request, body, session, status=422 if messages else 200)
    response.headers["Vary"] = HX_REQUEST
    return response


@router.get("/healthz", response_class=PlainTextResponse, include_in_schema=False)
def healthz() -> str:
    """Answer "ok" (for container health checks)."""
    return "ok"
