"""Thank you, and the withdrawal code: the one thing a resident may want to keep."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.ui.screens.base import ResidentScreen


class ThanksScreen(ResidentScreen[None]):
    FIRST_FOCUS = "#finish"
    BINDINGS = [
        Binding("1,enter", "finish", show=False, id="thanks.finish"),
    ]

    GUARD = 3.0
    """Seconds before Finish works: a key meant for the last question must not dismiss the
    withdrawal code before the resident has seen it."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self._shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield from self.chrome(_("Thank you"))
        with VerticalScroll(classes="body"):
            yield Static(
                Content(
                    _(
                        "Thank you for telling us about your time here. Your "
                        "answers have been saved."
                    )
                ),
                classes="para",
            )
            yield Static(
                Content(
                    _(
                        "If you change your mind, you can take your answers back "
                        "until the report is published. Give this code to an "
                        "inspector or write to us with it:"
                    )
                ),
                classes="para",
            )
            yield Static(Content(self.code), id="code")
            yield Static(
                Content(_("Only you have this code. We cannot find your answers without it.")),
                classes="para",
            )
            yield Static(
                Content(
                    _(
                        "If you need help now, speak to staff or to the inspectors "
                        "here, or call Samaritans free on 116 123, day or night."
                    )
                ),
                classes="para",
            )
        with Horizontal(classes="buttons"):
            yield Button(Content(_("1  Finish")), id="finish", variant="primary")

    async def action_finish(self) -> None:
        if time.monotonic() - self._shown_at < self.GUARD:
            return
        self.app.request_welcome()  # type: ignore[attr-defined]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "finish":
            await self.action_finish()
