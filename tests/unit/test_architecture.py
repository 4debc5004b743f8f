"""The domain stays testable without a terminal: nothing in survey_app/core imports Textual."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[2] / "survey_app" / "core"


def test_core_does_not_import_the_ui() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("textual", "rich") or name.startswith("survey_app.ui"):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
