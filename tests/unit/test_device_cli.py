"""The device commands as an inspector types them: inspection setup-file on the lead's
machine, device join and bundle export on a device, bundle import back on the lead's."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.collection.session import SurveySession
from survey_app.core.device.outbox import Outbox, joined_now
from survey_app.core.device.setup import questionnaire_of
from survey_app.core.questionnaire.flow import Answer

LEAD = "lead passphrase for tests"
CREATE = ["--premises", "Lantern House", "--region", "Wales", "--start", "2026-12-02",
          "--end", "2026-12-03", "--residents", "12", "--passphrase-stdin"]  # fmt: skip


def typed(monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(line + "\n"))


async def residents_answer(db: Path, comments: list[str]) -> list[str]:
    setup = joined_now(db)
    assert setup is not None
    questionnaire = questionnaire_of(setup)
    outbox = await Outbox.open(db)
    codes = []
    try:
        for comment in comments:
            session = SurveySession(outbox, questionnaire, 1, "kiosk", "cy")
            await session.start()
            await session.answer("safe", Answer.of("agree"))
            await session.answer("anything_else", Answer.of(comment))
            codes.append(await session.submit())
    finally:
        await outbox.close()
    return codes


def test_a_device_joins_collects_and_its_bundle_is_merged_on_the_leads_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lead, kiosk = str(tmp_path / "lead.db"), tmp_path / "kiosk.db"
    setup, bundle = tmp_path / "setup.json", tmp_path / "kiosk.bundle"
    typed(monkeypatch, LEAD)
    assert main(["--db", lead, "inspection", "create", *CREATE]) == 0
    capsys.readouterr()
    mini = str(Path(__file__).parents[1] / "data" / "mini.toml")
    assert main(["--db", lead, "--inspection", "1", "--questionnaire", mini, "inspection",
                 "setup-file", "--out", str(setup)]) == 0  # fmt: skip
    made = capsys.readouterr().out
    fingerprint = made.split("Key fingerprint: ")[1].split(".")[0]
    assert "PRIVATE" not in setup.read_text().upper()  # no secret in it
    # the lead's own store is no device
    assert main(["--db", lead, "device", "join", str(setup)]) == 2
    assert "is the lead's store" in capsys.readouterr().err
    assert main(["--db", str(kiosk), "device", "join", str(setup)]) == 0
    joined = capsys.readouterr().out
    assert "Joined: 1: Lantern House" in joined and fingerprint in joined
    codes = asyncio.run(residents_answer(kiosk, ["Mae'r staff yn garedig.", "Food is cold."]))
    assert main(["--db", str(kiosk), "device", "status"]) == 0
    assert "2 complete, 0 partial, 0 in progress; 2 waiting" in capsys.readouterr().out
    assert main(["--db", str(kiosk), "bundle", "export", "--out", str(bundle)]) == 0
    assert "2 responses, sealed" in capsys.readouterr().out
    assert main(["--db", str(kiosk), "bundle", "export", "--out", str(tmp_path / "x")]) == 0
    assert "nothing was written" in capsys.readouterr().out
    # a wrong passphrase opens nothing
    typed(monkeypatch, "not the lead's one")
    assert main(["--db", lead, "bundle", "import", str(bundle), "--passphrase-stdin"]) == 2
    assert "Nothing was imported" in capsys.readouterr().err
    typed(monkeypatch, LEAD)
    assert main(["--db", lead, "bundle", "import", str(bundle), "--passphrase-stdin"]) == 0
    said = capsys.readouterr().out
    assert "2 new, 0 updated, 0 unchanged, 0 in conflict, 0 withdrawn and kept out" in said
    with sqlite3.connect(lead) as connection:
        kept = connection.execute("SELECT value FROM answer WHERE question_id = 'anything_else'")
        assert sorted(json.loads(v) for (v,) in kept) == [
            "Food is cold.",
            "Mae'r staff yn garedig.",
        ]
    # the code given on the kiosk withdraws on the lead's machine; the device cannot
    assert main(["--db", str(kiosk), "withdraw", codes[0]]) == 2
    assert "cannot withdraw" in capsys.readouterr().err
    assert main(["--db", lead, "withdraw", codes[0]]) == 0
    typed(monkeypatch, LEAD)
    damaged = tmp_path / "damaged.bundle"
    damaged.write_bytes(bundle.read_bytes()[:-30])
    assert main(["--db", lead, "bundle", "import", str(bundle), str(damaged),
                 "--passphrase-stdin"]) == 1  # fmt: skip
    said = capsys.readouterr()
    assert "0 new, 0 updated, 1 unchanged, 0 in conflict, 1 withdrawn and kept out" in said.out
    assert "cut short" in said.err and "1 file refused" in said.out


def test_a_device_without_a_setup_file_or_with_a_bad_one_stays_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "device.db"
    bad = tmp_path / "setup.json"
    bad.write_text('{"format": "survey-app setup", "version": 1, "digest": "00"}')
    assert main(["--db", str(device), "device", "join", str(bad)]) == 2
    assert "damaged or was edited" in capsys.readouterr().err
    assert not device.exists()  # nothing made
    assert main(["--db", str(device), "device", "join", str(tmp_path / "none.json")]) == 2
    assert "cannot read the setup file" in capsys.readouterr().err
    assert main(["--db", str(device), "bundle", "export", "--out", str(tmp_path / "b")]) == 2
    assert "has not joined an inspection" in capsys.readouterr().err
