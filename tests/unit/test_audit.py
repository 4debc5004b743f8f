"""The audit log: every audited act leaves one entry of what and the day, written by the
database itself; the log is append-only; an entry edited, removed or moved is found, and so
is one cut from its end, against an earlier export. Real files: the lead's store, a
device's outbox, bundles, the command line."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.analysis.aggregates import counted_questions
from survey_app.core.audit.chain import (
    EVENTS,
    AuditFileError,
    Entry,
    broken_at,
    continues,
    dumps,
    entry_hash,
    hashing,
    read_export,
)
from survey_app.core.collection.session import SurveySession
from survey_app.core.device.bundle import encode_bundle, read_bundle
from survey_app.core.device.outbox import Outbox
from survey_app.core.keys.passphrase import LEAD, hash_passphrase
from survey_app.core.keys.sealing import unlock
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.safeguarding.alerts import Alert, Step
from survey_app.core.store.imports import open_alerts, open_bundle
from tests.unit.test_devices import LEAD as LEAD_PASSPHRASE
from tests.unit.test_devices import lead_store

DETAIL = re.compile(r"^((inspection|role|status|release|format|responses|new|updated|unchanged"
                    r"|conflicts|withdrawn)=[0-9a-z_-]+|final|staff|failing)?"
                    r"( ((inspection|status|release|format|new|updated|unchanged|conflicts"
                    r"|withdrawn|alerts)=[0-9a-z_-]+|final|again))*$")  # fmt: skip
"""What a detail may hold: named numbers and words of the app's own, nothing else."""


def chain_of(path: Path) -> list[Entry]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT seq, day, event, detail, hash FROM audit ORDER BY seq")
        return [Entry(*row) for row in rows.fetchall()]


async def test_every_audited_act_leaves_one_entry_of_what_and_the_day_and_nothing_else(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """A whole inspection on a device and the lead's machine: the log of each holds one
    entry per act, in order, whole; none names a response, a quote, a code or a word."""
    lead_path, kiosk_path = tmp_path / "lead.sqlite3", tmp_path / "kiosk.sqlite3"
    store, inspection, setup = await lead_store(lead_path, mini)
    secrets_given: list[str] = []
    try:
        await store.set_secret(LEAD, hash_passphrase(LEAD_PASSPHRASE))
        await store.set_secret(LEAD, hash_passphrase("another of the lead's"))
        kiosk = await Outbox.open(kiosk_path)
        try:
            await kiosk.join(setup)
            codes = []
            for n in range(4):
                session = SurveySession(kiosk, mini, 1, "kiosk", "en")
                await session.start()
                await session.answer("safe", Answer.of("agree"))
                await session.answer("anything_else", Answer.of(f"Tank in room {n} shouts"))
                codes.append(await session.submit())
                secrets_given += [code := codes[-1], session.response_id or "", f"room {n}"]
                assert code
            await kiosk.raise_alert(1, Alert(kind="offence", said_or_seen="Tank in room 9 deals"))
            pending = await kiosk.pending(False)
            alerts = await kiosk.pending_alerts()
            bundle = tmp_path / "kiosk.bundle"
            bundle.write_bytes(encode_bundle(setup.uuid, setup.questionnaire_hash, pending, alerts))
            await kiosk.mark_exported(pending, alerts)
            await kiosk.note("kiosk_exit", "staff")
        finally:
            await kiosk.close()
        protected = await store.protected_private_key(inspection.id)
        assert protected is not None
        read = read_bundle(bundle)
        private = unlock(protected, LEAD_PASSPHRASE)
        opened = open_bundle(read, inspection, private)
        await store.merge(inspection.id, read.id, opened, open_alerts(read, inspection, private))
        (alert,) = await store.alerts(inspection.id)
        secrets_given.append(alert.id)
        await store.add_step(inspection.id, alert, Step("action_requested", "Told the AP: room 9"))
        for response_id, question, language, text in await store.free_text_without_quote(
            inspection.id, ["anything_else"]
        ):
            quote = await store.add_quote(response_id, question, language, text, [])
            secrets_given.append(quote)
            await store.update_quote(quote, text, [], "approved")
        assert await store.withdraw(codes[0]) == "withdrawn"
        counted = counted_questions(mini)
        await store.release(inspection.id, counted)
        await store.close_inspection(inspection.id, counted)
        await store.note("exported", f"inspection={inspection.id} format=csv")
        await store.purge(inspection.id)
        lead_log = await store.audit_log()
    finally:
        await store.close()

    events = [e.event for e in lead_log]
    assert events == [
        "audit_started",
        "inspection_created",
        "key_made",
        "passphrase_set",
        "passphrase_changed",
        "alert_received",
        "bundle_imported",
        "alert_status",
        *["quote_decision"] * 4,
        "withdrawal",
        "release_made",
        "closed",
        "release_made",
        "exported",
        "purged",
    ], events
    assert lead_log[15].detail == f"inspection={inspection.id} release=2 final"
    assert lead_log[6].detail == (
        f"inspection={inspection.id} new=4 updated=0 unchanged=0 conflicts=0 withdrawn=0"
    )
    assert lead_log[7].detail == f"inspection={inspection.id} status=action_requested"
    assert lead_log[12].detail == ""  # a withdrawal says not even which inspection
    device_log = chain_of(kiosk_path)
    assert [(e.event, e.detail) for e in device_log] == [
        ("audit_started", ""),
        ("device_joined", f"inspection={setup.uuid}"),
        ("bundle_exported", "responses=4 alerts=1"),
        ("kiosk_exit", "staff"),
    ]
    for log in (lead_log, device_log):
        assert broken_at(log) is None
        assert {e.event for e in log} <= EVENTS
        assert len({e.day for e in log}) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\d", log[0].day)
        for entry in log:
            assert DETAIL.match(entry.detail) or entry.event == "device_joined", entry
        text = json.dumps([e.__dict__ for e in log])
        for secret in [*secrets_given, "Tank", "shouts", "deals", "room 9", "Told the AP"]:
            assert secret not in text


def test_the_log_is_append_only_and_what_it_audits_is_not_written_without_it(
    tmp_path: Path, mini: Questionnaire
) -> None:
    path = tmp_path / "lead.sqlite3"
    made(path, mini)
    with sqlite3.connect(path) as raw:
        for sql in ("UPDATE audit SET detail = 'x' WHERE seq = 2", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(sql)
        # A program without the app's hash (the sqlite3 shell) cannot close, purge or
        # withdraw behind the log's back.
        with pytest.raises(sqlite3.OperationalError, match="survey_audit_hash"):
            raw.execute("UPDATE inspection SET closed_day = '2026-12-03'")
        with pytest.raises(sqlite3.OperationalError, match="survey_audit_hash"):
            raw.execute("INSERT INTO withdrawn (tag, hash, response_id) VALUES ('t', 'h', 'r')")
    # With it, the same write is audited as the app's own would be.
    with hashing(sqlite3.connect(path)) as raw:
        raw.execute("UPDATE inspection SET closed_day = '2026-12-03' WHERE id = 1")
    log = chain_of(path)
    assert log[-1].event == "closed" and broken_at(log) is None


def tamper(path: Path, *statements: str) -> None:
    """As someone with the file and the sqlite3 shell would: the triggers dropped first."""
    with hashing(sqlite3.connect(path)) as raw:
        raw.execute("DROP TRIGGER audit_kept")
        raw.execute("DROP TRIGGER audit_not_removed")
        for sql in statements:
            raw.execute(sql)


def verify(db: Path, *more: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), "audit", "verify", *more])
    return code, out.getvalue() + err.getvalue()


def made(path: Path, mini: Questionnaire, passphrase: bool = False) -> None:
    """A lead's store with one inspection and its key; with the lead's passphrase set."""

    async def make() -> None:
        store, _inspection, _setup = await lead_store(path, mini)
        if passphrase:
            await store.set_secret(LEAD, hash_passphrase(LEAD_PASSPHRASE))
        await store.close()

    asyncio.run(make())


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("UPDATE audit SET detail = 'inspection=9' WHERE seq = 3", "entry 3 does not match"),
        ("UPDATE audit SET day = '2026-01-01' WHERE seq = 2", "entry 2 does not match"),
        ("DELETE FROM audit WHERE seq = 2", "entry 2 is missing"),
        # Two entries swapped: each keeps its hash but takes the other's place.
        ("UPDATE audit SET seq = seq + 100 WHERE seq IN (2, 3); "
         "UPDATE audit SET seq = 105 - seq WHERE seq IN (102, 103)", "entry 2 does not match"),
        ("DELETE FROM audit WHERE seq = 1", "entry 1 is missing"),
    ],
)  # fmt: skip
def test_an_entry_edited_removed_or_moved_is_found(
    tmp_path: Path, mini: Questionnaire, change: str, found: str
) -> None:
    path = tmp_path / "lead.sqlite3"
    made(path, mini, passphrase=True)
    assert verify(path)[0] == 0
    before = chain_of(path)
    tamper(path, *change.split("; "))
    assert chain_of(path) != before
    code, said = verify(path)
    assert code == 1 and "is broken" in said and found in said, said


def test_entries_cut_from_the_end_are_found_against_an_earlier_export(
    tmp_path: Path, mini: Questionnaire
) -> None:
    path, earlier = tmp_path / "lead.sqlite3", tmp_path / "audit.json"
    made(path, mini)
    assert main(["--db", str(path), "audit", "export", "--out", str(earlier)]) == 0
    exported = read_export(earlier)
    assert exported == chain_of(path) and exported[-1].event == "audit_exported"
    code, said = verify(path, "--against", str(earlier))
    assert code == 0 and f"{len(exported)} entries" in said and exported[-1].hash in said
    # Acts after the export are fine: the log still begins with it.
    assert main(["--db", str(path), "inspection", "close", "1"]) == 0
    assert verify(path, "--against", str(earlier))[0] == 0
    # The last two entries cut: the chain left is whole, but shorter than the export.
    tamper(path, "DELETE FROM audit WHERE seq >= (SELECT max(seq) - 1 FROM audit)")
    assert verify(path)[0] == 0  # alone it cannot tell: said in the docs and the output
    code, said = verify(path, "--against", str(earlier))
    assert code == 1 and "removed from its end" in said, said


def test_a_rewritten_chain_is_found_against_an_earlier_export(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """Someone who edits an entry and computes every hash after it again makes a chain
    that is whole on its own: an export taken before shows it was rewritten."""
    path, earlier = tmp_path / "lead.sqlite3", tmp_path / "audit.json"
    made(path, mini)
    assert main(["--db", str(path), "audit", "export", "--out", str(earlier)]) == 0
    entries = chain_of(path)
    forged, previous = [], ""
    for e in entries:
        detail = "inspection=7" if e.seq == 2 else e.detail
        again = entry_hash(previous, e.seq, e.day, e.event, detail)
        forged.append(Entry(e.seq, e.day, e.event, detail, again))
        previous = forged[-1].hash
    assert broken_at(forged) is None and continues(entries, forged) is not None
    tamper(
        path,
        "DELETE FROM audit",
        *(
            f"INSERT INTO audit VALUES ({e.seq}, '{e.day}', '{e.event}', '{e.detail}', '{e.hash}')"
            for e in forged
        ),
    )
    assert verify(path)[0] == 0
    code, said = verify(path, "--against", str(earlier))
    assert code == 1 and "entry 2 differs" in said and "rewritten" in said, said


def test_a_bad_export_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    first = entry_hash("", 1, "2026-12-02", "audit_started", "")
    good = [Entry(1, "2026-12-02", "audit_started", "", first)]
    cases = {
        "not json": ("{", "not an audit export"),
        "another format": (json.dumps({"format": "x"}), "not an audit export"),
        "newer": (dumps(good, "k").replace('"version": 1', '"version": 2'), "format 2"),
        "an entry short": (dumps(good, "k").replace('"seq": 1, ', ""), "lacks a field"),
    }
    for name, (text, said) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text)
        with pytest.raises(AuditFileError, match=said):
            read_export(path)
    with pytest.raises(AuditFileError, match="not a regular file"):
        read_export(tmp_path)
    path = tmp_path / "good.json"
    path.write_text(dumps(good, "k"))
    assert read_export(path) == good


def test_audit_commands_on_no_database_and_on_a_bad_export_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["--db", str(missing), "audit", "verify"]) == 2
    assert "There is no database" in capsys.readouterr().err and not missing.exists()
    db = tmp_path / "lead.sqlite3"
    assert main(["--db", str(db), "inspection", "list"]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    before = chain_of(db)
    assert main(["--db", str(db), "audit", "verify", "--against", str(bad)]) == 2
    assert "not an audit export" in capsys.readouterr().err
    assert main(["--db", str(db), "audit", "export", "--out", str(tmp_path / "no" / "f")]) == 2
    assert chain_of(db) == before


def test_what_a_hostile_export_file_says_is_never_written_raw_to_the_terminal(
    tmp_path: Path,
) -> None:
    first = entry_hash("", 1, "2026-12-02", "audit_started", "")
    good = [Entry(1, "2026-12-02", "audit_started", "", first)]
    escape = "\x1b]0;owned\x07\x1b[2J" + "x" * 500
    for text in (
        dumps(good, "k").replace('"version": 1', json.dumps({"version": escape})[1:-1]),
        dumps(good, "k").replace('"seq": 1', json.dumps({"seq": escape})[1:-1]),
    ):
        path = tmp_path / "hostile.json"
        path.write_text(text)
        with pytest.raises(AuditFileError) as refused:
            read_export(path)
        said = str(refused.value)
        assert "\x1b" not in said and "\x07" not in said and len(said) < 400, said
