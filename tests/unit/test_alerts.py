"""Alerts (the manual's 4.7) kept apart from the survey: sealed on the laptop that raised
them, with nothing on disk that ties them to an interview; carried in bundles apart from
the responses; opened only with the lead's passphrase; followed up step by step, each step
in the audit log by status and day alone; and never in an export, a release or the pack."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.collection.session import SurveySession
from survey_app.core.device.bundle import BundleError, encode_bundle, read_bundle
from survey_app.core.device.outbox import Outbox, joined_now
from survey_app.core.device.setup import questionnaire_of
from survey_app.core.keys.sealing import new_key_pair, unlock
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.safeguarding.alerts import (
    Alert,
    AlertError,
    Step,
    open_alert,
    open_step,
    seal_alert,
    seal_step,
)
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store
from survey_app.core.store.imports import open_alerts, open_bundle

LEAD = "lead passphrase for tests"
CREATE = ["--premises", "Lantern House", "--region", "Wales", "--start", "2026-12-02",
          "--end", "2026-12-03", "--residents", "12", "--passphrase-stdin"]  # fmt: skip
SAID = "Darren in room 12 said he will stab Kyle tonight"
WHO = "Darren Price, room 12"
ALERT = Alert(
    kind="harm_to_others",
    said_or_seen=SAID,
    concerns=WHO,
    if_no_action="Kyle could be hurt badly",
    how_serious="Very: a knife was mentioned",
    how_imminent="Tonight",
    action_taken="Told the duty manager at once",
    who_told="Duty manager; lead inspector by phone",
)
WORDS = [SAID, WHO, "Kyle could be hurt", "knife was mentioned", "duty manager"]


def typed(monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(line + "\n"))


def on_disk(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


def test_an_alert_opens_only_for_its_own_inspection_id_and_place() -> None:
    from survey_app.core.keys.sealing import Argon2Cost

    public, protected = new_key_pair(LEAD, Argon2Cost(memory_kib=8 * 1024, passes=1, lanes=1))
    private = unlock(protected, LEAD)
    sealed = seal_alert(public, "uuid-1", "a" * 32, ALERT)
    assert open_alert(private, "uuid-1", "a" * 32, sealed) == ALERT
    for inspection, alert_id in (("uuid-2", "a" * 32), ("uuid-1", "b" * 32)):
        with pytest.raises(AlertError):
            open_alert(private, inspection, alert_id, sealed)
    with pytest.raises(AlertError):  # a step is not an alert, even under its own id
        open_alert(private, "uuid-1", "a" * 32, seal_step(public, "uuid-1", "a" * 32, 0,
                                                          Step("closed")))  # fmt: skip
    step = Step("action_requested", "Asked the AP manager to act", "", False, False)
    sealed_step = seal_step(public, "uuid-1", "a" * 32, 1, step)
    assert open_step(private, "uuid-1", "a" * 32, 1, sealed_step) == step
    with pytest.raises(AlertError):  # moved to another place in the alert's steps
        open_step(private, "uuid-1", "a" * 32, 2, sealed_step)
    # An alert must say what it is about and what was said or seen, within its limits.
    for bad in (replace(ALERT, kind="gossip"), replace(ALERT, said_or_seen="  "),
                replace(ALERT, concerns="x" * 4001)):  # fmt: skip
        with pytest.raises(AlertError):
            seal_alert(public, "uuid-1", "a" * 32, bad)


async def interview_with_alert(db: Path) -> str:
    """An interview on a laptop: an answer, the alert, more answers, then sent."""
    setup = joined_now(db)
    assert setup is not None
    questionnaire = questionnaire_of(setup)
    outbox = await Outbox.open(db)
    try:
        session = SurveySession(outbox, questionnaire, 1, "interview", "en")
        await session.start()
        await session.answer("safe", Answer.of("disagree"))
        await outbox.raise_alert(1, ALERT)
        # what is on disk now, with the laptop still open: the alert's place among the
        # interview's records must not be there to read
        wal = db.with_name(db.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        await session.answer("complained", Answer.of("no"))
        await session.answer("anything_else", Answer.of("Staff are fair."))
        await session.submit()
        return session.response_id or ""
    finally:
        await outbox.close()


def test_an_alert_goes_from_the_laptop_to_the_lead_apart_from_the_interview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lead, laptop = tmp_path / "lead.db", tmp_path / "laptop.db"
    setup, bundle = tmp_path / "setup.json", tmp_path / "laptop.bundle"
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "inspection", "create", *CREATE]) == 0
    mini = str(Path(__file__).parents[1] / "data" / "mini.toml")
    assert main(["--db", str(lead), "--inspection", "1", "--questionnaire", mini, "inspection",
                 "setup-file", "--out", str(setup)]) == 0  # fmt: skip
    assert main(["--db", str(laptop), "device", "join", str(setup)]) == 0
    response_id = asyncio.run(interview_with_alert(laptop))
    # On the laptop: sealed, in its own table, with no response id, day or order.
    raw = on_disk(laptop)
    for secret in WORDS:
        assert secret.encode() not in raw, secret
    with sqlite3.connect(laptop) as connection:
        columns = [r[1] for r in connection.execute("PRAGMA table_info(alert)")]
        assert columns == ["id", "sealed", "exported"]
        (alert_id,) = connection.execute("SELECT id FROM alert").fetchone()
        assert alert_id != response_id
    capsys.readouterr()
    assert main(["--db", str(laptop), "bundle", "export", "--out", str(bundle)]) == 0
    said = capsys.readouterr().out
    assert "1 response, sealed" in said and "carries 1 alert" in said
    lines = bundle.read_bytes().splitlines()
    assert json.loads(lines[-2]) == {"alert": alert_id, "sealed": json.loads(lines[-2])["sealed"]}
    assert response_id.encode() not in lines[-2]
    for secret in WORDS:
        assert secret.encode() not in bundle.read_bytes()
    # Nothing waits now; a second export carries neither again.
    assert main(["--db", str(laptop), "bundle", "export", "--out", str(tmp_path / "b2")]) == 0
    assert "nothing was written" in capsys.readouterr().out

    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "bundle", "import", str(bundle), "--passphrase-stdin"]) == 0
    assert "1 new alert" in capsys.readouterr().out
    typed(monkeypatch, LEAD)  # the same bundle again: the alert is kept once
    assert main(["--db", str(lead), "bundle", "import", str(bundle), "--passphrase-stdin"]) == 0
    assert "new alert" not in capsys.readouterr().out
    with sqlite3.connect(lead) as connection:
        assert connection.execute("SELECT count(*) FROM alert").fetchone() == (1,)
        # No column of the alert's table is shared with the survey's, and nothing of it
        # is readable in the lead's file either.
        columns = {r[1] for r in connection.execute("PRAGMA table_info(alert)")}
        assert columns == {"id", "inspection_id", "number", "sealed", "received_day", "status",
                           "status_day"}  # fmt: skip
    for secret in WORDS:
        assert secret.encode() not in on_disk(lead)

    # The lead's list and one alert, behind the passphrase.
    typed(monkeypatch, "not the lead's one")
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "list",
                 "--passphrase-stdin"]) == 2  # fmt: skip
    assert SAID not in capsys.readouterr().out
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "list",
                 "--passphrase-stdin"]) == 0  # fmt: skip
    listed = capsys.readouterr().out
    assert "1. Risk of serious harm to others: Raised since" in listed
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "show", "1",
                 "--passphrase-stdin"]) == 0  # fmt: skip
    shown = capsys.readouterr().out
    for secret in WORDS:
        assert secret in shown

    # Every step, in order; a step that skips ahead or follows a closing is refused.
    steps = [
        ("action_requested", "Asked the AP manager to move Darren today"),
        ("assurance_received", "Moved to another AP; police informed"),
        ("closed", ""),
    ]
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "update", "1", "--status",
                 "assurance_received", "--note", "x", "--evidence", "",
                 "--passphrase-stdin"]) == 2  # fmt: skip
    assert "it can go to: action_requested, closed" in capsys.readouterr().err
    for status, note in steps:
        typed(monkeypatch, LEAD)
        assert main(["--db", str(lead), "--inspection", "1", "alerts", "update", "1",
                     "--status", status, "--note", note, "--evidence", "Email of 3 Dec",
                     "--passphrase-stdin"]) == 0  # fmt: skip
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "update", "1", "--status",
                 "closed", "--note", "", "--evidence", "", "--passphrase-stdin"]) == 2  # fmt: skip
    capsys.readouterr()
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "show", "1",
                 "--passphrase-stdin"]) == 0  # fmt: skip
    shown = capsys.readouterr().out
    assert "Closed since" in shown
    for _status, note in steps:
        assert note in shown
    for secret in ("Darren today", "police informed", "Email of 3 Dec"):
        assert secret.encode() not in on_disk(lead)
    # The audit log has each step's status and day, never its words or the alert's.
    with sqlite3.connect(lead) as connection:
        log = connection.execute("SELECT event, detail FROM audit ORDER BY seq").fetchall()
    assert [d for e, d in log if e.startswith("alert_")] == [
        "inspection=1",
        "inspection=1 status=action_requested",
        "inspection=1 status=assurance_received",
        "inspection=1 status=closed",
    ]
    assert main(["--db", str(lead), "audit", "verify"]) == 0
    # Removing alerts is the lead's too; a closed one is kept for its retention.
    typed(monkeypatch, "not the lead's one")
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "purge",
                 "--passphrase-stdin"]) == 2  # fmt: skip
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "purge",
                 "--passphrase-stdin"]) == 0  # fmt: skip
    assert "0 closed alerts removed" in capsys.readouterr().out

    # The survey's outputs hold nothing of it.
    for form in ("json", "csv", "md", "html"):
        out = tmp_path / f"export.{form}"
        typed(monkeypatch, LEAD)
        assert main(["--db", str(lead), "--inspection", "1", "export", "--format", form,
                     "--out", str(out)]) == 0  # fmt: skip
        text = out.read_text()
        for secret in [*WORDS, alert_id]:
            assert secret not in text, (form, secret)


QUICK_COST = {"memory_kib": 8 * 1024, "passes": 1, "lanes": 1}


async def keyed_store(path: Path) -> tuple[Store, int, str, bytes, str]:
    import datetime as dt

    from survey_app.core.keys.sealing import Argon2Cost

    store = await Store.open(path)
    made = await store.create_inspection(
        "Lantern House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 20
    )
    public, protected = new_key_pair(LEAD, Argon2Cost(**QUICK_COST))
    assert await store.set_key_pair(made.id, public, protected)
    inspection = await store.get_inspection(made.id)
    assert inspection is not None
    return store, made.id, inspection.uuid, public, protected


async def test_an_alert_changed_or_sealed_to_another_key_refuses_its_bundle_whole(
    tmp_path: Path,
) -> None:
    from survey_app.core.keys.sealing import Argon2Cost

    store, inspection_id, uuid, public, protected = await keyed_store(tmp_path / "lead.db")
    try:
        inspection = await store.get_inspection(inspection_id)
        assert inspection is not None
        private = unlock(protected, LEAD)
        other, _protected = new_key_pair(LEAD, Argon2Cost(**QUICK_COST))
        good = ("a" * 32, seal_alert(public, uuid, "a" * 32, ALERT))
        cases = {
            "another key": ("b" * 32, seal_alert(other, uuid, "b" * 32, ALERT)),
            "moved to another id": ("c" * 32, good[1]),
            "a byte changed": ("d" * 32, good[1][:-1] + bytes([good[1][-1] ^ 1])),
        }
        for what, bad in cases.items():
            path = tmp_path / f"{what}.bundle"
            path.write_bytes(encode_bundle(uuid, "hash", [], [good, bad]))
            read = read_bundle(path)
            with pytest.raises(BundleError, match="alert in the bundle does not open"):
                open_alerts(read, inspection, private)
        # Lines moved about or one alert given twice do not match the manifest.
        path = tmp_path / "fine.bundle"
        path.write_bytes(encode_bundle(uuid, "hash", [], [good]))
        assert [a.id for a in open_alerts(read_bundle(path), inspection, private)] == ["a" * 32]
        lines = path.read_bytes().splitlines(keepends=True)
        twice = tmp_path / "twice.bundle"
        twice.write_bytes(
            b"".join(
                [
                    lines[0].replace(b'"alerts":1', b'"alerts":2'),
                    lines[1],
                    lines[1],
                    lines[2].replace(b'"alerts": 1', b'"alerts": 2'),
                ]
            )
        )
        with pytest.raises(BundleError):
            read_bundle(twice)
        # A bundle of the first format (responses alone) is still read.
        old = tmp_path / "old.bundle"
        head = json.loads(lines[0])
        head.update(version=1, digest=__import__("hashlib").sha256(b"").hexdigest())
        del head["alerts"]
        old.write_bytes(json.dumps(head).encode() + b"\n" + b'{"end": 0}\n')
        assert read_bundle(old).alerts == ()
        assert open_bundle(read_bundle(old), inspection, private) == []
    finally:
        await store.close()


async def test_the_leads_own_laptop_seals_an_alert_and_steps_follow_in_order(
    tmp_path: Path,
) -> None:
    store, inspection_id, uuid, _public, protected = await keyed_store(tmp_path / "lead.db")
    try:
        await store.raise_alert(inspection_id, ALERT)
        for secret in WORDS:
            assert secret.encode() not in on_disk(tmp_path / "lead.db")
        (alert,) = await store.alerts(inspection_id)
        assert (alert.number, alert.status, alert.steps) == (1, "raised", ())
        assert open_alert(unlock(protected, LEAD), uuid, alert.id, alert.sealed) == ALERT
        assert await store.alert_counts(inspection_id) == {"raised": 1}
        with pytest.raises(StoreError, match="cannot go to"):
            await store.add_step(inspection_id, alert, Step("assurance_received"))
        await store.add_step(inspection_id, alert, Step("action_requested", "asked"))
        with pytest.raises(StoreError, match="changed meanwhile"):  # a stale view of it
            await store.add_step(inspection_id, alert, Step("closed"))
        (alert,) = await store.alerts(inspection_id)
        await store.add_step(inspection_id, alert, Step("closed", "", "", True, True))
        (alert,) = await store.alerts(inspection_id)
        assert [s[1] for s in alert.steps] == ["action_requested", "closed"]
        step = open_step(unlock(protected, LEAD), uuid, alert.id, 2, alert.steps[1][3])
        assert (step.escalated, step.in_report) == (True, True)
        # Kept after closing for its own retention, then gone with its steps.
        assert await store.purge_alerts(inspection_id) == 0
        assert await store.purge_alerts(inspection_id, days=-1) == 1
        assert await store.alerts(inspection_id) == []
        log = [(e.event, e.detail) for e in await store.audit_log()]
        assert ("alert_removed", f"inspection={inspection_id}") in log
        # Numbers are given as alerts come and never move: "alert 3" stays the same alert
        # when others arrive (their random ids would sort anywhere).
        for n in range(5):
            await store.raise_alert(inspection_id, replace(ALERT, said_or_seen=f"said {n}"))
        found = await store.alerts(inspection_id)
        assert [a.number for a in found] == [1, 2, 3, 4, 5]  # (the one before was purged)
        private = unlock(protected, LEAD)
        assert [open_alert(private, uuid, a.id, a.sealed).said_or_seen for a in found] == [
            f"said {n}" for n in range(5)
        ]
        # An inspection without a key cannot seal one: said plainly, nothing written.
        import datetime as dt

        keyless = await store.create_inspection(
            "Elm House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 10
        )
        with pytest.raises(StoreError, match="no key"):
            await store.raise_alert(keyless.id, ALERT)
        assert await store.alerts(keyless.id) == []
    finally:
        await store.close()


def test_alerts_in_a_bundle_for_a_closed_inspection_are_kept_and_its_responses_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The survey's counts are final once the inspection closes; the alert process is not.
    A laptop's bundle brought after the close is opened whole (so every part is known
    sound), its responses refused and its alerts kept, once each."""
    lead, laptop = tmp_path / "lead.db", tmp_path / "laptop.db"
    setup, bundle = tmp_path / "setup.json", tmp_path / "laptop.bundle"
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "inspection", "create", *CREATE]) == 0
    mini = str(Path(__file__).parents[1] / "data" / "mini.toml")
    assert main(["--db", str(lead), "--inspection", "1", "--questionnaire", mini, "inspection",
                 "setup-file", "--out", str(setup)]) == 0  # fmt: skip
    assert main(["--db", str(laptop), "device", "join", str(setup)]) == 0
    asyncio.run(interview_with_alert(laptop))
    assert main(["--db", str(laptop), "bundle", "export", "--out", str(bundle)]) == 0
    assert main(["--db", str(lead), "inspection", "close", "1"]) == 0
    capsys.readouterr()
    for _time in range(2):
        typed(monkeypatch, LEAD)
        assert main(["--db", str(lead), "bundle", "import", str(bundle),
                     "--passphrase-stdin"]) == 1  # fmt: skip
        said = capsys.readouterr()
        assert "closed on" in said.err and "its 1 alert was kept all the same" in said.out
    with sqlite3.connect(lead) as connection:
        assert connection.execute("SELECT count(*) FROM alert").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM response").fetchone() == (0,)
    typed(monkeypatch, LEAD)
    assert main(["--db", str(lead), "--inspection", "1", "alerts", "list",
                 "--passphrase-stdin"]) == 0  # fmt: skip
    assert "1. Risk of serious harm to others: Raised since" in capsys.readouterr().out
