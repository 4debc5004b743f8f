"""The lead inspector's app: behind a passphrase, the inspection's evidence, made safe.

Everything shown comes from `survey_app.core.evidence.gather`: counts with small numbers
suppressed, approved quotes, and the lead's own records. Residents' raw answers never
reach these screens; quotes reach them only scrubbed.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from survey_app.core.i18n import current_language, use_language
from survey_app.core.keys.passphrase import Lockout
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.rows import Inspection
from survey_app.ui.lead.role import ROLE, LeadRole

__all__ = ["ROLE", "LeadApp"]


class LeadApp(LeadRole):
    TITLE = "survey-app"
    CSS_PATH = ["lead.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", show=False, id="quit")]

    def __init__(
        self,
        questionnaire: Questionnaire,
        db: Path,
        inspection_id: int,
        language: str = "en",
        lockout: Lockout | None = None,
        from_home: bool = False,
    ) -> None:
        super().__init__()
        if lockout is not None:
            self._lockout = lockout
        self.from_home = from_home
        """Opened from the resident app's home screen: leaving the door (or the locked
        dashboard) closes this app, and the home screen comes back."""
        self.questionnaire = questionnaire
        self.db_path = db
        self.inspection_id = inspection_id
        self.language = language
        self.store: Store | None = None
        self.inspection: Inspection | None = None
        use_language(language)

    async def on_mount(self) -> None:
        if not await self.open_store():
            return
        from survey_app.ui.lead.passphrase import PassphraseScreen

        await self.push_screen(PassphraseScreen())

    async def on_unmount(self) -> None:
        await self.close_store()

    async def action_switch_language(self) -> None:
        use_language("en" if current_language() == "cy" else "cy")
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
