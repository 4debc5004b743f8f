"""The resident survey app (built by `survey_app.ui.factory.make_app`): welcome,
information, chat, review, thanks. It carries nothing of the lead's: from the home screen,
choosing the lead's view closes this app and the command line opens the lead's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.binding import Binding
from textual.theme import Theme

from survey_app.core.collection.collector import CollectingDb, Mode
from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.session import SurveySession
from survey_app.core.i18n import current_language, use_language
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.ui.screens.base import (
    OfferStop,
    ShowThanks,
    ShowWelcome,
    StopSurvey,
    ToggleContrast,
)
from survey_app.ui.stored import StoredApp

if TYPE_CHECKING:
    from survey_app.ui.screens.home import HomeScreen

Start = Literal["home", "survey"]

HIGH_CONTRAST = Theme(
    name="survey-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaa00",
    error="#ff5555",
    success="#55ff55",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
)
"""White on black, yellow for what can be pressed: for residents who see poorly."""


class SurveyApp(StoredApp):
    """Welcome -> information -> chat -> review -> thanks, and round again; or first the
    home screen, which asks who is using this screen."""

    TITLE = "survey-app"
    # Each screen's styles sit beside it, but are all loaded here, once, at start: a screen
    # that brings its own stylesheet makes Textual restyle the whole app when it first opens.
    CSS_PATH = [
        "app.tcss",
        *(
            f"screens/{name}.tcss"
            for name in ("home", "welcome", "info", "chat", "review", "thanks")
        ),
    ]
    ENABLE_COMMAND_PALETTE = False
    # Phones in a browser are about 40 columns wide: screens rearrange below 60.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    BINDINGS = [
        # In a survey, ctrl+q asks first (the stop screen); with no survey open, it quits.
        Binding("ctrl+q", "request_quit", show=False, id="quit"),
    ]
    INPUT_GUARD = 0.3
    """Seconds a question is on screen before an answer to it is taken (see ChatScreen)."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        db: Path,
        inspection_id: int,
        start: Start = "survey",
        mode: Mode = "self",
        free_text_cap: int = 4000,
        opened: CollectingDb | None = None,
    ) -> None:
        super().__init__(opened)
        self.questionnaire = questionnaire
        self.db_path = db
        self.inspection_id = inspection_id
        self.start = start
        self.mode: Mode = mode
        self.free_text_cap = free_text_cap
        self.inspection: Inspection | None = None
        self.session: SurveySession | None = None
        self.next_role: str | None = None
        """What the home screen chose to open once this app has closed ("lead")."""
        use_language("en")

    async def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if not await self.open_store():
            return
        assert self.inspection is not None
        if self.inspection.language in ("en", "cy"):
            use_language(self.inspection.language)
        if self.start == "home":
            from survey_app.ui.screens.home import HomeScreen

            await self.push_screen(HomeScreen())
        else:
            from survey_app.ui.screens.welcome import WelcomeScreen

            await self.push_screen(WelcomeScreen())

    def action_help_quit(self) -> None:
        """Ctrl+C: in the survey, offer to stop (in the resident's language), never quit."""
        self.call_later(self.offer_stop)

    async def action_request_quit(self) -> None:
        """Ctrl+Q: quit only when no resident is answering; otherwise ask to stop."""
        if self.session is None:
            self.exit()
        else:
            await self.offer_stop()

    async def offer_stop(self) -> None:
        """The stop screen, once, over whichever screen of the survey is showing."""
        from survey_app.ui.screens.stop import StopScreen

        if self.session is not None and not isinstance(self.screen, StopScreen):
            await self.push_screen(StopScreen())

    async def on_unmount(self) -> None:
        await self.end_session()
        await self.close_store()

    # --- the resident's session ----------------------------------------------------
    async def begin_session(self) -> SurveySession:
        assert self.store is not None
        await self.end_session()
        session = SurveySession(
            self.store, self.questionnaire, self.inspection_id, self.mode, current_language()
        )
        await session.start()
        self.session = session
        return session

    # What the screens ask for arrives as messages, handled after the handler that sent
    # it: a screen that awaited its own removal from inside a handler would wait for ever.
    def on_show_thanks(self, message: ShowThanks) -> None:
        self.call_later(self.finish_survey, message.code)

    def on_show_welcome(self, message: ShowWelcome) -> None:
        self.call_later(self.back_to_welcome)

    def on_stop_survey(self, message: StopSurvey) -> None:
        self.call_later(self.stop_survey)

    async def on_offer_stop(self, message: OfferStop) -> None:
        await self.offer_stop()

    def on_toggle_contrast(self, message: ToggleContrast) -> None:
        self.action_toggle_contrast()

    @property
    def withdrawal_contact(self) -> str:
        from survey_app.core.collection.inspection import DEFAULT_CONTACT

        return self.inspection.withdrawal_contact if self.inspection else DEFAULT_CONTACT

    async def stop_survey(self) -> None:
        """The resident chose to stop: keep what they gave (partial), clear their screens,
        and show the code that takes it back (nothing to show if nothing was answered)."""
        from survey_app.ui.screens.thanks import StoppedScreen
        from survey_app.ui.screens.welcome import WelcomeScreen

        session, self.session = self.session, None
        code = None
        if session is not None and session.open:
            try:
                code = await session.stop()
            except Exception:
                # Its answers are stored; it stays "in progress", which counts as partial.
                self.log.error("could not mark a response partial")
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            await self.pop_screen()
        if code is None:
            await self.back_to_welcome()
        else:
            await self.push_screen(StoppedScreen(code, self.withdrawal_contact))

    async def finish_survey(self, code: str) -> None:
        """After submitting: drop every screen of this resident, then say thank you."""
        from survey_app.ui.screens.thanks import ThanksScreen
        from survey_app.ui.screens.welcome import WelcomeScreen

        self.session = None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            await self.pop_screen()
        await self.push_screen(ThanksScreen(code, self.withdrawal_contact))

    async def back_to_welcome(self) -> None:
        from survey_app.ui.screens.welcome import WelcomeScreen

        await self.end_session()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            await self.pop_screen()
        use_language(self.inspection.language if self.inspection else "en")
        # A kiosk runs for days: the inspection may have closed since it started.
        if self.store is not None and self.inspection is not None and not self.inspection.closed:
            latest = await self.store.get_inspection(self.inspection_id)
            if latest is not None and latest.closed is not None:
                self.inspection = latest
                if isinstance(self.screen, WelcomeScreen):
                    await self.screen.show_closed()

    def on_home_screen_chosen(self, message: HomeScreen.Chosen) -> None:
        """The home screen chose another app (the lead's view): close this one for it."""
        self.next_role = message.role
        self.exit()

    # --- accessibility ---------------------------------------------------------------
    def action_toggle_contrast(self) -> None:
        """A high-contrast theme with bold text and roomier buttons, and back."""
        clear = self.theme != HIGH_CONTRAST.name
        self.theme = HIGH_CONTRAST.name if clear else "textual-dark"
        self.set_class(clear, "-clear")

    # --- language ------------------------------------------------------------------
    def action_switch_language(self) -> None:
        # Scheduled on the app: the language button that asked is itself replaced when the
        # screens re-render, and a widget cannot wait for its own removal.
        self.call_later(self.set_language, "en" if current_language() == "cy" else "cy")

    async def set_language(self, language: str) -> None:
        """Switch language everywhere at once; every open screen re-renders, nothing lost."""
        use_language(language)
        if self.session is not None:
            try:
                await self.session.set_language(language)
            except Exception:
                # The answers are safe; only the response's language is not updated.
                self.log.error("could not record the language switch")
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
