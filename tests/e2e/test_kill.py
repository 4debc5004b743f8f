"""Kill the app with SIGKILL mid-survey in a real terminal: every answer given is there."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import Tmux, require  # type: ignore[import-not-found]

from survey_app.core.paths import default_questionnaire
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import load

pytestmark = pytest.mark.e2e


def answers(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT question_id, status FROM answer"))


def test_sigkill_mid_survey_loses_no_given_answer(tmp_path: Path) -> None:
    tmux = Tmux(require("tmux"), f"survey-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "survey.sqlite3"
    questionnaire = load(default_questionnaire())
    command = " ".join(
        shlex.quote(part)
        for part in [sys.executable, "-m", "survey_app", "--db", str(db), "survey"]
    )
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    tmux.run(
        "new-session",
        "-d",
        "-s",
        tmux.name,
        "-x",
        "100",
        "-y",
        "30",
        *[arg for k, v in env.items() for arg in ("-e", f"{k}={v}")],
        command,
    )
    try:
        pid = int(tmux.run("display-message", "-p", "-t", tmux.name, "#{pane_pid}").strip())
        tmux.wait_for("English")
        tmux.keys("2")
        tmux.wait_for("Start the survey")
        tmux.keys("1")
        given = []
        # The questions routing asks when every answer is quick-reply 1, in order.
        flow = Flow(questionnaire)
        asked = []
        while len(asked) < 7 and (current := flow.current) is not None:
            asked.append(current)
            flow.answer(current.id, Answer.of(questionnaire.codes(current)[0]))
        # Answer the first questions with quick-reply 1; the kill comes the moment the next
        # question is on screen, so the last answer had no time to spare.
        for question in asked[:6]:
            tmux.wait_for(question.text[:40])
            # A person reads before answering; the app ignores keys in the first moments
            # after a question appears (a double tap must not answer the next one).
            time.sleep(0.4)
            tmux.keys("1")
            given.append(question.id)
        following = asked[6]
        tmux.wait_for(following.text[:40])
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
    finally:
        subprocess.run([tmux.tmux, "kill-session", "-t", tmux.name], capture_output=True)
    stored = answers(db)
    assert set(stored) == set(given)
    assert all(status == "answered" for status in stored.values())
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM response").fetchall() == [("in_progress",)]
