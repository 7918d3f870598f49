"""Serve the app: the one command line behind ./dev.sh start, the Docker image and the classroom
benchmark. `python -m app.serve --host 127.0.0.1 --port 8000 [other uvicorn options]`.

One uvicorn process, as `uvicorn app.main:create_app --factory --no-access-log` would run it, plus
what a class needs of the server itself: the open-files soft limit raised to the hard limit (a
few hundred sockets must not exhaust a default 256 or 1,024), and the HTTP protocol whose
requests must arrive whole within PLAYGROUND_REQUEST_TIMEOUT seconds (app/web/connections.py).
No access log: a class polls 300 times a second.
"""

from __future__ import annotations

import resource
import sys

from uvicorn.main import main as uvicorn_cli

APP = "app.main:create_app"
PROTOCOL = "app.web.connections:TimedHttpToolsProtocol"
# proxy headers are read in the app, from PLAYGROUND_TRUSTED_PROXIES only (app/web/guard.py)
UVICORN_ARGS = (APP, "--factory", "--http", PROTOCOL, "--no-access-log", "--no-proxy-headers")
UNLIMITED_TARGET = 1 << 20  # what "unlimited" means for a soft limit (Linux's default nr_open)


def raise_open_files_limit() -> int:
    """Raise this process's open-files soft limit as far as its hard limit allows; return the
    soft limit now in force (unchanged if the system refuses)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = UNLIMITED_TARGET if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):  # e.g. macOS caps below the hard limit: keep the soft one
            return soft
        return target
    return soft


def main(argv: list[str] | None = None) -> None:
    """Raise the open-files limit, then run uvicorn's command line with our app, protocol and
    no access log, followed by `argv` (default: this process's arguments)."""
    raise_open_files_limit()
    args = sys.argv[1:] if argv is None else argv
    uvicorn_cli.main(args=[*UVICORN_ARGS, *args], prog_name="python -m app.serve")


if __name__ == "__main__":
    main()
