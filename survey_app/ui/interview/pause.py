"""Pausing an interview to go on later, and taking a paused one up again (same laptop).

Pausing asks the inspector for a passphrase of their own, twice: the interview's state is
kept encrypted under it (`core/collection/pause.py`), and only it takes the interview up
again. The list of paused interviews shows a number, the day and how far each got:
nothing of the resident.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from survey_app.core.collection.pause import MIN_PASSPHRASE, resume, seal_state
from survey_app.core.i18n import _
from survey_app.core.keys.sealing import WrongPassphrase
from survey_app.core.storage.database import StoreError
from survey_app.core.storage.paused import PausedInterview

if TYPE_CHECKING:
    from survey_app.ui.interview.app import InterviewApp

TRIES = 5
"""Wrong passphrases before the resume screen closes (each try costs the slow hash too)."""


def paused_text(paused: PausedInterview) -> str:
    return _("Interview {n}: paused {day}, {done} of about {total} questions").format(
        n=paused.number, day=paused.day.isoformat(), done=paused.done, total=paused.total
    )


class _Over(Screen[None]):
    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)


class PauseScreen(_Over):
    """The pause passphrase, twice; the interview waits underneath until it is kept."""

    BINDINGS = [Binding("escape", "back", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.left = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(Content(_("Pause the interview")), classes="title")
            yield Static(
                Content(
                    _(
                        "Choose a passphrase of your own, of at least {n} characters. Only it "
                        "takes this interview up again, on this laptop. Until then the "
                        "answers so far are kept, locked under it."
                    ).format(n=MIN_PASSPHRASE)
                ),
                classes="instructions",
            )
            yield Input(password=True, placeholder=_("Passphrase"), id="first")
            yield Input(password=True, placeholder=_("The same again"), id="again")
            yield Static(id="pause-error", classes="error")
        with Horizontal(classes="keys"):
            yield Button(Content(_("Enter  Pause")), id="pause", compact=True)
            yield Button(Content(_("Esc  Back to the interview")), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#first", Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#pause-error", Static).update(Content(text))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "first":
            self.query_one("#again", Input).focus()
        else:
            await self.action_pause()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pause":
            await self.action_pause()
        else:
            self.action_back()

    async def action_pause(self) -> None:
        if self.busy or self.left or self.app.screen is not self:
            return
        first = self.query_one("#first", Input).value
        again = self.query_one("#again", Input).value
        if len(first) < MIN_PASSPHRASE:
            self.say(_("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))
            self.query_one("#first", Input).focus()
            return
        if first != again:
            self.say(_("The two are not the same: type it again."))
            self.query_one("#again", Input).value = ""
            self.query_one("#again", Input).focus()
            return
        app = self.interview
        session = app.session
        if session is None or session.response_id is None or app.store is None:
            return
        self.busy = True
        try:
            sealed = await asyncio.to_thread(seal_state, session, first)
            progress = session.flow.progress()
            number = await app.store.pause(
                session.response_id, sealed, progress.done, progress.total
            )
        except (StoreError, ValueError) as exc:
            self.busy = False
            self.say(str(exc))
            return
        self.left = True
        app.session = None  # paused, not ended: it stays in progress
        app.paused_number = number
        app.call_later(app.back_to_start)

    def action_back(self) -> None:
        if self.busy or self.left or self.app.screen is not self:
            return
        self.left = True
        self.dismiss(None)


class ResumeScreen(_Over):
    """A paused interview chosen from the list, taken up with its passphrase."""

    BINDINGS = [Binding("escape", "back", show=False)]

    def __init__(self, paused: list[PausedInterview]) -> None:
        super().__init__()
        self.paused = paused
        self.busy = False
        self.left = False
        self.wrong = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(Content(_("Go on with a paused interview")), classes="title")
            yield OptionList(
                *(Option(Content(paused_text(p)), id=f"paused-{p.number}") for p in self.paused),
                id="paused",
            )
            yield Static(
                Content(_("The passphrase chosen when it was paused:")), classes="instructions"
            )
            yield Input(password=True, placeholder=_("Passphrase"), id="passphrase")
            yield Static(id="resume-error", classes="error")
        with Horizontal(classes="keys"):
            yield Button(Content(_("Enter  Go on")), id="resume", compact=True)
            yield Button(Content(_("Esc  Back")), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0
        self.query_one(OptionList).focus()

    def say(self, text: str) -> None:
        self.query_one("#resume-error", Static).update(Content(text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#passphrase", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_resume()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "resume":
            await self.action_resume()
        else:
            self.action_back()

    async def action_resume(self) -> None:
        if self.busy or self.left or self.app.screen is not self:
            return
        chosen = self.query_one(OptionList).highlighted
        if chosen is None:
            self.say(_("Choose the interview to go on with."))
            return
        number = self.paused[chosen].number
        entry = self.query_one("#passphrase", Input)
        passphrase, entry.value = entry.value, ""
        app = self.interview
        assert app.store is not None
        self.busy = True
        try:
            found = await app.store.paused_state(number)
            if found is None:
                self.busy = False
                self.say(_("That interview is no longer paused here."))
                return
            response_id, sealed = found
            session = await asyncio.to_thread(
                resume, app.store, app.questionnaire, app.inspection_id, response_id, sealed,
                passphrase,
            )  # fmt: skip
        except WrongPassphrase:
            self.busy = False
            self.wrong += 1
            if self.wrong >= TRIES:
                self.say(_("Too many wrong tries."))
                self.action_back()
                return
            self.say(_("That is not the passphrase it was paused with."))
            entry.focus()
            return
        await app.store.unpause(number)
        self.left = True
        app.session = session
        from survey_app.ui.interview.screens import QuestionScreen

        self.app.switch_screen(QuestionScreen(session))

    def action_back(self) -> None:
        if self.left or self.app.screen is not self:
            return
        self.left = True
        self.dismiss(None)
