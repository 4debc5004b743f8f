"""One resident's survey: the flow engine and the collector (a store or an outbox), in step.

An answer is in the database (committed, fsynced) before `answer()` returns, so the UI
shows the next question only once the previous answer is safe.
"""

from __future__ import annotations

from survey_app.core.collection.collector import NOTE_LIMIT, Collector, Mode
from survey_app.core.questionnaire.flow import Answer, Change, Flow
from survey_app.core.questionnaire.model import Questionnaire


class SurveySession:
    def __init__(
        self,
        store: Collector,
        questionnaire: Questionnaire,
        inspection_id: int,
        mode: Mode,
        language: str,
    ) -> None:
        self.store = store
        self.questionnaire = questionnaire
        self.inspection_id = inspection_id
        self.mode = mode
        self.language = language
        self.flow = Flow(questionnaire)
        self.response_id: str | None = None
        self.withdrawal_code: str | None = None
        self.notes: dict[str, str] = {}
        """The inspector's notes so far, by question (an interview's only)."""

    @property
    def open(self) -> bool:
        """Started and neither submitted nor abandoned."""
        return self.response_id is not None and self.withdrawal_code is None

    async def start(self) -> str:
        self.response_id = await self.store.start_response(
            self.inspection_id,
            self.mode,
            self.language,
            self.questionnaire.id,
            self.questionnaire.version,
            self.questionnaire.content_hash,
        )
        return self.response_id

    async def answer(self, question_id: str, answer: Answer) -> Change:
        """Apply an answer to the flow and store it durably; on a store error, undo it."""
        if self.response_id is None:
            raise RuntimeError("the session has not started")
        before = dict(self.flow.answers)
        change = self.flow.answer(question_id, answer)
        try:
            await self.store.save_answer(
                self.response_id, question_id, self.flow.answers[question_id], change
            )
        except BaseException:
            self.flow = Flow(self.questionnaire, before)
            raise
        return change

    async def note(self, question_id: str, text: str) -> None:
        """Keep the inspector's note on a question (empty: take it away), durably."""
        if self.response_id is None:
            raise RuntimeError("the session has not started")
        if self.mode != "interview":
            raise ValueError("only an interview has an inspector's notes")
        if question_id not in self.questionnaire.by_id:
            raise KeyError(question_id)
        text = text.strip()
        if len(text) > NOTE_LIMIT:
            raise ValueError(f"a note holds at most {NOTE_LIMIT} characters")
        await self.store.save_note(self.response_id, question_id, text)
        if text:
            self.notes[question_id] = text
        else:
            self.notes.pop(question_id, None)

    async def set_language(self, language: str) -> None:
        self.language = language
        if self.open:
            assert self.response_id is not None
            await self.store.set_language(self.response_id, language)

    async def submit(self) -> str:
        if self.response_id is None:
            raise RuntimeError("the session has not started")
        self.withdrawal_code = await self.store.complete(self.response_id)
        return self.withdrawal_code

    async def stop(self) -> str | None:
        """The resident chose to stop part way: keep what they gave as a partial response,
        with a withdrawal code to show them (None when nothing was answered: then nothing
        is kept)."""
        if not self.open:
            return None
        assert self.response_id is not None
        code = await self.store.mark_partial(self.response_id, with_code=True)
        self.response_id = None
        return code

    async def abandon(self, keep: bool = True) -> None:
        """The resident left before submitting: keep a partial response, or discard it."""
        if not self.open:
            return
        assert self.response_id is not None
        if keep:
            await self.store.mark_partial(self.response_id)
        else:
            await self.store.discard(self.response_id)
        self.response_id = None
