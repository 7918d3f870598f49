"""The browser's side of every route: which session it names (header or cookie) and the reply.

htmx requests (HX-Request) get fragments; plain browser requests get whole pages or redirects.
Finding the live session (or re-creating a lost one) is dependencies.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import Config, to_query
from app.session.session import Render, Session
from app.session.store import SessionStore
from app.web import views
from app.web.htmx import HX_PUSH_URL, SESSION_HEADER, is_htmx
from app.web.views import Message

COOKIE = "mlp_session"
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe makes


def store(request: Request) -> SessionStore:
    """Return the app's session store."""
    return cast(SessionStore, request.app.state.store)


def page_session_id(request: Request) -> str | None:
    """Return the session id the page sent (SESSION_HEADER), if it is well formed."""
    sid = request.headers.get(SESSION_HEADER, "")
    return sid if SESSION_ID.fullmatch(sid) else None


def find(request: Request) -> Session | None:
    """Return the page's session (its header), else the cookie's, if it is still alive."""
    sid = page_session_id(request)
    return store(request).get(sid if sid is not None else request.cookies.get(COOKIE))


def page_url(config: Config) -> str:
    """Return the shareable URL of a config."""
    return "/?" + to_query(config)


def reply(request: Request, body: str, session: Session | None = None, status: int = 200,
          push_url: str | None = None) -> HTMLResponse:
    """Return HTML, setting the session cookie when the browser does not have it yet."""
    response = HTMLResponse(body, status_code=status)
    if session is not None and request.cookies.get(COOKIE) != session.id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax", path="/")
    if push_url is not None:
        response.headers[HX_PUSH_URL] = push_url
    return response


def back_to_page(request: Request, session: Session) -> Response:
    """Send a plain (no-JavaScript) browser back to the page, which shows the session as it is."""
    response = RedirectResponse("/", status_code=303)
    if request.cookies.get(COOKIE) != session.id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax", path="/")
    return response


def respond(request: Request, session: Session, change: Callable[[Render[str]], str],
            render: Render[str], push_url: str | None = None) -> Response:
    """Make a change (a Session method) and reply with what `render` draws of it; a plain
    browser's change draws nothing and goes back to the page."""
    if not is_htmx(request):
        change(lambda view: "")
        return back_to_page(request, session)
    return reply(request, change(render), session, push_url=push_url)


def invalid(request: Request, session: Session, messages: list[str]) -> Response:
    """Reply 422 with the messages: in place for htmx, on the page (last good state) otherwise."""
    lines = [Message(m) for m in messages]
    body = views.banner(lines) if is_htmx(request) else session.read(
        lambda view: views.page(view, lines))
    return reply(request, body, session, status=422)
