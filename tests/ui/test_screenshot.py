"""The README's picture is made by this test, from the real app.

Run with SURVEY_APP_UPDATE_SCREENSHOT=1 to write docs/screenshot.svg.
"""

from __future__ import annotations

import os
from pathlib import Path

from driver import answer_current, chat, open_survey, reply

from survey_app.core.questionnaire.model import Questionnaire
from survey_app.settings import Settings
from survey_app.ui.factory import make_app

DOCS = Path(__file__).parents[2] / "docs"


async def test_screenshot_of_the_chat(
    db_path: Path, bundled: Questionnaire, tmp_path: Path
) -> None:
    app = make_app("survey", Settings(db=db_path, inspection=1), bundled)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_survey(pilot, "en")
        await answer_current(pilot, choice=1)
        await answer_current(pilot, choice=2)
        await reply(pilot, "s")
        await answer_current(pilot, choice=2)
        current = chat(pilot).target()
        assert current is not None
        svg = app.export_screenshot(title="survey-app: the resident survey")
    text = svg.replace("&#160;", " ").replace("&#x27;", "'")
    assert current.text[:30] in text
    assert "Skipped" in text and "Prefer not to say" in text
    (tmp_path / "shot.svg").write_text(svg, encoding="utf-8")
    if os.environ.get("SURVEY_APP_UPDATE_SCREENSHOT") == "1":
        (DOCS / "screenshot.svg").write_text(svg, encoding="utf-8")
