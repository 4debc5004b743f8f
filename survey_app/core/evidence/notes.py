"""Inspectors' notes from interviews, as the lead reads them: through the anonymiser.

A note is the inspector's words about a question of an interview, never a resident's. It
is shown beside its question, marked as an inspector's, and nowhere else: no quote, count,
export, release or evidence pack reads it (the store keeps it in a table of its own).
"""

from __future__ import annotations

from survey_app.core.privacy.anonymiser import anonymise, text_language
from survey_app.core.store.base import Store


async def interview_notes(
    store: Store, inspection_id: int, question_id: str, language: str
) -> list[str]:
    """The notes on one question, each scrubbed of names, rooms, numbers and the rest as
    any free text is (`language`: the lead's, for a note whose own cannot be told)."""
    notes = await store.interview_notes(inspection_id, question_id)
    return [anonymise(text, text_language(text, language)).text for text in notes]
