"""What the lead's app holds while its screens are open: the evidence, every inspection's
counts for the comparison, and the door's lockout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey_app.core.keys.passphrase import LEAD
from survey_app.core.store.base import Store
from survey_app.ui.stored import StoredApp

if TYPE_CHECKING:
    from survey_app.core.analysis.aggregates import Tallies
    from survey_app.core.evidence.gather import Evidence
    from survey_app.core.keys.passphrase import Lockout
    from survey_app.core.questionnaire.model import Questionnaire

ROLE = LEAD
"""The name the lead's passphrase hash is kept under."""


class LeadRole(StoredApp):
    store: Store | None = None
    questionnaire: Questionnaire
    evidence: Evidence | None = None
    everyone: dict[int, Tallies] | None = None
    """Every inspection's counts, for the comparison: read at the first count and on
    ctrl+r, kept while the lead edits (other inspections do not change meanwhile)."""
    _lockout: Lockout | None = None
    from_home: bool = False

    async def open_db(self) -> Store:
        return await Store.open(self.db_path)

    @property
    def lockout(self) -> Lockout:
        """Wrong passphrases: handed over by the command line when the lead's view can be
        opened more than once in one run (from the home screen), so that leaving and
        coming back never resets the count."""
        if self._lockout is None:
            from survey_app.core.keys.passphrase import Lockout

            self._lockout = Lockout()
        return self._lockout

    async def refresh_evidence(self, everything: bool = False) -> Evidence:
        """Count again after a change; new free text is scrubbed into pending quotes.
        `everything`: read the other inspections' counts again too."""
        # Imported here: the door must show at once, before the counting and the anonymiser.
        from survey_app.core.evidence.gather import gather
        from survey_app.core.evidence.quotes import gather as gather_quotes

        assert self.store is not None
        await gather_quotes(self.store, self.questionnaire, self.inspection_id)
        if everything or self.everyone is None:
            self.everyone = await self.store.tallies_by_inspection()
        self.evidence = await gather(
            self.store, self.questionnaire, self.inspection_id, everyone=self.everyone
        )
        self.inspection = self.evidence.inspection
        return self.evidence

    def forget_evidence(self) -> None:
        """The lead has left: nothing of the evidence stays in the app's memory."""
        self.evidence = None
        self.everyone = None
