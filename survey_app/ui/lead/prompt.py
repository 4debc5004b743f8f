"""A small question in a box: one line of text (a note, a rationale, a number)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from survey_app.core.i18n import _

NOTE_LIMIT = 2000


class Prompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical { width: 80%; max-width: 90; height: auto; border: thick $primary;
                        background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str, value: str = "", number: bool = False) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            yield Input(
                value=self.value,
                max_length=NOTE_LIMIT,
                type="integer" if self.number else "text",
                id="answer",
            )
            yield Static(Content(""), id="problem")
            yield Static(Content(_("Enter to save, Escape to leave it as it was.")))

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.number and not (value.isdigit() and int(value) <= 1000):
            self.query_one("#problem", Static).update(
                Content(_("Give a whole number from 0 to 1000."))
            )
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
