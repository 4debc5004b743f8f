"""Pausing an interview and taking it up again, on a real lead's store and a real device
outbox: the state opens only with the inspector's passphrase, the list says nothing of
the resident, a paused interview is not settled as abandoned at start-up, and one left
too long becomes partial."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_devices import QUICK, bring, carry, device, lead_store

from survey_app.core.collection.collector import CollectingDb
from survey_app.core.collection.pause import resume, seal_state, settle_stale, stale
from survey_app.core.collection.session import SurveySession
from survey_app.core.keys.sealing import WrongPassphrase
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.paused import PausedInterview
from survey_app.core.store.base import Store

PAUSE = "blue kettle 42"


async def paused_interview(store: CollectingDb, mini: Questionnaire) -> tuple[str, int]:
    session = SurveySession(store, mini, 1, "interview", "cy")
    await session.start()
    await session.answer("safe", Answer.of("agree"))
    await session.answer("complained", Answer.dont_know())
    await session.note("safe", "Paused while staff called him")
    assert session.response_id is not None
    sealed = seal_state(session, PAUSE, QUICK)
    progress = session.flow.progress()
    number = await store.pause(session.response_id, sealed, progress.done, progress.total)
    return session.response_id, number


async def test_a_paused_interview_goes_on_where_it_was_and_is_merged_whole(
    tmp_path: Path, mini: Questionnaire
) -> None:
    store, inspection, setup = await lead_store(tmp_path / "lead.sqlite3", mini)
    try:
        laptop = await device(tmp_path / "laptop.sqlite3", setup)
        try:
            response_id, number = await paused_interview(laptop, mini)
            assert number == 1
            # What the list shows: a number, the day, how far it got; nothing else.
            (shown,) = await laptop.paused_interviews()
            assert shown == PausedInterview(1, dt.date.today(), 2, shown.total)
            assert shown.total > 2
            # The laptop starts again: a paused interview is not abandoned.
            assert await laptop.settle_abandoned(1, "interview") == 0
            assert await laptop.pending() == []
            found = await laptop.paused_state(1)
            assert found is not None and found[0] == response_id
            with pytest.raises(WrongPassphrase):
                resume(laptop, mini, 1, response_id, found[1], "not the one")
            with pytest.raises(WrongPassphrase):  # another response's id: it does not open
                resume(laptop, mini, 1, "0" * 32, found[1], PAUSE)
            session = resume(laptop, mini, 1, response_id, found[1], PAUSE)
            await laptop.unpause(1)
            assert session.language == "cy" and session.notes == {
                "safe": "Paused while staff called him"
            }
            assert session.flow.answers["complained"] == Answer.dont_know()
            assert session.flow.current is not None and session.flow.current.id == "activities"
            await session.answer("activities", Answer.of(("work",)))
            await session.submit()
            assert await laptop.paused_interviews() == []
            bundle = await carry(laptop, setup, tmp_path / "laptop.bundle")
        finally:
            await laptop.close()
        await bring(store, inspection, bundle)
        (merged,) = [r for r in await store.records(inspection.id)]
        assert merged[0] == "interview"
        assert {q: a.status for q, a in merged[2].items()} == {
            "safe": "answered", "complained": "dont_know", "activities": "answered",
        }  # fmt: skip
        assert await store.interview_notes(inspection.id, "safe") == [
            "Paused while staff called him"
        ]
    finally:
        await store.close()


async def test_a_paused_interview_left_too_long_becomes_partial(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        response_id, _number = await paused_interview(store, mini)
        end = dt.date.today()
        assert await settle_stale(store, dt.date.today(), end, None) == 0  # fieldwork goes on
        assert await store.settle_abandoned(1, "interview") == 0
        assert (await store.response(response_id)).status == "in_progress"  # type: ignore[union-attr]
        later = end + dt.timedelta(days=1)
        assert await settle_stale(store, later, end, None) == 1
        assert (await store.response(response_id)).status == "partial"  # type: ignore[union-attr]
        assert await store.paused_interviews() == []
    finally:
        await store.close()


def test_which_paused_interviews_are_stale() -> None:
    today = dt.date(2026, 12, 10)
    paused = [
        PausedInterview(1, dt.date(2026, 12, 2), 3, 20),
        PausedInterview(2, dt.date(2026, 12, 9), 5, 20),
    ]
    assert stale(paused, today, dt.date(2026, 12, 10), None) == []
    assert stale(paused, today, dt.date(2026, 12, 9), None) == [1, 2]
    assert stale(paused, today, dt.date(2026, 12, 31), 3) == [1]
    assert stale(paused, today, dt.date(2026, 12, 31), 0) == [1, 2]


def test_a_pause_passphrase_is_not_too_short(mini: Questionnaire) -> None:
    session = SurveySession(None, mini, 1, "interview", "en")  # type: ignore[arg-type]
    session.response_id = "1" * 32
    with pytest.raises(ValueError):
        seal_state(session, "short", QUICK)
