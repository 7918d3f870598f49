"""Your own data through the routes: draw, upload, share, save and load, exports, size limits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from app.session.session import Session
from app.web.htmx import SESSION_HEADER
from app.web.routes.custom_data import CSV_BYTES
from tests.conftest import epoch_of, refused
from tests.web.routes.test_tabs import page_headers

CSV = b"x1,x2,label\n-3,-3,0\n-3,3,1\n3,-3,1\n3,3,0\n-2,-2,0\n2,2,0\n-2,2,1\n2,-2,1\n"


def messages(html: str) -> list[str]:
    return [m.replace("&#39;", "'") for m in re.findall(r'<p class="message [^"]*">([^<]*)', html)]


def session_of(client: TestClient, headers: dict[str, str]) -> Session:
    found = client.app.state.store.get(headers[SESSION_HEADER])  # type: ignore[attr-defined]
    assert found is not None
    return found  # type: ignore[no-any-return]


def pushed_query(response: object) -> str:
    url = response.headers["HX-Replace-Url"]  # type: ignore[attr-defined]
    return str(url).removeprefix("/?")


def test_drawing_adds_erases_clears_and_undoes(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    assert client.post("/data/draw", headers=tab, data={"tool": "clear"}).status_code == 200
    for x1, label in ((-2, 0), (2, 1), (0, 1)):
        r = client.post("/data/draw", headers=tab, data={"tool": "add", "x1": x1, "x2": 1,
                                                         "label": label})
        assert r.status_code == 200 and "custom_data=" in r.headers["HX-Replace-Url"]
    assert "3 points of your own" in r.text
    r = client.post("/data/draw", headers=tab, data={"tool": "erase", "x1": 0.1, "x2": 1.1})
    assert "2 points of your own" in r.text
    r = client.post("/data/draw", headers=tab, data={"tool": "undo"})
    assert "3 points of your own" in r.text
    run = session_of(client, tab).read(lambda v: v.run)
    assert sorted(run.custom.points.tolist()) == [[-2, 1], [0, 1], [2, 1]]  # type: ignore[union-attr]


def test_a_refused_click_says_why_and_changes_nothing(client: TestClient) -> None:
    tab = page_headers(client.get("/?dataset=blobs3&problem=classification").text)
    before = session_of(client, tab).read(lambda v: v.run)
    for data, message in (({"tool": "add", "x1": 0, "x2": 7, "label": 0}, "x2 must be a number"),
                          ({"tool": "add", "x1": 0, "x2": 0, "label": 3}, "label must be a class"),
                          ({"tool": "add", "x1": "nan", "x2": 0}, "x1 must be a finite number"),
                          ({"tool": "paint"}, "tool must be one of add, erase, clear, undo"),
                          ({"tool": "undo"}, "nothing to undo")):
        r = client.post("/data/draw", headers=tab, data=data)
        assert refused(r) and messages(r.text)[0].startswith(message)
    assert session_of(client, tab).read(lambda v: v.run) is before


def test_an_upload_imports_every_point_or_none(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    bad = CSV + b"1,x,0\n1,1\n9,0,1\n"
    r = client.post("/data/upload", headers=tab, files={"file": ("bad.csv", bad, "text/csv")})
    assert refused(r) and messages(r.text) == [
        "CSV not imported: row 10, column x2: 'x' is not a number",
        "CSV not imported: row 11: expected 3 columns (x1,x2,label), got 2",
        "CSV not imported: row 12, column x1: 9 is outside [-6, 6]"]
    assert session_of(client, tab).read(lambda v: v.run.custom) is None
    r = client.post("/data/upload", headers=tab, files={"file": ("xor.csv", CSV, "text/csv")})
    assert r.status_code == 200 and messages(r.text)[0] == "imported 8 points from the CSV"
    run = session_of(client, tab).read(lambda v: v.run)
    assert len(run.dataset.x_train) + len(run.dataset.x_test) == 8
    r = client.post("/data/upload", headers=tab, data={"x": "1"})
    assert refused(r) and messages(r.text) == ["CSV not imported: choose a file first"]


def test_a_link_names_the_stored_data_set_on_a_fresh_server_process(
        make_client: Callable[..., TestClient], tmp_path: object) -> None:
    first = make_client()
    tab = page_headers(first.get("/").text)
    query = pushed_query(first.post("/data/upload", headers=tab, files={"file": ("a.csv", CSV)}))
    first.close()
    second = make_client()  # another app on the same store, as after a restart
    page = second.get(f"/?{query}")
    assert page.status_code == 200 and "8 points of your own" in page.text
    gone = second.get("/?" + re.sub(r"custom_data=\w+", "custom_data=0123456789abcdef", query))
    assert gone.status_code == 422 and "is not stored on this server" in gone.text


def test_the_exports_train_on_the_drawn_points(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    query = pushed_query(client.post("/data/upload", headers=tab, files={"file": ("a.csv", CSV)}))
    script = client.get(f"/export/numpy?{query}")
    assert script.status_code == 200 and "your own data set" in script.text
    run = session_of(client, tab).read(lambda v: v.run)
    first = run.dataset.x_train[0]
    assert f"[{first[0]:.1f}, {first[1]:.1f}]" in script.text.replace("-3.0", "-3.0")
    keras = client.get(f"/export/keras?{query}")
    assert keras.status_code == 200 and "your own data set" in keras.text


def saved(client: TestClient, tab: dict[str, str]) -> bytes:
    r = client.post("/save", data={"from": tab[SESSION_HEADER]})
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    assert "attachment" in r.headers["Content-Disposition"]
    return r.content


def losses_after(client: TestClient, tab: dict[str, str], steps: int) -> list[float]:
    for _ in range(steps):
        client.post("/step", headers=tab)
    return session_of(client, tab).read(
        lambda v: [r.train_loss for r in v.run.trainer.history.records])


def test_save_then_load_in_another_tab_goes_on_bit_for_bit(client: TestClient) -> None:
    tab = page_headers(client.get("/?optimizer=adam&dropout=0.2").text)
    client.post("/data/upload", headers=tab, files={"file": ("a.csv", CSV)})
    for _ in range(3):
        client.post("/step", headers=tab)
    raw = saved(client, tab)
    other = page_headers(client.get("/").text)
    r = client.post("/load", headers=other, files={"file": ("run.json", raw)})
    assert r.status_code == 200 and messages(r.text)[0] == "loaded a run saved at epoch 3"
    assert epoch_of(r.text) == 3 and "8 points of your own" in r.text
    assert losses_after(client, other, 4) == losses_after(client, tab, 4)


def test_a_bad_saved_run_is_refused_and_the_run_stays(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    doc = json.loads(saved(client, tab))
    doc["state"]["params"]["values"][2] = "0.5"
    before = session_of(client, tab).read(lambda v: v.run)
    r = client.post("/load", headers=tab, files={"file": ("x.json", json.dumps(doc).encode())})
    assert refused(r) and messages(r.text) == [
        "saved run not loaded: state.params: value 2 is '0.5', not a float64"]
    assert session_of(client, tab).read(lambda v: v.run) is before


def test_a_10_mb_upload_is_refused_before_it_is_read_whole(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    multipart = {**tab, "Content-Type": "multipart/form-data; boundary=b"}
    big = client.post("/data/upload", headers={**multipart, "Content-Length": str(10 * 2**20)},
                      content=b"x" * 1024)
    assert big.status_code == 413  # said at once: nothing read (tests/web/test_upload_limits.py
    # streams a chunked 10 MB to a real server)
    whole = client.post("/data/upload", headers=multipart, content=b"x" * (CSV_BYTES + 8192))
    assert whole.status_code == 413  # no Content-Length check could see: the route's own limit
    for path in ("/load", "/data/upload"):
        assert client.post(path, headers={**multipart, "Content-Length": str(5 * 2**20)},
                           content=b"x").status_code == 413
    assert session_of(client, tab).read(lambda v: v.run.custom) is None


def test_save_names_a_gone_run(client: TestClient) -> None:
    r = client.post("/save", data={"from": "Q" * 22})
    assert r.status_code == 404 and "gone" in r.text


def test_every_route_answers_a_run_with_no_points_or_one(make_client: Callable[..., TestClient]
                                                         ) -> None:
    client = make_client()
    spec = client.app.openapi()  # type: ignore[attr-defined]
    paths = sorted({(m.upper(), p) for p, ops in spec["paths"].items() for m in ops
                    if "{" not in p})
    tab = page_headers(client.get("/").text)
    for clicks in ([], [(1.0, 1.0, 1)]):
        client.post("/data/draw", headers=tab, data={"tool": "clear"})
        for x1, x2, label in clicks:
            client.post("/data/draw", headers=tab, data={"tool": "add", "x1": x1, "x2": x2,
                                                         "label": label})
        answers = {(m, p): client.request(m, p, headers=tab).status_code for m, p in paths}
        assert all(code < 500 for code in answers.values()), answers
    client.post("/data/draw", headers=tab, data={"tool": "clear"})
    explain = client.get("/explain", headers=tab)
    assert explain.status_code == 200 and "No training points yet" in explain.text


def test_a_comparison_runs_on_the_drawn_points(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    query = pushed_query(client.post("/data/upload", headers=tab, files={"file": ("a.csv", CSV)}))
    assert client.get(f"/compare?{query}&vary=optimizer&values=sgd,adam").status_code == 200
    gone = re.sub(r"custom_data=\w+", "custom_data=0123456789abcdef", query)
    r = client.get(f"/compare?{gone}&vary=optimizer&values=sgd,adam")
    assert r.status_code == 422 and "is not stored on this server" in r.text
