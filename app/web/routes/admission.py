"""Admission of new sessions: each client address may start only so many, so one client cannot
fill memory and the run store with runs (a token bucket per address). Every route that starts a
session from nothing does it through new_session (or admit, then the store).

A class behind one NAT address shares one bucket, hence generous defaults (Settings):
new_sessions_burst = 120 at once, then new_sessions_per_minute = 60. A class of a hundred can
open the page together and reload freely; a script minting sessions in a loop is answered 429
after its burst. Only starting a session counts: a session that exists keeps working whatever
its address's bucket holds, and /resume (which swaps the page's fresh session for a copy) is free.

The address is request.client.host, which behind a trusted proxy is the address it forwarded
(proxy headers, read from trusted proxies only); IPv6 clients count per /64, the block one
host usually holds. At most MAX_ADDRESSES buckets are kept, least recently used dropped first.
"""

from __future__ import annotations

import ipaddress
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import cast

from fastapi import Request
from starlette.exceptions import HTTPException

from app.config import Config
from app.data.points import CustomData
from app.session.run import build_run
from app.session.session import Session
from app.web.routes.browser import store

Clock = Callable[[], float]
MAX_ADDRESSES = 10_000


class SessionBuckets:
    """One token bucket per client address: `burst` tokens, refilled at `per_minute`.

    Args:
        per_minute: tokens (new sessions) an address regains per minute.
        burst: most tokens an address holds (and starts with).
        clock: seconds, monotonic (injectable for tests).
    """

    def __init__(self, per_minute: float, burst: int, clock: Clock) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError(f"per_minute must be > 0 and burst ≥ 1, got {per_minute!r}, "
                             f"{burst!r}")
        self.per_second, self.burst, self.clock = per_minute / 60, burst, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def take(self, address: str) -> float:
        """Take one token from the address's bucket; return 0 if there was one, else the
        seconds until there will be (nothing is taken then)."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(address, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.per_second
            self._buckets[address] = (tokens - 1 if wait == 0 else tokens, now)
            if len(self._buckets) > MAX_ADDRESSES:
                self._buckets.popitem(last=False)
            return wait


def client_key(request: Request) -> str:
    """Return the bucket a request counts against: its client's address (IPv6: its /64)."""
    host = request.client.host if request.client is not None else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an address (a test client's name, a Unix socket): counted as given
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def admit(request: Request) -> None:
    """Let the request start a new session, or raise HTTPException 429 saying when it may.

    Raises:
        HTTPException: 429, this address started too many sessions lately.
    """
    buckets = cast(SessionBuckets, request.app.state.admission)
    wait = buckets.take(client_key(request))
    if wait > 0:
        seconds = math.ceil(wait)
        raise HTTPException(
            429, headers={"Retry-After": str(seconds)},
            detail=(f"too many new sessions from your network address; try again in {seconds} s "
                    "(pages already open keep working)"))


def custom_for(request: Request, config: Config) -> CustomData | None:
    """Return the drawn or uploaded points config names (custom_data), from the library.

    Raises:
        ValueError: they are not stored here (expired, or a wrong link).
    """
    return store(request).library.get(config.custom_data) if config.custom_data else None


def new_session(request: Request, config: Config) -> Session:
    """Return a new session running `config`, if the request's address may start one (on the
    generated data when the points it names are gone: page.py says so first).

    Raises:
        HTTPException: 429 (see admit).
    """
    admit(request)
    try:
        custom = custom_for(request, config)
    except ValueError:
        config, custom = config.model_copy(update={"custom_data": ""}), None
    return store(request).add(build_run(config, custom=custom))
