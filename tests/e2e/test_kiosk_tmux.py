"""The kiosk in a real terminal (tmux): passphrase set at start, a whole survey, the quit
and suspend keys doing nothing, then the staff exit."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import Tmux, require  # type: ignore[import-not-found]

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "data" / "mini.toml"
PASSPHRASE = "lantern hedgehog"


def kiosk_command(tmp_path: Path, log: Path, state: Path) -> list[str]:
    db = tmp_path / "survey.sqlite3"
    return [
        "env", f"SURVEY_APP_KIOSK_LOG={log}", f"SURVEY_APP_KIOSK_STATE={state}",
        sys.executable, "-m", "survey_app", "--db", str(db), "--questionnaire", str(MINI),
        "kiosk",
    ]  # fmt: skip


def set_passphrase(tmux: Tmux) -> None:
    """The inspector's part at the first start: the staff passphrase, twice."""
    tmux.wait_for("Choose the staff passphrase")
    tmux.keys(PASSPHRASE, "Enter")
    tmux.wait_for("The same again")
    tmux.keys(PASSPHRASE, "Enter")
    tmux.wait_for("English")


def close_with_passphrase(tmux: Tmux) -> None:
    """At the open staff prompt: the right passphrase, and the kiosk is gone."""
    tmux.keys(PASSPHRASE, "Enter")
    deadline = time.monotonic() + 10
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmux.alive(), "the kiosk did not close"


def test_kiosk_in_a_real_terminal(tmp_path: Path) -> None:
    tmux = Tmux(require("tmux"), f"kiosk-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "survey.sqlite3"
    log = tmp_path / "kiosk.log"
    tmux.start(kiosk_command(tmp_path, log, tmp_path / "staff"))
    try:
        set_passphrase(tmux)
        for key in ("C-c", "C-q", "C-z", "C-\\", "C-p", "Escape"):
            tmux.keys(key)
            time.sleep(0.2)
            assert tmux.alive(), key
            assert "English" in tmux.screen(), key
        tmux.keys("2")
        tmux.read("Start the survey")
        tmux.keys("1")
        tmux.read("I feel safe here.")
        tmux.keys("2")  # agree
        tmux.read("Have you made a complaint here?")
        tmux.rest_of_mini_survey("The curfew is fine")
        tmux.keys("Enter")  # a stray Enter on the review sends nothing
        time.sleep(0.3)
        assert "Check your answers" in tmux.screen()
        tmux.keys("d")  # D sends
        tmux.wait_for("Thank you")
        time.sleep(3.2)  # the thank-you screen holds for a moment: the code must be seen
        for key in ("C-c", "C-q"):
            tmux.keys(key)
            time.sleep(0.2)
            assert "Thank you" in tmux.screen()
        tmux.keys("1")
        tmux.wait_for("English")  # round again, for the next resident
        tmux.keys("F12")
        tmux.wait_for("Staff only")
        tmux.keys("wrong one", "Enter")
        tmux.wait_for("4 tries left")
        close_with_passphrase(tmux)
    finally:
        tmux.close()
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT mode, status FROM response").fetchall() == [
            ("kiosk", "complete")
        ]
        assert connection.execute("SELECT COUNT(*) FROM answer").fetchone() == (6,)
    logged = log.read_text(encoding="utf-8")
    assert "blocked key ctrl+c" in logged and "staff exit refused" in logged
    assert PASSPHRASE not in logged and "wrong one" not in logged


def test_key_races_and_a_killed_kiosk_in_a_real_terminal(tmp_path: Path) -> None:
    """Several keys in one read (tmux sends -l text as one write) never stop the kiosk; a
    kiosk killed and started again (as the operating system's loop does) asks for no new
    passphrase and remembers the wrong tries."""
    tmux = Tmux(require("tmux"), f"kiosk-{uuid.uuid4().hex[:8]}")
    db = tmp_path / "survey.sqlite3"
    state = tmp_path / "staff.json"
    command = kiosk_command(tmp_path, tmp_path / "kiosk.log", state)
    tmux.start(command)
    try:
        set_passphrase(tmux)
        tmux.into_mini_survey()
        tmux.keys("x")
        tmux.read("Do you want to stop now?")
        tmux.run("send-keys", "-t", tmux.name, "-l", "12")  # one read: "1" stops, "2" follows
        tmux.wait_for("You have stopped")
        time.sleep(0.5)
        tmux.run("send-keys", "-t", tmux.name, "-l", "2121x12")
        time.sleep(0.5)
        assert tmux.alive()
        # two wrong tries, then the kiosk is killed
        for _ in range(2):
            tmux.keys("F12")
            tmux.wait_for("Staff only")
            tmux.keys("not the one", "Enter")
            tmux.wait_for("tries left")
            tmux.keys("Escape")
            tmux.wait_until_gone("Staff only")
        pid = int(tmux.run("display-message", "-p", "-t", tmux.name, "#{pane_pid}").strip())
        for child in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split():
            os.kill(int(child), signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)
        tmux.close()
        tmux.start(command)  # as the operating system's loop starts it again
        screen = tmux.wait_for("English")
        assert "passphrase" not in screen.lower()
        tmux.keys("F12")
        tmux.wait_for("Staff only")
        tmux.keys("still not it", "Enter")
        tmux.wait_for("2 tries left")  # the two before the kill still count
        close_with_passphrase(tmux)
    finally:
        tmux.close()
    assert not state.exists()  # the staff exit: the next start asks for a passphrase
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM response").fetchall() == [("partial",)]
