"""What the database keeps on disk: nothing of a withdrawn response but a tombstone, no
removed words left in the write-ahead log while other programs hold it open, no response
counted while it is still being answered, and files only their owner can read."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from survey_app.core.collection.session import SurveySession
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store

NAME = "Zebedee Quarterman"
"""Words that must not survive a withdrawal anywhere in the database's files."""


def on_disk(db: Path) -> bytes:
    """Every byte of the database's files, as someone who copies them would have."""
    return b"".join(
        path.read_bytes() for path in (db, db.with_name(db.name + "-wal")) if path.exists()
    )


async def answered(
    store: Store, questionnaire: Questionnaire, comment: str, inspection: int = 1
) -> str:
    session = SurveySession(store, questionnaire, inspection, "kiosk", "en")
    await session.start()
    await session.answer("safe", Answer.of("disagree"))
    await session.answer("complained", Answer.of("no"))
    await session.answer("activities", Answer.skip())
    await session.answer("sessions", Answer.skip())
    await session.answer("anything_else", Answer.of(comment))
    return await session.submit()


async def test_a_withdrawal_leaves_no_words_in_the_log_while_others_hold_it_open(
    db_path: Path, mini: Questionnaire
) -> None:
    kiosk = await Store.open(db_path)  # the kiosk and the web link keep the log alive
    web = await Store.open(db_path)
    lead = await Store.open(db_path)
    try:
        await answered(web, mini, "Fine here.")
        code = await answered(kiosk, mini, f"{NAME} in room 4 keeps shouting at night.")
        await answered(web, mini, "Food is good.")
        assert NAME.encode() in on_disk(db_path)  # the attack: the words are on disk
        assert await lead.withdraw(code) == "withdrawn"
        assert NAME.encode() not in on_disk(db_path)
        # The other programs carry on writing, and still nothing of it comes back.
        await answered(web, mini, "Another comment.")
        assert NAME.encode() not in on_disk(db_path)
    finally:
        for store in (kiosk, web, lead):
            await store.close()


async def test_a_withdrawn_response_leaves_only_a_tombstone(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        kept = await answered(store, mini, "Kept.")
        gone = await answered(store, mini, "Gone.")
        assert await store.withdraw(gone) == "withdrawn"
        assert await store.withdraw(gone) == "already"
        assert await store.withdraw(kept.lower()) == "withdrawn"
    finally:
        await store.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM response").fetchone() == (0,)
        assert connection.execute("SELECT COUNT(*) FROM answer").fetchone() == (0,)
        # no mode, language, day, inspection or questionnaire: only the code's hash, and
        # the response's random id, so that no bundle imported later brings it back
        columns = [row[1] for row in connection.execute("PRAGMA table_info(withdrawn)")]
        assert columns == ["tag", "hash", "response_id"]
        ids = connection.execute("SELECT response_id FROM withdrawn").fetchall()
        assert len(ids) == 2 and all(len(id_) == 32 for (id_,) in ids)


async def test_a_response_in_progress_is_not_counted_until_it_is_settled(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        real = await store.create_inspection(
            premises="Lantern House", region="Wales", fieldwork_start=dt.date(2026, 11, 25),
            fieldwork_end=dt.date(2026, 11, 26), language="en", residents=20,
        )  # fmt: skip
        await answered(store, mini, "Settled.", real.id)
        typing = SurveySession(store, mini, real.id, "kiosk", "en")
        await typing.start()
        await typing.answer("safe", Answer.of("agree"))
        await typing.answer("anything_else", Answer.of("Still typing"))
        everyone = await store.tallies_by_inspection()
        for tallies in (await store.tally(real.id), await store.tally(), everyone[real.id]):
            assert sum(tallies.of("safe").answered.values()) == 1
        assert (await store.tally(real.id)).responses == (await store.tally()).responses == 1
        assert len(await store.records(real.id)) == 1
        assert [
            text for *_, text in await store.free_text_without_quote(real.id, ["anything_else"])
        ] == ["Settled."]
        await typing.abandon(keep=True)  # the resident walked away: kept as partial
        assert (await store.tally(real.id)).responses == 2
        assert len(await store.records(real.id)) == 2
        assert sum((await store.tally()).of("safe").answered.values()) == 2
    finally:
        await store.close()


async def test_a_new_database_and_its_folder_are_its_owners_alone(
    tmp_path: Path, mini: Questionnaire
) -> None:
    db = tmp_path / "new" / "data" / "survey.sqlite3"
    before = stat.S_IMODE(tmp_path.stat().st_mode)
    store = await Store.open(db)
    try:
        await store.ensure_demo()
        await answered(store, mini, "Words.")
        for path in (db, db.with_name(db.name + "-wal")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for folder in (db.parent, db.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    finally:
        await store.close()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == before  # it was there: left as it was


async def test_responses_a_stopped_collector_left_in_progress_count_as_partial(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        for mode in ("kiosk", "web"):
            crashed = SurveySession(store, mini, 1, mode, "en")  # type: ignore[arg-type]
            await crashed.start()
            await crashed.answer("safe", Answer.of("agree"))
        empty = SurveySession(store, mini, 1, "kiosk", "en")
        await empty.start()
        assert (await store.tally(1)).responses == 0
        # The kiosk starts again: its own leftovers are settled, the web link's are not.
        assert await store.settle_abandoned(1, "kiosk") == 1
        assert (await store.tally(1)).responses == 1
        statuses = sorted((row.mode, row.status) for row in await store.responses(1))
        assert statuses == [("kiosk", "partial"), ("web", "in_progress")]
    finally:
        await store.close()


async def test_a_reader_that_holds_old_pages_gets_a_clear_message_not_a_freeze(
    db_path: Path, mini: Questionnaire
) -> None:
    """Another program in the middle of a long read keeps the log's old pages alive: the
    withdrawal is made all the same, and the one who asked is told the log is not empty
    yet, after seconds, not minutes."""
    store = await Store.open(db_path)
    try:
        code = await answered(store, mini, f"{NAME} again.")
        reader = sqlite3.connect(db_path)
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM answer").fetchone()  # holds its snapshot
        await answered(store, mini, "Written after the reader began.")
        started = time.monotonic()
        with pytest.raises(StoreError, match="could not be emptied"):
            await store.withdraw(code)
        assert time.monotonic() - started < 8
        reader.rollback()
        reader.close()
        assert await store.withdraw(code) == "already"  # it was withdrawn all the same
        assert await store.forget_removed()
        assert NAME.encode() not in on_disk(db_path)
    finally:
        await store.close()
