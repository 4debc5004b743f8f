"""Inspections: created by the lead, listed, and the demo one."""

from __future__ import annotations

import datetime as dt
import uuid

from survey_app.core.storage.database import Database
from survey_app.core.store.rows import Inspection, inspection_from_row


class Inspections(Database):
    """Inspections: created by the lead, listed, and the demo one."""

    async def create_inspection(
        self,
        premises: str,
        region: str,
        fieldwork_start: dt.date,
        fieldwork_end: dt.date,
        language: str,
        residents: int,
        demo: bool = False,
        contact: str = "",
    ) -> Inspection:
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = await self._db.execute(
                    "INSERT INTO inspection (premises, region, fieldwork_start, fieldwork_end, "
                    "language, residents, demo, contact, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        premises,
                        region,
                        fieldwork_start.isoformat(),
                        fieldwork_end.isoformat(),
                        language,
                        residents,
                        int(demo),
                        contact,
                        str(uuid.uuid4()),
                    ),
                )
                new_id = cursor.lastrowid
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        inspection = await self.get_inspection(int(new_id or 0))
        assert inspection is not None
        return inspection

    async def list_inspections(self) -> list[Inspection]:
        cursor = await self._db.execute(
            "SELECT id, premises, region, fieldwork_start, fieldwork_end, language, residents, "
            "demo, contact, closed_day, purged_day, uuid, public_key FROM inspection ORDER BY id"
        )
        return [inspection_from_row(row) for row in await cursor.fetchall()]

    async def get_inspection(self, inspection_id: int) -> Inspection | None:
        cursor = await self._db.execute(
            "SELECT id, premises, region, fieldwork_start, fieldwork_end, language, residents, "
            "demo, contact, closed_day, purged_day, uuid, public_key FROM inspection WHERE id = ?",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        return inspection_from_row(row) if row else None

    async def find_inspection(self, key: int | str) -> Inspection | None:
        """By its number on this machine or by its UUID (the same on every device)."""
        if isinstance(key, int):
            return await self.get_inspection(key)
        cursor = await self._db.execute(
            "SELECT id FROM inspection WHERE uuid = ?", (key.strip().lower(),)
        )
        row = await cursor.fetchone()
        return await self.get_inspection(int(row[0])) if row else None

    async def set_key_pair(self, inspection_id: int, public_key: bytes, protected: str) -> bool:
        """Give an inspection its key pair, once: False if it already has one (devices may
        have sealed to it, so it is never replaced)."""
        async with self._lock:
            cursor = await self._db.execute(
                "UPDATE inspection SET public_key = ?, private_key = ? "
                "WHERE id = ? AND public_key IS NULL",
                (public_key, protected, inspection_id),
            )
        return cursor.rowcount == 1

    async def protected_private_key(self, inspection_id: int) -> str | None:
        """The private key as kept: encrypted under the lead's passphrase."""
        cursor = await self._db.execute(
            "SELECT private_key FROM inspection WHERE id = ?", (inspection_id,)
        )
        row = await cursor.fetchone()
        return str(row[0]) if row and row[0] is not None else None

    async def ensure_demo(self) -> Inspection:
        """On an empty database, create the clearly labelled demo inspection."""
        existing = await self.list_inspections()
        if existing:
            return existing[0]
        start = dt.date.today()
        return await self.create_inspection(
            premises="Demo Approved Premises",
            region="Demo",
            fieldwork_start=start,
            fieldwork_end=start + dt.timedelta(days=1),
            language="en",
            residents=20,
            demo=True,
        )

    async def set_residents(self, inspection_id: int, residents: int) -> None:
        if residents < 0:
            raise ValueError("the number of residents cannot be negative")
        await self._write(
            [("UPDATE inspection SET residents = ? WHERE id = ?", (residents, inspection_id))]
        )
