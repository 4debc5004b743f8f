"""Shared fixtures: a real SQLite file per test, the real questionnaires, a clean terminal env."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey_app.core.i18n import use_language
from survey_app.core.paths import default_questionnaire
from survey_app.core.questionnaire.model import Questionnaire, load
from survey_app.core.store.base import Store

DATA = Path(__file__).parent / "data"

# Settings a developer's shell may carry that change how Textual renders.
for name in (
    "NO_COLOR",
    "TEXTUAL_THEME",
    "TEXTUAL_ANIMATIONS",
    "TEXTUAL_COLOR_SYSTEM",
    "SURVEY_APP_DB",
    "SURVEY_APP_QUESTIONNAIRE",
    "SURVEY_APP_LANGUAGE",
):
    os.environ.pop(name, None)

# Compiled catalogues and checked questionnaires go to a cache of the test run's own, so
# that every run starts from nothing and never writes into the user's cache folder.
os.environ["SURVEY_APP_CACHE"] = tempfile.mkdtemp(prefix="survey-app-cache-")


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    use_language("en")
    yield
    use_language("en")


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load(DATA / "mini.toml")


@pytest.fixture(scope="session")
def bundled() -> Questionnaire:
    return load(default_questionnaire())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file holding the demo inspection (id 1)."""
    path = tmp_path / "survey.sqlite3"

    async def setup() -> None:
        store = await Store.open(path)
        await store.ensure_demo()
        await store.close()

    asyncio.run(setup())
    return path


@pytest.fixture(autouse=True)
def _no_input_guard() -> Iterator[None]:
    """Pilot presses keys faster than any resident: the double-tap guard is tested on its own."""
    from survey_app.ui.app import SurveyApp
    from survey_app.ui.interview.app import InterviewApp
    from survey_app.ui.screens.review import ReviewScreen
    from survey_app.ui.screens.thanks import ThanksScreen

    saved = SurveyApp.INPUT_GUARD, ThanksScreen.GUARD, ReviewScreen.GUARD, InterviewApp.INPUT_GUARD
    SurveyApp.INPUT_GUARD, ThanksScreen.GUARD, ReviewScreen.GUARD = 0.0, 0.0, 0.0
    InterviewApp.INPUT_GUARD = 0.0
    yield
    (SurveyApp.INPUT_GUARD, ThanksScreen.GUARD, ReviewScreen.GUARD,
     InterviewApp.INPUT_GUARD) = saved  # fmt: skip
