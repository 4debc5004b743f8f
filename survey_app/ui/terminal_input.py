"""Pastes that arrive exactly as they were sent.

A terminal (and the browser terminal of the web link) wraps pasted text in bracketed-paste
markers, ESC [200~ ... ESC [201~. Textual's parser reads the text between them one
character at a time, but an ESC inside the paste starts its escape-sequence search, and the
characters read by that search leave the paste as separate key presses: they are typed at
the cursor *before* the paste itself, with ESC shown as "^", and a bell or a direction mark
among them is dropped (keys that are not printable). A resident's pasted text would be
stored reordered and altered.

`PasteSafeParser` takes a bracketed paste whole, before Textual's parser sees it, and hands
every character between the markers on as one `Paste` event; everything else goes to
Textual's parser unchanged. `install()` makes the terminal and web drivers use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import constants, events
from textual._time import get_time
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

MAX_PASTE = 1_000_000
"""Characters of one paste kept at most while it arrives; the text box keeps far fewer (its
cap), so a paste that never ends cannot grow without bound."""


def _partial_suffix(data: str, marker: str) -> int:
    """How many characters at the end of `data` could be the start of `marker`."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteSafeParser(XTermParser):
    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._paste: list[str] | None = None
        """The text of a paste under way, or None outside a paste."""
        self._paste_size = 0
        self._held = ""
        """The end of the last read, kept back because it may begin a marker."""
        self._held_since = 0.0

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            if self._paste is not None:
                yield events.Paste("".join(self._paste) + self._held)
                self._paste, self._held = None, ""
            elif self._held:
                yield from super().feed(self._held)
                self._held = ""
            yield from super().feed("")
            return
        data, self._held = self._held + data, ""
        while data:
            if self._paste is None:
                start = data.find(BRACKETED_PASTE_START)
                if start == -1:
                    keep = _partial_suffix(data, BRACKETED_PASTE_START)
                    self._hold(data[len(data) - keep :] if keep else "")
                    data = data[: len(data) - keep]
                    if data:
                        yield from super().feed(data)
                    return
                if start:
                    yield from super().feed(data[:start])
                self._paste, self._paste_size = [], 0
                data = data[start + len(BRACKETED_PASTE_START) :]
            else:
                end = data.find(BRACKETED_PASTE_END)
                if end == -1:
                    keep = _partial_suffix(data, BRACKETED_PASTE_END)
                    self._add(data[: len(data) - keep])
                    self._hold(data[len(data) - keep :] if keep else "")
                    return
                self._add(data[:end])
                yield events.Paste("".join(self._paste))
                self._paste = None
                data = data[end + len(BRACKETED_PASTE_END) :]

    def _hold(self, tail: str) -> None:
        self._held = tail
        self._held_since = get_time()

    def _add(self, text: str) -> None:
        assert self._paste is not None
        room = MAX_PASTE - self._paste_size
        if room > 0 and text:
            self._paste.append(text[:room])
            self._paste_size += min(len(text), room)

    def tick(self) -> Iterable[Message]:
        # A held ESC that nothing followed was the Escape key itself; a held "ESC [2"
        # that nothing completed goes to Textual's parser, to be read as keys.
        waited = get_time() - self._held_since
        if self._held and self._paste is None and waited >= constants.ESCAPE_DELAY:
            held, self._held = self._held, ""
            if held == "\x1b":
                yield events.Key("escape", "\x1b")
            else:
                yield from super().feed(held)
        yield from super().tick()


def install() -> None:
    """Make Textual's terminal and web drivers read input with `PasteSafeParser`.

    The drivers create their parser by the name `XTermParser` in their own modules, so
    that name is pointed at the subclass; the Textual version is pinned (pyproject.toml).
    """
    import os

    from textual.drivers import linux_driver

    linux_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
    # The web driver (a tab of the web link) is imported only where it runs: it brings
    # modules a terminal never needs. It reads the tab's first size from COLUMNS and ROWS.
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        from textual.drivers import web_driver

        web_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
    else:
        # Textual's terminal driver measures the screen with shutil.get_terminal_size,
        # which believes COLUMNS and LINES before the terminal itself, at start and at
        # every resize. Left in the environment by a shell or a launcher, they pin the
        # drawing to a size the screen may not have (a 40-column screen drawn at 80, half
        # the keys out of sight).
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
