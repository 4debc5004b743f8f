"""Text longer than the screen, readable in full by keys, wheel and touch.

On a phone the consent text and the thank-you screen run below the fold. The text scrolls
(the wheel and a finger drag scroll it); the screen's arrow and page keys scroll it whatever
has focus; and a line under it says there is more and shows the next part when tapped, for
a browser that turns no drag into scrolling.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from survey_app.core.i18n import _


class Reading(VerticalScroll, can_focus=False):
    """The scrolled text itself (not focusable: the screen's keys scroll it)."""

    DEFAULT_CSS = """
    Reading { height: 1fr; }
    """


class MoreBelow(Static):
    """'More below' under a `Reading`, shown while part of it is out of sight."""

    DEFAULT_CSS = """
    MoreBelow { height: 1; width: 1fr; padding: 0 1; background: $boost; color: $accent;
                text-style: bold; }
    MoreBelow.-hidden { visibility: hidden; }
    """

    def __init__(self, reading: Reading) -> None:
        super().__init__(Content(_("▼ More below: press ↓ or tap here")), classes="-hidden")
        self.reading = reading

    def on_mount(self) -> None:
        self.watch(self.reading, "scroll_y", self._update, init=False)
        self.watch(self.reading, "virtual_size", self._update, init=False)
        self.call_after_refresh(self._update)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update)

    def _update(self, *_args: object) -> None:
        more = self.reading.max_scroll_y > 0 and self.reading.scroll_y < self.reading.max_scroll_y
        self.set_class(not more, "-hidden")

    @property
    def showing(self) -> bool:
        return not self.has_class("-hidden")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.reading.scroll_page_down(animate=False)
