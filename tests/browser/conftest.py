"""Browser-test fixtures: Debian's Chromium, the app served live, a guard against leaks and errors.

Every browser context a test gets (``page``, ``context`` or ``new_context(...)``) is watched: the
test fails at teardown if a request went anywhere but a live server started by the test, if the page
logged a console error or an uncaught exception, or if the CSP blocked something.
"""

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, WebError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SERVER_START_TIMEOUT_S = 10.0
SERVER_STOP_TIMEOUT_S = 5.0
README_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
# URLs with these schemes are produced inside the page (Plotly's canvas images, an empty favicon)
IN_PAGE_SCHEMES = frozenset({"data", "blob", "about"})
CSP_BINDING = "__playgroundReportCspViolation"
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', e => window."
    + CSP_BINDING
    + "(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the system Chromium (``playwright install`` cannot download browsers here)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (./dev.sh test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; browser tests must never be skipped in CI", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": browser_type_launch_args.get("headless", True),  # `--headed` still works
        "args": CHROMIUM_ARGS,
    }


class _SignallingServer(uvicorn.Server):
    """A uvicorn server that sets ``ready`` once it listens (uvicorn itself only flips a bool)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self.ready.set()


@dataclass
class LiveServer:
    """The app served by uvicorn in a background thread on an OS-chosen loopback port."""

    app: FastAPI
    url: str = ""
    _server: _SignallingServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> None:
        """Start serving and return once the socket listens; raise if that takes too long."""
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=0, log_level="warning", log_config=None
        )
        self._server = server = _SignallingServer(config)
        self._thread = thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not server.ready.wait(timeout=0.05):
            if not thread.is_alive():
                raise RuntimeError("uvicorn exited during start-up (see the captured log)")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"uvicorn did not start within {SERVER_START_TIMEOUT_S} s")
        port = server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        """Ask uvicorn to exit, then force it; raise if the thread still runs."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=SERVER_STOP_TIMEOUT_S)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout=SERVER_STOP_TIMEOUT_S)
        if self._thread.is_alive():
            raise RuntimeError(f"uvicorn at {self.url} did not stop")


class StartLiveServer(Protocol):
    def __call__(self, **create_app_kwargs: Any) -> LiveServer: ...


@dataclass
class _Servers:
    """The live servers of one test: their origins are the only ones a browser may reach."""

    started: list[LiveServer] = field(default_factory=list)

    @property
    def origins(self) -> set[str]:
        return {server.url for server in self.started}


@pytest.fixture
def _servers() -> Iterator[_Servers]:
    # set up before the browser guard and contexts, so it is torn down after them: the page must
    # not be left polling a server that is already gone (that logs console errors)
    servers = _Servers()
    yield servers
    for server in reversed(servers.started):
        server.stop()


@pytest.fixture
def live_server_factory(_servers: _Servers) -> StartLiveServer:
    """Return ``start(**kwargs)``: serve ``create_app(**kwargs)`` live; stopped after the test."""

    def start(**create_app_kwargs: Any) -> LiveServer:
        from app.main import create_app  # imported late: collection must not need the app

        server = LiveServer(create_app(**create_app_kwargs))
        server.start()
        _servers.started.append(server)
        return server

    return start


@pytest.fixture
def live_server(live_server_factory: StartLiveServer) -> str:
    """Serve ``create_app()`` with its defaults; return the base URL (no trailing slash)."""
    return live_server_factory().url


@dataclass
class BrowserGuard:
    """What the watched browser contexts did that the test must answer for."""

    servers: _Servers
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    allowed_console_errors: list[re.Pattern[str]] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Record every request, console error, uncaught exception and CSP violation."""
        context.on("request", self._on_request)
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)
        context.expose_function(CSP_BINDING, self._on_csp_violation)
        context.add_init_script(script=CSP_LISTENER)

    def allow_console_error(self, pattern: str) -> None:
        """Accept console errors matching ``pattern`` (e.g. the 422 a test provokes on purpose)."""
        self.allowed_console_errors.append(re.compile(pattern))

    def foreign_requests(self) -> list[str]:
        """Return the requested URLs that were neither in-page nor to this test's live servers."""
        origins = self.servers.origins
        return [url for url in self.requests if not _is_local(url, origins)]

    def problems(self) -> list[str]:
        """Return one line per reason to fail the test, empty when all went well."""
        unexpected = [
            text
            for text in self.console_errors
            if not any(p.search(text) for p in self.allowed_console_errors)
        ]
        return (
            [f"request left the machine: {url}" for url in self.foreign_requests()]
            + [f"console error: {text}" for text in unexpected]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"CSP violation: {text}" for text in self.csp_violations]
        )

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '?')})")

    def _on_web_error(self, error: WebError) -> None:
        self.page_errors.append(str(error.error))

    def _on_csp_violation(self, report: str) -> None:
        self.csp_violations.append(report)


def _is_local(url: str, origins: set[str]) -> bool:
    parts = urlsplit(url)
    return parts.scheme in IN_PAGE_SCHEMES or f"{parts.scheme}://{parts.netloc}" in origins


@pytest.fixture
def browser_guard(_servers: _Servers) -> Iterator[BrowserGuard]:
    """Watch the test's browser contexts; fail the test at teardown on anything recorded."""
    guard = BrowserGuard(_servers)
    yield guard
    problems = guard.problems()
    if problems:
        pytest.fail("browser guard:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def new_context(
    browser_guard: BrowserGuard, new_context: Callable[..., BrowserContext]
) -> Callable[..., BrowserContext]:
    """pytest-playwright's ``new_context``, with every context watched by the browser guard."""

    def watched_context(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        browser_guard.watch(context)
        return context

    return watched_context


@pytest.fixture
def save_readme_screenshot() -> Callable[[Page], Path]:
    """Return ``save(page)``: write the page's viewport to docs/screenshot.png (README image)."""

    def save(page: Page) -> Path:
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=README_SCREENSHOT, animations="disabled", caret="hide")
        return README_SCREENSHOT

    return save
