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


DEVICE = """
import asyncio, json, sys
sys.path.insert(0, {tests!r})
from pathlib import Path

from driver import open_survey, reply

from survey_app.core.device.outbox import joined_now
from survey_app.core.device.setup import questionnaire_of
from survey_app.settings import Settings
from survey_app.ui.factory import make_app


async def main() -> None:
    db = Path({db!r})
    questionnaire = questionnaire_of(joined_now(db))
    app = make_app("kiosk", Settings(db=db, inspection=1), questionnaire, **{options})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_survey(pilot)
        await pilot.pause(0.5)
        await reply(pilot, "2")
        await pilot.pause(0.5)
        await reply(pilot, "1")
        await pilot.pause(0.3)
        kind = type(app.store).__name__
    print(json.dumps([kind, sorted(sys.modules)]))


asyncio.run(main())
"""


def test_a_kiosk_on_a_device_seals_to_its_outbox_and_loads_no_store(tmp_path: Path) -> None:
    """A kiosk on a joined device: its answers go sealed to the outbox, and in a fresh
    interpreter it has loaded nothing of the lead's store, its counting or its screens."""
    import asyncio
    import datetime as dt
    import sqlite3

    from driver import kiosk_hash

    from survey_app.core.device.outbox import Outbox
    from survey_app.core.device.setup import setup_for
    from survey_app.core.keys.sealing import Argon2Cost, new_key_pair
    from survey_app.core.questionnaire.model import load
    from survey_app.core.store.base import Store

    device_db = tmp_path / "kiosk.db"

    async def prepare() -> None:
        lead = await Store.open(tmp_path / "lead.db")
        made = await lead.create_inspection(
            "Lantern House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 9
        )
        await lead.set_key_pair(made.id, *new_key_pair("lead's", Argon2Cost(8192, 1, 1)))
        inspection = await lead.get_inspection(made.id)
        await lead.close()
        assert inspection is not None
        outbox = await Outbox.open(device_db)
        await outbox.join(setup_for(inspection, load(ROOT / "tests" / "data" / "mini.toml")))
        await outbox.close()

    asyncio.run(prepare())
    script = DEVICE.format(
        tests=str(ROOT / "tests"),
        db=str(device_db),
        options=repr({"passphrase_hash": kiosk_hash(), "idle": 600.0}),
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
    kind, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert kind == "Outbox"
    assert "survey_app.ui.screens.chat" in loaded
    leaked = [name for name in loaded if name.startswith((*LEAD_ONLY, "survey_app.core.store"))]
    assert not leaked, leaked
    with sqlite3.connect(device_db) as connection:
        # the start, the two answers and (the kiosk closed) its end as partial, each a
        # sealed record; nothing else holds them
        assert connection.execute("SELECT records, status FROM response").fetchall() == [
            (4, "partial")
        ]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "answer" not in tables


WELCOME = """
import json, sys
from textual.app import App

from survey_app.cli import main
from survey_app.ui.screens.welcome import WelcomeScreen


async def until_welcome(self, *args, **kwargs):
    # The command line's own path up to the app; the app then runs headless until its
    # welcome screen is up, and says what had to be loaded to show it.
    async with self.run_test(size=(100, 30)) as pilot:
        while not isinstance(pilot.app.screen, WelcomeScreen):
            await pilot.pause(0.05)
        print(json.dumps(sorted(sys.modules)))
        pilot.app.exit()


App.run_async = until_welcome
main(["survey", "--db", {db!r}])
"""

NOT_BEFORE_WELCOME = (
    "cryptography",  # sealing: an alert, a device's outbox; not the lead's own store
    "survey_app.core.device",
    "survey_app.core.keys.sealing",
    "survey_app.core.safeguarding",
)


def test_the_welcome_screen_waits_for_nothing_it_does_not_show(tmp_path: Path) -> None:
    """`survey-app survey` on the lead's store, in a fresh interpreter, through the command
    line: what it loaded by the time the welcome screen is up. Each module left out here is
    time a resident does not wait at the start."""
    db = tmp_path / "survey.db"
    for _run in range(2):  # a fresh file (made, with the demo), then one that exists
        result = subprocess.run(
            [sys.executable, "-c", WELCOME.format(db=str(db))],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        loaded = json.loads(result.stdout.strip().splitlines()[-1])
        assert "survey_app.ui.screens.welcome" in loaded
        early = [name for name in loaded if name.startswith(NOT_BEFORE_WELCOME)]
        assert not early, early
