"""Deployment settings: read from PLAYGROUND_* environment variables, validated, overridable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("PLAYGROUND_"):
            monkeypatch.delenv(name)


def test_defaults_suit_one_process_on_a_laptop() -> None:
    settings = Settings()
    assert settings.redis_url is None
    assert settings.idle_expiry_seconds == 24 * 3600
    assert settings.poll_ms == 40 and settings.poll_rate == 135 and settings.training_budget == 0.03
    assert settings.sqlite_path == settings.data_dir / "runs.sqlite3"
    assert settings.data_dir.name == "data"


def test_every_knob_is_read_from_its_prefixed_variable(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    values = {"STATIC_DIR": str(tmp_path / "s"), "SESSION_CAP": "7",
              "SESSION_IDLE_SECONDS": "60", "MAX_BODY_SIZE": "4096",
              "TRAINING_BUDGET": "0.05", "DATA_DIR": str(tmp_path / "d"),
              "REDIS_URL": "redis://cache:6379/2", "HOT_BYTES": "64M",
              "IDLE_EXPIRY_SECONDS": "3600", "POLL_MS": "120"}
    for name, value in values.items():
        monkeypatch.setenv(f"PLAYGROUND_{name}", value)
    settings = Settings()
    assert settings.static_dir == tmp_path / "s" and settings.data_dir == tmp_path / "d"
    assert (settings.session_cap, settings.session_idle_seconds) == (7, 60.0)
    assert (settings.max_body_size, settings.training_budget) == (4096, 0.05)
    assert settings.redis_url == "redis://cache:6379/2"
    assert settings.hot_bytes == 64 * 2**20
    assert (settings.idle_expiry_seconds, settings.poll_ms) == (3600.0, 120)


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_POLL_MS", "120")
    assert Settings(poll_ms=200).poll_ms == 200


@pytest.mark.parametrize("text, size", [("1048576", 2**20), ("256M", 256 * 2**20),
                                        ("256MiB", 256 * 2**20), ("1g", 2**30),
                                        ("2048 k", 2 * 2**20)])
def test_the_memory_budget_takes_units(monkeypatch: pytest.MonkeyPatch, text: str,
                                       size: int) -> None:
    monkeypatch.setenv("PLAYGROUND_HOT_BYTES", text)
    assert Settings().hot_bytes == size


def test_an_empty_redis_url_means_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_REDIS_URL", "  ")
    assert Settings().redis_url is None


@pytest.mark.parametrize("name, value, message", [
    ("POLL_MS", "5", "poll_ms"),
    ("POLL_MS", "fast", "poll_ms"),
    ("HOT_BYTES", "lots", "K, M or G"),
    ("HOT_BYTES", "1000", "hot_bytes"),
    ("IDLE_EXPIRY_SECONDS", "0", "idle_expiry_seconds"),
    ("IDLE_EXPIRY_SECONDS", "inf", "idle_expiry_seconds"),
    ("TRAINING_BUDGET", "-1", "training_budget"),
    ("SESSION_CAP", "0", "session_cap"),
    ("REDIS_URL", "http://cache", "redis://"),
    ("CLOCK", "time.time", "not an environment variable"),
])
def test_an_invalid_value_is_refused_naming_the_knob(monkeypatch: pytest.MonkeyPatch, name: str,
                                                     value: str, message: str) -> None:
    monkeypatch.setenv(f"PLAYGROUND_{name}", value)
    with pytest.raises(ValidationError, match=message):
        Settings()


def test_settings_are_frozen_and_take_an_injected_clock() -> None:
    def clock() -> float:
        return 5.0

    settings = Settings(clock=clock)
    assert settings.clock() == 5.0
    with pytest.raises(ValidationError):
        settings.poll_ms = 10


def test_the_public_url_is_read_trimmed_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().public_url is None
    monkeypatch.setenv("PLAYGROUND_PUBLIC_URL", " http://192.168.1.20:8000/ ")
    assert Settings().public_url == "http://192.168.1.20:8000"
    assert Settings(public_url="").public_url is None
    for bad in ("ftp://x", "192.168.1.20:8000", "http://x/<script>", "javascript:alert(1)"):
        with pytest.raises(ValidationError, match="public_url"):
            Settings(public_url=bad)
