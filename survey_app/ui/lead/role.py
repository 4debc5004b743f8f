"""What an app needs to show the lead's screens: the lead's own app (`survey-app lead`), or
the resident app, whose home screen leads there behind the same passphrase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey_app.ui.stored import StoredApp

if TYPE_CHECKING:
    from survey_app.core.analysis.aggregates import Tallies
    from survey_app.core.evidence.gather import Evidence
    from survey_app.core.keys.passphrase import Lockout
    from survey_app.core.questionnaire.model import Questionnaire

ROLE = "lead"
"""The name the lead's passphrase hash is kept under."""


class LeadRole(StoredApp):
    questionnaire: Questionnaire
    evidence: Evidence | None = None
    everyone: dict[int, Tallies] | None = None
    """Every inspection's counts, for the comparison: read at the first count and on
    ctrl+r, kept while the lead edits (other inspections do not change meanwhile)."""
    _lockout: Lockout | None = None

    @property
    def lockout(self) -> Lockout:
        """Wrong passphrases counted for as long as the app runs."""
        if self._lockout is None:
            from survey_app.core.keys.passphrase import Lockout

            self._lockout = Lockout()
        return self._lockout

    async def refresh_evidence(self, everything: bool = False) -> Evidence:
        """Count again after a change; new free text is scrubbed into pending quotes.
        `everything`: read the other inspections' counts again too."""
        # Imported here: the resident app carries this role for its home screen, and a
        # resident's start must not wait for the lead's counting and the anonymiser.
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
