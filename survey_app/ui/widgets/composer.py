"""Where a resident types: a free-text box with a counter, or a number field.

What a resident types or pastes is kept exactly as it arrived: every character, in order,
control characters and invisible joiners included (docs/privacy.md). Only what is drawn on
the screen is made safe (control characters shown as visible signs).
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.document._document import Document, EditResult, Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Button, Input, Static, TextArea

from survey_app.core.i18n import _, ngettext
from survey_app.core.text import cut, display_safe
from survey_app.ui.widgets.text_box import TextBox

# Characters a key can carry that `str.isprintable()` refuses but that are text: joiners
# (a family emoji is three people and two zero-width joiners), direction marks, spaces
# other than the plain one, private-use and unassigned code points. Control characters
# (category Cc) are left out: they are how a terminal reports ctrl+ keys.
_TEXT_CATEGORIES = frozenset({"Cf", "Co", "Cn", "Zs", "Zl", "Zp"})


def is_text(character: str | None) -> bool:
    """Whether a key's character belongs in the text (printable or one of the above)."""
    if not character or len(character) != 1:
        return False
    return character.isprintable() or unicodedata.category(character) in _TEXT_CATEGORIES


class ExactDocument(Document):
    """A document whose text is exactly what was put in.

    Textual's own document splits lines with `str.splitlines()`, which also breaks at a
    carriage return, a form feed, U+2028 and others, and joins them back with one newline
    style: a pasted "a\\rb" would be stored as "a\\nb". Here only "\\n" ends a line; every
    other character stays in its line and is drawn as a visible sign.
    """

    def __init__(self, text: str) -> None:
        self._newline = "\n"
        self._lines = text.split("\n")

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((start, end))
        top_row, top_column = top
        bottom_row, bottom_column = bottom
        lines = self._lines
        replaced_text = self.get_text_range(top, bottom)
        after = lines[bottom_row][bottom_column:] if bottom_row < len(lines) else ""
        before = lines[top_row][:top_column] if top_row < len(lines) else ""
        insert_lines = text.split("\n")
        insert_lines[0] = before + insert_lines[0]
        destination_column = len(insert_lines[-1])
        insert_lines[-1] = insert_lines[-1] + after
        lines[top_row : bottom_row + 1] = insert_lines
        destination_row = top_row + len(insert_lines) - 1
        return EditResult((destination_row, destination_column), replaced_text)


class FreeText(TextBox):
    """A text box where Enter sends, and nothing can grow past the cap."""

    def __init__(self, cap: int, text: str = "") -> None:
        super().__init__(
            text[:cap],
            soft_wrap=True,
            show_line_numbers=False,
            id="free-text",
            highlight_cursor_line=False,
        )
        self.cap = cap

    class Send(Message):
        pass

    class WasCut(Message):
        pass

    def _set_document(self, text: str, language: str | None) -> None:
        # As TextArea's own, for plain text, with a document that keeps the text exact.
        self._highlight_query = None
        document = ExactDocument(text)
        self.document = document
        self.wrapped_document = WrappedDocument(document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def render_line(self, y: int) -> Strip:
        # Pasted text may hold terminal escape codes: it is kept exactly, but what reaches
        # the terminal shows them as visible symbols (the width stays the one measured).
        strip = super().render_line(y)
        if all(display_safe(segment.text) == segment.text for segment in strip):
            return strip
        safe = [Segment(display_safe(seg.text), seg.style, seg.control) for seg in strip]
        return Strip(safe).crop(0, strip.cell_length)

    async def _on_key(self, event: events.Key) -> None:
        # prevent_default() keeps TextArea's own handler (next in the MRO) from running.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Send())
        elif is_text(event.character) and len(self.text) >= self.cap and not self.selected_text:
            event.stop()
            event.prevent_default()
            self.post_message(self.WasCut())
        elif not event.is_printable and is_text(event.character):
            # TextArea drops these (a joiner, a no-break space): they are text all the same.
            assert event.character is not None
            event.stop()
            event.prevent_default()
            self._replace_via_keyboard(event.character, *self.selection)
        # Otherwise Textual goes on to TextArea's own handler: no super() call here.

    async def _on_paste(self, event: events.Paste) -> None:
        # A huge paste is cut before it reaches the document: inserting megabytes of text
        # would freeze the screen, and the answer could not be stored anyway.
        room = self.cap - len(self.text) + len(self.selected_text)
        text, was_cut = cut(event.text, max(room, 0))
        if was_cut:
            event.prevent_default()
            event.stop()
            if text:
                self.replace(text, *self.selection)
            self.post_message(self.WasCut())
        # A paste that fits goes on to TextArea's own handler.


class NumberField(Input):
    """Digits only. A letter is never part of a number, so letters go on to the screen's
    keys (S skips, H helps) instead of being swallowed."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character and event.character.isalpha():
            # Keep Input's own handler (next in the MRO) from swallowing it, and let it
            # bubble on to the screen's letter keys.
            event.prevent_default()


class Composer(Vertical):
    """Typed answers: posts `Composer.Submitted` with the text."""

    DEFAULT_CSS = """
    Composer { height: auto; }
    Composer FreeText { height: auto; min-height: 3; max-height: 8; border: tall $primary; }
    Composer #composer-row, Composer #number-row { height: auto; }
    Composer #number { width: 16; }
    Composer #unit { width: 1fr; padding: 1 1 0 1; }
    Composer #counter, Composer #range { color: $text-muted; width: 1fr; }
    Composer #cut-note { color: $warning; height: auto; }
    Composer #cut-note.-empty { display: none; }
    Composer #send { width: auto; min-width: 10; }
    Composer #keys-hint { color: $text-muted; text-style: italic; height: auto; }
    """

    class Submitted(Message):
        """Typed text for `question_id`: the screen drops it if that question has gone."""

        def __init__(self, question_id: str, text: str) -> None:
            super().__init__()
            self.question_id = question_id
            self.text = text

    def __init__(
        self,
        question_id: str,
        kind: str,
        cap: int = 4000,
        draft: str = "",
        unit: str | None = None,
        low: int | None = None,
        high: int | None = None,
    ) -> None:
        super().__init__(id="composer")
        self.question_id = question_id
        self.kind = kind
        self.cap = cap
        self.draft = draft
        self.unit = unit
        self.low = low
        self.high = high

    def compose(self) -> ComposeResult:
        if self.kind == "number":
            with Horizontal(id="number-row"):
                yield NumberField(
                    self.draft,
                    type="integer",
                    id="number",
                    max_length=9,
                    placeholder=_("Number"),
                )
                if self.unit:
                    yield Static(Content(display_safe(self.unit)), id="unit")
            with Horizontal(id="composer-row"):
                yield Static(Content(self.range_text()), id="range")
                yield Button(Content(_("Send")), id="send", variant="primary", compact=True)
            yield Static(id="keys-hint")
        else:
            yield FreeText(self.cap, self.draft)
            with Horizontal(id="composer-row"):
                yield Static(id="counter")
                yield Button(Content(_("Send")), id="send", variant="primary", compact=True)
            yield Static(id="cut-note", classes="-empty")
            yield Static(id="keys-hint")

    def range_text(self) -> str:
        if self.low is not None and self.high is not None:
            return _("A number from {low} to {high}").format(low=self.low, high=self.high)
        if self.low is not None:
            return _("A number, {low} or more").format(low=self.low)
        if self.high is not None:
            return _("A number, up to {high}").format(high=self.high)
        return _("A whole number")

    def on_mount(self) -> None:
        self.update_counter()
        self.focus_input()
        self.show_hint(typing=True)

    def show_hint(self, typing: bool) -> None:
        """Say how to reach the keys below while typing, and how to come back."""
        text = _("Enter: send · Esc: the keys below") if typing else _("Esc: back to typing")
        self.query_one("#keys-hint", Static).update(Content(text))

    @property
    def field(self) -> Input | FreeText:
        return self.query_one("#number, #free-text")  # type: ignore[return-value]

    def focus_input(self) -> None:
        self.field.focus()

    def rejected(self) -> None:
        """The answer was refused: keep it in view, selected, so typing replaces it."""
        field = self.field
        field.focus()
        field.select_all()

    @property
    def text(self) -> str:
        if self.kind == "number":
            return self.query_one("#number", Input).value
        return self.query_one(FreeText).text

    def update_counter(self) -> None:
        if self.kind == "number":
            return
        self.query_one("#counter", Static).update(
            Content(
                ngettext(
                    "{count} of {cap} character", "{count} of {cap} characters", self.cap
                ).format(count=len(self.text), cap=self.cap)
            )
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.update_counter()

    def on_free_text_was_cut(self, event: FreeText.WasCut) -> None:
        note = self.query_one("#cut-note", Static)
        note.remove_class("-empty")
        note.update(
            Content(
                _(
                    "Your text was cut at {cap} characters: that is the most one answer can hold."
                ).format(cap=self.cap)
            )
        )
        self.update_counter()

    def on_free_text_send(self, event: FreeText.Send) -> None:
        self.post_message(self.Submitted(self.question_id, self.text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self.question_id, self.text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            event.stop()
            self.post_message(self.Submitted(self.question_id, self.text))
