"""Several devices, one inspection: a setup file joins a device; answers there are sealed
as they are given; bundles carry them to the lead, whose merge counts each response once.
Real files throughout: the lead's store, device outboxes, bundle files on disk."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from survey_app.core.collection.codes import hash_code
from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.session import SurveySession
from survey_app.core.device.bundle import BundleError, encode_bundle, read_bundle
from survey_app.core.device.outbox import Outbox
from survey_app.core.device.setup import (
    Setup,
    SetupError,
    questionnaire_of,
    read_setup,
    setup_for,
)
from survey_app.core.keys.sealing import Argon2Cost, new_key_pair, unlock
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store
from survey_app.core.store.imports import Receipt, open_bundle

LEAD = "the lead's passphrase"
QUICK = Argon2Cost(memory_kib=8 * 1024, passes=1, lanes=1)  # tests only: the real cost is 64 MiB


def on_disk(db: Path) -> bytes:
    return b"".join(
        path.read_bytes() for path in (db, db.with_name(db.name + "-wal")) if path.exists()
    )


async def lead_store(path: Path, mini: Questionnaire) -> tuple[Store, Inspection, Setup]:
    import datetime as dt

    store = await Store.open(path)
    made = await store.create_inspection(
        "Lantern House", "Wales", dt.date(2026, 12, 2), dt.date(2026, 12, 3), "en", 20
    )
    public, protected = new_key_pair(LEAD, QUICK)
    assert await store.set_key_pair(made.id, public, protected)
    inspection = await store.get_inspection(made.id)
    assert inspection is not None and inspection.public_key == public
    return store, inspection, setup_for(inspection, mini)


async def device(path: Path, setup: Setup) -> Outbox:
    outbox = await Outbox.open(path)
    await outbox.join(setup)
    return outbox


async def answered(outbox: Outbox, mini: Questionnaire, comment: str, finish: bool = True) -> str:
    session = SurveySession(outbox, mini, 1, "kiosk", "en")
    await session.start()
    await session.answer("safe", Answer.of("disagree"))
    await session.answer("complained", Answer.of("no"))
    await session.answer("activities", Answer.of(("work",)))
    await session.answer("sessions", Answer.skip())
    await session.answer("anything_else", Answer.of(comment))
    if not finish:
        return session.response_id or ""
    return await session.submit()


async def carry(outbox: Outbox, setup: Setup, out: Path, everything: bool = False) -> Path:
    pending = await outbox.pending(everything)
    out.write_bytes(encode_bundle(setup.uuid, setup.questionnaire_hash, pending))
    await outbox.mark_exported(pending)
    return out


async def bring(store: Store, inspection: Inspection, bundle: Path) -> Receipt:
    protected = await store.protected_private_key(inspection.id)
    assert protected is not None
    read = read_bundle(bundle)
    opened = open_bundle(read, inspection, unlock(protected, LEAD))
    return await store.merge(inspection.id, read.id, opened)


@pytest.fixture
async def field(
    tmp_path: Path, mini: Questionnaire
) -> AsyncIterator[tuple[Store, Inspection, Setup]]:
    store, inspection, setup = await lead_store(tmp_path / "lead.sqlite3", mini)
    try:
        yield store, inspection, setup
    finally:
        await store.close()


def counts(receipt: Receipt) -> tuple[int, int, int, int, int]:
    return (receipt.new, receipt.updated, receipt.unchanged, receipt.conflicts, receipt.withdrawn)


async def test_answers_on_a_device_are_sealed_on_disk_and_open_on_the_leads_machine(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    store, inspection, setup = field
    db = tmp_path / "kiosk.sqlite3"
    kiosk = await device(db, setup)
    words = ["Staff listen to me here.", "Wozza in room 7 takes food.", "Diolch am y cymorth."]
    codes = [await answered(kiosk, mini, text) for text in words]
    # The grep test, with the outbox open (its write-ahead log in use) and after closing.
    for _moment in ("open", "closed"):
        raw = on_disk(db)
        assert db.with_name(db.name + "-wal").exists() or _moment == "closed"
        # (the options' codes are in the questionnaire it joined with: no secret)
        for secret in [*words, *codes, "Wozza", "room 7", "Diolch"]:
            assert secret.encode() not in raw, secret
            assert secret.encode("utf-16-le") not in raw
        if _moment == "open":
            await kiosk.close()
    kiosk = await Outbox.open(db)
    try:
        # the index holds only what a bundle needs
        pending = await kiosk.pending()
        assert [(p.status, p.mode, p.day) for p in pending] == [
            ("complete", "kiosk", pending[0].day)
        ] * 3
        bundle = await carry(kiosk, setup, tmp_path / "kiosk.bundle")
    finally:
        await kiosk.close()
    assert counts(await bring(store, inspection, bundle)) == (3, 0, 0, 0, 0)
    given = sorted(
        [
            str((await store.answers(r.id))["anything_else"].value)
            for r in await store.responses(inspection.id)
        ]
    )
    assert given == sorted(words)
    one = (await store.responses(inspection.id))[0]
    assert (await store.answers(one.id))["activities"] == Answer.of(("work",))
    assert one.status == "complete" and one.mode == "kiosk"
    assert one.questionnaire_hash == mini.content_hash
    # withdrawal codes given on the device work on the lead's machine
    assert await store.withdraw(codes[1]) == "withdrawn"
    assert len(await store.responses(inspection.id)) == 2


async def test_the_same_bundle_twice_and_overlapping_bundles_count_each_response_once(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    store, inspection, setup = field
    kiosk = await device(tmp_path / "kiosk.sqlite3", setup)
    web = await device(tmp_path / "web.sqlite3", setup)
    try:
        for n in range(2):
            await answered(kiosk, mini, f"kiosk {n}")
        first = await carry(kiosk, setup, tmp_path / "a.bundle")
        await answered(kiosk, mini, "kiosk 2")
        second = await carry(kiosk, setup, tmp_path / "b.bundle", everything=True)
        assert len(read_bundle(second).responses) == 3  # overlaps the first by two
        assert await kiosk.pending() == []  # nothing waits once exported
        await answered(web, mini, "web 0")
        third = await carry(web, setup, tmp_path / "c.bundle")
    finally:
        await kiosk.close()
        await web.close()
    assert counts(await bring(store, inspection, first)) == (2, 0, 0, 0, 0)
    again = await bring(store, inspection, first)
    assert counts(again) == (0, 0, 2, 0, 0) and again.seen_before
    assert counts(await bring(store, inspection, second)) == (1, 0, 2, 0, 0)
    assert counts(await bring(store, inspection, third)) == (1, 0, 0, 0, 0)
    assert len(await store.responses(inspection.id)) == 4


async def test_a_partial_response_is_replaced_by_its_completed_version_and_never_by_an_older(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    store, inspection, setup = field
    laptop = await device(tmp_path / "laptop.sqlite3", setup)
    try:
        response = await answered(laptop, mini, "first words", finish=False)
        assert await laptop.mark_partial(response, with_code=True) is not None
        early = await carry(laptop, setup, tmp_path / "early.bundle")
        await laptop.save_answer(response, "anything_else", Answer.of("second words"))
        await laptop.complete(response)
        late = await carry(laptop, setup, tmp_path / "late.bundle")
    finally:
        await laptop.close()
    assert counts(await bring(store, inspection, early)) == (1, 0, 0, 0, 0)
    assert (await store.response(response)).status == "partial"  # type: ignore[union-attr]
    assert counts(await bring(store, inspection, late)) == (0, 1, 0, 0, 0)
    row = await store.response(response)
    assert row is not None and row.status == "complete"
    assert (await store.answers(response))["anything_else"] == Answer.of("second words")
    # the older copy, imported again, changes nothing
    assert counts(await bring(store, inspection, early)) == (0, 0, 1, 0, 0)
    assert (await store.answers(response))["anything_else"] == Answer.of("second words")


async def cloned_device(
    tmp_path: Path, mini: Questionnaire, setup: Setup
) -> tuple[str, list[Path]]:
    """A kiosk's disk copied mid-response, both copies carried on and bundled: the same
    response id with two different endings ("one ending" first)."""
    original = tmp_path / "kiosk.sqlite3"
    kiosk = await device(original, setup)
    session = SurveySession(kiosk, mini, 1, "kiosk", "en")
    await session.start()
    await session.answer("safe", Answer.of("agree"))
    await kiosk.close()
    assert session.response_id is not None
    clone = tmp_path / "clone.sqlite3"
    shutil.copy(original, clone)
    bundles = []
    for path, words in ((original, "one ending"), (clone, "another ending")):
        outbox = await Outbox.open(path)
        try:
            await outbox.save_answer(session.response_id, "anything_else", Answer.of(words))
            await outbox.complete(session.response_id)
            bundles.append(await carry(outbox, setup, tmp_path / f"{path.stem}.bundle"))
        finally:
            await outbox.close()
    return session.response_id, bundles


async def test_the_same_id_with_other_records_is_a_conflict_not_an_overwrite(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    store, inspection, setup = field
    response_id, bundles = await cloned_device(tmp_path, mini, setup)
    assert counts(await bring(store, inspection, bundles[0])) == (1, 0, 0, 0, 0)
    assert counts(await bring(store, inspection, bundles[1])) == (0, 0, 0, 1, 0)
    kept = await store.answers(response_id)
    assert kept["anything_else"] == Answer.of("one ending")
    assert (await store.imported(inspection.id)).conflicts == 1


async def test_a_withdrawn_response_is_not_brought_back_by_an_old_bundle(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    store, inspection, setup = field
    kiosk = await device(tmp_path / "kiosk.sqlite3", setup)
    try:
        code = await answered(kiosk, mini, "take me back")
        await answered(kiosk, mini, "keep me")
        bundle = await carry(kiosk, setup, tmp_path / "k.bundle")
    finally:
        await kiosk.close()
    await bring(store, inspection, bundle)
    assert await store.withdraw(code) == "withdrawn"
    assert counts(await bring(store, inspection, bundle)) == (0, 0, 1, 0, 1)
    words = [
        (await store.answers(r.id))["anything_else"].value
        for r in await store.responses(inspection.id)
    ]
    assert words == ["keep me"]


def _rewrite(path: Path, change: object) -> None:
    """Change a bundle's responses and make its manifest match again, as a forger would."""
    import hashlib

    from survey_app.core.device.bundle import records_hash

    head, *lines, end = path.read_bytes().splitlines(keepends=True)
    documents = [json.loads(line) for line in lines]
    change(documents)  # type: ignore[operator]
    for document in documents:
        import base64

        blobs = [base64.b64decode(b) for b in document["sealed"]]
        document["hash"] = records_hash(blobs)
    body = [json.dumps(d, separators=(",", ":")).encode() + b"\n" for d in documents]
    manifest = json.loads(head)
    manifest["digest"] = hashlib.sha256(b"".join(body)).hexdigest()
    path.write_bytes(json.dumps(manifest).encode() + b"\n" + b"".join(body) + end)


@pytest.mark.parametrize(
    "damage",
    ["truncated", "byte flipped", "newer format", "wrong inspection", "wrong key", "moved",
     "not a bundle", "empty"],
)  # fmt: skip
async def test_a_bad_bundle_is_refused_whole_and_nothing_is_imported(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup], damage: str
) -> None:
    store, inspection, setup = field
    if damage == "wrong key":
        # A device given a setup file whose key was swapped: the same inspection, another key
        other_public, _other = new_key_pair("someone else's", QUICK)
        setup = dataclasses.replace(setup, public_key=other_public)
    if damage == "wrong inspection":
        setup = dataclasses.replace(setup, uuid="3f2504e0-4f89-41d3-9a0c-0305e82c3301")
    kiosk = await device(tmp_path / "kiosk.sqlite3", setup)
    try:
        for n in range(3):
            await answered(kiosk, mini, f"words {n}")
        bundle = await carry(kiosk, setup, tmp_path / "k.bundle")
    finally:
        await kiosk.close()
    data = bundle.read_bytes()
    if damage == "truncated":
        bundle.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "byte flipped":
        at = len(data) // 2
        bundle.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    elif damage == "newer format":
        bundle.write_bytes(data.replace(b'"version":2', b'"version":3', 1))
    elif damage == "moved":
        # the second response's last record swapped for the first's: each still opens
        # with the key, but not as part of another response
        def swap(documents: list[dict[str, object]]) -> None:
            a, b = documents[0]["sealed"], documents[1]["sealed"]
            assert isinstance(a, list) and isinstance(b, list)
            a[-1], b[-1] = b[-1], a[-1]

        _rewrite(bundle, swap)
    elif damage == "not a bundle":
        bundle.write_text("id,answer\n1,yes\n")
    elif damage == "empty":
        bundle.write_bytes(b"")
    messages = {
        "truncated": "cut short", "byte flipped": "changed", "newer format": "newer survey-app",
        "wrong inspection": "another inspection", "wrong key": "do not open",
        "moved": "does not open", "not a bundle": "not a survey-app bundle",
        "empty": "not a survey-app bundle",
    }  # fmt: skip
    with pytest.raises(BundleError, match=messages[damage]):
        await bring(store, inspection, bundle)
    assert await store.responses(inspection.id) == []


async def test_imports_at_once_from_two_connections_count_each_response_once(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    """Two imports running at the same time (two terminals), with the lead's screens open
    on a third connection: each bundle whole, each response once."""
    store, inspection, setup = field
    kiosk = await device(tmp_path / "kiosk.sqlite3", setup)
    try:
        for n in range(40):
            await answered(kiosk, mini, f"resident {n}")
        bundle = await carry(kiosk, setup, tmp_path / "k.bundle")
    finally:
        await kiosk.close()
    others = [await Store.open(store.path) for _ in range(2)]
    try:
        screens = asyncio.create_task(store.tallies_by_inspection())
        receipts = await asyncio.gather(*(bring(s, inspection, bundle) for s in others))
        await screens
    finally:
        for other in others:
            await other.close()
    assert sorted(r.new for r in receipts) == [0, 40]
    assert sorted(r.unchanged for r in receipts) == [0, 40]
    assert len(await store.responses(inspection.id)) == 40


async def test_a_setup_file_is_refused_if_damaged_edited_or_newer(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    import hashlib

    _store, _inspection, setup = field
    good = tmp_path / "setup.json"
    good.write_text(setup.dumps())
    read = read_setup(good)
    assert read == setup
    questionnaire_of(read, check=True)
    document = json.loads(good.read_text())

    def written(change: object, digest: bool = True) -> Path:
        copy = json.loads(json.dumps(document))
        change(copy)  # type: ignore[operator]
        copy.pop("digest")
        if digest:
            canonical = json.dumps(copy, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            copy["digest"] = hashlib.sha256(canonical.encode()).hexdigest()
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(copy))
        return path

    edited = written(lambda d: d["inspection"].update(premises="Elsewhere"), digest=False)
    with pytest.raises(SetupError, match="damaged or was edited"):
        read_setup(edited)
    newer = written(lambda d: d.update(version=2))
    with pytest.raises(SetupError, match="newer survey-app"):
        read_setup(newer)
    # the digest made again over a changed question: the questionnaire's own hash refuses it
    changed = written(
        lambda d: d["questionnaire"].update(toml=d["questionnaire"]["toml"].replace(
            'version = "0.1"', 'version = "0.2"'))
    )  # fmt: skip
    assert read_setup(changed).questionnaire != setup.questionnaire
    with pytest.raises(SetupError, match="does not match its hash"):
        questionnaire_of(read_setup(changed), check=True)
    for hostile in ("../../etc/x", ".hidden", ""):
        with pytest.raises(SetupError, match="not a survey-app setup file"):
            read_setup(written(lambda d, h=hostile: d["questionnaire"].update(name=h)))


async def test_one_kind_of_database_is_never_opened_as_the_other(
    tmp_path: Path, field: tuple[Store, Inspection, Setup]
) -> None:
    store, _inspection, setup = field
    with pytest.raises(StoreError, match="is the lead's store, not a collecting device's"):
        await Outbox.open(store.path)
    outbox = await device(tmp_path / "d.sqlite3", setup)
    await outbox.close()
    with pytest.raises(StoreError, match="is a collecting device's outbox, not the lead's"):
        await Store.open(tmp_path / "d.sqlite3")
    # a device joined once stays joined to that inspection
    outbox = await Outbox.open(tmp_path / "d.sqlite3")
    try:
        assert not await outbox.join(setup)
        with pytest.raises(StoreError, match="already collects for another inspection"):
            await outbox.join(
                dataclasses.replace(setup, uuid="3f2504e0-4f89-41d3-9a0c-0305e82c3301")
            )
        with pytest.raises(StoreError, match="cannot withdraw"):
            await outbox.withdraw("ABCD-EFGH")
    finally:
        await outbox.close()
    # the device keeps withdrawal codes only sealed: no column holds one or its hash
    with sqlite3.connect(tmp_path / "d.sqlite3") as connection:
        columns = {
            column
            for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            for (_n, column, *_rest) in connection.execute(f"PRAGMA table_info({table})")
        }
    assert not {c for c in columns if "withdrawal" in c or "code" in c}
    assert hash_code("ABCD-EFGH").encode() not in on_disk(tmp_path / "d.sqlite3")


async def test_a_fieldwork_rehearsal_three_devices_merged_on_the_leads_machine_recount_exactly(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    """Monday to Thursday in small: the web link, a kiosk and a laptop collect at once,
    bundles are carried twice a day (overlapping, one carried twice, in any order), a
    resident withdraws on Wednesday; the lead's store then holds exactly what was given."""
    import random

    store, inspection, setup = field
    rng = random.Random(11)
    devices = {name: await device(tmp_path / f"{name}.sqlite3", setup)
               for name in ("web", "kiosk", "laptop")}  # fmt: skip
    given: dict[str, tuple[str, str]] = {}  # withdrawal code -> (safe, words)
    bundles: list[Path] = []
    try:
        for day in range(4):
            for name, outbox in devices.items():
                for n in range(rng.randint(1, 4)):
                    safe = rng.choice(["agree", "disagree", "strongly_agree"])
                    words = f"{name} day {day} resident {n}"
                    session = SurveySession(outbox, mini, 1, "kiosk", rng.choice(["en", "cy"]))
                    await session.start()
                    await session.answer("safe", Answer.of(safe))
                    await session.answer("anything_else", Answer.of(words))
                    given[await session.submit()] = (safe, words)
                everything = rng.random() < 0.3
                bundles.append(
                    await carry(outbox, setup, tmp_path / f"{name}-{day}.bundle", everything)
                )
    finally:
        for outbox in devices.values():
            await outbox.close()
    order = bundles + rng.sample(bundles, 3)  # some carried twice
    rng.shuffle(order)
    withdrawn_code = next(iter(given))
    total = Receipt()
    for number, bundle in enumerate(order):
        total.add(await bring(store, inspection, bundle))
        if number == len(order) // 2:
            outcome = await store.withdraw(withdrawn_code)
            assert outcome in ("withdrawn", "unknown")  # unknown: its bundle not in yet
            if outcome == "unknown":
                continue
            kept_out = given.pop(withdrawn_code)
    if withdrawn_code in given:  # its bundle came after: withdraw now, as the lead would
        assert await store.withdraw(withdrawn_code) == "withdrawn"
        kept_out = given.pop(withdrawn_code)
    assert kept_out
    assert total.conflicts == 0
    stored = sorted(
        [
            (str(a["safe"].value), str(a["anything_else"].value))
            for r in await store.responses(inspection.id)
            for a in [await store.answers(r.id)]
        ]
    )
    assert stored == sorted(given.values())


def test_a_bundle_larger_than_the_cap_is_refused_unread(tmp_path: Path) -> None:
    from survey_app.core.device.bundle import MAX_BUNDLE

    huge = tmp_path / "huge.bundle"
    with huge.open("wb") as file:  # sparse: no gigabyte written to the disk
        file.write(b'{"format": "survey-app bundle"}\n')
        file.truncate(MAX_BUNDLE + 1)
    with pytest.raises(BundleError, match="does not match its manifest"):
        read_bundle(huge)


async def test_a_device_that_starts_again_brings_a_new_response_key_and_all_of_it_opens(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    """A response's records share the key its first record brought, held in memory only;
    a kiosk that stopped mid-response (its key gone with it) settles the response with a
    record that brings a new one. The lead opens the whole history."""
    from survey_app.core.keys.sealing import KEY_RECORD, KEYED_RECORD

    store, inspection, setup = field
    path = tmp_path / "kiosk.sqlite3"
    kiosk = await device(path, setup)
    session = SurveySession(kiosk, mini, 1, "kiosk", "en")
    await session.start()
    await session.answer("safe", Answer.of("agree"))
    await session.answer("complained", Answer.of("no"))
    assert session.response_id is not None
    key = kiosk._keys[session.response_id]
    await kiosk.close()  # the kiosk stopped here: nothing in memory survives
    assert key not in on_disk(path)  # the response's key was never written down
    again = await Outbox.open(path)
    try:
        assert await again.settle_abandoned(1, "kiosk") == 1
        pending = await again.pending(False)
        kinds = [blob[:4] for blob in pending[0].sealed]
        assert kinds == [KEY_RECORD, KEYED_RECORD, KEYED_RECORD, KEY_RECORD]
        bundle = await carry(again, setup, tmp_path / "k.bundle")
    finally:
        await again.close()
    assert counts(await bring(store, inspection, bundle)) == (1, 0, 0, 0, 0)
    assert session.response_id not in again._keys  # settled: its key is forgotten
    given = await store.answers(session.response_id)
    assert given["safe"] == Answer.of("agree") and given["complained"] == Answer.of("no")
    stored = await store.response(session.response_id)
    assert stored is not None and stored.status == "partial"


async def test_dont_know_said_in_an_interview_on_a_laptop_is_counted_apart_by_the_lead(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    """A status of its own travels sealed like any answer, and the lead's count keeps it
    apart from answers, skips and refusals."""
    store, inspection, setup = field
    laptop = await device(tmp_path / "laptop.sqlite3", setup)
    try:
        session = SurveySession(laptop, mini, 1, "interview", "en")
        await session.start()
        await session.answer("safe", Answer.dont_know())
        await session.answer("complained", Answer.refuse())
        await session.answer("activities", Answer.of(("work",)))
        await session.answer("sessions", Answer.dont_know())
        await session.submit()
        bundle = await carry(laptop, setup, tmp_path / "laptop.bundle")
    finally:
        await laptop.close()
    assert counts(await bring(store, inspection, bundle)) == (1, 0, 0, 0, 0)
    tallies = await store.tally(inspection.id)
    assert tallies.modes == {"interview": 1}
    assert (tallies.of("safe").dont_know, tallies.of("sessions").dont_know) == (1, 1)
    assert not tallies.of("safe").answered and tallies.of("complained").refused == 1


async def test_an_inspectors_note_travels_sealed_and_lands_apart_from_the_answers(
    tmp_path: Path, mini: Questionnaire, field: tuple[Store, Inspection, Setup]
) -> None:
    """A note on a laptop is sealed like an answer (its words not on the laptop's disk),
    merged into the lead's notes and not into any answer or quote; changed and taken away
    in the laptop's history, it arrives as it was left; a note in a response that was no
    interview is no record this app writes, and the bundle is refused whole."""
    from survey_app.core.device import records
    from survey_app.core.evidence.quotes import gather

    store, inspection, setup = field
    db = tmp_path / "laptop.sqlite3"
    laptop = await device(db, setup)
    try:
        session = SurveySession(laptop, mini, 1, "interview", "en")
        await session.start()
        await session.answer("safe", Answer.of("agree"))
        await session.note("safe", "Quiet, looked at the door")
        await session.note("safe", "Quiet; looked at the door twice")
        await session.note("complained", "First thoughts")
        await session.answer("complained", Answer.of("no"))
        await session.note("complained", "")
        await session.submit()
        for secret in ("looked at the door", "First thoughts"):
            assert secret.encode() not in on_disk(db)
        bundle = await carry(laptop, setup, tmp_path / "laptop.bundle")
    finally:
        await laptop.close()
    assert counts(await bring(store, inspection, bundle)) == (1, 0, 0, 0, 0)
    assert await store.interview_notes(inspection.id, "safe") == ["Quiet; looked at the door twice"]
    assert await store.interview_notes(inspection.id, "complained") == []
    await gather(store, mini, inspection.id)
    assert not any("door" in q.text for q in await store.quotes(inspection.id))
    with pytest.raises(records.RecordError):
        records.replay(
            [
                records.decode(records.start(0, "kiosk", "en", "mini", "1"), 0),
                records.decode(records.note(1, "safe", "words"), 1),
            ]
        )
