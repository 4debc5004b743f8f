"""What every benchmark hands to `benchmarks/run`: its figures, each beside its floor.

A benchmark called with `--json FILE` writes there a list of figures:

    {"name": "first question on screen", "value": 0.52, "unit": "s",
     "floor": {"name": "minimal Textual app", "value": 0.31},
     "target": {"ratio": 1.3}}          # or {"at_most": 5.0} or {"at_least": 1000}

`benchmarks/run` runs each benchmark several times and writes RESULTS.md from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def figure(
    name: str,
    value: float,
    unit: str,
    floor: tuple[str, float] | None = None,
    ratio: float | None = None,
    at_most: float | None = None,
    at_least: float | None = None,
) -> dict[str, Any]:
    target: dict[str, float] = {}
    if ratio is not None:
        target["ratio"] = ratio
    if at_most is not None:
        target["at_most"] = at_most
    if at_least is not None:
        target["at_least"] = at_least
    out: dict[str, Any] = {"name": name, "value": value, "unit": unit, "target": target}
    if floor is not None:
        out["floor"] = {"name": floor[0], "value": floor[1]}
    return out


def emit(path: Path | None, figures: list[dict[str, Any]]) -> None:
    if path is not None:
        path.write_text(json.dumps(figures, indent=1), encoding="utf-8")
