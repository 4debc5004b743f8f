"""The staff exit: the passphrase set when the kiosk started. Five wrong tries lock it for a
minute. Escape goes back to the survey as it was."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from survey_app.core.i18n import _
from survey_app.core.keys.passphrase import Lockout


class StaffExit(Message):
    """The staff passphrase was given: right (close the kiosk) or wrong (logged)."""

    def __init__(self, accepted: bool) -> None:
        super().__init__()
        self.accepted = accepted


class StaffExitScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    StaffExitScreen { align: center middle; }
    StaffExitScreen > Vertical { width: 80%; max-width: 70; height: auto; padding: 1 2;
                                 border: thick $primary; background: $surface; }
    """

    def __init__(self, lockout: Lockout, passphrase_hash: str) -> None:
        super().__init__()
        self.lockout = lockout
        """Shared by every kiosk of one run, and kept on disk: a restart forgets no try."""
        self.passphrase_hash = passphrase_hash
        self.accepted = False

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
        event.input.value = ""
        if self.accepted:
            return  # the kiosk is closing: a key that follows is no new try
        lockout = self.lockout
        if lockout.remaining() > 0:
            self.say(lockout.locked_text())
            return
        accepted = await asyncio.to_thread(lockout.attempt, event.value, self.passphrase_hash)
        self.accepted = accepted
        self.app.post_message(StaffExit(accepted))
        if not accepted:
            self.say(lockout.refusal_text())

    def action_cancel(self) -> None:
        self.dismiss(None)
