"""The browser's side of every route: which session it names (header or cookie) and the reply.

One run per tab. The server mints a session id for every whole page it renders and writes it
into the page (hx-headers on <body>), so every htmx request of that page names its own session
in SESSION_HEADER; the page's script keeps it in the tab's sessionStorage (see static/app.js and
routes/resume.py for reload, Back/Forward and restored tabs). The cookie names the latest page's
session and only serves browsers without JavaScript: a request that carries a page id never
falls back to it. Ids are only ever minted by the store; an id a client sends is looked up
(memory, then the run store) and never adopted. When the reply's session is not the one the
page named (a lost run re-created), the reply says so in an HX-Trigger event (SESSION_EVENT).

htmx requests (HX-Request) get fragments; plain browser requests get whole pages or redirects.
Finding the live session (or re-creating a lost one) is dependencies.py's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import Config, field_value, to_query
from app.session.session import Render, Session
from app.session.snapshot import SnapshotError
from app.session.store import SessionStore
from app.validation import FieldMessage
from app.web import views
from app.web.htmx import HX_REPLACE_URL, HX_TRIGGER, SESSION_EVENT, SESSION_HEADER, is_htmx
from app.web.views import Message

COOKIE = "mlp_session"
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe makes


def store(request: Request) -> SessionStore:
    """Return the app's session store."""
    return cast(SessionStore, request.app.state.store)


def well_formed(sid: str | None) -> str | None:
    """Return sid if it looks like an id the store mints, else None."""
    return sid if sid is not None and SESSION_ID.fullmatch(sid) else None


def page_session_id(request: Request) -> str | None:
    """Return the session id the page sent (SESSION_HEADER), if it is well formed."""
    return well_formed(request.headers.get(SESSION_HEADER))


def lookup(request: Request, sid: str | None) -> Session | None:
    """Return the session sid names (from memory or the run store), or None; when the client
    named a run that is gone, request.state.lost says why (a banner line with "{source}" for
    where the new run comes from)."""
    try:
        session = store(request).get(well_formed(sid))
    except SnapshotError as exc:
        request.state.lost = (f"this run could not be restored ({exc}) — started again from "
                              "{source}")
        return None
    if session is None and well_formed(sid):
        runs = store(request).runs
        idle = f" after {duration(runs.idle_seconds)} idle" if runs is not None else ""
        request.state.lost = f"this run expired{idle} — restarted from {{source}}"
    return session


def find(request: Request) -> Session | None:
    """Return the page's session (its header), else the cookie's, if it is still there."""
    sid = page_session_id(request)
    return lookup(request, sid if sid is not None else request.cookies.get(COOKIE))


def lost(request: Request) -> str | None:
    """Return why the run the request named is gone (set by lookup), if it is."""
    return getattr(request.state, "lost", None)


def duration(seconds: float) -> str:
    """Return a duration as people say it: "24 h", "30 min", "45 s"."""
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


def page_url(config: Config) -> str:
    """Return the shareable URL of a config."""
    return "/?" + to_query(config)


def remember(request: Request, response: Response, session: Session) -> None:
    """Set the cookie to session's id when the browser does not have it yet: HttpOnly,
    SameSite=Lax, and Secure when the browser came over HTTPS (request.url.scheme, with
    X-Forwarded-Proto believed from trusted proxies only: see main.py)."""
    if request.cookies.get(COOKIE) != session.id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax", path="/",
                            secure=request.url.scheme == "https")


def reply(request: Request, body: str, session: Session | None = None, status: int = 200,
          replace_url: str | None = None) -> HTMLResponse:
    """Return HTML, setting the session cookie when the browser does not have it yet, and
    telling a page whose request named another session its session's id (SESSION_EVENT)."""
    response = HTMLResponse(body, status_code=status)
    if session is not None:
        remember(request, response, session)
    named = page_session_id(request)
    if session is not None and named is not None and named != session.id:
        response.headers[HX_TRIGGER] = json.dumps({SESSION_EVENT: {"id": session.id}})
    if replace_url is not None:
        response.headers[HX_REPLACE_URL] = replace_url
    return response


def back_to_page(request: Request, session: Session) -> Response:
    """Send a plain (no-JavaScript) browser back to the page, which shows the session as it is."""
    response = RedirectResponse("/", status_code=303)
    remember(request, response, session)
    return response


def respond(request: Request, session: Session, change: Callable[[Render[str]], str],
            render: Render[str], replace_url: str | None = None) -> Response:
    """Make a change (a Session method) and reply with what `render` draws of it; a plain
    browser's change draws nothing and goes back to the page."""
    if not is_htmx(request):
        change(lambda view: "")
        return back_to_page(request, session)
    return reply(request, change(render), session, replace_url=replace_url)


def invalid(request: Request, session: Session, messages: list[str],
            fields: list[FieldMessage] | None = None) -> Response:
    """Reply 422 with the messages: in place for htmx, on the page (last good state) otherwise.
    An htmx form's message with its field (`fields`, aligned with `messages`) says so, with the
    value still in use, for the page to show next to that field."""
    if not is_htmx(request):
        lines = [Message(m) for m in messages]
        return reply(request, session.read(lambda view: views.page(view, lines)), session,
                     status=422)
    config = session.read(lambda view: view.run.config)
    named = fields if fields and len(fields) == len(messages) else [("", "")] * len(messages)
    lines = [Message(words, field=name, in_use=field_value(config, name)) if name else Message(m)
             for m, (name, words) in zip(messages, named, strict=True)]
    return reply(request, views.banner(lines), session, status=422)
