"""A real browser (headless Chromium, phone-sized) completes the survey in Welsh through the
web link; the answers are checked in the database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cdp import Browser  # type: ignore[import-not-found]
from conftest import require  # type: ignore[import-not-found]
from web import Served, count, make_inspection, until  # type: ignore[import-not-found]

pytestmark = pytest.mark.e2e


async def test_a_phone_browser_completes_the_survey_in_welsh(tmp_path: Path) -> None:
    chromium = require("chromium")
    db = tmp_path / "survey.sqlite3"
    make_inspection(db)
    served = Served(db, cap=5)
    browser = Browser(chromium)
    try:
        await browser.connect()
        await browser.call("Page.enable")
        await browser.call("Page.navigate", url=served.url + "/")
        await browser.wait_for(
            "document.body && document.body.classList.contains('-first-byte')",
            "the app's first screen",
        )
        columns = await browser.evaluate(
            "Math.floor(document.querySelector('.xterm-screen').clientWidth / 9.6)"
        )
        assert columns and columns <= 60  # a phone's width, not a desktop's
        await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await asyncio.sleep(2)
        await browser.press("1")  # Cymraeg
        await asyncio.sleep(1.5)
        await browser.press("1")  # start
        await until(lambda: count(db, "SELECT COUNT(*) FROM response") == 1, "a response")
        steps: list[tuple[list[str], str]] = [
            (["2"], "safe"),
            (["2"], "complained"),
            (["1", "0"], "activities"),
            (["type:3", "Enter"], "sessions"),
            (["1"], "sessions_useful"),
            (["type:Mae'r staff yn garedig", "Enter"], "anything_else"),
        ]
        for keys, question in steps:
            await asyncio.sleep(1.0)
            for key in keys:
                if key.startswith("type:"):
                    await browser.type(key.removeprefix("type:"))
                else:
                    await browser.press(key)
            await until(
                lambda q=question: (
                    count(db, "SELECT COUNT(*) FROM answer WHERE question_id = ?", (q,)) == 1
                ),
                f"the answer to {question}",
            )
        await asyncio.sleep(1.0)
        await browser.press("d")  # send them, from the review (D, in Welsh too)
        await until(
            lambda: count(db, "SELECT COUNT(*) FROM response WHERE status = 'complete'") == 1,
            "the response to be complete",
        )
    finally:
        await browser.close()
        served.stop()
    assert count(db, "SELECT COUNT(*) FROM response WHERE language = 'cy' AND mode = 'web'") == 1
    assert (
        count(db, "SELECT COUNT(*) FROM answer WHERE value = ?", ('"Mae\'r staff yn garedig"',))
        == 1
    )
