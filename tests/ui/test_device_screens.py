"""On a collecting device every screen says which inspection it collects for: the real
kiosk on a joined outbox, as a person sees it on a phone-sized terminal (40x24), in both
languages, with a premises' name that is text and never markup."""

from __future__ import annotations

from pathlib import Path

from driver import (
    answer_current,
    answer_until_review,
    kiosk_hash,
    open_survey,
    screen_lines,
    screen_name,
    submit,
    wait_for,
    wait_for_screen,
)
from textual.pilot import Pilot

from survey_app.core.questionnaire.model import Questionnaire
from survey_app.settings import Settings
from survey_app.ui.factory import make_app
from tests.unit.test_devices import device, lead_store

PREMISES = "[b]Tŷ[/b] Lantern\x1b[2J"
SHOWN = "[b]Tŷ[/b] Lantern␛[2J"
"""The name as the screen must show it: its brackets as typed, its escape as a sign."""


async def joined_outbox(tmp_path: Path, mini: Questionnaire, premises: str) -> Path:
    store, _inspection, setup = await lead_store(tmp_path / "lead.sqlite3", mini)
    await store.close()
    outbox_path = tmp_path / "kiosk.sqlite3"
    from dataclasses import replace

    outbox = await device(outbox_path, replace(setup, premises=premises))
    await outbox.close()
    return outbox_path


def top(pilot: Pilot[None]) -> str:
    """The first line a person sees with anything on it (the welcome box is centred)."""
    return next(line for line in screen_lines(pilot) if line.strip())


async def test_every_screen_of_a_device_shows_the_inspection_it_joined(
    tmp_path: Path, mini: Questionnaire
) -> None:
    db = await joined_outbox(tmp_path, mini, PREMISES)
    settings = Settings(db=db, inspection=1, kiosk_log=tmp_path / "kiosk.log")
    app = make_app("kiosk", settings, mini, passphrase_hash=kiosk_hash())
    async with app.run_test(size=(40, 24)) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "welcome")
        # Before a language is chosen: both, Welsh first, on the lines they need.
        shown = " ".join(" ".join(screen_lines(pilot)).split())
        assert f"Arolygiad o {SHOWN} Inspection of {SHOWN}" in shown, shown
        assert "\x1b" not in "".join(screen_lines(pilot))
        await pilot.press("2")
        await wait_for_screen(pilot, "InfoScreen", "the information screen")
        seen = {screen_name(pilot): top(pilot)}
        await pilot.press("1")
        await wait_for(pilot, lambda: screen_name(pilot) == "ChatScreen", what="the chat")
        await pilot.pause(0.3)
        seen["ChatScreen"] = top(pilot)
        await pilot.press("x")
        await wait_for_screen(pilot, "StopScreen", "the stop question")
        seen["StopScreen"] = top(pilot)  # a modal: the banner of the chat shows around it
        await pilot.press("2")
        await wait_for_screen(pilot, "ChatScreen", "back to the chat")
        await answer_until_review(pilot)
        seen["ReviewScreen"] = top(pilot)
        await submit(pilot)
        seen["ThanksScreen"] = top(pilot)
    assert set(seen) == {"InfoScreen", "ChatScreen", "StopScreen", "ReviewScreen", "ThanksScreen"}
    for name, line in seen.items():
        assert line.strip() == f"Inspection of {SHOWN}", (name, line)


async def test_in_welsh_the_banner_is_welsh_and_the_lead_store_shows_none(
    tmp_path: Path, mini: Questionnaire, db_path: Path
) -> None:
    db = await joined_outbox(tmp_path, mini, "Tŷ Newydd")
    settings = Settings(db=db, inspection=1, kiosk_log=tmp_path / "kiosk.log")
    app = make_app("kiosk", settings, mini, passphrase_hash=kiosk_hash())
    async with app.run_test(size=(40, 24)) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "welcome")
        lines = screen_lines(pilot)
        assert top(pilot).strip() == "Arolygiad o Tŷ Newydd"
        assert lines[lines.index(top(pilot)) + 1].strip() == "Inspection of Tŷ Newydd"
        await open_survey(pilot, "cy")
        await pilot.pause(0.3)
        assert top(pilot).strip() == "Arolygiad o Tŷ Newydd"
        await answer_current(pilot)
        assert top(pilot).strip() == "Arolygiad o Tŷ Newydd"
    # The same kiosk on the lead's store: it joined nothing, and says nothing of it.
    app = make_app(
        "kiosk",
        Settings(db=db_path, inspection=1, kiosk_log=tmp_path / "lead-kiosk.log"),
        mini,
        passphrase_hash=kiosk_hash(),
    )
    async with app.run_test(size=(40, 24)) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "welcome")
        await open_survey(pilot, "en")
        assert not pilot.app.screen.query("#joined-banner")
        assert "Inspection of" not in "\n".join(screen_lines(pilot))
