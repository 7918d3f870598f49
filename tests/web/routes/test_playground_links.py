"""GET /tf-playground: a TF Playground link's fragment opens the same setup here (a redirect)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from fastapi.testclient import TestClient

from app.config import from_query

FRAGMENT = ("activation=relu&batchSize=5&dataset=xor&learningRate=0.1&regularization=L2"
            "&regularizationRate=0.01&noise=20&networkShape=3&seed=0.12345&percTrainData=60"
            "&x=true&y=true&xTimesY=true&problem=classification&noise_hide=true"
            "&playButton_hide=true")


def test_a_tf_playground_link_redirects_to_the_same_setup(client: TestClient) -> None:
    r = client.get(f"/tf-playground?{FRAGMENT}", follow_redirects=False)
    assert r.status_code == 303
    location = urlsplit(r.headers["location"])
    assert location.path == "/"
    config = from_query(location.query)
    assert (config.activation, config.batch_size, config.dataset) == ("relu", 5, "xor")
    assert (config.learning_rate, config.regularization, config.regularization_rate) == (
        0.1, "l2", 0.01)
    assert (config.noise, config.hidden_layers, config.train_fraction) == (0.2, (3,), 0.6)
    assert config.features == ("x1", "x2", "x1_x2") and config.seed == 12345
    assert config.hide == ("play", "noise") and config.data_order == "playground"


def test_the_page_opens_on_the_translated_setup(client: TestClient) -> None:
    r = client.get(f"/tf-playground?{FRAGMENT}")
    assert r.status_code == 200 and str(r.url).startswith("http://testserver/?")
    assert re.search(r'<option value="relu" selected>', r.text)
    assert dict(parse_qsl(urlsplit(str(r.url)).query))["data_order"] == "playground"


def test_a_bad_value_gets_a_message_not_a_server_error(client: TestClient) -> None:
    r = client.get("/tf-playground?noise=loud&learningRate=0.1")
    assert r.status_code == 422 and "noise" in r.text


def test_the_page_names_the_route_its_script_sends_fragments_to(client: TestClient) -> None:
    assert 'data-playground-links="/tf-playground"' in client.get("/").text


def test_the_noise_slider_says_how_it_reads_on_tf_playgrounds_scale(client: TestClient) -> None:
    assert "Noise runs 0–0.5 here: TF Playground's 0–50 slider ÷ 100." in client.get("/").text
