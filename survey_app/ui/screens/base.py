"""What every resident screen shares: the demo label, a title bar with the language switch,
letter keys that follow the language, and re-rendering when the language changes."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from survey_app.ui.widgets.chrome import DemoBanner, LanguageButton, LetterKeys

Result = TypeVar("Result")


class ResidentScreen(LetterKeys, Screen[Result]):
    LETTER_KEYS: ClassVar[dict[str, str]] = {"L": "app.switch_language"}
    FIRST_FOCUS: ClassVar[str | None] = None
    """The widget (by CSS selector) that has focus when the screen opens or re-renders."""

    def chrome(self, title: str) -> ComposeResult:
        if getattr(self.app, "demo", False):
            yield DemoBanner()
        with Horizontal(id="topbar"):
            yield Static(Content(title), classes="title")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        if self.FIRST_FOCUS:
            self.query_one(self.FIRST_FOCUS).focus()

    async def relabel(self) -> None:
        """The language changed: compose again in the new one."""
        await self.recompose()
        self.focus_first()
