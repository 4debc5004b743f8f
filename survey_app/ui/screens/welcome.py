"""Croeso / Welcome: the first screen offers both languages side by side, Welsh first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from survey_app.core.i18n import app_translator, use_language
from survey_app.ui.screens.base import ToggleContrast, banners, host
from survey_app.ui.widgets.chrome import HelpLine


def both(msgid: str) -> str:
    """A message in Welsh and English together, for the screen before a language is chosen."""
    return " / ".join(app_translator(lang).gettext(msgid) for lang in ("cy", "en"))


def prepare_later_screens(screen: Screen[None]) -> None:
    """The screens that follow imported, and the styles of what they show read."""
    from survey_app.ui.screens import chat, info, review, stop, thanks  # noqa: F401
    from survey_app.ui.styles import read_ahead

    read_ahead(screen.app, (*info.SHOWS, *chat.SHOWS))


class WelcomeScreen(Screen[None]):
    BINDINGS = [
        Binding("1,c", "choose('cy')", "Cymraeg", id="welcome.cy"),
        Binding("2,e", "choose('en')", "English", id="welcome.en"),
        Binding("3", "app.toggle_contrast", show=False, id="welcome.clear"),
    ]

    @property
    def closed(self) -> bool:
        """Collection has ended for this inspection (`survey-app inspection close`)."""
        inspection = host(self).inspection
        return inspection is not None and inspection.closed is not None

    def compose(self) -> ComposeResult:
        yield from banners(self, bilingual=True)
        with Center(), Vertical(id="welcome-box"):
            yield Static(Content(both("Welcome")), id="welcome-title", classes="title")
            yield Static(Content(both("Residents' survey")), id="welcome-subtitle")
            if self.closed:
                yield Static(Content(both("The survey has closed. Thank you.")), id="closed")
                yield HelpLine(bilingual=True)
                return
            yield Static(Content(both("Choose a language")), id="welcome-prompt")
            yield Button(Content("1  Cymraeg"), id="cy", variant="primary")
            yield Button(Content("2  English"), id="en", variant="primary")
            yield Button(Content("3  " + both("Clearer screen")), id="clear")
        yield HelpLine(bilingual=True)

    async def show_closed(self) -> None:
        """The inspection closed while this screen was up: say so, and take no answer."""
        await self.recompose()

    def on_mount(self) -> None:
        if self.closed:
            return
        self.query_one("#cy", Button).focus()
        # While the resident reads this screen, the screens that follow are imported and
        # the styles of what they show are read, so that the key they press shows the next
        # one without waiting for Python or Textual. Not at once: this screen is drawn first.
        self.set_timer(0.2, lambda: prepare_later_screens(self))

    async def action_choose(self, language: str) -> None:
        from survey_app.ui.screens.info import InfoScreen

        if self.closed:
            return

        use_language(language)
        await self.app.push_screen(InfoScreen())

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("cy", "en"):
            await self.action_choose(event.button.id)
        elif event.button.id == "clear":
            self.app.post_message(ToggleContrast())
