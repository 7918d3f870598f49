"""Short links for a room: POST /s gives the page's setup (its run's, or the URL query's) a code
and its QR code, GET /s/<code> opens that setup from epoch 0 (a redirect to /?<query>), an
unknown code a 404.

A link stands for a URL query, never a session: everyone who opens it gets a run of their own.
The absolute link uses the address students can reach (qr.public_base_url).
"""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import from_query, to_query
from app.store.base import LinkStore
from app.validation import ConfigError
from app.web import qr, views
from app.web.guard import error_page
from app.web.routes.browser import find

router = APIRouter()
TRIES = 8  # codes drawn before giving up: 31**7 codes make even one clash rare


class NoFreeCode(RuntimeError):
    """Every code drawn was taken (a store nearly full, or a broken random source)."""


def links(request: Request) -> LinkStore:
    """Return the app's short-link store."""
    return cast(LinkStore, request.app.state.links)


def short_code(store: LinkStore, query: str) -> str:
    """Return the code that stands for query, storing a fresh one when it has none.

    Raises:
        NoFreeCode: TRIES fresh codes were all taken.
    """
    for _ in range(TRIES):
        code = store.put_link(qr.new_short_code(), query)
        if code is not None:
            return code
    raise NoFreeCode(f"no free short code after {TRIES} tries")


def join_link(request: Request, code: str) -> str:
    """Return the absolute short link others in the room can open."""
    base = qr.public_base_url(str(request.base_url), request.app.state.public_url)
    return qr.absolute_url(base, f"/s/{code}")


def setup_query(request: Request) -> str | None:
    """Return the canonical query of the setup to link: the URL's, else the page's run's (None
    when its session is gone).

    Raises:
        ConfigError: the URL's query is not a valid setup.
    """
    if request.url.query:
        return to_query(from_query(request.url.query))
    session = find(request)
    return None if session is None else session.read(lambda view: to_query(view.run.config))


@router.post("/s", response_class=HTMLResponse)
def share(request: Request) -> Response:
    """Answer the share box for a setup (setup_query): its short link and QR code; nothing
    (204: the box keeps its long link) when the page's run is gone."""
    try:
        query = setup_query(request)
    except ConfigError as exc:
        return error_page(request, 422, "; ".join(exc.messages))
    if query is None:
        return Response(status_code=204)
    url = join_link(request, short_code(links(request), query))
    link = {"url": url, "qr": qr.qr_svg(url, title=f"QR code of {url}")}
    return HTMLResponse(views.region("share", {"query": query, "link": link}))


@router.get("/s/{code}", response_class=HTMLResponse)
def open_link(request: Request, code: str) -> Response:
    """Redirect to the playground at the setup code stands for; a clear 404 if none."""
    normal = qr.normal_short_code(code)
    query = links(request).get_link(normal) if normal is not None else None
    if query is None:
        shown = code[:16]
        return error_page(request, 404, f"no setup is shared under the code {shown!r}: check "
                          "the letters, or the link may have expired (a link lasts 90 days "
                          "after its last use); ask for a new one")
    return RedirectResponse("/?" + query, status_code=303)
