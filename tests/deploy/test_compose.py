"""deploy/compose.yaml is well formed and agrees with the Dockerfile, the nginx template and the
settings (no Docker daemon is reachable here: the file is checked, not run)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from app.settings import ENV_PREFIX, Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVICE_KEYS = {"build", "image", "environment", "deploy", "restart", "depends_on", "expose",
                "ports", "volumes", "command"}


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def test_compose_has_app_replicas_nginx_and_redis_with_known_keys() -> None:
    services = compose()["services"]
    assert set(services) == {"app", "nginx", "redis"}
    for name, service in services.items():
        assert set(service) <= SERVICE_KEYS, (name, set(service) - SERVICE_KEYS)
        assert ("build" in service) != ("image" in service), name
    assert services["app"]["deploy"]["replicas"] >= 2
    build = services["app"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    assert set(services["app"]["depends_on"]) == {"redis"}


def test_the_apps_environment_is_settings_it_accepts() -> None:
    env = compose()["services"]["app"]["environment"]
    fields = {name[len(ENV_PREFIX):].lower(): value for name, value in env.items()}
    assert fields["redis_url"].startswith("redis://redis:")
    Settings(**fields)  # raises on a variable or value the app would refuse


def test_nginx_fills_exactly_the_templates_placeholders_from_a_mounted_file() -> None:
    nginx = compose()["services"]["nginx"]
    source, target, _ = nginx["volumes"][0].split(":")
    template = (DEPLOY / source).read_text()
    assert target.startswith("/etc/nginx/templates/") and target.endswith(".template")
    placeholders = set(re.findall(r"\$\{(\w+)\}", template))
    assert placeholders == set(nginx["environment"]) == {"LISTEN", "UPSTREAM_SERVERS"}
    assert "app:8000" in nginx["environment"]["UPSTREAM_SERVERS"]


def test_redis_keeps_what_was_saved_across_restarts() -> None:
    redis = compose()["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/data") for v in redis["volumes"])
