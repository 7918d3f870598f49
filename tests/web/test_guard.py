"""The guard: host names (DNS rebinding), unsafe requests only from our own pages, headers on
every answer (errors included), Secure cookies over HTTPS, ids never adopted from a client."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.main import Settings, create_app
from app.session.store import SessionStore
from app.web.guard import SECURITY_HEADERS, parse_host, same_origin
from app.web.htmx import SESSION_HEADER
from tests.conftest import HX, epoch_of

HOME = "http://testserver"  # the TestClient's Host is "testserver"
FOREIGN = "F" * 22  # well formed, never minted


def store_of(client: TestClient) -> SessionStore:
    store: SessionStore = client.app.state.store  # type: ignore[attr-defined]
    return store


def page_id(client: TestClient) -> str:
    """Open a page; return its session's id (the cookie the page sets)."""
    return client.get("/").cookies["mlp_session"]


def assert_guarded(r: object, cached: bool = False) -> None:
    headers = r.headers  # type: ignore[attr-defined]
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, (r, name)
    assert ("cache-control" not in headers) if cached else headers["cache-control"] == "no-store"


# --- headers on every answer -------------------------------------------------------------------

def test_every_answer_has_the_security_headers_and_no_store_errors_included(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client()

    def boom() -> None:
        raise RuntimeError("a bug")
    client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    quiet = TestClient(client.app, raise_server_exceptions=False)
    answers = {
        200: client.get("/"), 201: client.post("/play", headers=HX),
        303: client.post("/pause", follow_redirects=False), 404: client.get("/nope"),
        405: client.put("/config"), 422: client.get("/?learning_rate=nan"),
        413: client.post("/config", headers=HX, content=b"x" * 20_000),
        500: quiet.get("/boom"),
    }
    for status, r in answers.items():
        assert r.status_code == (200 if status == 201 else status), status
        assert_guarded(r)
    assert "text/html" in answers[500].headers["content-type"]
    assert "something went wrong" in answers[500].text and "a bug" not in answers[500].text


def test_a_chunked_body_over_the_limit_gets_413_with_the_headers(client: TestClient) -> None:
    r = client.post("/config", headers={**HX, "Content-Type": "application/x-www-form-urlencoded"},
                    content=iter([b"a=" + b"x" * 10_000, b"x" * 10_000]))
    assert r.status_code == 413
    assert_guarded(r)


def test_static_files_may_be_cached_and_still_get_the_security_headers(client: TestClient) -> None:
    assert_guarded(client.get("/static/app.js"), cached=True)


def test_a_413_for_a_declared_length_is_a_banner_for_htmx(client: TestClient) -> None:
    r = client.post("/config", headers=HX, content=b"x" * 20_000)
    assert r.status_code == 413 and 'id="banner"' in r.text and "request too large" in r.text


# --- unsafe requests come from our own pages ---------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # another port or subdomain of this host
    {"Sec-Fetch-Site": "same-site", "Origin": HOME},
    {"Origin": "http://testserver:8001"},  # same host, another port
    {"Origin": "https://testserver:8443"},
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": ""},
    {"Origin": "http://testserver.evil.example"},
    {"Origin": "http://user@testserver"},
    {"Referer": "http://evil.example/page"},
    {"Referer": "http://testserver:9000/"},
    {"Origin": "http://evil.example", "Referer": f"{HOME}/"},  # Origin decides when present
])
def test_posts_from_other_sites_are_refused_and_change_nothing(
        client: TestClient, headers: dict[str, str]) -> None:
    sid = page_id(client)
    before = store_of(client).get(sid).dump()  # type: ignore[union-attr]
    r = client.post("/step", headers={**HX, SESSION_HEADER: sid, **headers})
    assert r.status_code == 403 and "not accepted" in r.text
    assert_guarded(r)
    assert store_of(client).get(sid).dump() == before  # type: ignore[union-attr]


@pytest.mark.parametrize("headers", [
    {},  # curl, scripts, the test client: nothing a page could make a browser send
    {"Origin": HOME},
    {"Origin": "HTTP://TestServer"},
    {"Origin": "https://testserver"},  # a Host without a port: 80 or 443 (TLS at a proxy)
    {"Origin": HOME, "Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "null"},  # Chrome's form POST, no-referrer
    {"Sec-Fetch-Site": "none"},  # typed into the address bar
    {"Referer": f"{HOME}/?speed=3"},
])
def test_posts_from_our_own_pages_and_non_browsers_are_accepted(
        client: TestClient, headers: dict[str, str]) -> None:
    sid = page_id(client)
    r = client.post("/step", headers={**HX, SESSION_HEADER: sid, **headers})
    assert r.status_code == 200 and epoch_of(r.text) == 1


def test_gets_from_other_sites_are_answered(client: TestClient) -> None:
    r = client.get("/lessons", headers={"Origin": "http://evil.example",
                                        "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200


def test_the_no_javascript_form_post_from_our_page_is_accepted(client: TestClient) -> None:
    page_id(client)
    r = client.post("/config", data={"speed": "7"}, follow_redirects=False,
                    headers={"Origin": HOME, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 303


@pytest.mark.parametrize(("source", "host", "same"), [
    ("http://[::1]:8000", "[::1]:8000", True),
    ("http://[::1]:8000", "[::1]:8001", False),
    ("http://127.0.0.1:8000/x?y#z", "127.0.0.1:8000", True),
    ("http://localhost", "localhost:80", True),
    ("https://localhost", "localhost:80", False),
    ("http://localhost.", "LOCALHOST", True),
    ("ftp://localhost", "localhost", False),
    ("http://[::1", "[::1]", False),
    ("http://a b", "a b", False),
    ("http://localhost:99999", "localhost:99999", True),  # nonsense, but the same nonsense
    ("http://localhost", "", False),
])
def test_same_origin_compares_host_and_port(source: str, host: str, same: bool) -> None:
    assert same_origin(source, host) is same


def test_host_headers_parse_or_are_refused() -> None:
    assert parse_host("Example.ORG:8000") == ("example.org", 8000)
    assert parse_host("[::1]") == ("[::1]", None)
    for junk in ("", "a b", "user@host", "host/path", "host:", "host:port", "[::1"):
        assert parse_host(junk) is None, junk


# --- host names (DNS rebinding) ----------------------------------------------------------------

def test_any_host_is_served_by_default(client: TestClient) -> None:
    for host in ("playground.school.example", "192.168.1.20:8000", "testserver"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_with_allowed_hosts_other_names_are_refused_but_addresses_are_served(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(allowed_hosts=("playground.example", "*.school.example"))
    served = ("playground.example", "PLAYGROUND.example:8000", "a.school.example",
              "localhost:8000", "127.0.0.1", "192.168.1.20:8000", "[::1]:8000")
    refused = ("evil.example", "school.example", "playground.example.evil.example",
               "testserver", "a b", "")
    for host in served:
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    for host in refused:
        r = client.post("/play", headers={**HX, "Host": host})
        assert r.status_code == 400 and "host name" in r.text, host
        assert_guarded(r)


def test_allowed_hosts_and_trusted_proxies_are_read_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_ALLOWED_HOSTS", " Playground.example, *.school.example ")
    monkeypatch.setenv("PLAYGROUND_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    settings = Settings()
    assert settings.allowed_hosts == ("playground.example", "*.school.example")
    assert settings.trusted_proxies == ("10.0.0.0/8", "127.0.0.1")
    assert Settings(allowed_hosts="").allowed_hosts == ()


@pytest.mark.parametrize(("field", "value"), [
    ("allowed_hosts", "http://playground.example"), ("allowed_hosts", "host:8000"),
    ("allowed_hosts", "a.*.example"), ("trusted_proxies", "proxy.example"),
    ("trusted_proxies", "10.0.0.0/33"),
])
def test_bad_hosts_and_proxies_are_refused_at_start(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(**{field: value})


# --- cookies ------------------------------------------------------------------------------------

def test_cookies_are_secure_over_https_only(make_client: Callable[..., TestClient]) -> None:
    app = make_client().app
    plain = TestClient(app).get("/").headers["set-cookie"].lower()
    assert "httponly" in plain and "samesite=lax" in plain and "secure" not in plain
    https = TestClient(app, base_url="https://testserver").get("/").headers["set-cookie"]
    assert "secure" in https.lower()


def test_forwarded_https_counts_only_from_a_trusted_proxy(
        make_client: Callable[..., TestClient]) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    stranger = TestClient(make_client().app, client=("203.0.113.7", 5000))
    assert "secure" not in stranger.get("/", headers=forwarded).headers["set-cookie"].lower()
    proxy = TestClient(make_client().app, client=("127.0.0.1", 5000))
    assert "secure" in proxy.get("/", headers=forwarded).headers["set-cookie"].lower()
    app = create_app(Settings(trusted_proxies=("10.1.0.0/16",)))
    for address, secure in (("10.1.2.3", True), ("127.0.0.1", False)):
        cookie = TestClient(app, client=(address, 5000)).get("/", headers=forwarded).headers[
            "set-cookie"]
        assert ("secure" in cookie.lower()) is secure, address


# --- ids are the server's -----------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/step"), ("POST", "/config"), ("POST", "/play"), ("GET", "/explain"),
    ("GET", "/"), ("POST", "/resume"),
])
@pytest.mark.parametrize("how", ["header", "cookie"])
def test_an_id_a_client_sends_is_never_adopted(client: TestClient, method: str, path: str,
                                               how: str) -> None:
    stranger = TestClient(client.app)
    headers = {**HX, SESSION_HEADER: FOREIGN} if how == "header" else {
        **HX, "Cookie": f"mlp_session={FOREIGN}"}
    r = stranger.request(method, path, headers=headers, data={"from": FOREIGN})
    assert r.status_code < 500
    assert FOREIGN not in store_of(client)
    assert FOREIGN not in r.headers.get("set-cookie", "") + r.headers.get("hx-trigger", "")
