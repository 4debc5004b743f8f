"""The package's layers: checked statically (import-linter's contracts in pyproject.toml) and
at run time (what a resident's app has loaded once it has answered a question)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LEAD_ONLY = (
    "survey_app.ui.lead",
    "survey_app.core.analysis",
    "survey_app.core.evidence",
    "survey_app.core.privacy",
    "survey_app.core.store.counting",
    "survey_app.reports",
)


def test_the_import_contracts_hold() -> None:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is one of the dev tools (pyproject.toml)"
    result = subprocess.run(
        [linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


RESIDENT = """
import asyncio, json, sys
sys.path.insert(0, {tests!r})
from pathlib import Path

from driver import open_survey, reply

from survey_app.core.questionnaire.model import load
from survey_app.core.store.collecting import CollectingStore
from survey_app.settings import Settings
from survey_app.ui.factory import make_app


async def main() -> None:
    db = Path({db!r})
    store = await CollectingStore.open(db)
    await store.ensure_demo()
    await store.close()
    app = make_app({role!r}, Settings(db=db, inspection=1), load(Path({questionnaire!r})),
                   **{options})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_survey(pilot)
        await pilot.pause(0.5)  # past the double-tap guard, as a resident would be
        await reply(pilot, "2")  # safe: agree
    print(json.dumps(sorted(sys.modules)))


asyncio.run(main())
"""


@pytest.mark.parametrize("role", ["survey", "kiosk"])
def test_a_resident_app_loads_nothing_of_the_leads(role: str, tmp_path: Path) -> None:
    """Run in a fresh interpreter: the test process itself has loaded everything."""
    from driver import kiosk_hash

    options = {"passphrase_hash": kiosk_hash(), "idle": 600.0} if role == "kiosk" else {}
    script = RESIDENT.format(
        tests=str(ROOT / "tests"),
        db=str(tmp_path / "resident.db"),
        role=role,
        questionnaire=str(ROOT / "tests" / "data" / "mini.toml"),
        options=repr(options),
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SURVEY_APP_KIOSK_LOG":
             str(tmp_path / "kiosk.log")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "survey_app.ui.screens.chat" in loaded  # it did reach a question
    leaked = [name for name in loaded if name.startswith(LEAD_ONLY)]
    assert not leaked, leaked
