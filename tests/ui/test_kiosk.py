"""The kiosk through Pilot: locked keys, the staff exit, the idle reset that leaves nothing
of the last resident, and residents one after another."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from driver import (
    KIOSK_PASSPHRASE,
    answer_current,
    answer_until_review,
    kiosk_at_welcome,
    kiosk_hash,
    open_survey,
    rows,
    screen_name,
    submit,
    wait_for,
)
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from survey_app.core.questionnaire.model import Questionnaire
from survey_app.ui.kiosk.app import BLOCKED, STAFF_KEY, KioskApp
from survey_app.ui.screens.chat import ChatScreen

PASSPHRASE = KIOSK_PASSPHRASE
HASH = kiosk_hash()
name = screen_name
kiosk = kiosk_at_welcome


async def type_keys(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


async def test_every_escape_key_leaves_the_kiosk_where_it_was(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path) as pilot:
        for stage in ("WelcomeScreen", "ChatScreen"):
            if stage == "ChatScreen":
                await open_survey(pilot)
            for key in (*BLOCKED, "escape"):
                await pilot.press(key)
                await pilot.pause(0.05)
                assert pilot.app.is_running, key
                assert name(pilot) == stage, (key, name(pilot))
        assert not pilot.app.screen.query("CommandPalette")
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8").splitlines()
    today = dt.date.today().isoformat()
    assert f"{today} blocked key ctrl+q" in log and f"{today} blocked key ctrl+c" in log
    assert all(line.startswith(today + " ") and ":" not in line for line in log)


async def test_staff_exit_needs_the_passphrase(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path) as pilot:
        await open_survey(pilot)
        await answer_current(pilot)  # a resident who has answered something
        await pilot.press(STAFF_KEY)
        await wait_for(pilot, lambda: name(pilot) == "StaffExitScreen", what="staff exit")
        await type_keys(pilot, "not it at all")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: "4 tries left" in str(pilot.app.screen.query_one("#staff-message").render()),
            what="refused",
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: name(pilot) == "ChatScreen", what="back to the survey")
        await pilot.press(STAFF_KEY)
        await wait_for(pilot, lambda: name(pilot) == "StaffExitScreen", what="staff exit")
        await type_keys(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not pilot.app.is_running, what="the kiosk to close")
    assert pilot.app.return_code == 0
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "staff exit refused" in log and log.rstrip().endswith("staff exit")
    assert "not it" not in log and PASSPHRASE not in log
    # the resident who was answering keeps a partial response
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]
    # and the database's audit log says a kiosk was closed by its staff, and when
    assert rows(db_path, "SELECT day, event, detail FROM audit ORDER BY seq DESC LIMIT 1") == [
        (dt.date.today().isoformat(), "kiosk_exit", "staff")
    ]


def everything_on_screen(pilot: Pilot[None]) -> str:
    """Every text any widget of any screen holds: what the next resident could reach."""
    parts = []
    for screen in pilot.app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            parts.append(str(widget.render()) if hasattr(widget, "render") else "")
            if isinstance(widget, Input):
                parts.append(widget.value)
            if isinstance(widget, TextArea):
                parts.append(widget.text)
    return "\n".join(parts)


async def test_idle_countdown_then_nothing_of_the_resident_is_left(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path, idle=0.6, countdown=3.0) as pilot:
        await open_survey(pilot)
        await answer_current(pilot, choice=2)  # safe: agree
        await answer_current(pilot, choice=2)  # complained: no
        app = pilot.app
        assert isinstance(app, KioskApp)
        # a key in the countdown carries on, where the resident was
        await wait_for(
            pilot, lambda: "Are you still there?" in everything_on_screen(pilot), what="asked"
        )
        await pilot.press("space")
        await wait_for(pilot, lambda: name(pilot) == "ChatScreen", what="carry on")
        # then the resident types something and walks away
        while (question := app.screen.target()) is not None and question.type != "free_text":  # type: ignore[attr-defined]
            await answer_current(pilot)
        app.post_message(__import__("textual").events.Paste("SECRET-DRAFT about Dafydd"))
        await wait_for(
            pilot, lambda: "SECRET-DRAFT" in everything_on_screen(pilot), what="the draft"
        )
        await wait_for(pilot, lambda: name(pilot) == "StillThereScreen", what="still there?")
        await wait_for(pilot, lambda: name(pilot) == "WelcomeScreen", what="back to welcome")
        await pilot.pause(0.2)
        left = everything_on_screen(pilot)
        assert "SECRET-DRAFT" not in left and "Dafydd" not in left
        assert not any(isinstance(s, ChatScreen) for s in app.screen_stack)
        assert app.session is None
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]
    answered = rows(db_path, "SELECT question_id FROM answer ORDER BY question_id")
    assert ("safe",) in answered and ("complained",) in answered


async def test_walking_away_can_discard_instead(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path, idle=0.5, countdown=0.5, keep_partial=False) as p:
        await open_survey(p)
        await answer_current(p)
        await wait_for(p, lambda: name(p) == "WelcomeScreen", what="back to welcome", timeout=15)
    assert rows(db_path, "SELECT COUNT(*) FROM response") == [(0,)]


async def test_two_residents_in_a_row_give_two_responses(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path) as pilot:
        codes = []
        for language in ("en", "cy"):
            await open_survey(pilot, language)
            await answer_until_review(pilot)
            codes.append(await submit(pilot))
            await pilot.press("1")
            await wait_for(pilot, lambda: name(pilot) == "WelcomeScreen", what="welcome again")
        assert len(set(codes)) == 2
    statuses = rows(db_path, "SELECT mode, language, status FROM response ORDER BY language")
    assert statuses == [("kiosk", "cy", "complete"), ("kiosk", "en", "complete")]


async def test_the_clearer_screen_by_key_or_by_touch(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path) as pilot:
        app = pilot.app
        default = app.theme
        await pilot.press("3")
        await wait_for(pilot, lambda: app.theme == "survey-high-contrast", what="clear theme")
        assert app.has_class("-clear")
        await pilot.click("#clear")
        await wait_for(pilot, lambda: app.theme == default, what="back to the usual theme")
        assert not app.has_class("-clear")
        assert name(pilot) == "WelcomeScreen"


async def test_a_whole_survey_by_touch_alone(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    """No keyboard at all: every step is a click (a tap on a touch screen)."""
    async with kiosk(db_path, mini, tmp_path) as pilot:
        app = pilot.app
        await pilot.click("#en")
        await wait_for(pilot, lambda: name(pilot) == "InfoScreen", what="information")
        await pilot.click("#start")
        await wait_for(pilot, lambda: name(pilot) == "ChatScreen", what="the chat")
        clicks = 0
        while isinstance(app.screen, ChatScreen) and (question := app.screen.target()):
            before = question.id
            # A tap lands where the eye sees the button: let the new question settle first.
            await pilot.pause(0.1)
            if question.type == "multiple_choice":
                await pilot.click(f"#reply-{mini.codes(question)[0]}")
                await pilot.click("#done")
            elif question.type in ("number", "free_text"):
                await pilot.click("#skip")
            else:
                await pilot.click(f"#reply-{mini.codes(question)[0]}")
            await wait_for(
                pilot,
                lambda before=before: (
                    not isinstance(app.screen, ChatScreen)
                    or app.screen.target() is None
                    or app.screen.target().id != before
                ),  # type: ignore[union-attr]
                what=f"the question after {before}",
            )
            clicks += 1
            assert clicks < 20
        await wait_for(
            pilot,
            lambda: app.screen.query("#to-review") or name(pilot) == "ReviewScreen",
            what="end",
        )
        if name(pilot) != "ReviewScreen":
            await pilot.click("#to-review")
        await submit(pilot)
        await pilot.click("#finish")
        await wait_for(pilot, lambda: name(pilot) == "WelcomeScreen", what="welcome again")
    assert rows(db_path, "SELECT status FROM response") == [("complete",)]


async def test_an_internal_error_closes_quietly_for_a_fresh_start(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path) as pilot:
        await open_survey(pilot)
        await answer_current(pilot)
        app = pilot.app
        assert isinstance(app, KioskApp)

        def broken() -> None:
            raise RuntimeError("a fault inside the app, holding Dafydd's words")

        app.screen.call_later(broken)  # a handler of the chat screen fails
        # Plain sleeps: Pilot's pauses wait on the failed screen, which will never answer.
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
    assert app.crashed and app.return_code == 1
    assert not app._exit_renderables  # no traceback (with local values) on the screen
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "internal error RuntimeError" in log and "Dafydd" not in log
    # the answer given before the fault is on disk
    assert rows(db_path, "SELECT question_id FROM answer") == [("safe",)]


async def test_the_withdrawal_code_does_not_wait_for_the_next_person(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    async with kiosk(db_path, mini, tmp_path, idle=1.0, countdown=30) as pilot:
        app = pilot.app
        await pilot.press("3")  # the clearer screen, for this resident
        await wait_for(pilot, lambda: app.has_class("-clear"), what="clear screen")
        await open_survey(pilot)
        await answer_until_review(pilot)
        code = await submit(pilot)
        assert code in everything_on_screen(pilot)
        # nobody touches it: straight back to welcome, no "still there?" to tap
        await wait_for(
            pilot,
            lambda: name(pilot) == "WelcomeScreen" and not app.has_class("-clear"),
            what="welcome, as it was before this resident",  # they choose for themselves
            timeout=15,
        )
        assert code not in everything_on_screen(pilot)
