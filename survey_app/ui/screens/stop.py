"""Stopping part way: asked once, so that a stray key does not end a resident's survey."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from survey_app.core.i18n import _


class StopScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    StopScreen { align: center middle; }
    StopScreen #stop-box { width: 1fr; max-width: 60; height: auto; border: thick $warning;
                           background: $surface; padding: 1 2; }
    StopScreen Button { width: 1fr; margin-top: 1; }
    """
    BINDINGS = [
        Binding("1", "stop", show=False, id="stop.yes"),
        Binding("2,escape", "dismiss", show=False, id="stop.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="stop-box"):
            yield Static(Content(_("Do you want to stop now?")), classes="title")
            yield Static(
                Content(
                    _(
                        "What you have answered so far will be kept, without your name. "
                        "The screen will be cleared for the next person."
                    )
                )
            )
            yield Button(Content(_("1  Yes, stop now")), id="yes", variant="warning")
            yield Button(Content(_("2  No, go back to the questions")), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_stop(self) -> None:
        self.dismiss(None)
        self.app.request_welcome()  # type: ignore[attr-defined]

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self.action_stop()
        else:
            self.dismiss(None)
