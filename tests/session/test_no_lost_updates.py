"""No lost updates: concurrent resets, regenerates and settings changes of one run, through the
routes, leave exactly the state some serial order of them would (each read-modify-write runs
under the session's lock, app/session/session.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from fastapi.testclient import TestClient

from app.config import Config, from_query, to_query
from app.session.session import bump
from app.session.store import SessionStore
from app.web.htmx import HX_REPLACE_URL, SESSION_HEADER
from tests.conftest import HX

Op = Callable[[Config], Config]
THREADS = 20


def _ops() -> list[tuple[str, dict[str, str], Op]]:
    """Return (path, form, what it does to a config): resets, regenerates and whole forms."""
    ops: list[tuple[str, dict[str, str], Op]] = []
    for i in range(THREADS):
        if i % 3 == 0:
            ops.append(("/reset", {}, lambda c: bump(c, "seed")))
        elif i % 3 == 1:
            ops.append(("/regenerate", {}, lambda c: bump(c, "data_seed")))
        else:  # the form says every setting: its own speed, seed and data seed
            form = Config(speed=100 + i, seed=1000 + i, data_seed=2000 + i)
            ops.append(("/config", dict(parse_qsl(to_query(form))),
                        lambda c, form=form: form.model_copy(update={
                            "example_point": c.example_point, "example_weight": c.example_weight})))
    return ops


def serial_order(start: Config, ops: list[Op], results: list[Config],
                 final: Config) -> list[int] | None:
    """Return an order of the ops that, applied one after another from start, gives each op's
    own result (what its answer showed) and ends at final, or None when there is none (an
    update was lost). Orders are not unique: a whole form starts afresh, so blocks commute."""
    def extend(state: Config, left: frozenset[int]) -> list[int] | None:
        if not left:
            return [] if state == final else None
        for i in sorted(left):
            if ops[i](state) == results[i]:
                rest = extend(results[i], left - {i})
                if rest is not None:
                    return [i, *rest]
        return None
    return extend(start, frozenset(range(len(ops))))


def test_serial_order_rejects_a_lost_update() -> None:
    start, reset = Config(), (lambda c: bump(c, "seed"))
    once = bump(start, "seed")
    twice = bump(once, "seed")
    assert serial_order(start, [reset, reset], [once, twice], twice) == [0, 1]
    assert serial_order(start, [reset, reset], [once, once], once) is None  # both read seed 0
    assert serial_order(start, [reset, reset], [once, twice], once) is None  # final went back


def test_concurrent_changes_of_one_run_equal_a_serial_order(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    sid = client.get("/").cookies["mlp_session"]
    store: SessionStore = client.app.state.store  # type: ignore[attr-defined]
    session = store.get(sid)
    assert session is not None
    start = session.read(lambda view: view.run.config)
    ops = _ops()
    results: list[Config | None] = [None] * len(ops)
    barrier = threading.Barrier(len(ops))

    def send(i: int) -> None:
        path, form, _ = ops[i]
        barrier.wait()
        r = client.post(path, headers={**HX, SESSION_HEADER: sid}, data=form)
        assert r.status_code == 200, r.text
        results[i] = from_query(urlsplit(r.headers[HX_REPLACE_URL]).query)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(ops))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = [r for r in results if r is not None]
    assert len(done) == len(ops), "a request failed (see the thread's exception above)"
    final = session.read(lambda view: view.run.config)
    order = serial_order(start, [op for _, _, op in ops], done, final)
    assert order is not None, "no serial order gives these answers and this run: a lost update"
