"""The web link under load, on loopback: 30 sessions answering at once with nothing lost,
the 31st turned away politely, a closed tab keeping its answers, and a refusal to serve an
inspection that does not exist."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from web import Served, Tab, count, make_inspection, until  # type: ignore[import-not-found]

from survey_app.cli import main

pytestmark = pytest.mark.e2e

SESSIONS = 30
# Each step: the keys, then the question whose stored answers show it landed everywhere.
STEPS: list[tuple[tuple[str, ...], str]] = [
    (("2",), "safe"),  # agree
    (("2",), "complained"),  # no
    (("1", "0"), "activities"),  # work, done
    (("3", "\r"), "sessions"),
    (("1",), "sessions_useful"),
    (("ok", "\r"), "anything_else"),
]


def test_serve_refuses_an_inspection_that_does_not_exist(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "serve", "--inspection", "7", "--port", "1"]) == 2
    assert "There is no inspection 7" in capsys.readouterr().err


@pytest.mark.xdist_group("heavy")
async def test_thirty_at_once_then_a_polite_busy_page(tmp_path: Path) -> None:
    db = tmp_path / "survey.sqlite3"
    make_inspection(db)
    served = Served(db, cap=SESSIONS)
    try:
        async with aiohttp.ClientSession() as http:
            page = await http.get(served.url + "/")
            body = await page.text()
            assert page.status == 200 and "fonts.googleapis" not in body
            tabs = [Tab(http, served.url) for _ in range(SESSIONS)]
            await asyncio.gather(*(tab.open() for tab in tabs))
            await asyncio.gather(*(tab.started(timeout=120) for tab in tabs))
            # The 31st: a page in both languages, and no process started for it.
            busy = await http.get(served.url + "/")
            text = await busy.text()
            assert busy.status == 503 and busy.headers["Retry-After"] == "60"
            assert "try again in a minute" in text and 'lang="cy"' in text
            await asyncio.sleep(2)
            await asyncio.gather(*(tab.keys("2") for tab in tabs))  # English
            await asyncio.sleep(2)
            await asyncio.gather(*(tab.keys("1") for tab in tabs))  # start
            await until(
                lambda: count(db, "SELECT COUNT(*) FROM response") == SESSIONS,
                "every session to start a response",
            )
            for keys, question in STEPS:
                # A reader's pause: keys in the first moments after a question are ignored.
                await asyncio.sleep(1.5)
                await asyncio.gather(*(tab.keys(*keys) for tab in tabs))
                await until(
                    lambda q=question: (
                        count(db, "SELECT COUNT(*) FROM answer WHERE question_id = ?", (q,))
                        == SESSIONS
                    ),
                    f"all {SESSIONS} answers to {question}",
                )
            await asyncio.sleep(1.5)
            await asyncio.gather(*(tab.keys("d") for tab in tabs))  # send them, from the review
            await until(
                lambda: (
                    count(db, "SELECT COUNT(*) FROM response WHERE status = 'complete'") == SESSIONS
                ),
                "every response to be complete",
            )
            await asyncio.gather(*(tab.close() for tab in tabs))
    finally:
        log = served.stop()
    assert count(db, "SELECT COUNT(*) FROM answer WHERE status = 'answered'") == SESSIONS * 6
    assert "database is locked" not in log and "Traceback" not in log


async def test_a_closed_tab_keeps_what_was_answered(tmp_path: Path) -> None:
    db = tmp_path / "survey.sqlite3"
    make_inspection(db)
    served = Served(db, cap=2)
    try:
        async with aiohttp.ClientSession() as http:
            tab = Tab(http, served.url)
            await tab.open(width=40, height=30)  # a phone
            await tab.started()
            await asyncio.sleep(1.5)
            await tab.keys("1")  # Cymraeg
            await asyncio.sleep(1.5)
            await tab.keys("1")
            await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 1, "a response")
            for keys, question in STEPS[:2]:
                await asyncio.sleep(1.0)
                await tab.keys(*keys)
                await until(
                    lambda q=question: (
                        count(db, "SELECT COUNT(*) FROM answer WHERE question_id = ?", (q,)) == 1
                    ),
                    f"the answer to {question}",
                )
            await tab.close()
            await until(
                lambda: count(db, "SELECT COUNT(*) FROM response WHERE status = 'partial'") == 1,
                "the response to be kept as partial",
                timeout=30,
            )
    finally:
        printed = served.stop()
    # On start the server printed where residents go, and the QR code of it.
    assert served.url in printed and "Arolwg preswylwyr / Residents' survey" in printed
    assert sum("█" in line or "▀" in line for line in printed.splitlines()) >= 10
    assert count(db, "SELECT COUNT(*) FROM answer") == 2
    assert count(db, "SELECT COUNT(*) FROM response WHERE language = 'cy'") == 1
