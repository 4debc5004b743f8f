"""Paper forms typed in on a collecting device: each keying sealed to the lead, field by
field, as answers are. The device cannot read a keying back, and does not know the
lead's list of copies or what other machines keyed: the lead, merging bundles, puts each
keying beside the other keying of its copy, and compares them (store.imports)."""

from __future__ import annotations

from typing import ClassVar

from survey_app.core.collection.entry import CopyState, RawField, Tally
from survey_app.core.collection.serials import normalise
from survey_app.core.device.outbox import Outbox
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import StoreError


class DeviceDesk:
    """Entry's desk on a device (see collection.entry.EntryDesk)."""

    SEALED: ClassVar[bool] = True

    def __init__(self, outbox: Outbox, questionnaire: Questionnaire, language: str) -> None:
        self.outbox = outbox
        self.questionnaire = questionnaire
        self.language = language
        self._open: dict[str, str] = {}
        """Serial -> the keying under way in this run (its response id)."""
        self._typed: dict[str, dict[str, RawField]] = {}
        """What this run typed of each keying under way, in memory only: to go back a
        question, or take the form up again before the app stops. Nothing is read back
        from the outbox: it cannot be."""

    async def copy_state(self, inspection_id: int, serial: str) -> CopyState:
        return CopyState("first", None)

    async def paper_double_entry(self, inspection_id: int) -> bool:
        return True  # the lead's setting: a keying here is always one of two, or one

    async def paper_entered(self, inspection_id: int) -> int:
        return await self.outbox.keyings()

    async def paper_copies_issued(self, inspection_id: int) -> int:
        return 0  # the lead's list, not this device's

    async def paper_fields(
        self, inspection_id: int, serial: str, pass_: int
    ) -> dict[str, RawField]:
        return dict(self._typed.get(normalise(serial), {}))

    async def save_paper_field(
        self, inspection_id: int, serial: str, pass_: int, question_id: str, field: RawField
    ) -> None:
        serial = normalise(serial)
        response_id = self._open.get(serial)
        if response_id is None:
            response_id = await self.outbox.start_keying(serial, self.language, self.questionnaire)
            self._open[serial] = response_id
        await self.outbox.save_field(response_id, question_id, field)
        self._typed.setdefault(serial, {})[question_id] = field

    async def finish_pass(self, inspection_id: int, serial: str, pass_: int) -> None:
        serial = normalise(serial)
        response_id = self._open.pop(serial, None)
        self._typed.pop(serial, None)
        if response_id is None:
            # Nothing typed at all (every field left as it was): a keying of nothing is
            # still a keying, "all blank", for the lead to compare.
            response_id = await self.outbox.start_keying(serial, self.language, self.questionnaire)
        await self.outbox.finish_keying(response_id)

    async def passes_done(self, inspection_id: int, serial: str) -> set[int]:
        return set()  # the lead's to know

    async def finalise_paper(
        self,
        inspection_id: int,
        serial: str,
        questionnaire: tuple[str, str, str],
        language: str,
        form_language: str,
        answers: dict[str, Answer] | None,
        flags: dict[str, str],
        keying: Tally | None = None,
    ) -> str | None:
        raise StoreError("a collecting device seals keyings; the lead makes the responses")
