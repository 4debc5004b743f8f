"""Alerts on the lead's store: kept as they came, sealed, in their own table, and the steps
the lead records in following each one up.

Nothing here joins an alert to a response: the tables share no column, and no query of
this module names a response, an answer or a count. The words of an alert and of each step
open only with the inspection's private key (the lead's passphrase); the store itself can
tell only how many alerts an inspection has and where each stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_app.core.i18n import _
from survey_app.core.storage.database import Database, StoreError, today

if TYPE_CHECKING:
    from survey_app.core.safeguarding.alerts import Alert, Step

# The alerts' own module (and the cryptography that seals them) is imported where an alert
# is raised or followed up: the store opens before a resident's welcome screen, which
# should not wait for it.

ALERT_RETENTION_DAYS = 365 * 2
NEW_ALERT = (
    "INSERT OR IGNORE INTO alert (id, inspection_id, number, sealed, received_day, status_day) "
    "SELECT ?, ?, coalesce(max(number), 0) + 1, ?, ?, ? FROM alert WHERE inspection_id = ?"
)
"""An alert stored: the next number of its inspection (the same alert again is kept once)."""
"""Days a closed alert is kept after it closed (`survey-app alerts purge`): the
inspectorate's record that it acted, kept apart from the survey's own retention."""


@dataclass(frozen=True)
class StoredAlert:
    """An alert as the store holds it: its words still sealed."""

    number: int
    """Its number in the inspection, given as it came and never moved: for the lead to say
    "alert 2", nothing more."""
    id: str
    status: str
    received_day: dt.date
    status_day: dt.date
    sealed: bytes
    steps: tuple[tuple[int, str, dt.date, bytes], ...]
    """(seq, status, day, sealed words) of each step, in order."""


class AlertIntake(Database):
    """Alerts raised in an interview on the lead's own machine."""

    async def raise_alert(self, inspection_id: int, alert: Alert) -> None:
        cursor = await self._db.execute(
            "SELECT uuid, public_key FROM inspection WHERE id = ?", (inspection_id,)
        )
        row = await cursor.fetchone()
        if row is None:
            raise StoreError(f"inspection {inspection_id} is not in {self.path}")
        if row[1] is None:
            raise StoreError(
                _(
                    "Inspection {id} has no key, so the alert cannot be sealed: make the "
                    "inspection with survey-app inspection create, which makes its key. Follow "
                    "the alert process by phone now."
                ).format(id=inspection_id)
            )
        from survey_app.core.safeguarding.alerts import new_alert_id, seal_alert

        alert_id = new_alert_id()
        sealed = seal_alert(bytes(row[1]), str(row[0]), alert_id, alert)
        day = today()
        await self._write([(NEW_ALERT, (alert_id, inspection_id, sealed, day, day, inspection_id))])
        # The write-ahead log keeps pages in the order they were written: the alert's
        # would sit among one interview's answers.
        await self.forget_removed()


class AlertTracking(AlertIntake):
    """The lead's list of alerts and the steps taken on each."""

    async def receive_alerts(self, inspection_id: int, alerts: list[tuple[str, bytes]]) -> int:
        """Alerts (id, sealed) from a bundle whose responses are not merged: the
        inspection has closed. An alert is never turned away with them: the alert process
        goes on after the survey's counts are final. All in one transaction; the same
        alert again is kept once. How many were new."""
        day = today()
        added = 0
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                for alert_id, sealed in alerts:
                    cursor = await self._db.execute(
                        NEW_ALERT, (alert_id, inspection_id, sealed, day, day, inspection_id)
                    )
                    added += max(cursor.rowcount, 0)
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        return added

    async def alerts(self, inspection_id: int) -> list[StoredAlert]:
        cursor = await self._db.execute(
            "SELECT number, id, status, received_day, status_day, sealed FROM alert "
            "WHERE inspection_id = ? ORDER BY number",
            (inspection_id,),
        )
        rows = await cursor.fetchall()
        found = []
        for number, alert_id, status, received, changed, sealed in rows:
            steps = await self._db.execute(
                "SELECT seq, status, day, sealed FROM alert_step WHERE alert_id = ? ORDER BY seq",
                (alert_id,),
            )
            found.append(
                StoredAlert(
                    number=int(number),
                    id=str(alert_id),
                    status=str(status),
                    received_day=dt.date.fromisoformat(str(received)),
                    status_day=dt.date.fromisoformat(str(changed)),
                    sealed=bytes(sealed),
                    steps=tuple(
                        (int(s), str(st), dt.date.fromisoformat(str(d)), bytes(b))
                        for s, st, d, b in await steps.fetchall()
                    ),
                )
            )
        return found

    async def alert_counts(self, inspection_id: int) -> dict[str, int]:
        """Alerts by status: what the dashboard may say without the passphrase."""
        cursor = await self._db.execute(
            "SELECT status, count(*) FROM alert WHERE inspection_id = ? GROUP BY status",
            (inspection_id,),
        )
        return {str(s): int(n) for s, n in await cursor.fetchall()}

    async def add_step(self, inspection_id: int, alert: StoredAlert, step: Step) -> None:
        """The alert moves on: `step.status` must be one its status allows."""
        from survey_app.core.safeguarding.alerts import NEXT, seal_step

        if step.status not in NEXT.get(alert.status, ()):
            raise StoreError(
                _("Alert {n} is {status}: it cannot go to {next} from there.").format(
                    n=alert.number, status=alert.status, next=step.status
                )
            )
        cursor = await self._db.execute(
            "SELECT uuid, public_key FROM inspection WHERE id = ?", (inspection_id,)
        )
        row = await cursor.fetchone()
        if row is None or row[1] is None:
            raise StoreError(f"inspection {inspection_id} has no key")
        seq = len(alert.steps) + 1
        sealed = seal_step(bytes(row[1]), str(row[0]), alert.id, seq, step)
        async with self._lock:
            cursor = await self._db.execute(
                "SELECT status FROM alert WHERE id = ? AND inspection_id = ?",
                (alert.id, inspection_id),
            )
            now = await cursor.fetchone()
            if now is None or str(now[0]) != alert.status:
                raise StoreError(
                    _("Alert {n} changed meanwhile: look at it again.").format(n=alert.number)
                )
            await self._write_unlocked(
                [
                    (
                        "INSERT INTO alert_step (alert_id, seq, status, day, sealed) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (alert.id, seq, step.status, today(), sealed),
                    )
                ]
            )

    async def purge_alerts(self, inspection_id: int, days: int = ALERT_RETENTION_DAYS) -> int:
        """Closed alerts that closed more than `days` ago go, steps and all: how many."""
        cutoff = (dt.date.fromisoformat(today()) - dt.timedelta(days=days)).isoformat()
        cursor = await self._db.execute(
            "SELECT id FROM alert WHERE inspection_id = ? AND status = 'closed' AND status_day < ?",
            (inspection_id, cutoff),
        )
        ids = [str(r[0]) for r in await cursor.fetchall()]
        if ids:
            await self._write([("DELETE FROM alert WHERE id = ?", (i,)) for i in ids])
            await self.forget_removed()
        return len(ids)
