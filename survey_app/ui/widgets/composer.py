"""Where a resident types: a free-text box with a counter, or a number field."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Button, Input, Static, TextArea

from survey_app.core.i18n import _, ngettext
from survey_app.core.text import cut, display_safe


class FreeText(TextArea):
    """A text box where Enter sends, and nothing can grow past the cap."""

    def __init__(self, cap: int, text: str = "") -> None:
        super().__init__(
            text[:cap],
            soft_wrap=True,
            show_line_numbers=False,
            id="free-text",
            compact=True,
            highlight_cursor_line=False,
        )
        self.cap = cap

    class Send(Message):
        pass

    class WasCut(Message):
        pass

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
        elif event.is_printable and len(self.text) >= self.cap and not self.selected_text:
            event.stop()
            event.prevent_default()
            self.post_message(self.WasCut())
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


class Composer(Vertical):
    """Typed answers: posts `Composer.Submitted` with the text."""

    DEFAULT_CSS = """
    Composer { height: auto; }
    Composer FreeText { height: auto; min-height: 3; max-height: 8; border: tall $primary; }
    Composer Input { width: 1fr; max-width: 30; }
    Composer #composer-row { height: auto; }
    Composer #counter { color: $text-muted; width: 1fr; }
    Composer #cut-note { color: $warning; }
    Composer #send { width: auto; min-width: 10; }
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
    ) -> None:
        super().__init__(id="composer")
        self.question_id = question_id
        self.kind = kind
        self.cap = cap
        self.draft = draft
        self.unit = unit

    def compose(self):  # type: ignore[no-untyped-def]
        if self.kind == "number":
            with Horizontal(id="composer-row"):
                yield Input(
                    self.draft,
                    type="integer",
                    id="number",
                    max_length=9,
                    placeholder=_("Type a number"),
                )
                if self.unit:
                    yield Static(Content(" " + display_safe(self.unit)), id="unit")
                yield Button(Content(_("Send")), id="send", variant="primary")
        else:
            yield FreeText(self.cap, self.draft)
            with Horizontal(id="composer-row"):
                yield Static(id="counter")
                yield Button(Content(_("Send")), id="send", variant="primary")
            yield Static(id="cut-note")

    def on_mount(self) -> None:
        self.update_counter()
        self.focus_input()

    def focus_input(self) -> None:
        target = self.query("#number, #free-text").first()
        target.focus()

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
        self.query_one("#cut-note", Static).update(
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
