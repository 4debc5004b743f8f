"""Paper forms' copies: the serials printed for an inspection, and how many."""

from __future__ import annotations

from survey_app.core.collection.serials import normalise
from survey_app.core.storage.database import Database, today


class PaperCopies(Database):
    """The serials printed for an inspection: which exist, never who received which."""

    async def add_paper_copies(
        self,
        inspection_id: int,
        serials: list[str],
        language: str,
        questionnaire: str | None = None,
    ) -> None:
        """Record one print run, all of it or nothing (a serial already recorded for the
        inspection refuses the whole run: `new_serials` never makes one). `questionnaire`:
        the `id@version` it was printed from, which entry checks."""
        day = today()
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                await self._db.executemany(
                    "INSERT INTO paper_copy (inspection_id, serial, language, printed_day, "
                    "questionnaire) VALUES (?, ?, ?, ?, ?)",
                    [
                        (inspection_id, normalise(serial), language, day, questionnaire)
                        for serial in serials
                    ],
                )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise

    async def remove_paper_copies(self, inspection_id: int, serials: list[str]) -> None:
        """Take back a print run whose files could not be written."""
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                await self._db.executemany(
                    "DELETE FROM paper_copy WHERE inspection_id = ? AND serial = ?",
                    [(inspection_id, normalise(serial)) for serial in serials],
                )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise

    async def paper_serials(self, inspection_id: int) -> set[str]:
        """The inspection's serials, normalised (no dashes)."""
        cursor = await self._db.execute(
            "SELECT serial FROM paper_copy WHERE inspection_id = ?", (inspection_id,)
        )
        return {serial for (serial,) in await cursor.fetchall()}

    async def paper_copy_language(self, inspection_id: int, serial: str) -> str | None:
        """The language a copy was printed in, or None if no such copy was printed."""
        cursor = await self._db.execute(
            "SELECT language FROM paper_copy WHERE inspection_id = ? AND serial = ?",
            (inspection_id, normalise(serial)),
        )
        row = await cursor.fetchone()
        return None if row is None else str(row[0])

    async def paper_copies_issued(self, inspection_id: int) -> int:
        cursor = await self._db.execute(
            "SELECT count(*) FROM paper_copy WHERE inspection_id = ?", (inspection_id,)
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0
