"""Join links: the QR code decodes to what was asked, short codes, the LAN address and base URL."""

from __future__ import annotations

import re
import socket
from collections import Counter

import pytest
import segno

from app.web import qr


def _modules_of(svg: str) -> set[tuple[int, int]]:
    """Return the dark modules (x, y) an SVG path of horizontal runs draws (segno's 'M/m h')."""
    (path,) = re.findall(r'stroke="#000" d="([^"]+)"', svg)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for op, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = float(a)
            dark.update((int(x) + i, int(y)) for i in range(int(length)))
            x += length
    return dark


def test_the_svg_draws_exactly_the_matrix_segno_makes_for_the_text() -> None:
    text = "http://192.168.1.20:8000/s/ABC2345"
    svg = qr.qr_svg(text, title="Join")
    matrix = segno.make(text, error="m", micro=False).matrix
    expected = {(x + 4, y + 4) for y, row in enumerate(matrix) for x, v in enumerate(row) if v}
    assert _modules_of(svg) == expected
    assert svg.startswith("<svg") and 'class="qr"' in svg and "<title>Join</title>" in svg
    assert "width=" not in svg.split(">")[0]  # scales to its box


def test_the_title_is_escaped_and_the_svg_carries_no_script() -> None:
    svg = qr.qr_svg("http://x/s/ABC2345", title='<script>alert("x")</script>')
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert svg.__html__() == svg  # Markup: Jinja puts it in unescaped


def test_an_empty_or_overlong_text_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="some text"):
        qr.qr_svg("")
    with pytest.raises(ValueError, match="too many"):
        qr.qr_svg("x" * 8000)


def test_short_codes_come_from_the_unambiguous_alphabet_and_vary() -> None:
    codes = [qr.new_short_code() for _ in range(2000)]
    assert all(len(c) == qr.SHORT_CODE_LENGTH for c in codes)
    assert len(set(codes)) == len(codes)
    letters = Counter("".join(codes))
    assert set(letters) == set(qr.SHORT_CODE_ALPHABET)  # every letter drawn, no other
    assert not set("01OIL") & set(qr.SHORT_CODE_ALPHABET)
    assert len(qr.new_short_code(6)) == 6 and len(qr.new_short_code(8)) == 8
    with pytest.raises(ValueError, match="6 to 8"):
        qr.new_short_code(5)


@pytest.mark.parametrize(("given", "stored"), [("abc2345", "ABC2345"), (" ABC2345 ", "ABC2345"),
                                               ("ABC234", "ABC234"), ("ABC23456", "ABC23456")])
def test_a_typed_code_is_read_in_either_case(given: str, stored: str) -> None:
    assert qr.normal_short_code(given) == stored


@pytest.mark.parametrize("bad", ["", "ABC23", "ABC234567", "ABC0345", "ABC-345", "../../x"])
def test_what_cannot_be_a_code_is_none(bad: str) -> None:
    assert qr.normal_short_code(bad) is None


def test_the_lan_address_is_not_loopback_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    address = qr.lan_address()
    assert address is None or not address.startswith("127.")

    class NoRoute:
        def __init__(self, *args: object) -> None:
            pass

        def __enter__(self) -> NoRoute:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def connect(self, address: object) -> None:
            raise OSError("Network is unreachable")

    monkeypatch.setattr(socket, "socket", NoRoute)
    assert qr.lan_address() is None


@pytest.mark.parametrize(("base", "configured", "expected"), [
    ("http://127.0.0.1:8000/", None, "http://192.168.1.20:8000"),
    ("http://localhost:8000/", None, "http://192.168.1.20:8000"),
    ("http://[::1]:8000/", None, "http://192.168.1.20:8000"),
    ("https://127.0.0.1/", None, "https://192.168.1.20"),
    ("http://10.0.0.5:8000/", None, "http://10.0.0.5:8000"),
    ("https://lab.school.org/playground/", None, "https://lab.school.org/playground"),
    ("http://127.0.0.1:8000/", "http://lab.local:9000/", "http://lab.local:9000"),
])
def test_others_get_a_base_url_they_can_reach(base: str, configured: str | None,
                                              expected: str) -> None:
    assert qr.public_base_url(base, configured, lan="192.168.1.20") == expected


def test_without_a_lan_the_request_host_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qr, "lan_address", lambda: None)
    assert qr.public_base_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"


def test_an_absolute_url_joins_base_and_path() -> None:
    assert qr.absolute_url("http://h:1/", "/s/ABC2345") == "http://h:1/s/ABC2345"
    with pytest.raises(ValueError, match="starting with"):
        qr.absolute_url("http://h:1", "s/x")
