"""GET /export/numpy, /export/keras (downloads) and /export/view (the page's code panel)."""

from __future__ import annotations

import html
import math
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Config, to_query
from app.session.run import build_run
from tests.conftest import HX

TOLERANCE = 1e-9
SMALL = Config(dataset="xor", hidden_layers=(3,), activation="relu", optimizer="adam",
               learning_rate=0.01, noise=0.1, regularization="l2", regularization_rate=0.001)


def run_script(source: str, tmp_path: Path) -> list[dict[str, float]]:
    """Run the exported script in a subprocess; return its per-epoch lines as dicts."""
    path = tmp_path / "mlp_playground.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    rows = []
    for line in done.stdout.splitlines():
        if line.startswith("epoch "):
            words = line.split()
            rows.append({k: float(v) for k, v in zip(words[::2], words[1::2], strict=True)})
    return rows


def close(a: float, b: float | None) -> bool:
    assert b is not None
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE * 1e-3)


def test_the_numpy_download_replays_the_engines_losses(client: TestClient, tmp_path: Path) -> None:
    query = to_query(SMALL)
    client.get("/?" + query)
    for _ in range(6):
        client.post("/step", headers=HX)  # the export trains as far as the run has gone
    r = client.get("/export/numpy?" + query)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/x-python; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="mlp_playground.py"'
    printed = run_script(r.text, tmp_path)
    records = build_run(SMALL).trainer.run(6)
    assert len(printed) == len(records) == 6
    for row, record in zip(printed, records, strict=True):
        assert row["epoch"] == record.epoch
        assert close(row["train_loss"], record.train_loss), (row, record)
        assert close(row["test_loss"], record.test_loss), (row, record)
        assert row["train_accuracy"] == record.train_accuracy


def test_the_keras_download_is_python_for_the_same_network(client: TestClient) -> None:
    r = client.get("/export/keras?" + to_query(SMALL))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/x-python; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="mlp_keras.py"'
    compile(r.text, "mlp_keras.py", "exec")
    assert "import keras" in r.text and "relu" in r.text and "Adam" in r.text


def test_an_export_with_no_run_behind_it_trains_for_100_epochs(client: TestClient) -> None:
    client.get("/")
    client.post("/step", headers=HX)  # the session trains the default network, not this one
    for kind in ("numpy", "keras"):
        text = client.get(f"/export/{kind}?" + to_query(SMALL)).text
        assert re.search(r"\b100 epochs\b", text), kind
    assert "EPOCHS = 100" in client.get("/export/numpy?dataset=gaussian").text


def test_an_invalid_link_gets_a_readable_422_in_plain_text(client: TestClient) -> None:
    for kind in ("numpy", "keras"):
        r = client.get(f"/export/{kind}?learning_rate=100&dataset=nowhere")
        assert r.status_code == 422
        assert r.headers["content-type"] == "text/plain; charset=utf-8"
        assert "learning_rate: must be ≤ 10, got 100" in r.text
        assert "dataset: unknown 'nowhere'" in r.text
        assert "content-disposition" not in r.headers
    r = client.get("/export/numpy?model=perceptron")
    assert r.status_code == 422 and "perceptron" in r.text


def test_the_code_panel_shows_both_sources_with_copy_and_download(client: TestClient) -> None:
    query = to_query(SMALL)
    client.get("/?" + query)
    client.post("/step", headers=HX)
    r = client.get("/export/view", headers=HX)
    assert r.status_code == 200 and r.text.startswith('<div id="code_view"')
    page = html.unescape(r.text)
    numpy_code = re.search(r'<code id="numpy_source">(.*?)</code>', r.text, re.S)
    keras_code = re.search(r'<code id="keras_source">(.*?)</code>', r.text, re.S)
    assert numpy_code and keras_code
    numpy_text, keras_text = (html.unescape(re.sub(r"<[^>]+>", "", code.group(1)))
                              for code in (numpy_code, keras_code))  # what Copy copies
    assert numpy_text == client.get("/export/numpy?" + query).text
    assert keras_text == client.get("/export/keras?" + query).text
    assert "EPOCHS = 1\n" in numpy_text  # one epoch trained so far
    assert '<span class="comment">' in numpy_code.group(1)
    assert f'href="/export/numpy?{query}"' in page and f'href="/export/keras?{query}"' in page
    assert page.count('class="button copy-code"') == 2


def test_the_code_panel_for_the_perceptron_says_why_it_is_empty(client: TestClient) -> None:
    client.get("/?model=perceptron")
    r = client.get("/export/view", headers=HX)
    assert "perceptron" in r.text and "<pre" not in r.text
