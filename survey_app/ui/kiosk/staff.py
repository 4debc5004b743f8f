"""The staff exit: the passphrase set when the kiosk started. Five wrong tries lock it for a
minute. Escape goes back to the survey as it was."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from survey_app.core.i18n import _


class StaffExitScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    StaffExitScreen { align: center middle; }
    StaffExitScreen > Vertical { width: 80%; max-width: 70; height: auto; padding: 1 2;
                                 border: thick $primary; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(_("Staff only: enter the kiosk passphrase to close it.")))
            yield Input(password=True, id="staff-passphrase")
            yield Static(Content(_("Escape goes back to the survey.")), id="staff-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#staff-message", Static).update(Content(text))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        app = self.app
        event.input.value = ""
        lockout = app.staff_lockout  # type: ignore[attr-defined]
        if lockout.remaining() > 0:
            self.say(lockout.locked_text())
            return
        if await asyncio.to_thread(lockout.attempt, event.value, app.passphrase_hash):  # type: ignore[attr-defined]
            app.record("staff exit")  # type: ignore[attr-defined]
            await app.end_session()  # type: ignore[attr-defined]
            app.exit()
            return
        app.record("staff exit refused")  # type: ignore[attr-defined]
        self.say(lockout.refusal_text())

    def action_cancel(self) -> None:
        self.dismiss(None)
