"""'Are you still there?': large, in the resident's language, with a countdown; any key or
touch carries on, the end of the countdown ends the session."""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from survey_app.core.i18n import _, ngettext


class ResetKiosk(Message):
    """Nobody answered "Are you still there?": end the session, welcome the next person."""


class StillThereScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    StillThereScreen { align: center middle; }
    StillThereScreen > Vertical { width: 90%; max-width: 70; height: auto; padding: 1 2;
                                  border: thick $warning; background: $surface; }
    #still-title { text-style: bold; text-align: center; width: 1fr; padding: 1 0; }
    #still-count { text-align: center; width: 1fr; padding: 0 0 1 0; }
    StillThereScreen Button { width: 1fr; }
    """

    def __init__(self, countdown: float, keep: bool = True) -> None:
        super().__init__()
        self.deadline = time.monotonic() + countdown
        self.keep = keep
        self.answered = False
        """Set by the first key, touch or the end of the countdown. Several keys can arrive
        at once; each must not dismiss again (each dismissal pops the screen on top)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(_("Are you still there?")), id="still-title")
            yield Static(Content(self._left()), id="still-count")
            yield Button(Content(_("Yes, carry on")), id="carry-on", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#carry-on", Button).focus()
        self.set_interval(0.5, self._tick)

    def _left(self) -> str:
        seconds = max(0, round(self.deadline - time.monotonic()))
        if self.keep:
            text = ngettext(
                "The survey will close in {n} second. What you answered is kept.",
                "The survey will close in {n} seconds. What you answered is kept.",
                seconds,
            )
        else:
            text = ngettext(
                "The survey will close in {n} second. What you answered will be deleted.",
                "The survey will close in {n} seconds. What you answered will be deleted.",
                seconds,
            )
        return text.format(n=seconds)

    def _tick(self) -> None:
        if self.answered:
            return
        if time.monotonic() >= self.deadline:
            self.answered = True
            self.app.post_message(ResetKiosk())
            return
        self.query_one("#still-count", Static).update(Content(self._left()))

    def carry_on(self) -> None:
        if not self.answered:
            self.answered = True
            self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.carry_on()

    def on_button_pressed(self) -> None:
        self.carry_on()
