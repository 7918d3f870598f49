"""The FastAPI application: create_app() wires settings, middleware, error pages, routes, assets.

Run: python -m app.serve --host 127.0.0.1 --port 8000 (uvicorn as a class needs it: app/serve.py)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.rooms import Rooms
from app.rooms.cards import CardClock
from app.session.store import SessionStore
from app.session.training_gate import TrainingGate
from app.settings import Settings
from app.store import open_records, open_store
from app.validation import error_messages
from app.web import templating
from app.web.guard import Guard, error_page
from app.web.lanes import Lanes, lane
from app.web.refusal import HtmxRefusals
from app.web.routes import (
    compare,
    controls,
    custom_data,
    diagram,
    explain,
    export,
    first_neurons,
    hidden_space,
    lessons,
    page,
    perceptron,
    playground_links,
    resume,
    room_teacher,
    rooms,
    short_links,
    training,
)
from app.web.routes.admission import SessionBuckets
from app.web.routes.dependencies import Restarted

ROOT = Path(__file__).resolve().parent.parent
VENDOR_FILES = ("htmx.min.js", "plotly.min.js")
__all__ = ["Settings", "create_app"]


class Playground(FastAPI):
    """FastAPI with the Guard (app/web/guard.py) outside FastAPI's own layers, so the 500 and
    the 413 those make carry the security headers too, and proxy headers read from the
    trusted proxies only, outside the Guard (the scheme it and the cookies see is the
    browser's)."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(max_body_size=settings.max_body_size, **kwargs)
        self.guard_settings = settings

    def build_middleware_stack(self) -> ASGIApp:
        settings = self.guard_settings
        polls = lane(self, training.poll, settings.max_body_size)  # app/web/lanes.py
        lanes = Lanes(super().build_middleware_stack(), {("POST", "/poll"): polls})
        guard = Guard(lanes, settings.allowed_hosts, settings.max_body_size,
                      custom_data.UPLOAD_LIMITS)
        proxied = ProxyHeadersMiddleware(cast(Any, guard), list(settings.trusted_proxies))
        return cast(ASGIApp, proxied)


def check_assets(static_dir: Path) -> None:
    """Raise RuntimeError naming the missing front-end files and how to install them."""
    missing = [name for name in VENDOR_FILES if not (static_dir / "vendor" / name).is_file()]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} missing from {static_dir / 'vendor'}: run "
                           "./dev.sh start (it installs the pinned htmx and plotly.js from npm)")


async def _http_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, HTTPException)
    texts = {404: "no such page", 405: "that method is not allowed here",
             413: "request too large"}
    generic = exc.detail == HTTPStatus(exc.status_code).phrase  # Starlette's own, not ours
    text = texts.get(exc.status_code, str(exc.detail)) if generic else str(exc.detail)
    return error_page(request, exc.status_code, text)


async def _validation_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{**e, "loc": tuple(p for p in e["loc"] if p not in ("body", "query"))}
              for e in exc.errors()]
    return error_page(request, 422, "; ".join(error_messages(errors)))


async def _server_error(request: Request, exc: Exception) -> HTMLResponse:
    """Answer a bug as HTML (Starlette's ServerErrorMiddleware still logs it and re-raises)."""
    return error_page(request, 500, "something went wrong on the server; reload the page")


async def _restarted(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Restarted)
    return exc.response


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the app (settings default to the PLAYGROUND_* environment); raise RuntimeError if
    the front-end assets are not installed."""
    settings = settings or Settings()
    check_assets(settings.static_dir)
    runs = open_store(settings)
    records = open_records(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        templating.warm()
        yield
        app.state.store.close()  # save hot runs, end this worker's leases
        runs.close()
        records.close()

    app = Playground(settings, title="MLP Playground", docs_url=None, redoc_url=None,
                     openapi_url=None, lifespan=lifespan)
    app.state.training_budget = settings.training_budget
    app.state.links, app.state.public_url = runs, settings.public_url
    app.state.store = SessionStore(runs, settings.hot_bytes, settings.session_cap,
                                   settings.session_idle_seconds, settings.clock,
                                   gate=TrainingGate(poll_ms=settings.poll_ms,
                                                     poll_rate=settings.poll_rate))
    app.state.admission = SessionBuckets(settings.new_sessions_per_minute,
                                         settings.new_sessions_burst, settings.clock)
    app.state.rooms = Rooms(records, settings.room_expiry_seconds, settings.room_max_students)
    app.state.room_cards = CardClock(clock=settings.clock)
    app.state.room_joins = SessionBuckets(settings.new_sessions_per_minute,
                                          settings.new_sessions_burst, settings.clock)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Restarted, _restarted)
    app.add_exception_handler(Exception, _server_error)
    for module in (page, resume, controls, training, diagram, explain, export, first_neurons,
                   hidden_space, lessons, perceptron, short_links, playground_links,
                   compare, rooms, room_teacher, custom_data):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    app.add_middleware(HtmxRefusals)  # an htmx request's 422: 200 + X-Playground-Refused
    # level 1: a page compresses in 1 ms instead of 8 (level 9), 25 % bigger; polls 10× a second
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=1)
    return app
