"""Where a resident's answers go as they are given: the seam between a session and the
database behind it. The lead's store is one collector; a collecting device's outbox, which
can write answers but never read them back, is another."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    # Named in signatures only: a resident's app opens its database before the welcome
    # screen, and the alerts' sealing (cryptography) is not needed until an alert is.
    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.questionnaire.flow import Answer, Change
    from survey_app.core.safeguarding.alerts import Alert
    from survey_app.core.storage.paused import PausedInterview

Mode = Literal["self", "kiosk", "web", "paper", "interview"]
"""How a response was given: at a terminal, the kiosk, the web link, paper, an interview."""
NOTE_LIMIT = 1000
"""The most characters an inspector's note on one question of an interview holds."""


class Collector(Protocol):
    """Each call is one durable transaction, on disk before it returns."""

    async def start_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire_id: str,
        questionnaire_version: str,
        questionnaire_hash: str,
    ) -> str:
        """A new response, in progress; its random id."""
        ...

    async def save_answer(
        self, response_id: str, question_id: str, answer: Answer, change: Change | None = None
    ) -> None:
        """An answer given (or changed), with the routing changes it causes."""
        ...

    async def set_language(self, response_id: str, language: str) -> None: ...

    async def save_note(self, response_id: str, question_id: str, text: str) -> None:
        """An inspector's note on a question of an interview (empty: the note taken away),
        kept apart from the answers: the inspector's words, never the resident's."""
        ...

    async def complete(self, response_id: str) -> str:
        """The response submitted; its withdrawal code, to be shown once."""
        ...

    async def mark_partial(self, response_id: str, with_code: bool = False) -> str | None:
        """The response left unfinished and kept (with a code when one is asked for)."""
        ...

    async def discard(self, response_id: str) -> None:
        """The response dropped, with every answer it had."""
        ...


class CollectingDb(Collector, Protocol):
    """What a resident's app opens: the lead's store on the lead's machine, or a device's
    outbox. Either gives the inspection and takes answers; neither is read back here."""

    path: Path

    async def get_inspection(self, inspection_id: int) -> Inspection | None: ...

    async def find_inspection(self, key: int | str) -> Inspection | None: ...

    async def list_inspections(self) -> list[Inspection]: ...

    async def settle_abandoned(self, inspection_id: int, mode: str) -> int:
        """Responses of this mode left in progress by a collector that stopped: partial."""
        ...

    async def raise_alert(self, inspection_id: int, alert: Alert) -> None:
        """An alert from an interview, sealed to the inspection's key and stored apart from
        every response (nothing ties the two)."""
        ...

    async def pause(self, response_id: str, state: str, done: int, total: int) -> int:
        """An interview paused: its encrypted state kept; its number in the list."""
        ...

    async def paused_interviews(self) -> list[PausedInterview]: ...

    async def paused_state(self, number: int) -> tuple[str, str] | None:
        """(response id, encrypted state) of a paused interview, or None."""
        ...

    async def unpause(self, number: int) -> None: ...

    async def note(self, event: str, detail: str = "") -> None:
        """Append an entry to the database's audit log."""
        ...

    async def close(self) -> None: ...
