"""Before anything is asked: who we are, that it is voluntary and anonymous, where help is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from survey_app.core.i18n import _
from survey_app.core.storage.database import SurveyClosed
from survey_app.ui.screens.base import ResidentScreen, ShowWelcome, help_now, host
from survey_app.ui.widgets.chrome import HelpLine, LanguageButton
from survey_app.ui.widgets.reading import MoreBelow, Reading


def paragraphs() -> list[str]:
    return [
        _(
            "We are inspectors from HM Inspectorate of Probation. We are independent: we do "
            "not work for the probation service or for this Approved Premises."
        ),
        _(
            "We want to hear what it is like to live here. What you tell us helps us judge "
            "how well this place is run."
        ),
        _(
            "Taking part is up to you. Saying no, or stopping part way, will not affect your "
            "licence, your stay here or how staff treat you."
        ),
        _(
            "Your answers are anonymous. We do not ask your name. Staff here will not see "
            "your answers."
        ),
        _(
            "You can skip any question, or choose \u201cPrefer not to say\u201d. You can go "
            "back and change an answer."
        ),
        _(
            "There is one limit: if you tell us that you or someone else is at serious risk of "
            "harm, we may have to pass that on to keep people safe."
        ),
        help_now(),
        _("It takes about 10 to 15 minutes."),
    ]


SHOWS = (Horizontal, Button, Static, Reading, MoreBelow, LanguageButton, HelpLine)
"""The classes this screen shows, whose styles are read before it is (ui/styles.py)."""


class InfoScreen(ResidentScreen[None]):
    FIRST_FOCUS = "#start"
    # Keys are shown on the buttons themselves, in the resident's language, not in a footer.
    BINDINGS = [
        Binding("1", "start", show=False, id="info.start"),
        Binding("2,escape", "decline", show=False, id="info.decline"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.chrome(_("About this survey"))
        with Reading(id="info-text") as reading:
            for number, text in enumerate(paragraphs()):
                yield Static(Content(text), classes="body para", id=f"para-{number}")
        yield MoreBelow(reading)
        yield Static(id="info-error", classes="error")
        with Horizontal(classes="buttons"):
            yield Button(Content(_("1  Start the survey")), id="start", variant="success")
            yield Button(Content(_("2  No thanks")), id="decline")

    async def action_start(self) -> None:
        from survey_app.ui.screens.chat import ChatScreen

        app = host(self)
        if app.session is not None:
            return  # a second press while the first is starting
        try:
            session = await app.begin_session()
        except SurveyClosed as closed:
            self.show_text("#info-error", Content(str(closed)))
            return
        except Exception:
            self.log.error("starting a response failed")
            self.show_text(
                "#info-error",
                Content(_("Sorry, the survey cannot start just now. Please tell an inspector.")),
            )
            return
        await self.app.push_screen(ChatScreen(session))

    async def action_decline(self) -> None:
        self.app.post_message(ShowWelcome())

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            await self.action_start()
        elif event.button.id == "decline":
            await self.action_decline()
