"""The confusion matrices ride with the stats: on the page and in every poll, next to accuracy."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.config import Config, to_query
from tests.conftest import HX, play_and_poll


def matrices(html: str) -> dict[str, list[list[int]]]:
    """Return each confusion table's counts by split, read from the HTML."""
    out = {}
    for split, body in re.findall(r'id="confusion_(\w+)">(.*?)</table>', html, re.S):
        rows = re.findall(r"<tr><th scope=\"row\">.*?</th>(.*?)</tr>", body, re.S)
        out[split] = [[int(v) for v in re.findall(r"<td[^>]*>(\d+)</td>", row)] for row in rows]
    return out


def accuracy(html: str, split: str) -> float:
    match = re.search(rf'id="{split}_accuracy">([\d.]+) %<', html)
    assert match, f"no {split} accuracy"
    return float(match.group(1)) / 100


def test_each_poll_answers_both_matrices_matching_the_accuracy(client: TestClient) -> None:
    page = client.get("/?" + to_query(Config(speed=3)))
    assert set(matrices(page.text)) == {"train", "test"}
    play_and_poll(client, 2)
    html = client.post("/poll", headers=HX).text
    assert 'id="stats" class="stats" hx-swap-oob="true"' in html
    found = matrices(html)
    for split, counts in found.items():
        diagonal, total = sum(counts[i][i] for i in range(2)), sum(map(sum, counts))
        assert total == 250
        assert abs(diagonal / total - accuracy(html, "test" if split == "test" else "train")) \
            < 0.0006


def test_a_multiclass_run_has_k_by_k_tables_and_regression_none(client: TestClient) -> None:
    html = client.get("/?" + to_query(Config(dataset="blobs4", loss="softmax_cross_entropy"))).text
    assert all(len(m) == 4 and all(len(r) == 4 for r in m) for m in matrices(html).values())
    html = client.get("/?" + to_query(Config(dataset="plane", problem="regression"))).text
    assert 'id="confusion' not in html
