"""No input breaks the server: at least 5,000 generated requests (hypothesis, derandomized, so CI
sees the same ones every run) across every route, as queries, forms and headers — bad types,
NaN and infinities, huge and empty values, long and unicode text, repeated and unknown keys,
markup — and none gets a 5xx, none logs a traceback, none reflects markup unescaped, and none
that is refused changes the run it names."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Config, knob, to_query
from app.session.run import build_run
from app.session.store import SessionStore
from app.web.htmx import SESSION_HEADER
from tests.conftest import FakeClock, refused

REQUESTS = 5_000
FORM = "application/x-www-form-urlencoded"
MARK = "<i data-fuzz>"  # markup whose unescaped echo would be an injection
OTHER_ID = "Q" * 22  # well formed, never minted
ROUTE_KEYS = ("token", "since", "show", "from", "layer", "column", "unit", "source", "target",
              "value", "projector", "example_point", "example_weight", "hidden_layer",
              "hidden_axes", "vary", "values", "runs", "tokens", "steps", "patterns", "and_w1",
              "not_threshold")
KEYS = (*Config.model_fields, *ROUTE_KEYS)
SPECIAL = ("", " ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-400",
           "-0", "0", "-1", "1", "2", "0.5", "1.5", "9" * 40, str(2**63), str(-(2**63)), "0x10",
           "1_000", "１", "٣", "true", "false", "on", "None", "null", "[]", "{}", ",", ",,,",
           "1,2", "0,0,0", "99,99,99", "-1,0,0", "1,2,3,4", "\x00", "\t\n", "é☃𝔘", "\u202e",
           MARK, f'"><script>{MARK}</script>', f"'{MARK}", "%3Ci%3E", "a" * 3000)
OUTSIDE = (("GET", "/nope"), ("GET", "/static/app.js"), ("GET", "/static/../app/main.py"),
           ("GET", "/explain/"), ("POST", "/export"), ("GET", "//"), ("POST", "/%00"))
SETTINGS_ROUTES = (("POST", "/config"), ("POST", "/config"), ("GET", "/"), ("GET", "/export/numpy"),
                   ("GET", "/export/keras"), ("POST", "/explain"), ("POST", "/explain/step"),
                   ("POST", "/step"), ("POST", "/reset"))


def _good_values(name: str) -> list[str]:
    """Return values a field accepts (its choices and presets), so valid combinations happen."""
    k = knob(name)
    return [v for v, _ in k.choices] + [repr(p) for p in k.presets] + [
        str(getattr(Config(), name)).strip("()").replace(" ", "")]


GOOD = {name: _good_values(name) for name in Config.model_fields}
GOOD.update(features=["x1", "x2", "x1_squared,x2_squared", "sin_x1,x1x2", ""],
            hidden_layers=["", "1", "16,16,16,16,16,16,16,16", "8,8", "3"],
            learning_rate=["10", "3", "0.00001"], noise=["0.5"], batch_size=["1", "100"],
            speed=["1", "200"], patience=["1"], schedule=["step", "exponential"],
            example_point=["0", "499", "600"], example_weight=["0,0,0", "2,1,3", "16,16,16"],
            lesson=["", "xor"], column=["-1", "0", "1", "2", "9"], unit=["0", "3", "16"],
            layer=["0", "1", "2", "8"], target=["0", "1", "15"], source=["", "0", "1"],
            value=["0", "-100", "100", "1e-3"], since=["-1", "0", "5"], token=["", "0.0.0/x"],
            show=["", "1:0", "x"], projector=["true"], hidden_layer=["0", "1", "3"],
            hidden_axes=["pca", "0,1", "1,0", "9,9"], vary=["optimizer", "seed", "noise"],
            values=["sgd,adam", "1,2,3,4,5", "0.1,0.1"],
            runs=["", OTHER_ID, f"{OTHER_ID},{OTHER_ID}"],
            steps=["0", "8", "400", "401"], patterns=["and", "and01"], and_w1=["1", "-1", "0"],
            not_threshold=["-1", "3", "4"])
GOOD["from"] = ["", OTHER_ID]

text = st.text(max_size=30)
values = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    text,
    st.builds(lambda part, n: part * n, st.text(min_size=1, max_size=8), st.integers(30, 400)),
)


@st.composite
def pairs(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Return query or form pairs: a valid page's settings or none, then changes."""
    out = list(parse_qsl(to_query(Config()), keep_blank_values=True)) if draw(
        st.booleans()) else []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(st.one_of(st.sampled_from(KEYS), text))
        good = GOOD.get(key)
        value = draw(st.sampled_from(good)) if good and draw(st.booleans()) else draw(values)
        out.append((key, value))
    return out


HEADER_VALUES = st.sampled_from([
    "", "true", "false", "<x>", "é".encode().decode("latin-1"), "\xff\xfe", "a" * 300, "=;,"])


@st.composite
def requests(draw: st.DrawFn, routes: list[tuple[str, str]]) -> dict[str, Any]:
    """Return one request: method, path, query, form, headers (own session, another, junk)."""
    method, path = draw(st.sampled_from(routes))
    if draw(st.integers(0, 19)) == 0:
        method = draw(st.sampled_from(["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]))
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["HX-Request"] = draw(st.sampled_from(["true", "true", "false", "<x>"]))
    who = draw(st.sampled_from(["own", "own", "own", "cookie", "other", "junk", "none"]))
    headers.update({
        "own": {SESSION_HEADER: "{own}"}, "cookie": {"Cookie": "mlp_session={own}"},
        "other": {SESSION_HEADER: OTHER_ID, "Cookie": f"mlp_session={OTHER_ID}"},
        "junk": {SESSION_HEADER: draw(HEADER_VALUES), "Cookie": draw(HEADER_VALUES)},
        "none": {}}[who])
    if draw(st.integers(0, 9)) == 0:
        headers[draw(st.sampled_from(["Origin", "Referer", "Sec-Fetch-Site", "Host",
                                      "Content-Type", "Accept-Encoding"]))] = draw(HEADER_VALUES)
    query = draw(pairs()) if method == "GET" or draw(st.integers(0, 3)) == 0 else []
    form = draw(pairs()) if method == "POST" else []
    return {"method": method, "path": path, "query": query, "form": form, "headers": headers}


@st.composite
def knob_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Return a valid page's settings with one to three knobs set to another good value or junk,
    sent where settings are read: the form, a page link, an export, an action's page link."""
    method, path = draw(st.sampled_from(SETTINGS_ROUTES))
    raw = dict(parse_qsl(to_query(Config()), keep_blank_values=True))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(list(Config.model_fields)))
        raw[name] = draw(st.sampled_from(GOOD[name])) if draw(st.booleans()) else draw(values)
    in_form = path in ("/config", "/explain", "/explain/step")
    headers = {SESSION_HEADER: "{own}", **({"HX-Request": "true"} if draw(st.booleans()) else {})}
    return {"method": method, "path": path, "query": [] if in_form else list(raw.items()),
            "form": list(raw.items()) if in_form else [], "headers": headers}


def _routes(app: Any) -> list[tuple[str, str]]:
    """Return every (method, path) the app routes: its OpenAPI paths, the health check and the
    poll (a plain route outside the schema: app/web/poll_form.py)."""
    paths = app.openapi()["paths"]
    return sorted([(m.upper(), p) for p, ops in paths.items() for m in ops]
                  + [("GET", "/healthz"), ("POST", "/poll")])


def _echoes_markup(r: Any) -> bool:
    """Return whether an HTML answer carries our markup unescaped (JSON in <script> is \\u003c)."""
    return "text/html" in r.headers.get("content-type", "") and MARK in r.text


class Fuzzer:
    """Send generated requests to one app, each naming a fresh run ("{own}" in its headers) or
    not, and check every answer; count requests by route and by status."""

    def __init__(self, client: TestClient, clock: FakeClock) -> None:
        self.client, self.clock = client, clock
        self.store: SessionStore = client.app.state.store  # type: ignore[attr-defined]
        self.routes: Counter[tuple[str, str]] = Counter()
        self.statuses: Counter[int] = Counter()

    def run(self, batch: list[dict[str, Any]]) -> None:
        """Send a batch of requests against one fresh run."""
        own = self.store.add(build_run(Config())).id
        for req in batch:
            self.send(req, own)

    def send(self, req: dict[str, Any], own: str) -> None:
        self.clock.now += 1.0  # time passes: rate limits refill, idle runs leave memory
        self.client.cookies.clear()
        form = {"Content-Type": FORM} if req["form"] else {}
        headers = {k: v.replace("{own}", own).encode("latin-1")  # bytes, as on the wire
                   for k, v in {**form, **req["headers"]}.items()}
        before = self._state(own)
        url = req["path"] + ("?" + urlencode(req["query"]) if req["query"] else "")
        body = urlencode(req["form"]).encode() if req["form"] else None
        r = self.client.request(req["method"], url, headers=headers, content=body)
        self.routes[req["method"], req["path"]] += 1
        status = 422 if refused(r) else r.status_code  # htmx hears of a refusal in a header
        self.statuses[status] += 1
        assert r.status_code < 500, (req, r.text[-3000:])
        # a refusal never reaches htmx as a 4xx (Chromium logs those): app/web/refusal.py
        hx = req["headers"].get("HX-Request") == "true"
        assert not (hx and r.status_code == 422), req
        assert not (refused(r) and not hx), req
        assert not _echoes_markup(r), (req, r.text)
        assert all("\n" not in v and "\r" not in v for v in r.headers.values()), r.headers
        if 400 <= status < 500:  # refused: the run is bit for bit what it was
            assert self._state(own) == before, (req, r.status_code)

    def _state(self, sid: str) -> bytes:
        session = self.store.get(sid)
        assert session is not None
        return session.dump()


def test_no_generated_request_gets_a_5xx_or_changes_a_run_it_is_refused(
        make_client: Callable[..., TestClient], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    app = make_client(training_budget=0.01).app
    routes = _routes(app)
    assert len(routes) >= 20 and set(SETTINGS_ROUTES) <= set(routes), routes
    # one event loop for all (entered below); a 500 is an answer to count; a redirect is one
    fuzz = Fuzzer(TestClient(app, raise_server_exceptions=False, follow_redirects=False), clock)
    examples = settings(derandomize=True, database=None, deadline=None,
                        suppress_health_check=list(HealthCheck))

    @settings(examples, max_examples=560)
    @given(st.lists(requests([*routes, *OUTSIDE]), min_size=6, max_size=12))
    def anything(batch: list[dict[str, Any]]) -> None:
        fuzz.run(batch)

    @settings(examples, max_examples=600)
    @given(st.lists(knob_requests(), min_size=2, max_size=5))
    def knobs(batch: list[dict[str, Any]]) -> None:
        fuzz.run(batch)

    def top_up(route: tuple[str, str]) -> None:
        @settings(examples, max_examples=10)
        @given(st.lists(requests([route]), min_size=6, max_size=6))
        def more(batch: list[dict[str, Any]]) -> None:
            fuzz.run(batch)
        more()

    with caplog.at_level(logging.WARNING), fuzz.client:
        anything()
        knobs()
        for route in routes:  # the draws favour some routes: top up the others to 50
            while fuzz.routes[route] < 50:
                top_up(route)
    assert sum(fuzz.routes.values()) >= REQUESTS, (sum(fuzz.routes.values()), fuzz.statuses)
    assert all(fuzz.routes[route] >= 50 for route in routes), [
        (route, fuzz.routes[route]) for route in routes if fuzz.routes[route] < 50]
    assert fuzz.statuses[200] > REQUESTS / 4 and fuzz.statuses[422] > REQUESTS / 10, fuzz.statuses
    logged = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not logged, [r.getMessage() for r in logged[:5]]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309"])
def test_non_finite_numbers_are_refused_with_a_message(client: TestClient, value: str) -> None:
    for name in ("learning_rate", "noise", "regularization_rate", "eps"):
        r = client.post("/config", headers={"HX-Request": "true"}, data={name: value})
        # said in the field's words, next to it (data-field): "Learning rate must be a number …"
        words = f'data-field="{name}" data-in-use="'
        assert refused(r) and f"{knob(name).label} must be" in r.text, (name, r.text)
        assert words in r.text
