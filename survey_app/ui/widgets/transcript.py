"""The chat transcript: a scroll of message bubbles, anchored to the newest."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from survey_app.core.text import display_safe


class Bubble(Static):
    """One message. Its text is never parsed as markup: answers are untrusted."""

    DEFAULT_CSS = """
    Bubble { width: auto; max-width: 85%; height: auto; padding: 0 1; margin: 0 0 1 0; }
    Bubble.question { background: $boost; border-left: thick $primary; }
    Bubble.answer { margin: 0 0 1 4; background: $primary-muted; border-right: thick $accent; }
    Bubble.answer:hover { background: $primary 40%; }
    Bubble.note { color: $text-muted; text-style: italic; }
    Bubble.help { background: $warning-muted; }
    Bubble.error { background: $error-muted; text-style: bold; }
    """

    class ChangeRequested(Message):
        """The resident clicked one of their earlier answers to change it."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(
        self, text: str, kind: str, question_id: str | None = None, hint: str = ""
    ) -> None:
        content = Content(display_safe(text))
        if hint:
            content = Content.assemble(content, ("\n" + hint, "italic dim"))
        super().__init__(content, classes=kind)
        self.question_id = question_id
        self.text = text

    def on_click(self, event: events.Click) -> None:
        if self.question_id and self.has_class("answer"):
            event.stop()
            self.post_message(self.ChangeRequested(self.question_id))


class Transcript(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.anchor()

    async def say(self, *bubbles: Bubble) -> None:
        await self.mount_all(bubbles)
        self.anchor()
        if any(bubble.has_class("question") for bubble in bubbles):
            self.showing_question()

    def showing_question(self) -> None:
        """Once laid out, show the newest question from its first line."""
        self.call_after_refresh(self.show_newest_question)

    def show_newest_question(self) -> None:
        """Show the newest question from its first line. The anchor keeps the end of the
        transcript in view; on a small screen a long question would lose its start, the
        part a resident must read, so then the view starts at the question instead."""
        questions = self.query("Bubble.question")
        if not questions:
            return
        newest = questions.last().region
        if not newest or not self.region:
            return  # not laid out yet: the anchor shows the end, as before
        top = newest.y - self.region.y + round(self.scroll_y)
        if self.virtual_size.height - top > self.size.height:
            self.release_anchor()
            self.scroll_to(y=top, animate=False, immediate=True)

    async def clear(self) -> None:
        await self.remove_children()
