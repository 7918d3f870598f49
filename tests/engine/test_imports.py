"""The engine is pure NumPy: it imports nothing but NumPy, the standard library and itself."""

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "app" / "engine"


def test_the_engine_imports_only_numpy_the_standard_library_and_itself() -> None:
    foreign = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "numpy" and top not in sys.stdlib_module_names \
                        and not name.startswith("app.engine"):
                    foreign.append(f"{path.relative_to(ENGINE)}: {name}")
    assert foreign == []
