"""Thank you, and the withdrawal code: the one thing a resident may want to keep.

A resident who stops part way sees the same screen, worded for stopping: what they gave
is kept as a partial response, and their code takes it back like anyone's.
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.ui.screens.base import ResidentScreen, ShowWelcome, help_now
from survey_app.ui.widgets.reading import MoreBelow, Reading


class ThanksScreen(ResidentScreen[None]):
    FIRST_FOCUS = "#finish"
    BINDINGS = [
        Binding("1,enter", "finish", show=False, id="thanks.finish"),
    ]

    GUARD = 3.0
    """Seconds before Finish works: a key meant for the last question must not dismiss the
    withdrawal code before the resident has seen it."""

    def __init__(self, code: str, contact: str = "") -> None:
        super().__init__()
        self.code = code
        self.contact = contact
        self._shown_at = time.monotonic()

    def title_text(self) -> str:
        return _("Thank you")

    def opening(self) -> str:
        return _("Thank you for telling us about your time here. Your answers have been saved.")

    def compose(self) -> ComposeResult:
        yield from self.chrome(self.title_text())
        with Reading(classes="body") as reading:
            yield Static(Content(self.opening()), classes="para")
            yield Static(
                Content(
                    _(
                        "If you change your mind, you can take your answers back until the "
                        "report is published. This is your code:"
                    )
                ),
                classes="para",
            )
            yield Static(Content(self.code), id="code")
            yield Static(Content(self.how_to_withdraw()), classes="para", id="how-to-withdraw")
            yield Static(
                Content(_("Only you have this code. We cannot find your answers without it.")),
                classes="para",
            )
            yield Static(Content(help_now()), classes="para", id="help-now")
        yield MoreBelow(reading)
        with Horizontal(classes="buttons"):
            yield Button(Content(_("1  Finish")), id="finish", variant="primary")

    def how_to_withdraw(self) -> str:
        text = _(
            "To take your answers back, give the code to one of the inspectors while they are "
            "here, or write to us with it at: {address}"
        )
        return text.format(address=display_safe(self.contact))

    async def action_finish(self) -> None:
        if time.monotonic() - self._shown_at < self.GUARD:
            return
        self.app.post_message(ShowWelcome())

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "finish":
            await self.action_finish()


class StoppedScreen(ThanksScreen):
    """After "Yes, stop now": what was answered is kept, and can be taken back too."""

    def title_text(self) -> str:
        return _("You have stopped")

    def opening(self) -> str:
        return _(
            "Thank you. What you answered so far has been kept, without your name. You do "
            "not need to do anything else."
        )
