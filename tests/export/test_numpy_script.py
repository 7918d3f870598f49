"""Tests for app.export.numpy_script: the script runs alone and replays the engine's training."""

from __future__ import annotations

import ast
import io
import math
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.engine.history import EpochRecord
from app.engine.trainer import Trainer
from app.export import numpy_script
from app.export.data import FEATURE_SOURCE
from app.export.literals import array_literal, comment_text, float_literal
from tests.export import CONFIGS, Config, build

TOLERANCE = 1e-9
HOSTILE_TITLE = "Demo\nimport os  # \r\n'''\"\"\"\\ \u2028 end\x00 coding: latin-1"


def _script(config: Config, title: str = "") -> str:
    trainer, ds = build(config)
    return numpy_script(trainer, config.features, ds.x_train, ds.x_test, config.epochs, title)


def _run(source: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "mlp_playground.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _epochs(lines: list[str]) -> list[dict[str, float]]:
    rows = []
    for line in lines:
        if line.startswith("epoch "):
            words = line.split()
            rows.append({key: float(value) for key, value in zip(words[::2], words[1::2],
                                                                 strict=True)})
    return rows


def _close(printed: float, engine: float | None) -> bool:
    assert engine is not None
    if not math.isfinite(engine):
        return not math.isfinite(printed)
    return math.isclose(printed, engine, rel_tol=TOLERANCE, abs_tol=TOLERANCE * 1e-3)


def _namespace(source: str) -> dict[str, Any]:
    """Return the script's globals without running its training (it is not __main__ here)."""
    namespace: dict[str, Any] = {"__name__": "mlp_playground"}
    exec(compile(source, "mlp_playground.py", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_script_reproduces_the_engines_losses(config: Config, tmp_path: Path) -> None:
    source = _script(config)  # exported before any training
    printed = _epochs(_run(source, tmp_path))
    trainer, _ = build(config)
    records: list[EpochRecord] = trainer.run(config.epochs)
    assert len(printed) == len(records) > 0
    for row, record in zip(printed, records, strict=True):
        assert row["epoch"] == record.epoch
        assert _close(row["train_loss"], record.train_loss), (row, record)
        assert _close(row["test_loss"], record.test_loss), (row, record)
        if record.train_accuracy is not None:
            assert row["train_accuracy"] == record.train_accuracy
            assert row["test_accuracy"] == record.test_accuracy
        else:
            assert "train_accuracy" not in row


def test_script_without_a_test_set_reports_the_training_loss(tmp_path: Path) -> None:
    def fresh() -> Trainer:
        trainer, _ = build(CONFIGS[0])
        return Trainer(trainer.net, trainer.optimizer, trainer.x_train, trainer.y_train,
                       n_classes=trainer.n_classes, batch_size=trainer.batch_size,
                       rng=trainer.rng)

    _, ds = build(CONFIGS[0])
    printed = _epochs(_run(numpy_script(fresh(), ["x1", "x2"], ds.x_train, None, 8), tmp_path))
    records = fresh().run(8)
    assert [set(row) for row in printed] == [{"epoch", "train_loss", "train_accuracy"}] * 8
    for row, record in zip(printed, records, strict=True):
        assert _close(row["train_loss"], record.train_loss)


def test_early_stopping_stops_at_the_engines_epoch(tmp_path: Path) -> None:
    config = next(c for c in CONFIGS if c.name == "early_stopping")
    lines = _run(_script(config), tmp_path)
    trainer, _ = build(config)
    trainer.run(config.epochs)
    assert trainer.stopped_reason is not None and trainer.stopped_reason.startswith("early")
    assert len(_epochs(lines)) == trainer.epoch < config.epochs
    assert lines[-1].startswith(f"early stopping: no better test loss for {config.patience}")
    assert f"at epoch {trainer.best_epoch})" in lines[-1]


def test_divergence_stops_the_script_like_the_engine(tmp_path: Path) -> None:
    config = next(c for c in CONFIGS if c.name == "divergence")
    lines = _run(_script(config), tmp_path)
    trainer, _ = build(config)
    trainer.run(config.epochs)
    assert trainer.diverged
    assert len(_epochs(lines)) == trainer.epoch < config.epochs
    assert lines[-1].startswith("diverged")


def test_script_embeds_data_weights_and_generator_exactly() -> None:
    config = CONFIGS[2]  # dropout and all seven features
    trainer, ds = build(config)
    state = trainer.rng.bit_generator.state
    names = _namespace(numpy_script(trainer, config.features, ds.x_train, ds.x_test, 5))
    assert trainer.rng.bit_generator.state == state  # exporting draws nothing
    assert names["RNG_STATE"] == state
    np.testing.assert_array_equal(names["POINTS_TRAIN"], ds.x_train)
    np.testing.assert_array_equal(names["LABELS_TEST"], ds.y_test)
    np.testing.assert_array_equal(names["features"](names["POINTS_TRAIN"]), trainer.x_train)
    np.testing.assert_array_equal(names["encode_targets"](names["LABELS_TRAIN"]), trainer.t_train)
    for ours, theirs in zip(names["INITIAL_WEIGHTS"] + names["INITIAL_BIASES"],
                            trainer.net.weights + trainer.net.biases, strict=True):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("config", CONFIGS, ids=[c.name for c in CONFIGS])
def test_script_encodes_targets_as_the_engine(config: Config) -> None:
    trainer, ds = build(config)
    names = _namespace(numpy_script(trainer, config.features, ds.x_train, ds.x_test, 1))
    np.testing.assert_array_equal(names["encode_targets"](names["LABELS_TRAIN"]), trainer.t_train)


def test_script_imports_only_numpy_and_the_standard_library() -> None:
    for config in CONFIGS:
        tree = ast.parse(_script(config))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert "numpy" in imported
        assert imported <= {"numpy"} | set(sys.stdlib_module_names), imported


def test_script_writes_only_the_configurations_maths() -> None:
    source = _script(CONFIGS[0])  # tanh, square, sgd, no schedule, no dropout or penalty
    for absent in ("relu", "sigmoid", "softmax", "MOMENTUM", "DROPOUT", "L2 =", "PATIENCE",
                   "rng.random"):
        assert absent not in source
    assert "def tanh_backward(g, z)" in source and "p -= lr * g" in source


def test_title_stays_inside_one_comment() -> None:
    source = _script(CONFIGS[0], title=HOSTILE_TITLE)
    compile(source, "mlp_playground.py", "exec")
    lines = source.splitlines()
    assert lines[0].startswith("# mlp_playground.py: ") and lines[1].startswith("# Run it")
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    hits = [t for t in tokens if "Demo" in t.string or "latin" in t.string]
    assert hits and all(t.type == tokenize.COMMENT for t in hits)
    assert "import os" not in [line.strip() for line in lines]


def test_comment_text_removes_every_line_break() -> None:
    text = comment_text("a\nb\rc\u2028d\u2029e\x0bf\x0cg\x85h\x00i\ud800j" + "k" * 500)
    assert text.isprintable() and len(text) == 200
    assert text.startswith("a b c d e f g h i j")


@pytest.mark.parametrize("value", [0.1 + 0.2, -0.0, 5e-324, 1.7976931348623157e308, 1 / 3, 1e16])
def test_float_literals_round_trip_bit_for_bit(value: float) -> None:
    text = float_literal(value)
    assert float(text).hex() == value.hex()
    back = eval(array_literal(np.array([[value, -value]])), {"np": np})
    assert back.tobytes() == np.array([[value, -value]]).tobytes()


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        float_literal(value)


def test_every_engine_feature_has_an_export_expression() -> None:
    assert tuple(FEATURE_SOURCE) == tuple(CONFIGS[2].features)


def test_a_trained_trainer_is_refused() -> None:
    trainer, ds = build(CONFIGS[0])
    trainer.step()
    with pytest.raises(ValueError, match="fresh trainer"):
        numpy_script(trainer, CONFIGS[0].features, ds.x_train, ds.x_test, 10)


def test_points_that_do_not_give_the_inputs_are_refused() -> None:
    trainer, ds = build(CONFIGS[0])
    with pytest.raises(ValueError, match="points_train"):
        numpy_script(trainer, ["x1", "x2"], ds.x_train[::-1], ds.x_test, 10)
    with pytest.raises(ValueError, match="features but the network"):
        numpy_script(trainer, ["x1", "x2", "x1_x2"], ds.x_train, ds.x_test, 10)
    with pytest.raises(ValueError, match="epochs"):
        numpy_script(trainer, ["x1", "x2"], ds.x_train, ds.x_test, 0)
