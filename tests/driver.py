"""Drives the real app through Pilot the way a resident would: keys and clicks only."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from survey_app.core.questionnaire.model import Question, Questionnaire
from survey_app.settings import Settings
from survey_app.ui.app import SurveyApp
from survey_app.ui.screens.chat import ChatScreen
from survey_app.ui.screens.review import ReviewScreen
from survey_app.ui.screens.thanks import ThanksScreen
from survey_app.ui.widgets.transcript import Bubble


async def wait_for(
    pilot: Pilot[None],
    condition: Callable[[], bool],
    timeout: float = 10.0,
    what: str = "condition",
) -> None:
    """Wait until `condition()` holds, letting the app run; fail with `what` after `timeout`."""
    steps = int(timeout / 0.02)
    for _ in range(steps):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def app_of(pilot: Pilot[None]) -> SurveyApp:
    app = pilot.app
    assert isinstance(app, SurveyApp)
    return app


def chat(pilot: Pilot[None]) -> ChatScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen), f"expected the chat, found {screen!r}"
    return screen


def target(pilot: Pilot[None]) -> Question | None:
    return chat(pilot).target()


def bubbles(pilot: Pilot[None]) -> list[str]:
    return [b.text for b in pilot.app.screen.query(Bubble)]


async def open_survey(pilot: Pilot[None], language: str = "en") -> None:
    """From the welcome screen, choose a language and consent."""
    await wait_for(
        pilot, lambda: type(pilot.app.screen).__name__ == "WelcomeScreen", what="the welcome screen"
    )
    await pilot.press("2" if language == "en" else "1")
    await wait_for(
        pilot,
        lambda: type(pilot.app.screen).__name__ == "InfoScreen",
        what="the information screen",
    )
    await pilot.press("1")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, ChatScreen) and pilot.app.screen.query(Bubble),
        what="the first question",
    )


async def reply(pilot: Pilot[None], keys: list[str] | str) -> None:
    """Press keys to answer the current question and wait until the app moves on."""
    screen = chat(pilot)
    before = screen.target()
    answers_before = dict(app_of(pilot).session.flow.answers)  # type: ignore[union-attr]
    for key in [keys] if isinstance(keys, str) else keys:
        await pilot.press(key)

    def moved() -> bool:
        if not isinstance(pilot.app.screen, ChatScreen):
            return True
        session = app_of(pilot).session
        return session is not None and (
            session.flow.answers != answers_before or screen.target() is not before
        )

    await wait_for(pilot, moved, what=f"an answer to {before.id if before else None}")
    await pilot.pause()


def settled(pilot: Pilot[None]) -> bool:
    """Whether the chat has finished drawing the question it asks: a saved answer moves the
    flow on before the next question's replies are mounted, and a click aimed in between
    would land on what is being taken away."""
    from survey_app.ui.widgets.composer import Composer
    from survey_app.ui.widgets.quick_replies import QuickReplies

    screen = pilot.app.screen
    if not isinstance(screen, ChatScreen):
        return True
    if screen._lock.locked():
        return False
    question = screen.target()
    if question is None:
        return bool(screen.query("#to-review"))
    shown = [w.question_id for w in screen.query(QuickReplies)] + [
        w.question_id for w in screen.query(Composer)
    ]
    return shown == [question.id]


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Put text into the focused composer as a terminal paste does (the app hands it on)."""
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def answer_current(
    pilot: Pilot[None], choice: int = 1, text: str = "Fine.", number: str = "2"
) -> None:
    question = target(pilot)
    assert question is not None
    if question.type in ("single_choice", "agreement", "yes_no"):
        await reply(pilot, str(choice))
    elif question.type == "multiple_choice":
        await pilot.press(str(choice))
        await reply(pilot, "0")
    elif question.type == "number":
        await type_text(pilot, number)
        await reply(pilot, "enter")
    else:
        await type_text(pilot, text)
        await reply(pilot, "enter")


async def answer_until_review(pilot: Pilot[None], **kwargs: object) -> None:
    while isinstance(pilot.app.screen, ChatScreen) and target(pilot) is not None:
        await answer_current(pilot, **kwargs)  # type: ignore[arg-type]
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), what="the review screen"
    )


async def submit(pilot: Pilot[None]) -> str:
    await pilot.click("#submit")
    await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, ThanksScreen), what="the thanks screen"
    )
    screen = pilot.app.screen
    assert isinstance(screen, ThanksScreen)
    return screen.code


def rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the database from outside the app, as another process would."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


async def wait_for_screen(pilot: Pilot[None], name: str, what: str | None = None) -> None:
    """Wait until the screen on top is the one of class `name`."""
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, what=what or name)


@asynccontextmanager
async def surveying(
    questionnaire: Questionnaire, db: Path, language: str = "en", size: tuple[int, int] = (100, 30)
) -> AsyncIterator[Pilot[None]]:
    """The real app on `db`, a resident past the welcome and consent screens."""
    from survey_app.ui.factory import make_app

    app = make_app("survey", Settings(db=db, inspection=1), questionnaire)
    async with app.run_test(size=size) as pilot:
        await open_survey(pilot, language)
        yield pilot


def english_sentences() -> set[str]:
    """Every English app message (without placeholders): none may show in Welsh mode."""
    from survey_app.core.i18n import ENDONYMS, read_catalogue

    template = read_catalogue(Path(__file__).parents[1] / "translations" / "survey_app.pot", "en")
    # A language's own name ("English" on the button that switches to it) is meant to show.
    return {
        m.id for m in template if isinstance(m.id, str) and "{" not in m.id and len(m.id) > 4
    } - set(ENDONYMS.values())


def visible_text(pilot: Pilot[None]) -> str:
    """The words on screen: static text, buttons, and the cells and headings of tables."""
    parts = []
    for widget in pilot.app.screen.query("Static, Button, Label"):
        rendered = widget.render()
        parts.append(getattr(rendered, "plain", str(rendered)))
    for table in pilot.app.screen.query(DataTable):
        parts += [str(column.label) for column in table.columns.values()]
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


def screen_lines(pilot: Pilot[None]) -> list[str]:
    """What a person sees: the screen as drawn, one string per line (every screen of the
    stack that shows, a modal's background included)."""
    strips = pilot.app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(pilot: Pilot[None]) -> str:
    return "\n".join(screen_lines(pilot))


def seen_at(pilot: Pilot[None], selector: str) -> str:
    """Where the widget is and what is drawn at its centre, and the screen itself: what a
    failed wait for `on_screen` needs to say."""
    from textual.css.query import NoMatches
    from textual.errors import NoWidget

    try:
        widget = pilot.app.screen.query_one(selector)
    except NoMatches:
        return f"{selector} is not mounted\n{screen_text(pilot)}"
    try:
        found, _ = pilot.app.screen.get_widget_at(*widget.region.center)
        drawn = repr(found)
    except NoWidget:
        drawn = "nothing"
    return (
        f"{selector} at {widget.region} (screen {pilot.app.screen.region}), "
        f"{drawn} drawn at its centre\n{screen_text(pilot)}"
    )


def on_screen(pilot: Pilot[None], selector: str) -> bool:
    """Whether a person can see (and click) the widget: it lies inside the screen and is
    what is drawn at its centre (not scrolled away, cut off or covered)."""
    from textual.css.query import NoMatches
    from textual.errors import NoWidget

    try:
        widget = pilot.app.screen.query_one(selector)
    except NoMatches:
        return False  # not mounted yet (between two questions): nothing to see
    region = widget.region
    if not region or not pilot.app.screen.region.contains_region(region):
        return False
    try:
        found, _ = pilot.app.screen.get_widget_at(*region.center)
    except NoWidget:
        return False
    return widget in found.ancestors_with_self


async def go_to(pilot: Pilot[None], question_id: str, **kwargs: object) -> None:
    """Answer (with the first choice, a short text, the number 2) until `question_id` is
    the question on screen."""
    for _ in range(200):
        question = target(pilot)
        if question is not None and question.id == question_id:
            return
        assert question is not None, f"the survey ended before {question_id}"
        await answer_current(pilot, **kwargs)  # type: ignore[arg-type]
    raise AssertionError(f"never reached {question_id}")


KIOSK_PASSPHRASE = "staff only 2026"


@cache
def kiosk_hash() -> str:
    from survey_app.core.keys.passphrase import hash_passphrase

    return hash_passphrase(KIOSK_PASSPHRASE)


def screen_name(pilot: Pilot[None]) -> str:
    return type(pilot.app.screen).__name__


@asynccontextmanager
async def kiosk_at_welcome(
    db: Path, questionnaire: Questionnaire, tmp_path: Path, **options: object
) -> AsyncIterator[Pilot[None]]:
    """The real kiosk on `db` (its log in `tmp_path`), at its welcome screen, closed by
    KIOSK_PASSPHRASE."""
    from survey_app.ui.factory import make_app

    app = make_app(
        "kiosk", Settings(db=db, inspection=1, kiosk_log=tmp_path / "kiosk.log"), questionnaire,
        passphrase_hash=kiosk_hash(), **options,  # type: ignore[arg-type]
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "welcome")
        yield pilot
