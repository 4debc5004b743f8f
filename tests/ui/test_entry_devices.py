"""Paper forms typed in on inspectors' laptops: each keying sealed for the lead as it is
typed, carried in a bundle, put beside its copy by the lead's merge, compared there with
the other keying (on another laptop, or the lead's), and only then made a response.
Real files throughout: the lead's store, a device's outbox, the bundle on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from driver import screen_name, screen_text, wait_for_screen
from test_entry_screens import WHOLE_FORM, key, message, paper_responses, type_serial

from survey_app.core.collection import serials
from survey_app.core.collection.entry import FIRST, Transcription
from survey_app.core.device.bundle import encode_bundle, read_bundle
from survey_app.core.device.keying import DeviceDesk
from survey_app.core.device.outbox import Outbox
from survey_app.core.device.setup import questionnaire_of, setup_for
from survey_app.core.keys.sealing import Argon2Cost, new_key_pair, unlock
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.imports import Receipt, open_bundle
from survey_app.ui.entry.app import EntryApp

LEAD = "the lead's passphrase"
QUICK = Argon2Cost(memory_kib=8 * 1024, passes=1, lanes=1)


def on_disk(db: Path) -> bytes:
    return b"".join(
        path.read_bytes() for path in (db, db.with_name(db.name + "-wal")) if path.exists()
    )


async def bring(store: Store, bundle: Path) -> Receipt:
    inspection = await store.get_inspection(1)
    assert inspection is not None
    protected = await store.protected_private_key(1)
    assert protected is not None
    read = read_bundle(bundle)
    opened = open_bundle(read, inspection, unlock(protected, LEAD))
    return await store.merge(1, read.id, opened)


async def test_keyings_on_a_laptop_are_sealed_merged_and_compared_by_the_lead(
    tmp_path: Path, mini: Questionnaire
) -> None:
    lead_path, laptop_path = tmp_path / "lead.sqlite3", tmp_path / "laptop.sqlite3"
    store = await Store.open(lead_path)
    made = await store.create_inspection(
        "Lantern House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 20
    )
    public, protected = new_key_pair(LEAD, QUICK)
    assert await store.set_key_pair(made.id, public, protected)
    inspection = await store.get_inspection(made.id)
    assert inspection is not None
    copies = serials.new_serials(4)
    await store.add_paper_copies(made.id, copies[:3], "en", "mini@0.1")
    setup = setup_for(inspection, mini)
    outbox = await Outbox.open(laptop_path)
    await outbox.join(setup)
    joined = questionnaire_of(setup)
    try:
        desk = DeviceDesk(outbox, joined, "en")
        app = EntryApp(joined, laptop_path, 1, outbox, "en", desk=desk)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, "SerialScreen", "the laptop's form number screen")
            assert "Forms keyed on this laptop: 0" in screen_text(pilot)
            await type_serial(pilot, copies[0])
            assert "sealed for the lead" in screen_text(pilot)
            await key(pilot, WHOLE_FORM)
            await wait_for_screen(pilot, "SerialScreen", "back")
            assert f"Form {copies[0]} is keyed and sealed for the lead" in message(pilot)
            # its second keying on the same laptop, by another inspector: nothing of the
            # first shows (nothing can: it is sealed)
            await type_serial(pilot, copies[0])
            assert "Keyed before" not in screen_text(pilot)
            await key(pilot, ["3", *WHOLE_FORM[1:]])
            await wait_for_screen(pilot, "SerialScreen", "back again")
            await type_serial(pilot, copies[1])  # keyed once here, once on the lead's
            await key(pilot, WHOLE_FORM)
            await wait_for_screen(pilot, "SerialScreen", "back a third time")
            await type_serial(pilot, copies[2])  # left part way: never used
            await key(pilot, ["2", "escape"])
            await wait_for_screen(pilot, "SerialScreen", "left")
            await type_serial(pilot, copies[3])  # printed later, unknown to the lead
            await key(pilot, WHOLE_FORM)
            await wait_for_screen(pilot, "SerialScreen", "back a fourth time")
            assert "Forms keyed on this laptop: 4" in screen_text(pilot)
        # what was typed is on the laptop's disk only sealed
        assert b"Good staff" not in on_disk(laptop_path)
        await outbox.settle_abandoned(1, "paper")
        pending = await outbox.pending()
        bundle = tmp_path / "laptop.bundle"
        bundle.write_bytes(encode_bundle(setup.uuid, setup.questionnaire_hash, pending))
        await outbox.mark_exported(pending)
    finally:
        await outbox.close()
    try:
        receipt = await bring(store, bundle)
        assert (receipt.keyings, receipt.keyings_left, receipt.new) == (3, 2, 0)
        again = await bring(store, bundle)
        assert (again.keyings, again.keyings_left, again.unchanged) == (0, 0, 5)
        assert await paper_responses(store) == []  # nothing final before the comparison
        app = EntryApp(mini, lead_path, 1, store, "en")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, "SerialScreen", "the lead's form number screen")
            assert "Forms whose two keyings differ: 1" in message(pilot)
            await type_serial(pilot, copies[0])
            await wait_for_screen(pilot, "ResolveScreen", "the differences")
            shown = screen_text(pilot)
            # which keying is first is the bundle's order: random ids, no time
            assert "2 Agree" in shown and "3 Unsure" in shown
            await pilot.press("1" if "First keying: 3 Unsure" in shown else "2")  # "Unsure"
            await wait_for_screen(pilot, "SerialScreen", "decided")
            await type_serial(pilot, copies[1])
            assert screen_name(pilot) == "KeyingScreen"
            assert "second keying" in screen_text(pilot)
            await key(pilot, WHOLE_FORM)
            await wait_for_screen(pilot, "SerialScreen", "the second keying's end")
            assert f"Form {copies[1]} is typed in" in message(pilot)
        answers = await paper_responses(store)
        assert sorted(a["safe"].value for a in answers) == ["agree", "unsure"]  # type: ignore[type-var]
        assert all(a["anything_else"] == Answer.of("Good staff") for a in answers)
        keying = await store.paper_keying(1)
        assert (keying.forms, keying.differed, keying.first_kept + keying.second_kept) == (2, 1, 1)
    finally:
        await store.close()


async def test_a_sealed_keying_is_input_a_value_no_question_takes_reads_as_unreadable(
    tmp_path: Path, mini: Questionnaire
) -> None:
    lead_path = tmp_path / "lead.sqlite3"
    store = await Store.open(lead_path)
    try:
        await store.ensure_demo()
        (serial,) = serials.new_serials(1)
        await store.add_paper_copies(1, [serial], "en", "mini@0.1")
        for qid, field in (
            ("safe", ("value", "not one of its codes")),
            ("sessions", ("value", "lots")),
            ("activities", ("multiple", "work\x1fnothing")),
            ("complained", ("value", "no")),
        ):
            await store.save_paper_field(1, serial, FIRST, qid, field)
        keying = Transcription(store, mini, 1, serial, FIRST, True, "en", "en")
        fields = await keying.load()
        assert fields["safe"].code == "unreadable"
        assert fields["sessions"].code == "unreadable"
        assert fields["activities"].code == "multiple" and fields["activities"].value is None
        assert fields["complained"].value == "no"
    finally:
        await store.close()


def test_double_entry_is_set_on_the_leads_machine_not_a_laptops(
    tmp_path: Path, mini: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from survey_app.cli import main

    laptop = tmp_path / "laptop.sqlite3"

    async def join() -> None:
        store = await Store.open(tmp_path / "lead.sqlite3")
        made = await store.create_inspection(
            "Lantern House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 20
        )
        public, protected = new_key_pair(LEAD, QUICK)
        await store.set_key_pair(made.id, public, protected)
        inspection = await store.get_inspection(made.id)
        assert inspection is not None
        outbox = await Outbox.open(laptop)
        await outbox.join(setup_for(inspection, mini))
        await outbox.close()
        await store.close()

    asyncio.run(join())
    before = on_disk(laptop)
    assert main(["--db", str(laptop), "entry", "--double-entry", "off"]) == 2
    assert "the lead's setting" in capsys.readouterr().err
    assert on_disk(laptop) == before
