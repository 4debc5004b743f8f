"""The table of paused interviews, the same on the lead's store and a device's outbox: a
number, the day, how far it got, and the state encrypted under the inspector's pause
passphrase (see `core/collection/pause.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from survey_app.core.storage.database import Database, today


@dataclass(frozen=True)
class PausedInterview:
    """What the list of paused interviews shows: nothing of the resident."""

    number: int
    day: dt.date
    done: int
    """Questions answered (or skipped, or refused) when it was paused."""
    total: int
    """About how many questions it would have, as routing then stood."""


class PausedTable(Database):
    async def pause(self, response_id: str, state: str, done: int, total: int) -> int:
        """Keep a paused interview's state; its number in the list (the lowest free)."""
        async with self._lock:
            cursor = await self._db.execute(
                "SELECT 1 FROM response WHERE id = ? AND status = 'in_progress'", (response_id,)
            )
            if await cursor.fetchone() is None:
                raise ValueError(f"response {response_id} is not in progress here")
            cursor = await self._db.execute("SELECT number FROM paused ORDER BY number")
            taken = {int(n) for (n,) in await cursor.fetchall()}
            number = next(n for n in range(1, len(taken) + 2) if n not in taken)
            await self._write_unlocked(
                [
                    (
                        "INSERT INTO paused (number, response_id, day, done, total, state) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (response_id) DO UPDATE SET "
                        "day = excluded.day, done = excluded.done, total = excluded.total, "
                        "state = excluded.state",
                        (number, response_id, today(), done, total, state),
                    )
                ]
            )
        return number

    async def paused_interviews(self) -> list[PausedInterview]:
        cursor = await self._db.execute(
            "SELECT p.number, p.day, p.done, p.total FROM paused p JOIN response r "
            "ON r.id = p.response_id WHERE r.status = 'in_progress' ORDER BY p.number"
        )
        return [
            PausedInterview(int(n), dt.date.fromisoformat(str(day)), int(done), int(total))
            for n, day, done, total in await cursor.fetchall()
        ]

    async def paused_state(self, number: int) -> tuple[str, str] | None:
        """(response id, encrypted state) of a paused interview, or None."""
        cursor = await self._db.execute(
            "SELECT p.response_id, p.state FROM paused p JOIN response r ON r.id = "
            "p.response_id WHERE p.number = ? AND r.status = 'in_progress'",
            (number,),
        )
        row = await cursor.fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    async def unpause(self, number: int) -> None:
        """The paused interview taken up again (or settled): off the list."""
        await self._write([("DELETE FROM paused WHERE number = ?", (number,))])
