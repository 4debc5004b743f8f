"""The inspector's note on one question of an interview (N, or its button).

A note is the inspector's own words (how the question was asked, what the resident seemed
to mean), never the resident's: it is kept apart from the answers, goes to the lead only
through the anonymiser and marked as an inspector's, and is never quoted, counted or
exported. The question waits underneath, exactly where it was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static, TextArea

from survey_app.core.collection.collector import NOTE_LIMIT
from survey_app.core.i18n import _


class NoteScreen(Screen[str | None]):
    """Dismissed with the note's words (empty: the note taken away), or None if the
    inspector went back without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save the note"), priority=True),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self, number: int, text: str = "") -> None:
        super().__init__()
        self.number = number
        self.text = text
        self.left = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="body"):
            yield Static(
                Content(_("Your note on question {n}").format(n=self.number)), classes="title"
            )
            yield Static(
                Content(
                    _(
                        "Your own words, not the resident's: how you asked, what they seemed "
                        "to mean. The note is kept apart from their answers, is never quoted "
                        "or counted, and names are removed before the lead inspector reads "
                        "it."
                    )
                ),
                classes="instructions",
            )
            yield TextArea(self.text, id="note", classes="note-text", soft_wrap=True)
        yield Static(id="note-error", classes="error")
        with Horizontal(classes="keys"):
            yield Button(Content(_("Ctrl+S  Save the note")), id="save", compact=True)
            yield Button(Content(_("Esc  Back without saving")), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Bounded as it is typed (a paste too): the inspector is told, nothing is lost
        # without their seeing it.
        area = event.text_area
        if len(area.text) > NOTE_LIMIT:
            area.load_text(area.text[:NOTE_LIMIT])
            for line in self.query("#note-error").results(Static):
                line.update(Content(_("A note holds up to {n} characters.").format(n=NOTE_LIMIT)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        # Keys that arrive together (Ctrl+S twice, Ctrl+S then Esc) leave this screen once.
        if self.left or self.app.screen is not self:
            return
        self.left = True
        self.dismiss(self.query_one(TextArea).text.strip()[:NOTE_LIMIT])

    def action_cancel(self) -> None:
        if self.left or self.app.screen is not self:
            return
        self.left = True
        self.dismiss(None)
