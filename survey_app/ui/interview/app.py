"""A facilitated interview: an inspector reads the survey to a resident and records the
answers, on a laptop beside them (`survey-app interview`).

Two languages at once: the words to read (the consent script, each question and its
answers) are in the *resident's* language; the inspector's instructions, keys and buttons
in the *inspector's* own, chosen apart (an inspector who does not speak Welsh can run a
Welsh interview with an interpreter, and the screen says so). The questionnaire and its
routing are the self-completion ones, so that results stay comparable; the response
records mode `interview`, never who interviewed.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from survey_app.core.collection.collector import CollectingDb
from survey_app.core.collection.session import SurveySession
from survey_app.core.i18n import use_language
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.ui.stored import StoredApp


class InterviewApp(StoredApp):
    TITLE = "survey-app"
    CSS_PATH = ["interview.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", show=False, id="quit"),
        # A function key: it works on every screen, while an answer is being typed too.
        Binding("f2", "raise_alert", show=False, priority=True),
    ]
    INPUT_GUARD = 0.3
    """Seconds a question is on screen before an answer to it is taken: two keys in one
    read from the terminal must not answer a question not yet read out."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        db: Path,
        inspection_id: int,
        language: str = "en",
        free_text_cap: int = 4000,
        opened: CollectingDb | None = None,
    ) -> None:
        super().__init__(opened)
        self.questionnaire = questionnaire
        self.db_path = db
        self.inspection_id = inspection_id
        self.free_text_cap = free_text_cap
        self.inspector_language = language
        self.session: SurveySession | None = None
        self.paused_number: int | None = None
        """The interview just paused, for the first screen to say so once."""
        use_language(language)

    async def on_mount(self) -> None:
        if not await self.open_store():
            return
        from survey_app.ui.interview.screens import StartScreen

        await self.push_screen(StartScreen())

    async def on_unmount(self) -> None:
        await self.end_session()
        await self.close_store()

    def switch_inspector_language(self) -> None:
        """The inspector's screen in the other language; the resident's words stay."""
        self.inspector_language = "cy" if self.inspector_language == "en" else "en"
        use_language(self.inspector_language)

    async def begin_session(self, resident_language: str) -> SurveySession:
        """Consent given aloud: the response starts now, and not before (a resident who
        declines leaves nothing)."""
        assert self.store is not None
        await self.end_session()
        session = SurveySession(
            self.store, self.questionnaire, self.inspection_id, "interview", resident_language
        )
        await session.start()
        self.session = session
        return session

    async def back_to_start(self) -> None:
        """The first screen again, for the next resident: every screen over it goes (run
        by the app, never from inside a screen that is itself going)."""
        from survey_app.ui.interview.screens import StartScreen

        while not isinstance(self.screen, StartScreen) and len(self.screen_stack) > 2:
            await self.pop_screen()

    async def action_raise_alert(self) -> None:
        """F2: the alert form, over whatever screen is showing; the interview waits."""
        from survey_app.ui.interview.alert import AlertSavedScreen, AlertScreen

        if not isinstance(self.screen, AlertScreen | AlertSavedScreen):
            await self.push_screen(AlertScreen())

    async def action_request_quit(self) -> None:
        """Ctrl+Q: quit when no interview is open; otherwise ask first."""
        from survey_app.ui.interview.screens import EndEarlyScreen

        if self.session is None:
            self.exit()
        elif not isinstance(self.screen, EndEarlyScreen):
            await self.push_screen(EndEarlyScreen())
