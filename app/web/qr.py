"""Join links for a room: QR codes as inline SVG, the machine's LAN address and short codes.

Nothing here touches the network: the LAN address comes from the routing table (a UDP socket
"connected" to a private address sends no packet), and the QR code is drawn by segno in-process.
What a short code stands for is the run store's business (app/store/).
"""

from __future__ import annotations

import io
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit, urlunsplit

import segno
from markupsafe import Markup

# no 0/O, 1/I/L: a code read off a projector is typed without guessing
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_CODE_LENGTH = 7  # 31**7 ≈ 2.8e10 codes
SHORT_CODE_LENGTHS = range(6, 9)
_PROBE_ADDRESS = ("10.255.255.255", 1)  # any non-loopback address: only the route is looked up
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def qr_svg(text: str, title: str | None = None) -> Markup:
    """Return a QR code of text as an inline SVG (safe to put in a page unescaped).

    The SVG scales to its container (a viewBox, no width or height), draws dark modules on a
    white square with the standard 4-module quiet zone, so phones read it on a dark page too.

    Args:
        text: what the code encodes, usually an absolute URL.
        title: the SVG's accessible name (escaped by segno); none when omitted.

    Raises:
        ValueError: text is empty or too long for a QR code.
    """
    if not text:
        raise ValueError("a QR code needs some text, got ''")
    try:
        code = segno.make(text, error="m", micro=False)
    except segno.DataOverflowError:
        raise ValueError(f"{len(text)} characters are too many for a QR code") from None
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, scale=1, border=4, nl=False,
              omitsize=True, svgclass="qr", lineclass=None, title=title, dark="#000",
              light="#fff")
    return Markup(out.getvalue().decode("utf-8"))  # segno escapes the title


def new_short_code(length: int = SHORT_CODE_LENGTH) -> str:
    """Return a fresh random code of length characters from SHORT_CODE_ALPHABET (CSPRNG).

    Raises:
        ValueError: length is outside 6–8.
    """
    if length not in SHORT_CODE_LENGTHS:
        raise ValueError(f"a short code has 6 to 8 characters, got {length}")
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(length))


def normal_short_code(code: str) -> str | None:
    """Return code in its stored form (upper case), or None when it cannot be a short code."""
    code = code.strip().upper()
    ok = len(code) in SHORT_CODE_LENGTHS and all(c in SHORT_CODE_ALPHABET for c in code)
    return code if ok else None


def lan_address() -> str | None:
    """Return this machine's address on the local network (IPv4), or None when it has none.

    The route to a private address picks the interface a classroom reaches; no packet is sent.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(_PROBE_ADDRESS)
            address = str(sock.getsockname()[0])
    except OSError:
        return None
    ip = ipaddress.ip_address(address)
    return None if ip.is_loopback or ip.is_unspecified else address


def _is_local(host: str) -> bool:
    """Return whether host names this machine only for itself (loopback or a localhost name)."""
    host = host.strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_base_url(request_base: str, configured: str | None = None,
                    lan: str | None = None) -> str:
    """Return the base URL others in the room should open, without a trailing slash.

    A configured URL (Settings.public_url) wins. Otherwise the request's own base URL, except
    that a loopback host (the lecturer browsing http://127.0.0.1:8000) becomes the LAN address
    with the same scheme and port, as students cannot reach the lecturer's loopback.

    Args:
        request_base: the base URL the request came to, e.g. "http://127.0.0.1:8000/".
        configured: PLAYGROUND_PUBLIC_URL, when set.
        lan: the LAN address to use (lan_address() when None).
    """
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(request_base)
    host = parts.hostname or ""
    if _is_local(host):
        address = lan or lan_address()
        if address is not None:
            netloc = address if parts.port is None else f"{address}:{parts.port}"
            parts = parts._replace(netloc=netloc)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def absolute_url(base: str, path: str) -> str:
    """Return base (no trailing slash) joined with an absolute path such as "/s/ABC2345"."""
    if not path.startswith("/"):
        raise ValueError(f"give a path starting with '/', got {path!r}")
    return base.rstrip("/") + path
