"""Quotes from free text, scrubbed, waiting for the lead or decided."""

from __future__ import annotations

import json
import secrets

from survey_app.core.storage.database import Database
from survey_app.core.store.rows import SETTLED, QuoteRow, decode_value


class Quotes(Database):
    """Quotes from free text, scrubbed, waiting for the lead or decided."""

    async def free_text_without_quote(
        self, inspection_id: int, question_ids: list[str]
    ) -> list[tuple[str, str, str, str | None]]:
        """(response id, question id, language, text) of free-text answers not yet quoted."""
        if not question_ids:
            return []
        marks = ", ".join("?" for _ in question_ids)
        cursor = await self._db.execute(
            "SELECT a.response_id, a.question_id, r.language, a.value FROM answer a "
            "JOIN response r ON r.id = a.response_id "
            "LEFT JOIN quote q ON q.response_id = a.response_id AND q.question_id = a.question_id "
            f"WHERE r.inspection_id = ? AND {SETTLED} AND a.status = 'answered' "
            f"AND q.id IS NULL AND a.question_id IN ({marks})",
            (inspection_id, *question_ids),
        )
        return [
            (response_id, question_id, language, decode_value(value))  # type: ignore[misc]
            for response_id, question_id, language, value in await cursor.fetchall()
        ]

    async def interview_notes(self, inspection_id: int, question_id: str) -> list[str]:
        """The inspectors' notes on one question, of settled interviews, as written (the
        lead is shown them only through the anonymiser); in the order of nothing that
        ties them to a response: sorted by their words."""
        cursor = await self._db.execute(
            "SELECT n.text FROM interview_note n JOIN response r ON r.id = n.response_id "
            f"WHERE r.inspection_id = ? AND {SETTLED} AND n.question_id = ? ORDER BY n.text",
            (inspection_id, question_id),
        )
        return [str(text) for (text,) in await cursor.fetchall()]

    async def add_quote(
        self,
        response_id: str,
        question_id: str,
        language: str,
        text: str,
        kinds: list[str],
        standard: int | None = None,
    ) -> str:
        quote_id = secrets.token_hex(8)
        await self._write(
            [
                (
                    "INSERT INTO quote (id, response_id, question_id, language, text, kinds, "
                    "standard) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (response_id, question_id) DO NOTHING",
                    (
                        quote_id,
                        response_id,
                        question_id,
                        language,
                        text,
                        json.dumps(kinds),
                        standard,
                    ),
                )
            ]
        )
        return quote_id

    async def set_quote_standard(self, quote_id: str, standard: int | None) -> None:
        if standard is not None and not 1 <= standard <= 5:
            raise ValueError("a standard is numbered 1 to 5")
        await self._write([("UPDATE quote SET standard = ? WHERE id = ?", (standard, quote_id))])

    async def quotes(self, inspection_id: int, status: str | None = None) -> list[QuoteRow]:
        cursor = await self._db.execute(
            "SELECT q.id, q.question_id, q.language, q.text, q.kinds, q.status, q.standard "
            "FROM quote q JOIN response r ON r.id = q.response_id WHERE r.inspection_id = ? "
            f"AND {SETTLED} AND (? IS NULL OR q.status = ?) "
            # after a purge, the approved quotes that were kept
            "UNION ALL SELECT id, question_id, language, text, kinds, 'approved', standard "
            "FROM kept_quote WHERE inspection_id = ? AND (? IS NULL OR ? = 'approved') "
            "ORDER BY 1",
            (inspection_id, status, status, inspection_id, status, status),
        )
        return [
            QuoteRow(id_, question_id, language, text, tuple(json.loads(kinds)), state, standard)
            for id_, question_id, language, text, kinds, state, standard in await cursor.fetchall()
        ]

    async def quote(self, quote_id: str) -> QuoteRow | None:
        cursor = await self._db.execute(
            "SELECT id, question_id, language, text, kinds, status, standard FROM quote "
            "WHERE id = ?",
            (quote_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        return QuoteRow(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5], row[6])

    async def update_quote(self, quote_id: str, text: str, kinds: list[str], status: str) -> None:
        before = await self.quote(quote_id)
        await self._write(
            [
                (
                    "UPDATE quote SET text = ?, kinds = ?, status = ? WHERE id = ?",
                    (text, json.dumps(kinds), status, quote_id),
                )
            ]
        )
        if before is not None and before.text != text:
            # The lead took words out: out of the log too. Busy, it is emptied at the next
            # withdrawal or when the last program closes the file (the old text was
            # already scrubbed); the lead's screen is not stopped for it.
            await self.forget_removed()
