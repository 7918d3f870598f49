"""GET /: the whole page (or, for htmx, its #playground fragment) and a health check."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from app.config import Config, from_query
from app.session.session import Session
from app.validation import ConfigError
from app.web import views
from app.web.htmx import HX_REQUEST, is_htmx
from app.web.routes.admission import admit, custom_for, new_session
from app.web.routes.browser import find, lost, reply, store
from app.web.views import Message

router = APIRouter()


def page_session(request: Request, config: Config | None) -> Session:
    """Return the new session a whole page gets: the URL's run from epoch 0, else a paused copy
    of the cookie's run (a browser without JavaScript goes on from where it was), else the
    defaults. Never the cookie's session itself: two tabs never drive one run."""
    if config is not None:
        return new_session(request, config)
    found = find(request)
    if found is not None:
        admit(request)
        return store(request).clone(found, playing=False)
    return new_session(request, Config())


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """Show the run a URL describes, from epoch 0; without a query, this browser's run as it is.

    Every whole page gets a session of its own, minted here (see browser.py): two tabs train
    side by side, and a reloaded tab asks for its own run back (routes/resume.py). A bad URL
    shows the last good state (or the defaults) with a banner naming each bad value.
    """
    messages, config = [], None
    if request.url.query:
        try:
            config = from_query(request.url.query)
            custom_for(request, config)
        except ConfigError as exc:
            messages = [Message(m) for m in exc.messages]
        except ValueError as exc:  # the points the link names are gone: its generated data
            messages = [Message(str(exc))]
            config = config.model_copy(update={"custom_data": ""}) if config else None
    status = 422 if messages else 200
    if is_htmx(request):  # htmx asks for this URL's run (or the page as it is) in its session
        session = find(request) or new_session(request, config or Config())
        draw = partial(views.playground, messages=messages)
        body = (session.load(config, draw, custom_for(request, config)) if config is not None
                else session.read(draw))
    else:
        session = page_session(request, config)
        why = lost(request)
        if why is not None:
            messages.append(Message(why.format(source="this page's link"), "info"))
        body = session.read(partial(views.page, messages=messages))
    response = reply(request, body, session, status=status)
    response.headers["Vary"] = HX_REQUEST
    return response


@router.get("/healthz", response_class=PlainTextResponse, include_in_schema=False)
def healthz() -> str:
    """Answer "ok" (for container health checks)."""
    return "ok"
