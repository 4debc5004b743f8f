"""The home screen: which part of the app to open on this terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.ui.screens.base import ResidentScreen, host
from survey_app.ui.widgets.chrome import DemoBanner, LanguageButton, key_label


class HomeScreen(ResidentScreen[None]):
    class Chosen(Message):
        """Open another app in this terminal once this one has closed."""

        def __init__(self, role: str) -> None:
            super().__init__()
            self.role = role

    LETTER_KEYS = {"language": "app.switch_language", "quit": "app.quit"}
    FIRST_FOCUS = "#survey"
    BINDINGS = [
        Binding("1", "survey", show=False, id="home.survey"),
        Binding("2", "lead", show=False, id="home.lead"),
    ]

    def compose(self) -> ComposeResult:
        inspection = host(self).inspection
        if host(self).demo:
            yield DemoBanner()
        with Vertical(id="home-box"):
            yield LanguageButton()
            yield Static(Content("survey-app"), classes="title")
            if inspection is not None:
                yield Static(
                    Content(
                        _("Inspection {id}: {premises}, fieldwork {start} to {end}").format(
                            id=inspection.id,
                            premises=display_safe(inspection.premises),
                            start=inspection.fieldwork_start.isoformat(),
                            end=inspection.fieldwork_end.isoformat(),
                        )
                    ),
                    id="inspection",
                )
            yield Static(Content(_("Who is using this screen?")))
            yield Button(
                Content(_("1  A resident, answering the survey on their own")),
                id="survey",
                variant="primary",
            )
            yield Button(
                Content(_("2  The lead inspector (passphrase)")),
                id="lead",
            )
            yield Button(Content(key_label("quit", _("Quit"))), id="quit")

    async def action_survey(self) -> None:
        from survey_app.ui.screens.welcome import WelcomeScreen

        await self.app.push_screen(WelcomeScreen())

    async def action_lead(self) -> None:
        # The lead's view is another app: the resident app carries none of its code.
        self.post_message(self.Chosen("lead"))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "survey":
            await self.action_survey()
        elif event.button.id == "lead":
            await self.action_lead()
        elif event.button.id == "quit":
            self.app.exit()
