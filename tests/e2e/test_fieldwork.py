"""Fieldwork end to end, every part a real program: the lead creates the inspection and
its setup file; a web link's server and a kiosk (in a real terminal) join it as devices;
residents answer on each; neither device's file (nor its write-ahead log) holds a word
they wrote; bundles carried to the lead's machine open and merge, twice without counting
twice; every database's audit log is whole."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import aiohttp
import pytest
from conftest import Tmux, require  # type: ignore[import-not-found]
from web import MINI, Served, Tab, count, until  # type: ignore[import-not-found]

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("heavy")]

LEAD = "lead passphrase for tests"
STAFF = "lantern hedgehog"
WEB_WORDS = "Webwords quokka seventeen"
KIOSK_WORDS = "Kioskwords axolotl ninety"


def cli(db: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "survey_app", "--db", str(db), *args],
        input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SURVEY_APP_LANGUAGE": "en"},
    )  # fmt: skip
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def on_disk(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def records(db: Path) -> int:
    return count(db, "SELECT COALESCE(SUM(records), 0) FROM response")


async def answer_on_the_web(served: Served, db: Path) -> None:
    """One resident on a phone, in English, every question, their own words at the end."""
    steps = [("2",), ("2",), ("1", "0"), ("3", "\r"), ("1",), (WEB_WORDS, "\r")]
    async with aiohttp.ClientSession() as http:
        tab = Tab(http, served.url)
        await tab.open(width=40, height=30)
        await tab.started()
        await asyncio.sleep(1.5)
        await tab.keys("2")  # English
        await asyncio.sleep(1.5)
        await tab.keys("1")  # start
        await until(lambda: records(db) >= 1, "the response to start")
        for keys in steps:
            before = records(db)
            await asyncio.sleep(1.2)  # a reader's pause
            await tab.keys(*keys)
            await until(lambda b=before: records(db) > b, f"the answer {keys}")
        await asyncio.sleep(1.5)
        await tab.keys("d")  # send, from the review
        await until(
            lambda: count(db, "SELECT COUNT(*) FROM response WHERE status = 'complete'") == 1,
            "the response to be complete",
        )
        await tab.close()


def answer_at_the_kiosk(tmp_path: Path, db: Path) -> None:
    tmux = Tmux(require("tmux"), f"fieldwork-{uuid.uuid4().hex[:8]}")
    command = [
        "env", f"SURVEY_APP_KIOSK_LOG={tmp_path / 'kiosk.log'}",
        f"SURVEY_APP_KIOSK_STATE={tmp_path / 'staff.json'}", "SURVEY_APP_LANGUAGE=en",
        sys.executable, "-m", "survey_app", "--db", str(db), "kiosk",
    ]  # fmt: skip
    tmux.start(command, width=40, height=24)
    try:
        tmux.wait_for("Choose the staff passphrase")
        tmux.keys(STAFF, "Enter")
        tmux.wait_for("The same again")
        tmux.keys(STAFF, "Enter")
        welcome = tmux.settled("English")
        # The device's every screen says which inspection it collects for.
        assert "Arolygiad o Lantern House" in welcome and "Inspection of Lantern House" in welcome
        tmux.into_mini_survey()
        assert "Inspection of Lantern House" in tmux.screen()
        tmux.rest_of_mini_survey(KIOSK_WORDS)
        tmux.keys("d")
        tmux.wait_for("Thank you")
        time.sleep(3.2)
        tmux.keys("1")
        tmux.wait_for("English")
        tmux.keys("F12")
        tmux.wait_for("Staff only")
        tmux.keys(STAFF, "Enter")
        deadline = time.monotonic() + 10
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.alive(), "the kiosk did not close"
    finally:
        tmux.close()


async def test_fieldwork_with_a_web_server_and_a_kiosk_as_devices(tmp_path: Path) -> None:
    lead, setup = tmp_path / "lead.sqlite3", tmp_path / "setup.json"
    web_db, kiosk_db = tmp_path / "web.sqlite3", tmp_path / "kiosk.sqlite3"
    cli(
        lead, "--questionnaire", str(MINI), "inspection", "create", "--premises",
        "Lantern House", "--region", "Wales", "--start", "2026-12-02", "--end", "2026-12-03",
        "--residents", "20", "--passphrase-stdin", stdin=f"{LEAD}\n",
    )  # fmt: skip
    made = cli(lead, "--questionnaire", str(MINI), "inspection", "setup-file",
               "--inspection", "1", "--out", str(setup), "--passphrase-stdin",
               stdin=f"{LEAD}\n")  # fmt: skip
    # The same fingerprint on the lead's machine and on each device, to compare by eye.
    fingerprint = re.search(r"Key fingerprint: ([0-9A-F ]{20,})\.", made)
    assert fingerprint is not None, made
    for db in (web_db, kiosk_db):
        assert f"Key fingerprint: {fingerprint[1]}." in cli(db, "device", "join", str(setup))

    served = Served(web_db)
    try:
        await answer_on_the_web(served, web_db)
    finally:
        served.stop()
    await asyncio.to_thread(answer_at_the_kiosk, tmp_path, kiosk_db)

    # The grep test: neither device's file nor its log holds what the residents wrote.
    for db in (web_db, kiosk_db):
        held = on_disk(db)
        for words in (WEB_WORDS, KIOSK_WORDS):
            for word in words.split():
                assert word.encode() not in held and word.lower().encode() not in held
    assert count(web_db, "SELECT COUNT(*) FROM response WHERE mode = 'web'") == 1
    assert count(kiosk_db, "SELECT COUNT(*) FROM response WHERE mode = 'kiosk'") == 1

    bundles = [tmp_path / "web.bundle", tmp_path / "kiosk.bundle"]
    for db, bundle in zip((web_db, kiosk_db), bundles, strict=True):
        cli(db, "bundle", "export", "--out", str(bundle))
    first = cli(lead, "bundle", "import", *map(str, bundles), "--passphrase-stdin",
                stdin=f"{LEAD}\n")  # fmt: skip
    again = cli(lead, "bundle", "import", *map(str, bundles), "--passphrase-stdin",
                stdin=f"{LEAD}\n")  # fmt: skip
    assert "In all: 2 new, 0 updated, 0 unchanged, 0 in conflict" in first, first
    assert "In all: 0 new, 0 updated, 2 unchanged, 0 in conflict" in again, again

    with sqlite3.connect(lead) as connection:
        merged = connection.execute(
            "SELECT r.mode, r.status, a.value FROM response r JOIN answer a "
            "ON a.response_id = r.id WHERE a.question_id = 'anything_else' ORDER BY r.mode"
        ).fetchall()
    assert [(mode, status) for mode, status, _value in merged] == [
        ("kiosk", "complete"),
        ("web", "complete"),
    ]
    assert KIOSK_WORDS in merged[0][2] and WEB_WORDS in merged[1][2]
    for db in (lead, web_db, kiosk_db):
        verified = cli(db, "audit", "verify")
        assert "is whole" in verified, verified
    with sqlite3.connect(kiosk_db) as connection:
        events = [e for (e,) in connection.execute("SELECT event FROM audit ORDER BY seq")]
    assert events == ["audit_started", "device_joined", "kiosk_exit", "bundle_exported"]
    with sqlite3.connect(lead) as connection:
        imported = connection.execute(
            "SELECT detail FROM audit WHERE event = 'bundle_imported' ORDER BY seq"
        ).fetchall()
    # Each bundle, each time: the second time brought nothing new, and says so.
    assert [d.endswith(" again") for (d,) in imported] == [False, False, True, True]
