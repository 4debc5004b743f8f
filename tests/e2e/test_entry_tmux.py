"""Paper forms typed in, in a real terminal (tmux) at 80x24, by keys alone: the form's
number, then every question's key, twice (double entry), a difference decided, the
response recorded as paper. The keys of each whole keying go in one send (one terminal
read), as a fast keyer's do."""

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
# mini.toml, question by question (see tests/ui/test_entry.py)
FORM = "22\r\r12\r3\r1Good staff\r\r"


async def printed(db: Path) -> str:
    from survey_app.core.collection.serials import new_serials
    from survey_app.core.store.base import Store

    store = await Store.open(db)
    try:
        await store.ensure_demo()
        (serial,) = new_serials(1)
        await store.add_paper_copies(1, [serial], "en", "mini@0.1")
        return serial
    finally:
        await store.close()


def test_a_form_keyed_twice_in_a_real_terminal(tmp_path: Path) -> None:
    tmux = Tmux(require("tmux"), f"entry-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "lead.sqlite3"
    serial = asyncio.run(printed(db))
    command = [
        "env", "SURVEY_APP_LANGUAGE=en", sys.executable, "-m", "survey_app", "--db", str(db),
        "--questionnaire", str(MINI), "entry",
    ]  # fmt: skip
    tmux.start(command, width=80, height=24)
    try:
        tmux.settled("Type in paper forms")
        tmux.keys("-l", "XYZ")
        tmux.keys("Enter")
        tmux.wait_for("7 letters and figures")
        tmux.keys("-l", serial.lower())
        tmux.keys("Enter")
        shown = tmux.settled("Question 1 of 8")
        assert "first keying of two" in shown and "I feel safe here." in shown
        tmux.keys("-l", FORM)
        tmux.wait_for(f"First keying of form {serial} saved")
        tmux.keys("-l", serial)
        tmux.keys("Enter")
        tmux.settled("second keying")
        tmux.keys("-l", "3" + FORM[1:])  # "Unsure", where the first keyer typed "Agree"
        shown = tmux.settled("to decide")
        assert "First keying: 2 Agree" in shown and "Second keying: 3 Unsure" in shown, shown
        tmux.keys("1")
        tmux.wait_for(f"Form {serial} is typed in")
        tmux.keys("C-q")
        deadline = time.monotonic() + 10
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux.close()
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT mode, status, language, form_language FROM response")
        assert found.fetchall() == [("paper", "complete", "en", "en")]
        answers = dict(connection.execute("SELECT question_id, value FROM answer").fetchall())
        assert answers["safe"] == '"agree"' and answers["anything_else"] == '"Good staff"'
        assert connection.execute("SELECT count(*) FROM paper_field").fetchone() == (0,)
        assert connection.execute(
            "SELECT forms, differed, first_kept FROM paper_keying"
        ).fetchone() == (1, 1, 1)
