"""The kiosk: the survey on a shared screen, left alone in the AP's lounge.

- It loops for ever: welcome, survey, thanks, welcome; each resident a new response.
- It is locked: no command palette, no text selection, no quit or suspend keys; the only
  way out is a hidden staff key and the passphrase the inspector set when starting it
  (held only as a slow salted hash, in memory). Five wrong tries lock the prompt for a
  minute; every exit attempt is logged by day and kind, never with what was typed.
- A resident who walks away is asked "Are you still there?" after a quiet spell; then the
  session ends (kept as a partial response, or discarded by setting) and the screen goes
  back to welcome with nothing of theirs left in it.
- An internal error closes it quietly (no traceback on the screen) and `survey-app kiosk`
  opens a fresh one at welcome; the answers already given are on disk.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

import survey_app.ui.app
from survey_app.core.collection.session import SurveySession
from survey_app.core.keys.passphrase import Lockout
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.ui.app import SurveyApp
from survey_app.ui.kiosk.staff import StaffExit
from survey_app.ui.kiosk.still_there import ResetKiosk

THANKS_QUIET = 45.0
"""Seconds the thank-you screen (with the withdrawal code) stays when nobody touches it."""
STAFF_KEY = "f12"
"""The hidden key that opens the staff exit (docs/kiosk.md)."""
BLOCKED = ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+p", "ctrl+d", "ctrl+w")
ACTIVITY = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


class KioskLog:
    """Exit attempts, by day and kind only: no time of day, nothing typed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, kind: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(f"{dt.date.today().isoformat()} {kind}\n")
        except OSError:
            pass  # a full or read-only disk must not stop residents answering


class KioskApp(SurveyApp, inherit_bindings=False):
    ALLOW_SELECT = False
    ENABLE_COMMAND_PALETTE = False
    # Stylesheet paths are relative to the module that names them: the resident app's.
    CSS_PATH = [Path(survey_app.ui.app.__file__).parent / p for p in SurveyApp.CSS_PATH]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"blocked('{key}')", show=False, priority=True) for key in BLOCKED),
        Binding(STAFF_KEY, "staff_exit", show=False, priority=True),
    ]

    def __init__(
        self,
        questionnaire: Questionnaire,
        db: Path,
        inspection_id: int,
        passphrase_hash: str,
        idle: float = 120.0,
        countdown: float = 30.0,
        keep_partial: bool = True,
        log: Path | None = None,
        free_text_cap: int = 4000,
        lockout: Lockout | None = None,
    ) -> None:
        super().__init__(
            questionnaire, db, inspection_id, start="survey", mode="kiosk",
            free_text_cap=free_text_cap,
        )  # fmt: skip
        self.passphrase_hash = passphrase_hash
        self.idle = idle
        self.countdown = countdown
        self.keep_partial = keep_partial
        self.kiosk_log = KioskLog(log) if log else None
        self.staff_lockout = lockout if lockout is not None else Lockout()
        """Shared by every kiosk of one run (and kept on disk): a restart forgets no try."""
        self.last_activity = time.monotonic()
        self.residents_seen = 0
        self.crashed = False
        """Closed by an internal error, not by the staff exit: start a fresh kiosk."""

    def record(self, kind: str) -> None:
        if self.kiosk_log is not None:
            self.kiosk_log.write(kind)

    async def on_mount(self) -> None:
        # Textual runs the resident app's own on_mount too (handlers run down the class
        # hierarchy): calling it here as well would open the welcome screen twice.
        self.set_interval(1.0, self._check_idle, name="idle")

    # --- locked ----------------------------------------------------------------------
    def action_blocked(self, key: str) -> None:
        self.record(f"blocked key {key}")

    def action_help_quit(self) -> None:
        self.record("blocked key ctrl+c")

    def action_staff_exit(self) -> None:
        from survey_app.ui.kiosk.staff import StaffExitScreen

        if not isinstance(self.screen, StaffExitScreen):
            self.record("staff exit opened")
            self.push_screen(StaffExitScreen(self.staff_lockout, self.passphrase_hash))

    async def on_staff_exit(self, message: StaffExit) -> None:
        if not message.accepted:
            self.record("staff exit refused")
            return
        self.record("staff exit")
        await self.end_session()
        if self.store is not None:
            try:
                await self.store.note("kiosk_exit", "staff")
            except Exception:
                # The staff asked to close it: a database that cannot take the note now
                # (a full disk) must not keep the kiosk open.
                self.log.error("could not note the kiosk's exit in the audit log")
        self.exit()

    def on_reset_kiosk(self, message: ResetKiosk) -> None:
        self.reset()

    # --- idle ------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        from survey_app.ui.kiosk.staff import StaffExitScreen
        from survey_app.ui.kiosk.still_there import StillThereScreen
        from survey_app.ui.screens.thanks import ThanksScreen
        from survey_app.ui.screens.welcome import WelcomeScreen

        screen = self.screen
        if isinstance(screen, (WelcomeScreen, StillThereScreen)):
            return
        quiet = time.monotonic() - self.last_activity
        if isinstance(screen, ThanksScreen):
            # The withdrawal code must not wait for the next person: no "still there?" (a
            # tap on it would bring the code back), just welcome after a shorter quiet.
            if quiet >= min(self.idle, THANKS_QUIET):
                self.reset()
            return
        if quiet < self.idle:
            return
        if isinstance(screen, StaffExitScreen):
            screen.dismiss(None)
            return
        self.push_screen(StillThereScreen(self.countdown, self.keep_partial))

    def reset(self) -> None:
        """The resident has gone: end their session and start again from welcome."""
        self.call_later(self._reset)

    async def _reset(self) -> None:
        session, self.session = self.session, None
        if session is not None and session.open:
            try:
                await session.abandon(keep=self.keep_partial)
            except Exception:
                self.log.error("could not close a session")  # its answers are stored
        await self.back_to_welcome()
        self.last_activity = time.monotonic()

    async def back_to_welcome(self) -> None:
        if self.has_class("-clear"):
            self.action_toggle_contrast()  # the next resident chooses for themselves
        await super().back_to_welcome()

    async def begin_session(self) -> SurveySession:
        self.residents_seen += 1
        return await super().begin_session()

    # --- errors ----------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An internal error: note its kind, close quietly, and let `survey-app kiosk` open
        a fresh kiosk at welcome. The stock handler would print a traceback, with the values
        of local variables, to the terminal: where the next resident could read them."""
        self.record(f"internal error {type(error).__name__}")
        self.crashed = True
        self._return_code = 1
        self._close_messages_no_wait()
