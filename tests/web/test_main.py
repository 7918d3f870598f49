"""The app: security headers, body size limit, cross-site refusal, gzip, assets, no inline JS."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import Settings, create_app
from tests.conftest import HX


def test_security_headers_on_pages_fragments_and_assets(client: TestClient) -> None:
    for r in (client.get("/"), client.post("/play", headers=HX), client.get("/static/app.js")):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-eval" not in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_the_page_has_no_inline_script_and_no_style_attribute(client: TestClient) -> None:
    html = client.get("/").text
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html and " on" + "click=" not in html


def test_a_too_large_body_gets_413(client: TestClient) -> None:
    r = client.post("/config", headers=HX, content=b"x" * 20_000)
    assert r.status_code == 413


def test_a_chunked_too_large_body_gets_413(client: TestClient) -> None:
    r = client.post("/config", headers={**HX, "Content-Type": "application/x-www-form-urlencoded"},
                    content=iter([b"a=" + b"x" * 10_000, b"x" * 10_000]))
    assert r.status_code == 413


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    r = client.post("/play", headers={**HX, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_big_responses_are_gzipped(client: TestClient) -> None:
    r = client.get("/static/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"


def test_unknown_pages_are_html_not_json(client: TestClient) -> None:
    r = client.get("/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "no such page" in r.text


def test_startup_fails_clearly_without_the_vendor_files(tmp_path: Path) -> None:
    missing = r"htmx\.min\.js, plotly\.min\.js missing .*\./dev\.sh start"
    with pytest.raises(RuntimeError, match=missing):
        create_app(Settings(static_dir=tmp_path))


def test_vendor_files_are_the_pinned_versions(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    plotly = client.get("/static/vendor/plotly.min.js").text[:300]
    assert "plotly.js (cartesian - minified) v4.1.1" in plotly
    assert client.get("/static/vendor/htmx.min.js").text.startswith("var htmx=")
