"""How the page talks to the server, for the classroom benchmark: a tab's headers, the poll's URL
and fields, and the frame a poll answers with. Pure standard library (no Locust, no gevent), so
the benchmark, its student and its tests share it; when the page's protocol changes, change here.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

TICK_SECONDS = 0.040  # the poller's first hx-trigger="every 40ms" (Settings.poll_ms), until
                      # an answer brings a poller with the server's cadence (cadence_of)
PAGE = "/?speed=30"  # a student's page: the speed (epochs an update) the classroom figures use
HX = {"HX-Request": "true"}  # app.web.htmx.HX_REQUEST: htmx asks for fragments
BODY_HEADERS = re.compile(r"""<body[^>]*\bhx-headers='([^']*)'""")
POLLER = re.compile(r'<div id="poller"[^>]*\bhx-post="([^"]+)"')
CADENCE = re.compile(r'<div id="poller"[^>]*\bhx-trigger="every (\d+)ms"')
ROOM_TICK_SECONDS = 1.0  # the room bar's poller: hx-trigger="every 1s"
ROOM_POLLER = re.compile(r"events\?have=(\d+)")
FRAME = re.compile(r'<script type="application/json" id="frame_data">(.*?)</script>', re.S)


def tab_headers(page: str) -> dict[str, str]:
    """Return the headers one tab sends with every htmx request: its hx-headers and HX-Request.

    Today the page names its session in <body hx-headers='{"X-Playground-Session": "…"}'> (the
    cookie mlp_session is the fallback); when the server mints per-tab ids differently, this is
    the one function to change.
    """
    match = BODY_HEADERS.search(page)
    own: dict[str, str] = json.loads(html.unescape(match.group(1))) if match else {}
    return {**own, **HX}


def poll_url(play_answer: str) -> str:
    """Return the URL the poller posts to, as /play's answer renders it (with the page's query)."""
    match = POLLER.search(play_answer)
    return html.unescape(match.group(1)) if match else "/poll"


def cadence_of(answer: str) -> float | None:
    """Return the seconds between polls a playing poller in the answer asks for, if any (the
    page re-arms its timer when a new poller arrives)."""
    match = CADENCE.search(answer)
    return int(match.group(1)) / 1000 if match else None


def poll_fields(token: str, since: int, tick: float = TICK_SECONDS) -> dict[str, str]:
    """Return the form a poll sends: what the charts hold (token), the last epoch the curves
    hold (since, -1 for none), the diagram node under the pointer (show, none here) and the
    poller's cadence in ms (its hx-vals)."""
    return {"token": token, "since": str(since), "show": "", "cadence": str(round(tick * 1000))}


def frame_of(answer: str) -> dict[str, Any] | None:
    """Return the chart data an answer carries (a dict with "token" and "epoch"), if any."""
    match = FRAME.search(answer)
    if match is None:
        return None
    data = json.loads(match.group(1))
    return data if isinstance(data, dict) and "token" in data and "epoch" in data else None


def run_lost(since: int, epoch: int, first_token: str, token: str) -> bool:
    """Return True when a poll shows a lost run: the epoch went back, or the run was replaced
    (a new token: its first part is the run id, and a student never changes the figure)."""
    return epoch < since or (first_token != "" and token != first_token)


def room_events_url(code: str, version: int) -> str:
    """Return the room poll's URL for a page that holds the room at `version`."""
    return f"/room/{code}/events?have={version}"


def room_version(answer: str, held: int) -> int:
    """Return the room version an answer's room bar holds (204: none, keep `held`)."""
    match = ROOM_POLLER.search(answer)
    return int(match.group(1)) if match else held
