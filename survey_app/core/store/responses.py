"""Responses and their answers, one durable transaction per answer; withdrawals."""

from __future__ import annotations

import asyncio
import secrets

from survey_app.core.collection.codes import check_code, code_tag, new_code
from survey_app.core.collection.collector import Mode
from survey_app.core.i18n import _
from survey_app.core.questionnaire.flow import Answer, Change
from survey_app.core.storage.database import (
    StoreError,
    today,
)
from survey_app.core.storage.paused import PausedTable
from survey_app.core.store.rows import ResponseRow, Withdrawal, decode_value, encode_value


class Responses(PausedTable):
    """Responses and their answers, one durable transaction per answer; withdrawals."""

    async def start_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire_id: str,
        questionnaire_version: str,
        questionnaire_hash: str,
    ) -> str:
        response_id = secrets.token_hex(16)
        await self._write(
            [
                (
                    "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
                    "questionnaire_version, questionnaire_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        response_id,
                        inspection_id,
                        mode,
                        language,
                        questionnaire_id,
                        questionnaire_version,
                        questionnaire_hash,
                    ),
                )
            ]
        )
        return response_id

    async def add_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire: tuple[str, str, str],
        answers: dict[str, Answer],
        finished: bool = True,
    ) -> str:
        """Store a whole response at once (a typed-in form, sample data) in one
        transaction, complete or (`finished` False: it stops part way) partial; no
        withdrawal code is given."""
        if not any(answer.status != "not_applicable" for answer in answers.values()):
            raise ValueError("a response with no answer is no response: nothing was stored")
        response_id = secrets.token_hex(16)
        status = "complete" if finished else "partial"
        await self._write(
            [
                (
                    "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
                    "questionnaire_version, questionnaire_hash, status, completed_day) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (response_id, inspection_id, mode, language, *questionnaire, status, today()),
                ),
                *(
                    (
                        "INSERT INTO answer (response_id, question_id, status, value) "
                        "VALUES (?, ?, ?, ?)",
                        (response_id, qid, answer.status, encode_value(answer.value)),
                    )
                    for qid, answer in answers.items()
                ),
            ]
        )
        return response_id

    async def save_answer(
        self, response_id: str, question_id: str, answer: Answer, change: Change | None = None
    ) -> None:
        """Store an answer and the routing changes it caused, durably, in one transaction."""
        statements: list[tuple[str, tuple[object, ...]]] = [
            (
                "INSERT INTO answer (response_id, question_id, status, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (response_id, question_id) DO UPDATE SET status = excluded.status, "
                "value = excluded.value",
                (response_id, question_id, answer.status, encode_value(answer.value)),
            )
        ]
        if change:
            statements += [
                (
                    "UPDATE answer SET status = 'not_applicable', value = NULL "
                    "WHERE response_id = ? AND question_id = ?",
                    (response_id, other),
                )
                for other in change.not_applicable
            ]
            statements += [
                (
                    "DELETE FROM answer WHERE response_id = ? AND question_id = ? "
                    "AND status = 'not_applicable'",
                    (response_id, other),
                )
                for other in change.reopened
            ]
        await self._write(statements)

    async def save_note(self, response_id: str, question_id: str, text: str) -> None:
        if not text:
            await self._write(
                [
                    (
                        "DELETE FROM interview_note WHERE response_id = ? AND question_id = ?",
                        (response_id, question_id),
                    )
                ]
            )
            return
        await self._write(
            [
                (
                    "INSERT INTO interview_note (response_id, question_id, text) "
                    "VALUES (?, ?, ?) ON CONFLICT (response_id, question_id) "
                    "DO UPDATE SET text = excluded.text",
                    (response_id, question_id, text),
                )
            ]
        )

    async def set_language(self, response_id: str, language: str) -> None:
        await self._write(
            [("UPDATE response SET language = ? WHERE id = ?", (language, response_id))]
        )

    async def complete(self, response_id: str) -> str:
        """Mark a response complete and return its withdrawal code (kept only as a hash)."""
        code, hashed = await new_code()
        async with self._lock:
            cursor = await self._db.execute(
                "UPDATE response SET status = 'complete', completed_day = ?, "
                "withdrawal_hash = ?, withdrawal_tag = ? "
                "WHERE id = ? AND status IN ('in_progress', 'partial')",
                (today(), hashed, code_tag(code), response_id),
            )
        if cursor.rowcount != 1:
            # Never show a code that does not open anything.
            raise StoreError(f"response {response_id} cannot be completed")
        return code

    async def mark_partial(self, response_id: str, with_code: bool = False) -> str | None:
        """A resident left without submitting: keep what they gave as a partial response.

        With `with_code` (the resident chose to stop and is still in front of the screen),
        the response gets a withdrawal code as a complete one does, returned to be shown.
        A response with no answers at all is not kept: there is nothing to count or take
        back, and no code is given.
        """
        if with_code:
            code, hashed = await new_code()
            tag: str | None = code_tag(code)
        else:
            code, hashed, tag = None, None, None
        async with self._lock:
            cursor = await self._db.execute(
                "SELECT COUNT(*) FROM answer WHERE response_id = ?", (response_id,)
            )
            row = await cursor.fetchone()
            if row is not None and row[0] == 0:
                await self._write_unlocked(
                    [
                        (
                            "DELETE FROM response WHERE id = ? AND status = 'in_progress'",
                            (response_id,),
                        )
                    ]
                )
                return None
            cursor = await self._db.execute(
                "UPDATE response SET status = 'partial', completed_day = ?, "
                "withdrawal_hash = COALESCE(?, withdrawal_hash), "
                "withdrawal_tag = COALESCE(?, withdrawal_tag) "
                "WHERE id = ? AND status = 'in_progress'",
                (today(), hashed, tag, response_id),
            )
        return code if cursor.rowcount == 1 else None

    async def settle_abandoned(self, inspection_id: int, mode: str) -> int:
        """Responses of this inspection and mode still in progress, answered by nobody now
        (their collector stopped without ending them), kept as partial: those with answers
        count from now on, those without are removed. How many were kept."""
        async with self._lock:
            await self._write_unlocked(
                [
                    (
                        "DELETE FROM response WHERE inspection_id = ? AND mode = ? AND status = "
                        "'in_progress' AND NOT EXISTS (SELECT 1 FROM answer a WHERE "
                        "a.response_id = response.id) AND id NOT IN (SELECT response_id FROM "
                        "paused)",
                        (inspection_id, mode),
                    )
                ]
            )
            cursor = await self._db.execute(
                "UPDATE response SET status = 'partial', completed_day = ? "
                "WHERE inspection_id = ? AND mode = ? AND status = 'in_progress' "
                # paused on purpose, to go on later: not abandoned
                "AND id NOT IN (SELECT response_id FROM paused)",
                (today(), inspection_id, mode),
            )
        return int(cursor.rowcount)

    async def discard(self, response_id: str) -> None:
        await self._write([("DELETE FROM response WHERE id = ?", (response_id,))])

    async def withdraw(self, code: str) -> Withdrawal:
        """Delete the answers of the response with this code, in whichever inspection.

        One indexed lookup by the code's short tag finds the few responses that could hold
        it; the slow hash is then checked for those alone, off the event loop. Responses
        from before tags were kept (schema 3 and earlier) are checked one by one.
        """
        cursor = await self._db.execute(
            "SELECT id, status, withdrawal_hash FROM response WHERE withdrawal_hash IS NOT "
            "NULL AND (withdrawal_tag = ? OR withdrawal_tag IS NULL)",
            (code_tag(code),),
        )
        for response_id, status, stored in await cursor.fetchall():
            if not await asyncio.to_thread(check_code, code, stored):
                continue
            if status == "withdrawn":  # a store not yet migrated to tombstones
                return "already"
            await self._write(
                [
                    ("DELETE FROM answer WHERE response_id = ?", (response_id,)),
                    ("DELETE FROM quote WHERE response_id = ?", (response_id,)),
                    ("DELETE FROM interview_note WHERE response_id = ?", (response_id,)),
                    ("DELETE FROM response WHERE id = ?", (response_id,)),
                    # Only the hash stays, so that the same code used again is told
                    # "already", and the random id, so that no bundle made before brings
                    # the response back; nothing else of the response is left.
                    (
                        "INSERT INTO withdrawn (tag, hash, response_id) VALUES (?, ?, ?)",
                        (code_tag(code), stored, response_id),
                    ),
                ]
            )
            if not await self.forget_removed():
                raise StoreError(
                    _(
                        "{db}: the change is saved, but another program kept the database "
                        "busy and its log could not be emptied. Close the other survey-app "
                        "windows and run the command again."
                    ).format(db=self.path)
                )
            return "withdrawn"
        cursor = await self._db.execute(
            "SELECT hash FROM withdrawn WHERE tag = ? OR tag IS NULL", (code_tag(code),)
        )
        for (stored,) in await cursor.fetchall():
            if await asyncio.to_thread(check_code, code, stored):
                return "already"
        return "unknown"

    async def response(self, response_id: str) -> ResponseRow | None:
        cursor = await self._db.execute(
            "SELECT id, inspection_id, mode, language, questionnaire_id, questionnaire_version, "
            "questionnaire_hash, status, completed_day FROM response WHERE id = ?",
            (response_id,),
        )
        row = await cursor.fetchone()
        return ResponseRow(*row) if row else None

    async def responses(self, inspection_id: int) -> list[ResponseRow]:
        cursor = await self._db.execute(
            "SELECT id, inspection_id, mode, language, questionnaire_id, questionnaire_version, "
            "questionnaire_hash, status, completed_day FROM response WHERE inspection_id = ? "
            "ORDER BY id",
            (inspection_id,),
        )
        return [ResponseRow(*row) for row in await cursor.fetchall()]

    async def answers(self, response_id: str) -> dict[str, Answer]:
        cursor = await self._db.execute(
            "SELECT question_id, status, value FROM answer WHERE response_id = ?",
            (response_id,),
        )
        return {
            qid: Answer(status, decode_value(value))
            for qid, status, value in await cursor.fetchall()
        }
