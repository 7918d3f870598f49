"""The README stays true: its notebook example runs, and its commands are the ones CI uses."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_notebook_example_runs_as_written() -> None:
    section = README.split("## The engine from a notebook", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)  # noqa: S102 — our own README
    trainer = namespace["trainer"]
    assert trainer.epoch == 300  # type: ignore[attr-defined]
    assert namespace["record"].test_accuracy >= 0.9  # type: ignore[attr-defined]


def test_ci_runs_the_readmes_test_command() -> None:
    assert "./dev.sh start" in README and "./dev.sh test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev.sh test" in ci and "CI=true" in ci
