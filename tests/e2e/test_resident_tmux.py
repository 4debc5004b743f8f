"""A resident in a real terminal (tmux) the size of a phone, 40x24: a whole survey by keys,
and text pasted and typed the way terminals send it, stored exactly."""

from __future__ import annotations

import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import Tmux, require  # type: ignore[import-not-found]

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "data" / "mini.toml"
PASTED = (
    "Paste: [bold]B[/bold] \x1b[31mRED\x1b[0m \x07 \u202eabc\u202c 👨\u200d👩 שלום [/ "
    "[@click=app.quit]x[/]"
)


def stored(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as connection:
        return {
            qid: (json.loads(value) if value is not None else status)
            for qid, status, value in connection.execute(
                "SELECT question_id, status, value FROM answer"
            )
        }


def test_a_whole_survey_at_40x24_with_a_paste_and_a_joiner(tmp_path: Path) -> None:
    tmux = Tmux(require("tmux"), f"resident-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "survey.sqlite3"
    buffer = tmp_path / "paste.txt"
    buffer.write_text(PASTED, encoding="utf-8")
    tmux.start(
        [sys.executable, "-m", "survey_app", "--db", str(db), "--questionnaire", str(MINI),
         "survey"],
        width=40, height=24,
    )  # fmt: skip
    try:
        tmux.wait_for("English")
        tmux.into_mini_survey()
        tmux.keys("2")
        tmux.read("Which of these")
        tmux.keys("1")
        time.sleep(0.2)
        tmux.keys("0")
        tmux.read("How many key-work")
        tmux.keys("3")
        shown = tmux.wait_for("3")
        assert "Send" in shown and "sessions" in shown
        tmux.keys("Enter")
        tmux.read("Were they useful?")
        tmux.keys("1")
        tmux.read("anything else")
        # typed: letters stay text; a family emoji arrives as three code points
        tmux.run("send-keys", "-t", tmux.name, "-l", "SPB ")
        tmux.run("send-keys", "-t", tmux.name, "-l", "👨\u200d👩 ")
        # pasted as a terminal pastes, inside bracketed-paste markers
        tmux.run("load-buffer", "-b", "resident", str(buffer))
        tmux.run("paste-buffer", "-p", "-d", "-b", "resident", "-t", tmux.name)
        screen = tmux.wait_for("RED")
        assert "␛[31m" in screen  # the escape shown as a sign, not obeyed
        tmux.keys("Enter")
        tmux.read("Check your answers")
        assert stored(db)["anything_else"] == "SPB 👨\u200d👩 " + PASTED
        time.sleep(0.6)  # the review ignores D for a moment after it appears
        tmux.keys("d")
        tmux.wait_for("Thank you")
    finally:
        tmux.close()
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM response").fetchall() == [("complete",)]


def test_a_stale_columns_in_the_environment_does_not_set_the_size(tmp_path: Path) -> None:
    # A launcher or shell that exported COLUMNS=100 LINES=30 once; the screen is 40x24.
    tmux = Tmux(require("tmux"), f"resident-{uuid.uuid4().hex[:8]}")
    tmux.start(
        [sys.executable, "-m", "survey_app", "--db", str(tmp_path / "survey.sqlite3"),
         "--questionnaire", str(MINI), "survey"],
        width=40, height=24, COLUMNS="100", LINES="30",
    )  # fmt: skip
    try:
        # Drawn at 40 columns, the whole of each choice and the welcome box's right edge
        # are in view; drawn at 100 and cut to 40, neither is.
        shown = tmux.settled("Clearer screen")
        assert "2  English" in shown
        top = next(line for line in shown.splitlines() if "╭" in line)
        assert "╮" in top, shown
    finally:
        tmux.close()
