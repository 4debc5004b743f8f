"""Stopping part way: asked once, so that a stray key does not end a resident's survey.

This is the one way out of a survey (X, ctrl+c and ctrl+q all lead here). Once the
resident has chosen, the screen takes no more keys: several keys can arrive in one read,
and the ones after "1" must not reach the questions behind it.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.ui.screens.base import StopSurvey


class StopScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    StopScreen { align: center middle; }
    StopScreen #stop-box { width: 1fr; max-width: 60; height: auto; max-height: 100%;
                           border: thick $warning; background: $surface; padding: 1 2;
                           overflow-y: auto; }
    .-narrow StopScreen #stop-box { padding: 0 1; }
    StopScreen Button { width: 1fr; margin-top: 1; }
    """
    BINDINGS = [
        Binding("1", "stop", show=False, id="stop.yes"),
        Binding("2,escape", "carry_on", show=False, id="stop.no"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.decided = False
        """Set at the first choice: later keys of the same burst do nothing."""

    def compose(self) -> ComposeResult:
        with Vertical(id="stop-box"):
            yield Static(Content(_("Do you want to stop now?")), classes="title")
            yield Static(
                Content(
                    _(
                        "What you have answered so far will be kept, without your name. "
                        "You will get a code to take it back if you change your mind. The "
                        "screen will be cleared for the next person."
                    )
                )
            )
            yield Button(Content(_("1  Yes, stop now")), id="yes", variant="warning")
            yield Button(Content(_("2  No, go back to the questions")), id="no", variant="primary")

    def on_mount(self) -> None:
        for button in self.query("#no"):
            button.focus()

    def action_stop(self) -> None:
        if self.decided:
            return
        self.decided = True
        # The app removes this screen with the resident's others; until then it stays on
        # top, so no key meant for it can answer a question underneath.
        self.app.post_message(StopSurvey())

    def action_carry_on(self) -> None:
        if self.decided:
            return
        self.decided = True
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        if self.decided:
            event.stop()
            event.prevent_default()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self.action_stop()
        else:
            self.action_carry_on()
