"""One owner of session changes: outside the Session class (app/session/session.py and the
lecture's single steps it mixes in, lecture_steps.py) no code takes a session's lock or assigns
a session's run or playing flag (a scan of the source with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNERS = {ROOT / "app" / "session" / name for name in ("session.py", "lecture_steps.py")}
LOCKS = {"lock", "_lock"}  # a session's lock, however it is spelt
STATE = {"run", "playing", "_run", "_playing"}  # what only the owner may assign


def violations(source: str) -> list[str]:
    """Return each place this source takes a lock that is not its own object's (`self._lock`,
    e.g. the store's) or assigns a `.run` / `.playing`, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in LOCKS:
            if not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                found.append(f"{node.lineno}: takes .{node.attr}")
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        found += [f"{t.lineno}: assigns .{t.attr}" for t in targets
                  if isinstance(t, ast.Attribute) and t.attr in STATE]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "setattr", "getattr") and len(node.args) > 1:
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in LOCKS | STATE:
                found.append(f"{node.lineno}: {node.func.id} {name.value!r}")
    return sorted(found)


def test_the_scan_finds_a_planted_lock_and_assignments() -> None:
    planted = ("with session.lock:\n    session.run = build_run(c)\n"
               "    session.playing, x = False, 1\nwith s._lock: pass\nsetattr(s, '_run', r)\n")
    assert violations(planted) == ["1: takes .lock", "2: assigns .run", "3: assigns .playing",
                                   "4: takes ._lock", "5: setattr '_run'"]
    assert violations("with self._lock:\n    view = session.read(render)\n") == []


def test_only_the_session_owner_takes_a_sessions_lock_or_changes_its_run() -> None:
    found = {str(path.relative_to(ROOT)): bad
             for folder in ("app", "benchmarks") for path in sorted((ROOT / folder).rglob("*.py"))
             if path not in OWNERS and (bad := violations(path.read_text()))}
    assert found == {}


def test_the_lecture_steps_are_nothing_but_methods_of_session() -> None:
    from app.session.lecture_steps import LectureSteps
    from app.session.session import Session

    assert issubclass(Session, LectureSteps)
    tree = ast.parse((ROOT / "app" / "session" / "lecture_steps.py").read_text())
    assert [n.name for n in tree.body if isinstance(n, ast.ClassDef | ast.FunctionDef)] == [
        "LectureSteps"]
