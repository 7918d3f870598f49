"""The FastAPI dependencies a handler declares: the request's live session and its training budget.

A session that left memory is loaded back from the run store (browser.lookup). One that is gone
(expired in the store, or its snapshot unreadable) is re-created under a newly minted id from the
page's own link, which every action URL carries as its query string; the handler never runs, and
the reply redraws the whole page, says why, and tells the page its new id (browser.reply;
main.create_app answers Restarted with it).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import Response

from app.config import Config, from_query
from app.session.session import Session, SessionView
from app.validation import ConfigError
from app.web import views
from app.web.htmx import HX_CURRENT_URL, HX_RESWAP, HX_RETARGET, is_htmx
from app.web.routes.admission import new_session
from app.web.routes.browser import back_to_page, find, lost, page_url, reply
from app.web.views import Message


class Restarted(Exception):  # noqa: N818 — it is not an error: the reply to send instead
    """Raised by live_session when the session had to be re-created; carries the reply that
    redraws the whole page (main.create_app answers with it)."""

    def __init__(self, response: Response) -> None:
        super().__init__("session re-created")
        self.response = response


def page_query(request: Request) -> str:
    """Return the page's link's query: the request URL's (the poller and the forms carry it),
    else the address htmx says the page shows (HX-Current-URL: the transport's buttons post
    without it, their answers would carry it four times)."""
    return request.url.query or urlsplit(request.headers.get(HX_CURRENT_URL, "")).query


def restart(request: Request) -> tuple[Session, list[Message]]:
    """Return a new session (a new id) for the page's link (page_query), with the notice to
    show: why the named run is gone (browser.lookup), or that there was none."""
    try:
        config, source = from_query(page_query(request)), "this page's link"
    except ConfigError:
        config, source = Config(), "the defaults (this page's link is not usable)"
    session = new_session(request, config)
    why = lost(request)
    if why is None:
        return session, [Message(f"new session started from {source}", "info")]
    return session, [Message(why.format(source=source), "info")]


def restarted(request: Request, session: Session, notes: list[Message]) -> Response:
    """Reply to an action whose session had to be re-created: redraw everything."""
    if not is_htmx(request):
        return back_to_page(request, session)

    def redraw(view: SessionView) -> Response:
        response = reply(request, views.settings_update(view, notes), session,
                         replace_url=page_url(view.run.config))
        response.headers[HX_RETARGET], response.headers[HX_RESWAP] = "#banner", "outerHTML"
        return response
    return session.read(redraw)


async def live_session(request: Request) -> Session:
    """Return the request's session (the page's SESSION_HEADER, else the cookie), from memory
    or the run store. When it is gone, make a new one from the page's URL and raise Restarted
    with the reply that redraws everything (and says why)."""
    session = find(request)
    if session is None:
        session, notes = restart(request)
        raise Restarted(restarted(request, session, notes))
    return session


async def training_budget(request: Request) -> float:
    """Return the most training time one request may take (the app's Settings)."""
    return float(request.app.state.training_budget)


LiveSession = Annotated[Session, Depends(live_session)]
Budget = Annotated[float, Depends(training_budget)]
