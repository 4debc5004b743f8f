"""A whole interview in a real terminal (tmux) at 80x24: the inspector's keys, the words to
read in their box, the code to hand over, the response recorded as an interview."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import Tmux, require  # type: ignore[import-not-found]

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "data" / "mini.toml"


async def left_in_progress(db: Path) -> None:
    from survey_app.core.collection.session import SurveySession
    from survey_app.core.questionnaire.flow import Answer
    from survey_app.core.questionnaire.model import load
    from survey_app.core.store.base import Store

    store = await Store.open(db)
    try:
        inspection = await store.ensure_demo()
        session = SurveySession(store, load(MINI), inspection.id, "interview", "en")
        await session.start()
        await session.answer("safe", Answer.of("agree"))
    finally:
        await store.close()


def test_a_whole_interview_in_a_real_terminal(tmp_path: Path) -> None:
    tmux = Tmux(require("tmux"), f"interview-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "laptop.sqlite3"
    asyncio.run(left_in_progress(db))  # the laptop's battery died mid-interview last time
    command = [
        "env", "SURVEY_APP_LANGUAGE=en", sys.executable, "-m", "survey_app", "--db", str(db),
        "--questionnaire", str(MINI), "interview",
    ]  # fmt: skip
    tmux.start(command, width=80, height=24)
    try:
        tmux.settled("Facilitated interview")
        time.sleep(0.4)
        tmux.keys("1")  # the resident answers in Welsh; the inspector's screen is English
        shown = tmux.settled("Did the resident agree")
        assert "interpreter" in shown and "They agreed: start" in shown
        # Keys in the first moments after a screen appears are ignored on purpose (the
        # input guard); "settled" can return inside them on a busy machine.
        time.sleep(0.4)
        tmux.keys("1")
        # the consent screen also says "Read aloud": wait for the first question's words
        shown = tmux.settled("Rwy'n teimlo'n ddiogel yma.")
        assert "Rwy'n teimlo'n ddiogel yma." in shown, shown  # the words to read, in Welsh
        for key in ("S  Skip", "P  Refused", "B  Back", "X  End", "L  Cymraeg"):
            assert key in shown, (key, shown)
        time.sleep(0.4)
        tmux.keys("2")  # agree
        tmux.read("Ydych chi wedi gwneud cwyn yma?")
        tmux.keys("p")  # refused
        tmux.read("Pa rai o'r rhain")
        tmux.keys("1", "0")
        tmux.read("Sawl sesiwn")
        tmux.keys("3", "Enter")
        tmux.read("Oedden nhw'n ddefnyddiol?")
        tmux.keys("s")
        tmux.read("Oes unrhyw beth arall")
        tmux.keys("Mae popeth yn iawn", "Enter")
        tmux.read("All the questions are done.")
        tmux.keys("d")
        tmux.wait_for("Write this code on a card")
        tmux.keys("q")
        deadline = time.monotonic() + 10
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux.close()
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT mode, status, language FROM response ORDER BY status"
        ).fetchall()
        # This interview complete; the one left in progress settled as partial at start.
        assert found == [("interview", "complete", "cy"), ("interview", "partial", "en")]
        statuses = dict(
            connection.execute(
                "SELECT a.question_id, a.status FROM answer a JOIN response r "
                "ON r.id = a.response_id WHERE r.status = 'complete'"
            )
        )
    assert statuses["complained"] == "refused" and statuses["sessions_useful"] == "skipped"
