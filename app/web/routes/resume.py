"""POST /resume: a tab that comes back (reload, Back/Forward, a restored or duplicated tab) asks
for its own run again.

Why a copy: the page that asks was just rendered with a fresh session of its own; the tab's
sessionStorage still names the run it drove before. The server answers with a copy of that run
under a newly minted id (the copy replaces the page's fresh session, which nothing else knows),
so a duplicated tab, whose sessionStorage is a copy of the original's, trains a run of its own,
and no id a client sends is ever adopted. The reply redraws every region, shows the run's link
and tells the page its new id (browser.reply). A run that is gone leaves the page on its fresh
run from its link, with a banner saying why.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.session.session import SessionView
from app.web import views
from app.web.htmx import HX_REPLACE_URL
from app.web.routes.browser import lookup, lost, page_url, reply, store
from app.web.routes.dependencies import LiveSession
from app.web.views import Message

router = APIRouter()
TabId = Annotated[str, Form(alias="from", max_length=64)]  # the id the tab's storage holds


@router.post("/resume", response_class=HTMLResponse)
def resume(request: Request, session: LiveSession, tab_id: TabId = "") -> Response:
    """Swap the page's fresh run for a copy of the tab's own run (or say why it is gone)."""
    if tab_id == session.id:
        return Response(status_code=204)
    source = lookup(request, tab_id)
    if source is None:
        why = lost(request)
        notes = [Message(why.format(source="this page's link"), "info")] if why else []
        return reply(request, views.banner(notes), session)
    copy = store(request).clone(source)
    store(request).discard(session.id)

    def redraw(view: SessionView) -> Response:
        response = reply(request, views.settings_update(view), copy)
        response.headers[HX_REPLACE_URL] = page_url(view.run.config)
        return response
    return copy.read(redraw)
