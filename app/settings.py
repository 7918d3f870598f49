"""Deployment settings: every knob a deployment (or a test) may vary, read from the environment.

Each field can be set by an environment variable named PLAYGROUND_ + the field in capitals, e.g.
PLAYGROUND_DATA_DIR=/var/lib/playground or PLAYGROUND_REDIS_URL=redis://cache:6379/0. Values
given to Settings(...) win over the environment; invalid values raise pydantic's ValidationError
naming the variable's field. `clock` is for tests only and is not read from the environment.
"""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.session.training_gate import POLL_MS, POLL_RATE

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "PLAYGROUND_"
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}
_SIZE = re.compile(r"\s*(\d+)\s*([kmg]?)i?b?\s*", re.IGNORECASE)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
_HOST_PATTERN = re.compile(r"\*|(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*")

_PUBLIC_URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?")

Clock = Callable[[], float]


class Settings(BaseSettings):
    """What a deployment may vary; defaults suit one process on a laptop.

    Attributes:
        static_dir: the CSS, JavaScript and vendored front-end files the app serves.
        session_cap: most sessions kept in memory at once.
        session_idle_seconds: a session untouched this long leaves memory (its snapshot stays).
        clock: seconds, monotonic, for the in-memory sessions (tests inject a fake one).
        max_body_size: largest request body accepted, in bytes.
        training_budget: most training time one poll may take, in seconds.
        data_dir: where the embedded store keeps its SQLite file (runs.sqlite3).
        redis_url: when set, runs are stored in this Redis instead of SQLite.
        hot_bytes: memory budget for runs kept in memory, in bytes ("256M", "1G" accepted).
        idle_expiry_seconds: a stored run untouched this long expires (default 24 h).
        poll_ms: the quickest a playing page polls for new epochs, in milliseconds (a page on
            its own; a busy process asks pages to wait longer: app/session/training_gate.py).
        poll_rate: the most polls a second the process answers in all, however many runs play.
        request_timeout: a request's line, headers and body must all arrive within this many
            seconds of its first byte, or the connection is closed (app/web/connections.py).
        new_sessions_per_minute: sessions one client address may start per minute, sustained.
        new_sessions_burst: sessions one address may start at once (a class behind one NAT
            address opening the page together); see app/web/routes/admission.py.
        allowed_hosts: host names served besides IP addresses and localhost, comma-separated:
            "*" any (the default: a class reaches the server by its LAN address or any name),
            "*.example.org" its subdomains, "" none. Set it to the server's names to refuse DNS
            rebinding (app/web/guard.py).
        room_expiry_seconds: a classroom room (app/rooms) ends this long after it was opened.
        room_max_students: most students one room admits.
        trusted_proxies: addresses or networks ("10.0.0.0/8", "*" any) whose X-Forwarded-Proto
            and X-Forwarded-For are believed (uvicorn's ProxyHeadersMiddleware): the scheme
            decides Secure cookies.
        public_url: the base URL students open (share links and QR codes), e.g.
            "http://192.168.1.20:8000"; unset, the page's own address, a loopback one replaced
            by the machine's LAN address (app/web/qr.py).
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid",
                                      validate_default=True)

    static_dir: Path = ROOT / "static"
    session_cap: int = Field(default=100, ge=1, le=100_000)
    session_idle_seconds: float = Field(default=30 * 60, gt=0, allow_inf_nan=False)
    clock: Annotated[Clock, Field(exclude=True)] = time.monotonic
    max_body_size: int = Field(default=16 * 1024, ge=1024, le=16 * 2**20)
    training_budget: float = Field(default=0.03, gt=0, le=10, allow_inf_nan=False)
    data_dir: Path = ROOT / "data"
    redis_url: str | None = None
    hot_bytes: int = Field(default=256 * 2**20, ge=2**20)
    idle_expiry_seconds: float = Field(default=24 * 3600, gt=0, allow_inf_nan=False)
    poll_ms: int = Field(default=POLL_MS, ge=20, le=10_000)
    poll_rate: float = Field(default=POLL_RATE, ge=1, le=10_000, allow_inf_nan=False)
    request_timeout: float = Field(default=30, gt=0, le=3600, allow_inf_nan=False)
    new_sessions_per_minute: float = Field(default=60, gt=0, allow_inf_nan=False)
    new_sessions_burst: int = Field(default=120, ge=1)
    room_expiry_seconds: float = Field(default=12 * 3600, gt=0, le=30 * 86400,
                                       allow_inf_nan=False)
    room_max_students: int = Field(default=60, ge=1, le=1000)
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ("*",)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ("127.0.0.1",)
    public_url: str | None = None

    @field_validator("hot_bytes", mode="before")
    @classmethod
    def _size(cls, value: Any) -> Any:
        """Accept "268435456", "256M", "256MiB", "1g" as well as an int."""
        if not isinstance(value, str):
            return value
        match = _SIZE.fullmatch(value)
        if match is None:
            raise ValueError(f"give a number of bytes, optionally with K, M or G, got {value!r}")
        return int(match[1]) * _UNITS[match[2].lower()]

    @field_validator("clock", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if not callable(value):
            raise ValueError("the clock is a function given in code, not an environment variable")
        return value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _redis_url(cls, value: Any) -> Any:
        """Treat an empty value as unset; refuse a URL that is not redis://, rediss:// or unix://."""
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not value.startswith(REDIS_SCHEMES):
                raise ValueError(f"must start with {', '.join(REDIS_SCHEMES)}, got {value!r}")
        return value

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url(cls, value: Any) -> Any:
        """Treat an empty value as unset; refuse anything but http(s)://host[:port][/path]."""
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            if not value:
                return None
            if not _PUBLIC_URL.fullmatch(value):
                raise ValueError(f"give http:// or https:// + a host, got {value!r}")
        return value

    @field_validator("allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        """Accept "a.example.org, *.example.org" (an environment variable) as well as a list."""
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Refuse anything but "*", a host name or "*." + a host name (no ports, no schemes)."""
        hosts = tuple(v.lower().rstrip(".") for v in value)
        bad = [v for v in hosts if not _HOST_PATTERN.fullmatch(v)]
        if bad:
            raise ValueError(f"give host names, \"*.\" + a name or \"*\", got {bad[0]!r}")
        return hosts

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Refuse anything but "*", an IP address or a network."""
        for v in (v for v in value if v != "*"):
            try:
                ipaddress.ip_network(v, strict=False)
            except ValueError:
                raise ValueError(f"give IP addresses, networks or \"*\", got {v!r}") from None
        return value

    @property
    def sqlite_path(self) -> Path:
        """The embedded store's file: <data_dir>/runs.sqlite3."""
        return self.data_dir / "runs.sqlite3"
