"""The lead's own records: other evidence per standard, proposed ratings, secrets."""

from __future__ import annotations

from survey_app.core.storage.database import Database, Statement


class Records(Database):
    """The lead's own records: other evidence per standard, proposed ratings, secrets."""

    async def set_evidence(
        self, inspection_id: int, standard: int, source: str, judgement: str | None, note: str
    ) -> None:
        """Record what a source of evidence shows for a standard; None clears it."""
        statement: Statement
        if judgement is None:
            statement = (
                "DELETE FROM evidence WHERE inspection_id = ? AND standard = ? AND source = ?",
                (inspection_id, standard, source),
            )
        else:
            statement = (
                "INSERT INTO evidence (inspection_id, standard, source, judgement, note) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (inspection_id, standard, source) "
                "DO UPDATE SET judgement = excluded.judgement, note = excluded.note",
                (inspection_id, standard, source, judgement, note),
            )
        await self._write([statement])

    async def evidence(self, inspection_id: int) -> dict[tuple[int, str], tuple[str, str]]:
        """(standard, source) -> (judgement, note)."""
        cursor = await self._db.execute(
            "SELECT standard, source, judgement, note FROM evidence WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {(s, src): (j, n) for s, src, j, n in await cursor.fetchall()}

    async def set_rating(
        self, inspection_id: int, standard: int, points: int | None, rationale: str
    ) -> None:
        """Propose a rating (0-3) for a standard; None withdraws the proposal."""
        statement: Statement
        if points is None:
            statement = (
                "DELETE FROM rating WHERE inspection_id = ? AND standard = ?",
                (inspection_id, standard),
            )
        else:
            statement = (
                "INSERT INTO rating (inspection_id, standard, points, rationale) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (inspection_id, standard) "
                "DO UPDATE SET points = excluded.points, rationale = excluded.rationale",
                (inspection_id, standard, points, rationale),
            )
        await self._write([statement])

    async def ratings(self, inspection_id: int) -> dict[int, tuple[int, str]]:
        """standard -> (points, rationale)."""
        cursor = await self._db.execute(
            "SELECT standard, points, rationale FROM rating WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {s: (p, r) for s, p, r in await cursor.fetchall()}

    async def secret(self, role: str) -> str | None:
        cursor = await self._db.execute("SELECT hash FROM secret WHERE role = ?", (role,))
        row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set_secret(self, role: str, hashed: str) -> None:
        await self._write(
            [
                (
                    "INSERT INTO secret (role, hash) VALUES (?, ?) "
                    "ON CONFLICT (role) DO UPDATE SET hash = excluded.hash",
                    (role, hashed),
                )
            ]
        )
