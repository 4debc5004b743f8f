"""The store on a real SQLite file: durability settings, one transaction per answer,
nothing identifying, withdrawal codes kept only as hashes."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from survey_app.core.audit.chain import hashing
from survey_app.core.collection.codes import check_code, hash_code
from survey_app.core.collection.session import SurveySession
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import StoreError, statements
from survey_app.core.store.base import Store


def outside(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read with a separate connection: what another process (or a restart) would see."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


async def test_pragmas_and_migrations(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    store = await Store.open(db)
    try:
        mode = await (await store._db.execute("PRAGMA journal_mode")).fetchone()
        sync = await (await store._db.execute("PRAGMA synchronous")).fetchone()
        assert mode[0] == "wal"  # type: ignore[index]
        assert sync[0] == 2  # type: ignore[index]  # FULL
    finally:
        await store.close()
    assert outside(db, "PRAGMA user_version") == [(len(Store.SCHEMA.migrations),)]
    # opening again does not re-run migrations
    store = await Store.open(db)
    await store.close()


async def test_refuses_a_database_from_a_newer_version(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="newer survey-app"):
        await Store.open(db)


async def test_an_answer_is_visible_to_another_connection_when_save_returns(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        session = SurveySession(store, mini, 1, "self", "en")
        response_id = await session.start()
        await session.answer("safe", Answer.of("agree"))
        assert outside(
            db_path, "SELECT status, value FROM answer WHERE response_id = ?", (response_id,)
        ) == [("answered", '"agree"')]
        await session.answer("complained", Answer.of("yes"))
        await session.answer("complaint_fair", Answer.of("no"))
        await session.answer("complaint_why", Answer.of("[/] \x1b[31m ✊🏽 שלום"))
        await session.answer("complained", Answer.of("no"))  # routing drops the two above
        rows = dict(
            (qid, (status, value))
            for qid, status, value in outside(
                db_path,
                "SELECT question_id, status, value FROM answer WHERE response_id = ?",
                (response_id,),
            )
        )
        assert rows == {
            "safe": ("answered", '"agree"'),
            "complained": ("answered", '"no"'),
            "complaint_fair": ("not_applicable", None),
            "complaint_why": ("not_applicable", None),
        }
        # changing back reopens them: the marked rows go, to be answered afresh
        await session.answer("complained", Answer.of("yes"))
        assert outside(db_path, "SELECT count(*) FROM answer WHERE status = 'not_applicable'") == [
            (0,)
        ]
    finally:
        await store.close()


async def test_free_text_is_stored_exactly(db_path: Path, mini: Questionnaire) -> None:
    text = "[@click=app.quit]x[/] [/ a [/red] b [0] \x1b[2J\x07 🎉 مرحبا\u202e\nline two"
    store = await Store.open(db_path)
    try:
        session = SurveySession(store, mini, 1, "self", "en")
        await session.start()
        for qid, value in (("safe", "agree"), ("complained", "no"), ("activities", ("none",))):
            await session.answer(qid, Answer.of(value))
        await session.answer("anything_else", Answer.of(text))
        assert (await store.answers(session.response_id))["anything_else"].value == text  # type: ignore[arg-type]
    finally:
        await store.close()


async def test_a_failed_write_changes_nothing(db_path: Path, mini: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        session = SurveySession(store, mini, 1, "self", "en")
        response_id = await session.start()
        await session.answer("safe", Answer.of("agree"))
        # a write that fails half way: the first statement is fine, the second breaks a rule
        with pytest.raises(sqlite3.IntegrityError):
            await store._write(
                [
                    (
                        "UPDATE answer SET value = '\"disagree\"' WHERE response_id = ?",
                        (response_id,),
                    ),
                    (
                        "INSERT INTO answer (response_id, question_id, status) "
                        "VALUES (?, 'x', 'bad')",
                        (response_id,),
                    ),
                ]
            )
        assert outside(db_path, "SELECT value FROM answer") == [('"agree"',)]
        # and a store error undoes the answer in the flow too
        await store.close()
        with pytest.raises(ValueError):
            await session.answer("complained", Answer.of("yes"))
        assert "complained" not in session.flow.answers
    finally:
        with contextlib.suppress(ValueError):
            await store.close()


async def test_complete_gives_a_code_kept_only_as_a_hash(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        session = SurveySession(store, mini, 1, "self", "cy")
        response_id = await session.start()
        await session.answer("safe", Answer.of("agree"))
        code = await session.submit()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        [(status, day, stored, language)] = outside(
            db_path, "SELECT status, completed_day, withdrawal_hash, language FROM response"
        )
        assert (status, day, language) == ("complete", dt.date.today().isoformat(), "cy")
        assert code not in str(stored) and code.replace("-", "") not in str(stored)
        assert check_code(code.lower().replace("-", " "), str(stored))
        assert not check_code("AAAA-AAAA", str(stored))
        # withdrawal deletes the answers and the response; the same code again is told
        # "already" (only its hash is left, as a tombstone)
        assert await store.withdraw("AAAA-AAAA") == "unknown"
        assert await store.withdraw(code) == "withdrawn"
        assert outside(db_path, "SELECT count(*) FROM response WHERE id = ?", (response_id,)) == [
            (0,)
        ]
        assert outside(db_path, "SELECT count(*) FROM answer") == [(0,)]
        assert outside(db_path, "SELECT hash FROM withdrawn") == [(stored,)]
        assert await store.withdraw(code.lower()) == "already"
    finally:
        await store.close()


def test_hash_is_salted() -> None:
    assert hash_code("ABCD-EFGH") != hash_code("ABCD-EFGH")


async def test_abandon_keeps_a_partial_or_discards(db_path: Path, mini: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        kept = SurveySession(store, mini, 1, "kiosk", "en")
        await kept.start()
        await kept.answer("safe", Answer.skip())
        await kept.abandon(keep=True)
        dropped = SurveySession(store, mini, 1, "kiosk", "en")
        await dropped.start()
        await dropped.answer("safe", Answer.refuse())
        await dropped.abandon(keep=False)
        assert outside(db_path, "SELECT status FROM response") == [("partial",)]
        assert outside(db_path, "SELECT status FROM answer") == [("skipped",)]
    finally:
        await store.close()


async def test_nothing_identifying_in_the_schema(db_path: Path) -> None:
    columns = {
        (table, name, kind)
        for (table,) in outside(db_path, "SELECT name FROM sqlite_master WHERE type='table'")
        for _cid, name, kind, *_ in outside(db_path, f"PRAGMA table_info({table})")
    }
    names = {name for _table, name, _kind in columns}
    for forbidden in (
        "name",
        "resident",
        "crn",
        "device",
        "ip",
        "created_at",
        "timestamp",
        "time",
        "started_at",
        "user_agent",
        "host",
    ):
        assert forbidden not in names
    # the only dates are days: fieldwork, completion, a release made, collection closed,
    # raw responses purged, an alert received and its status changed (apart from responses),
    # a run of paper forms printed and a copy typed in (apart from responses: which serial
    # went to whom is never recorded, nor which response a serial became)
    assert {n for n in names if "day" in n or "start" in n or "end" in n} == {
        "received_day",
        "status_day",
        "completed_day",
        "fieldwork_start",
        "fieldwork_end",
        "day",
        "closed_day",
        "purged_day",
        "printed_day",
        "entered_day",
    }
    # responses, answers and a release's members have no rowid: storage order does not
    # reveal answering order
    ddl = " ".join(
        sql
        for (sql,) in outside(
            db_path,
            "SELECT sql FROM sqlite_master "
            "WHERE name IN ('response', 'answer', 'release_member', 'kept_quote')",
        )
    )
    assert ddl.count("WITHOUT ROWID") == 4


async def test_response_records_questionnaire_version_and_hash(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        response_id = await SurveySession(store, mini, 1, "self", "en").start()
        row = await store.response(response_id)
        assert row is not None
        assert (row.questionnaire_id, row.questionnaire_version, row.questionnaire_hash) == (
            "mini",
            "0.1",
            mini.content_hash,
        )
        assert re.fullmatch(r"[0-9a-f]{32}", response_id)
    finally:
        await store.close()


async def test_demo_is_created_once_and_labelled(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "d.sqlite3")
    try:
        demo = await store.ensure_demo()
        again = await store.ensure_demo()
        assert demo == again and demo.demo and "Demo" in demo.premises
        assert len(await store.list_inspections()) == 1
    finally:
        await store.close()


async def test_a_code_is_only_given_for_a_response_it_completes(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        session = SurveySession(store, mini, 1, "self", "en")
        await session.start()
        await session.submit()
        with pytest.raises(StoreError):
            await store.complete(session.response_id)  # type: ignore[arg-type]
        with pytest.raises(StoreError):
            await store.complete("no-such-response")
        secure = await (await store._db.execute("PRAGMA secure_delete")).fetchone()
        assert secure[0] == 1  # type: ignore[index]
    finally:
        await store.close()


def test_every_inspection_has_its_own_uuid_from_before_and_after(tmp_path: Path) -> None:
    """Inspections made under schema 10 get a UUID 4 each when the file is opened; new ones
    get one as they are made; none can be made without one, and none changes."""
    import sqlite3
    import uuid

    db = tmp_path / "v10.sqlite3"
    migrations = Store.SCHEMA.migrations
    raw = sqlite3.connect(db, isolation_level=None)
    for script in migrations[:10]:
        for statement in statements(script):
            raw.execute(statement)
    raw.execute("PRAGMA user_version=10")
    for n in range(5):
        raw.execute(
            "INSERT INTO inspection (premises, region, fieldwork_start, fieldwork_end, language, "
            "residents) VALUES (?, 'R', '2026-01-07', '2026-01-08', 'en', 20)",
            (f"AP {n}",),
        )
    raw.close()

    async def check() -> None:
        store = await Store.open(db)
        try:
            made = await store.create_inspection(
                "New AP", "R", dt.date(2026, 2, 4), dt.date(2026, 2, 5), "cy", 12
            )
            found = await store.list_inspections()
        finally:
            await store.close()
        ids = [inspection.uuid for inspection in found]
        assert made.uuid in ids and len(found) == 6
        assert len(set(ids)) == 6, ids  # each row drew its own
        assert all(uuid.UUID(i).version == 4 for i in ids)

    asyncio.run(check())
    raw = hashing(sqlite3.connect(db))
    for sql in (
        "INSERT INTO inspection (premises, region, fieldwork_start, fieldwork_end, language, "
        "residents) VALUES ('X', 'R', '2026-01-07', '2026-01-08', 'en', 1)",
        "UPDATE inspection SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = 1",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(sql)
    raw.close()


def test_answers_made_before_dont_know_was_a_status_survive_its_migration(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """Schema 16 makes the answer table again to let "don't know" in: every answer of a
    file made under 15 is kept as it was, and the table still refuses what it refused."""
    db = tmp_path / "v15.sqlite3"
    migrations = Store.SCHEMA.migrations
    raw = hashing(sqlite3.connect(db, isolation_level=None))
    for script in migrations[:15]:
        for statement in statements(script):
            raw.execute(statement)
    raw.execute("PRAGMA user_version=15")
    raw.execute(
        "INSERT INTO inspection (premises, region, fieldwork_start, fieldwork_end, language, "
        "residents, uuid) VALUES ('AP', 'R', '2026-01-07', '2026-01-08', 'en', 20, "
        "'6f1c2a52-5d0e-4c3b-9a51-0a7c1f4b2e11')"
    )
    raw.execute(
        "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
        "questionnaire_version, questionnaire_hash, status, completed_day) "
        "VALUES ('r1', 1, 'kiosk', 'en', 'mini', '1', 'h', 'complete', '2026-01-07')"
    )
    before = [("r1", "complained", "refused", None), ("r1", "safe", "answered", '"agree"')]
    raw.executemany("INSERT INTO answer VALUES (?, ?, ?, ?)", before)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("INSERT INTO answer VALUES ('r1', 'sessions', 'dont_know', NULL)")
    raw.close()

    async def upgrade() -> None:
        store = await Store.open(db)
        try:
            await store.save_answer("r1", "sessions", Answer.dont_know())
            tallies = await store.tally(1)
        finally:
            await store.close()
        assert tallies.of("sessions").dont_know == 1
        assert tallies.of("complained").refused == 1

    asyncio.run(upgrade())
    assert sorted(outside(db, "SELECT * FROM answer")) == sorted(
        [*before, ("r1", "sessions", "dont_know", None)]
    )
    names = {name for (name,) in outside(db, "SELECT name FROM sqlite_master")}
    assert {"answer_counting", "answer_after_close", "answer_changed_after_close"} <= names
    with sqlite3.connect(db) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("INSERT INTO answer VALUES ('r1', 'activities', 'unknown', NULL)")
