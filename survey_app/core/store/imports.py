"""Bundles from collecting devices, opened with the inspection's private key and merged.

Opening comes first and all of it: a record that does not open, or opens to something this
app does not write, refuses the whole bundle before anything is stored. The merge is then
one transaction, so that a bundle is in or out, never half; it is safe beside the lead's
screens and beside another import (SQLite takes one writer at a time, and each response's
version is looked at inside the transaction).

For each response: a tombstone (it was withdrawn) keeps it out; a new id is added; the same
records again change nothing (the same bundle twice, overlapping bundles); the same records
and more replace the older copy (a partial response completed later); an older copy of
what is stored changes nothing; anything else is a conflict, listed for the lead and left
as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from survey_app.core.collection.inspection import Inspection
from survey_app.core.device import records
from survey_app.core.device.bundle import Bundle, BundleError, Carried, CarriedAlert, record_hash
from survey_app.core.i18n import _
from survey_app.core.keys.sealing import RecordOpener, SealError, binding
from survey_app.core.safeguarding.alerts import AlertError, open_alert
from survey_app.core.storage.database import Database, today
from survey_app.core.store.alerts import NEW_ALERT
from survey_app.core.store.rows import encode_value
from survey_app.core.text import display_safe


@dataclass(frozen=True)
class Imported:
    """The bundles merged for an inspection, as the lead's dashboard tells them."""

    bundles: int
    last_day: dt.date | None
    conflicts: int
    """Responses that came again with other records (listed, never merged)."""


@dataclass(frozen=True)
class Opened:
    carried: Carried
    hashes: tuple[str, ...]
    response: records.Replayed


@dataclass
class Receipt:
    """What an import did, in counts (never which responses)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    withdrawn: int = 0
    """Responses withdrawn on this machine that the bundle still carried: kept out."""
    alerts: int = 0
    """Alerts new to this store (kept apart: only the lead's alert list shows them)."""
    keyings: int = 0
    """Paper forms keyed on the device, put beside their copies for entry to compare."""
    keyings_left: int = 0
    """Keyings not used: of a copy not printed for the inspection, typed in already, or
    keyed twice already, or left unfinished on the device."""
    seen_before: bool = False
    """This very bundle was imported before (nothing changed, or only what was new)."""
    files: list[str] = field(default_factory=list)

    def add(self, other: Receipt) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.conflicts += other.conflicts
        self.withdrawn += other.withdrawn
        self.alerts += other.alerts
        self.keyings += other.keyings
        self.keyings_left += other.keyings_left


def open_bundle(
    bundle: Bundle,
    inspection: Inspection,
    private_key: X25519PrivateKey,
    progress: object = None,
) -> list[Opened]:
    """Every response of `bundle`, opened and rebuilt, or BundleError (nothing opened is
    kept). `progress`, if given, is called with (done, total) now and then."""
    if bundle.inspection != inspection.uuid:
        raise BundleError(
            _(
                "The bundle is for another inspection ({uuid}), not {premises}: nothing was "
                "imported."
            ).format(uuid=bundle.inspection, premises=display_safe(inspection.premises))
        )
    opened: list[Opened] = []
    total = len(bundle.responses)
    for done, carried in enumerate(bundle.responses):
        if callable(progress) and done % 200 == 0:
            progress(done, total)
        opened.append(_open_one(carried, inspection.uuid, private_key, first=not opened))
    if callable(progress):
        progress(total, total)
    return opened


def open_alerts(
    bundle: Bundle, inspection: Inspection, private_key: X25519PrivateKey
) -> list[CarriedAlert]:
    """The bundle's alerts, each checked to open as an alert of this inspection (and then
    kept sealed: they are opened again only when the lead reads them), or BundleError."""
    for carried in bundle.alerts:
        try:
            open_alert(private_key, inspection.uuid, carried.id, carried.sealed)
        except AlertError as exc:
            raise BundleError(
                _("An alert in the bundle does not open (it was changed or sealed to another "
                  "key): nothing was imported.")
            ) from exc  # fmt: skip
    return list(bundle.alerts)


def _open_one(
    carried: Carried, inspection: str, private_key: X25519PrivateKey, first: bool
) -> Opened:
    decoded = []
    opener = RecordOpener(private_key)
    for seq, blob in enumerate(carried.sealed):
        bound = binding(inspection, carried.questionnaire_hash, carried.id, seq)
        try:
            plaintext = opener.open(blob, bound)
        except SealError as exc:
            raise BundleError(
                _(
                    "The bundle's answers do not open with this inspection's key (they were "
                    "sealed to another key, or changed): nothing was imported."
                )
                if first and seq == 0
                else _(
                    "A sealed record in the bundle does not open (it was changed or moved): "
                    "nothing was imported."
                )
            ) from exc
        try:
            decoded.append(records.decode(plaintext, seq))
        except records.RecordError as exc:
            raise BundleError(_not_ours()) from exc
    try:
        replayed = records.replay(decoded)
    except records.RecordError as exc:
        raise BundleError(_not_ours()) from exc
    if replayed.status != carried.status or replayed.mode != carried.mode:
        raise BundleError(_not_ours())
    if (replayed.mode == "paper") != (replayed.serial is not None):
        raise BundleError(_not_ours())  # a device's paper response is a keying, always
    hashes = tuple(record_hash(blob) for blob in carried.sealed)
    return Opened(carried, hashes, replayed)


def _not_ours() -> str:
    return _(
        "A record in the bundle opened to something survey-app does not write: nothing was "
        "imported."
    )


class Imports(Database):
    """The lead's merge of opened bundles."""

    async def imported_before(self, bundle_id: str) -> bool:
        cursor = await self._db.execute("SELECT 1 FROM bundle_import WHERE id = ?", (bundle_id,))
        return await cursor.fetchone() is not None

    async def merge(
        self,
        inspection_id: int,
        bundle_id: str,
        opened: list[Opened],
        alerts: list[CarriedAlert] | None = None,
    ) -> Receipt:
        receipt = Receipt()
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                receipt.seen_before = await self.imported_before(bundle_id)
                keyings = [each for each in opened if each.response.serial is not None]
                plan = await self._plan(
                    inspection_id,
                    [each for each in opened if each.response.serial is None],
                    receipt,
                )
                plan += await self._keyings(inspection_id, keyings, receipt)
                for sql, rows in plan:
                    if rows:
                        await self._db.executemany(sql, rows)
                day = today()
                for alert in alerts or []:
                    # The same alert again (a bundle imported twice, or exported with --all)
                    # is already here: kept once.
                    cursor = await self._db.execute(
                        NEW_ALERT, (alert.id, inspection_id, alert.sealed, day, day, inspection_id)
                    )
                    receipt.alerts += max(cursor.rowcount, 0)
                if not receipt.seen_before:
                    await self._db.execute(
                        "INSERT INTO bundle_import (id, inspection_id, day, new, updated, "
                        "unchanged, conflicts, withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (bundle_id, inspection_id, today(), receipt.new, receipt.updated,
                         receipt.unchanged, receipt.conflicts, receipt.withdrawn),
                    )  # fmt: skip
                else:
                    # Its row is there from the first time (whose trigger noted it): this
                    # time is noted too, for the log tells every import.
                    await self._db.execute(
                        self.AUDIT_NOTE,
                        ("bundle_imported", f"inspection={inspection_id} new={receipt.new} "
                         f"updated={receipt.updated} unchanged={receipt.unchanged} "
                         f"conflicts={receipt.conflicts} withdrawn={receipt.withdrawn} again"),
                    )  # fmt: skip
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        return receipt

    async def _found(self, sql: str, ids: list[str]) -> list[tuple[object, ...]]:
        """Rows for `ids`, looked up in batches (one query per 500, not one per response)."""
        rows: list[tuple[object, ...]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            cursor = await self._db.execute(sql.format(marks=marks), chunk)
            rows += [tuple(row) for row in await cursor.fetchall()]
        return rows

    async def _plan(
        self, inspection_id: int, opened: list[Opened], receipt: Receipt
    ) -> list[tuple[str, list[tuple[object, ...]]]]:
        """Every change the bundle makes, decided response by response against what is
        stored (read inside the transaction), as statements with their rows."""
        ids = list(dict.fromkeys(each.carried.id for each in opened))
        withdrawn = {
            row[0]
            for row in await self._found(
                "SELECT response_id FROM withdrawn WHERE response_id IN ({marks})", ids
            )
        }
        stored: dict[str, tuple[object, list[str] | None]] = {
            str(row[0]): (row[1], json.loads(str(row[2])) if row[2] is not None else None)
            for row in await self._found(
                "SELECT r.id, r.inspection_id, v.records FROM response r LEFT JOIN "
                "sealed_version v ON v.response_id = r.id WHERE r.id IN ({marks})",
                ids,
            )
        }
        responses: list[tuple[object, ...]] = []
        answers: list[tuple[object, ...]] = []
        notes: list[tuple[object, ...]] = []
        versions: list[tuple[object, ...]] = []
        replaced: list[tuple[object, ...]] = []
        replaced_ids: list[tuple[object, ...]] = []
        new_versions: list[tuple[object, ...]] = []
        conflicts: list[tuple[object, ...]] = []
        for each in opened:
            r, c = each.response, each.carried
            incoming = list(each.hashes)
            if c.id in withdrawn:
                receipt.withdrawn += 1
                continue
            answer_rows = [
                (c.id, qid, answer.status, encode_value(answer.value))
                for qid, answer in r.answers.items()
            ]
            note_rows = [(c.id, qid, text) for qid, text in r.notes.items()]
            found = stored.get(c.id)
            if found is None:
                responses.append(
                    (c.id, inspection_id, r.mode, r.language, r.questionnaire_id,
                     r.questionnaire_version, c.questionnaire_hash, r.status, r.day,
                     r.withdrawal_hash, r.withdrawal_tag)
                )  # fmt: skip
                answers += answer_rows
                notes += note_rows
                versions.append((c.id, json.dumps(incoming)))
                stored[c.id] = (inspection_id, incoming)
                receipt.new += 1
                continue
            owner, kept = found
            if owner == inspection_id and kept is not None:
                if incoming[: len(kept)] == kept and len(incoming) > len(kept):
                    replaced_ids.append((c.id,))
                    replaced.append(
                        (r.language, r.status, r.day, r.withdrawal_hash, r.withdrawal_tag, c.id)
                    )
                    answers += answer_rows
                    notes += note_rows
                    new_versions.append((json.dumps(incoming), c.id))
                    stored[c.id] = (owner, incoming)
                    receipt.updated += 1
                    continue
                if kept[: len(incoming)] == incoming:
                    receipt.unchanged += 1  # the same, or an older copy of it
                    continue
            conflicts.append((c.id, c.hash, today()))
            receipt.conflicts += 1
        return [
            # Quotes drawn from an older copy go with it: they are drawn again, from the
            # words as they now stand, and reviewed again.
            ("DELETE FROM quote WHERE response_id = ?", replaced_ids),
            ("DELETE FROM answer WHERE response_id = ?", replaced_ids),
            ("DELETE FROM interview_note WHERE response_id = ?", replaced_ids),
            (
                "UPDATE response SET language = ?, status = ?, completed_day = ?, "
                "withdrawal_hash = ?, withdrawal_tag = ? WHERE id = ?",
                replaced,
            ),
            ("UPDATE sealed_version SET records = ? WHERE response_id = ?", new_versions),
            (
                "INSERT INTO response (id, inspection_id, mode, language, questionnaire_id, "
                "questionnaire_version, questionnaire_hash, status, completed_day, "
                "withdrawal_hash, withdrawal_tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                responses,
            ),
            (
                "INSERT INTO answer (response_id, question_id, status, value) VALUES (?, ?, ?, ?)",
                answers,
            ),
            (
                "INSERT INTO interview_note (response_id, question_id, text) VALUES (?, ?, ?)",
                notes,
            ),
            ("INSERT INTO sealed_version (response_id, records) VALUES (?, ?)", versions),
            (
                "INSERT OR IGNORE INTO conflict (response_id, records_hash, day) VALUES (?, ?, ?)",
                conflicts,
            ),
        ]

    async def _keyings(
        self, inspection_id: int, opened: list[Opened], receipt: Receipt
    ) -> list[tuple[str, list[tuple[object, ...]]]]:
        """Each finished keying put in a free place beside its copy (the first keying, or
        the second), as if typed here; the same keying again changes nothing."""
        if not opened:
            return []
        ids = [each.carried.id for each in opened]
        seen = {
            str(row[0])
            for row in await self._found("SELECT id FROM paper_import WHERE id IN ({marks})", ids)
        }
        copies: dict[str, bool] = {}
        taken: dict[str, set[int]] = {}
        for each in opened:
            serial = each.response.serial
            assert serial is not None
            if serial in copies:
                continue
            cursor = await self._db.execute(
                "SELECT entered_day FROM paper_copy WHERE inspection_id = ? AND serial = ?",
                (inspection_id, serial),
            )
            row = await cursor.fetchone()
            if row is not None:
                copies[serial] = row[0] is None
            # A place is taken by a keying finished, or one under way on the lead's machine.
            cursor = await self._db.execute(
                "SELECT pass FROM paper_pass WHERE inspection_id = ? AND serial = ? UNION "
                "SELECT pass FROM paper_field WHERE inspection_id = ? AND serial = ?",
                (inspection_id, serial, inspection_id, serial),
            )
            taken[serial] = {int(p) for (p,) in await cursor.fetchall()}
        fields: list[tuple[object, ...]] = []
        passes: list[tuple[object, ...]] = []
        merged: list[tuple[object, ...]] = []
        for each in opened:
            keying, carried = each.response, each.carried
            serial = keying.serial
            assert serial is not None
            if carried.id in seen:
                receipt.unchanged += 1
                continue
            seen.add(carried.id)
            merged.append((carried.id, inspection_id))
            free = [p for p in (1, 2) if p not in taken.get(serial, set())]
            if keying.status != "complete" or not copies.get(serial) or not free:
                receipt.keyings_left += 1
                continue
            place = free[0]
            taken.setdefault(serial, set()).add(place)
            fields += [
                (inspection_id, serial, place, qid, code, value)
                for qid, (code, value) in keying.fields.items()
            ]
            passes.append((inspection_id, serial, place))
            receipt.keyings += 1
        return [
            ("INSERT INTO paper_import (id, inspection_id) VALUES (?, ?)", merged),
            (
                "INSERT INTO paper_field (inspection_id, serial, pass, question_id, code, value) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                fields,
            ),
            ("INSERT INTO paper_pass (inspection_id, serial, pass) VALUES (?, ?, ?)", passes),
        ]

    async def imported(self, inspection_id: int) -> Imported:
        """What the lead is told of the bundles merged so far: how many, the last day, and
        how many responses are in conflict (counts only)."""
        cursor = await self._db.execute(
            "SELECT count(*), max(day) FROM bundle_import WHERE inspection_id = ?",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        bundles, last = (int(row[0]), row[1]) if row else (0, None)
        cursor = await self._db.execute(
            "SELECT count(DISTINCT c.response_id) FROM conflict c "
            "JOIN response r ON r.id = c.response_id WHERE r.inspection_id = ?",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        return Imported(
            bundles=bundles,
            last_day=dt.date.fromisoformat(str(last)) if last else None,
            conflicts=int(row[0]) if row else 0,
        )
