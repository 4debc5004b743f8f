"""A text area that can be drawn after it has been removed.

A modal screen (the stop question, "Are you still there?", the staff exit) draws the
screen beneath it as its dimmed background, from that screen's last layout. When a text
area on the screen beneath is removed meanwhile (the chat moved on to the next question
as the modal opened), Textual clears the removed widget's component styles, and drawing it
from that old layout raises KeyError ("No 'text-area--gutter' key in COMPONENT_CLASSES",
Textual issue 6528). On the kiosk that is an internal error that closes it. A removed text
area has nothing left to show: it draws as blank until the layout forgets it."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea


class TextBox(TextArea):
    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)
