"""A collecting device's outbox: sealed records it can add to and never read back.

Every step of a response (it started, an answer, a change of language, its end) is sealed
to the inspection's public key before it is written, one durable transaction each, on disk
before the next question is shown: the same durability as the lead's store, with nothing
readable on the device. The index beside the records holds only what a bundle needs: the
response's random id, its status, mode, questionnaire hash and day. A device keeps no
withdrawal codes (their slow hashes go sealed) and counts nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from survey_app.core.collection.codes import code_tag, new_code
from survey_app.core.collection.collector import Mode
from survey_app.core.collection.entry import RawField
from survey_app.core.collection.inspection import DEFAULT_CONTACT, Inspection
from survey_app.core.collection.serials import normalise
from survey_app.core.device import records
from survey_app.core.device.schema import SCHEMA
from survey_app.core.device.setup import Setup
from survey_app.core.i18n import _
from survey_app.core.keys.sealing import binding, seal_record
from survey_app.core.questionnaire.flow import Answer, Change
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.safeguarding.alerts import Alert, new_alert_id, seal_alert
from survey_app.core.storage.database import Statement, StoreError, today
from survey_app.core.storage.paused import PausedTable
from survey_app.core.text import display_safe

JOINED_ID = 1
"""The joined inspection's number on the device (it has one): its UUID is what counts."""


JOINED_QUERY = (
    "SELECT uuid, premises, region, fieldwork_start, fieldwork_end, language, residents, "
    "contact, public_key, questionnaire_name, questionnaire_hash, questionnaire, catalogues "
    "FROM joined"
)


def setup_from_row(row: Any, path: Path) -> Setup:
    try:
        return Setup(
            uuid=str(row[0]),
            premises=str(row[1]),
            region=str(row[2]),
            fieldwork_start=dt.date.fromisoformat(str(row[3])),
            fieldwork_end=dt.date.fromisoformat(str(row[4])),
            language=str(row[5]),
            residents=int(row[6]),
            contact=str(row[7]),
            public_key=bytes(row[8]),
            questionnaire_name=str(row[9]),
            questionnaire_hash=str(row[10]),
            questionnaire=str(row[11]),
            catalogues=dict(json.loads(row[12])),
        )
    except (ValueError, TypeError) as exc:
        raise StoreError(
            _(
                "{db}: what this device joined cannot be read: the file was edited or is damaged"
            ).format(db=path)
        ) from exc


def joined_now(path: Path) -> Setup | None:
    """What the outbox at `path` joined, read without opening it for writing: for the
    command line, which needs the questionnaire before any app (or event loop) starts."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute(JOINED_QUERY).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None  # not joined yet (no table), or unreadable: opening it says which
    return setup_from_row(row, path) if row else None


def not_joined(path: Path) -> str:
    return _(
        "{db} has not joined an inspection: run survey-app device join FILE with the setup "
        "file from the lead"
    ).format(db=path)


class NotJoined(StoreError):
    """The device has not joined an inspection: `survey-app device join FILE` first."""


@dataclass(frozen=True)
class Pending:
    """A response as a bundle carries it: its index and every sealed record, in order."""

    id: str
    status: str
    mode: str
    questionnaire_hash: str
    day: str
    sealed: tuple[bytes, ...]


class Outbox(PausedTable):
    SCHEMA = SCHEMA

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        super().__init__(connection, path)
        self._setup: Setup | None = None
        self._next: dict[str, int] = {}
        """The next record's place, per response this process is writing."""
        self._keys: dict[str, bytes] = {}
        """The key of each response this process is writing, while it is open: in memory
        only, never on disk (a process that starts again makes a new one, in the next
        record), and forgotten when the response is settled."""

    # --- joining ---------------------------------------------------------------------
    async def join(self, setup: Setup) -> bool:
        """Join the inspection of `setup`: True if newly joined, False if it already was
        (the same inspection and questionnaire). Another inspection is refused: one outbox
        collects for one inspection."""
        current = await self.joined()
        if current is not None:
            if current.uuid == setup.uuid and current.questionnaire_hash == (
                setup.questionnaire_hash
            ):
                return False
            raise StoreError(
                _(
                    "{db} already collects for another inspection ({premises}): give a new "
                    "file with --db to join this one"
                ).format(db=self.path, premises=display_safe(current.premises))
            )
        await self._write(
            [
                (
                    "INSERT INTO joined (only, uuid, premises, region, fieldwork_start, "
                    "fieldwork_end, language, residents, contact, public_key, "
                    "questionnaire_name, questionnaire_hash, questionnaire, catalogues, "
                    "joined_day) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        setup.uuid,
                        setup.premises,
                        setup.region,
                        setup.fieldwork_start.isoformat(),
                        setup.fieldwork_end.isoformat(),
                        setup.language,
                        setup.residents,
                        setup.contact,
                        setup.public_key,
                        setup.questionnaire_name,
                        setup.questionnaire_hash,
                        setup.questionnaire,
                        json.dumps(setup.catalogues, ensure_ascii=False),
                        today(),
                    ),
                )
            ]
        )
        self._setup = None
        return True

    async def joined(self) -> Setup | None:
        if self._setup is not None:
            return self._setup
        cursor = await self._db.execute(JOINED_QUERY)
        row = await cursor.fetchone()
        if row is None:
            return None
        self._setup = setup_from_row(row, self.path)
        return self._setup

    async def _joined(self) -> Setup:
        setup = await self.joined()
        if setup is None:
            raise NotJoined(not_joined(self.path))
        return setup

    async def get_inspection(self, inspection_id: int) -> Inspection | None:
        setup = await self.joined()
        if setup is None or inspection_id != JOINED_ID:
            return None
        return Inspection(
            id=JOINED_ID,
            premises=setup.premises,
            region=setup.region,
            fieldwork_start=setup.fieldwork_start,
            fieldwork_end=setup.fieldwork_end,
            language=setup.language,
            residents=setup.residents,
            demo=False,
            contact=setup.contact,
            uuid=setup.uuid,
            public_key=setup.public_key,
            joined=True,
        )

    async def find_inspection(self, key: int | str) -> Inspection | None:
        setup = await self.joined()
        if setup is not None and key == setup.uuid:
            key = JOINED_ID
        return await self.get_inspection(key) if isinstance(key, int) else None

    async def list_inspections(self) -> list[Inspection]:
        found = await self.get_inspection(JOINED_ID)
        return [found] if found else []

    # --- sealing ---------------------------------------------------------------------
    async def _sealed(
        self, response_id: str, make: Callable[[int], bytes]
    ) -> tuple[int, bytes, bytes]:
        """The response's next place and its record, made for that place and sealed, with
        the response key it is sealed under (kept once the record is written)."""
        setup = await self._joined()
        seq = self._next.get(response_id)
        if seq is None:
            cursor = await self._db.execute(
                "SELECT records FROM response WHERE id = ?", (response_id,)
            )
            row = await cursor.fetchone()
            if row is None:
                raise StoreError(f"response {response_id} is not in this outbox")
            seq = int(row[0])
        bound = binding(setup.uuid, setup.questionnaire_hash, response_id, seq)
        sealed, key = seal_record(setup.public_key, self._keys.get(response_id), make(seq), bound)
        return seq, sealed, key

    def _written(self, response_id: str, seq: int, key: bytes | None) -> None:
        """The record at `seq` is on disk: the next goes after it, under the same key (a
        key whose record was never written would leave the next unreadable). `None`: the
        response is settled, and its key is forgotten, so that a kiosk's memory never
        holds what would open the residents before."""
        self._next[response_id] = seq + 1
        if key is None:
            self._keys.pop(response_id, None)
        else:
            self._keys[response_id] = key

    def _append(self, response_id: str, seq: int, sealed: bytes) -> list[Statement]:
        # One statement: the index's count follows by trigger, and a record out of its
        # place (another process wrote to the same response) is refused by another.
        return [
            (
                "INSERT INTO record (response_id, seq, sealed) VALUES (?, ?, ?)",
                (response_id, seq, sealed),
            )
        ]

    async def _add(self, response_id: str, make: Callable[[int], bytes]) -> None:
        async with self._lock:
            seq, sealed, key = await self._sealed(response_id, make)
            await self._write_unlocked(self._append(response_id, seq, sealed))
            self._written(response_id, seq, key)

    # --- the collector ---------------------------------------------------------------
    async def start_response(
        self,
        inspection_id: int,
        mode: Mode,
        language: str,
        questionnaire_id: str,
        questionnaire_version: str,
        questionnaire_hash: str,
    ) -> str:
        setup = await self._joined()
        if inspection_id != JOINED_ID or questionnaire_hash != setup.questionnaire_hash:
            # Sealed with the joined questionnaire's hash: any other would not open.
            raise StoreError(_("{db}: this is not the questionnaire this device joined with")
                             .format(db=self.path))  # fmt: skip
        response_id = secrets.token_hex(16)
        sealed, key = seal_record(
            setup.public_key,
            None,
            records.start(0, mode, language, questionnaire_id, questionnaire_version),
            binding(setup.uuid, questionnaire_hash, response_id, 0),
        )
        async with self._lock:
            await self._write_unlocked(
                [
                    (
                        "INSERT INTO response (id, mode, questionnaire_hash, day) "
                        "VALUES (?, ?, ?, ?)",
                        (response_id, mode, questionnaire_hash, today()),
                    ),
                    *self._append(response_id, 0, sealed),
                ]
            )
            self._written(response_id, 0, key)
        return response_id

    async def save_answer(
        self, response_id: str, question_id: str, answer: Answer, change: Change | None = None
    ) -> None:
        await self._add(response_id, lambda seq: records.answer(seq, question_id, answer, change))

    async def save_note(self, response_id: str, question_id: str, text: str) -> None:
        await self._add(response_id, lambda seq: records.note(seq, question_id, text))

    async def set_language(self, response_id: str, language: str) -> None:
        await self._add(response_id, lambda seq: records.language(seq, language))

    async def _settle(
        self, response_id: str, status: str, hashed: str | None, tag: str | None, allowed: str
    ) -> bool:
        day = today()
        async with self._lock:
            seq, sealed, key = await self._sealed(
                response_id, lambda seq: records.settled(seq, status, day, hashed, tag)
            )
            cursor = await self._db.execute(
                f"SELECT 1 FROM response WHERE id = ? AND status IN ({allowed})", (response_id,)
            )
            if await cursor.fetchone() is None:
                return False
            await self._write_unlocked(
                [
                    *self._append(response_id, seq, sealed),
                    (
                        "UPDATE response SET status = ?, day = ? WHERE id = ?",
                        (status, day, response_id),
                    ),
                ]
            )
            del key
            self._written(response_id, seq, None)
        return True

    # --- paper forms typed in ------------------------------------------------------------
    async def start_keying(self, serial: str, language: str, questionnaire: Questionnaire) -> str:
        """A paper form's keying begins: a response of mode `paper` whose records, after
        its start, are the copy's serial and its fields as typed, all sealed to the lead
        (who compares two keyings of a copy and makes the response)."""
        response_id = await self.start_response(
            JOINED_ID,
            "paper",
            language,
            questionnaire.id,
            questionnaire.version,
            questionnaire.content_hash,
        )
        await self._add(response_id, lambda seq: records.keying(seq, normalise(serial)))
        return response_id

    async def save_field(self, response_id: str, question_id: str, raw: RawField) -> None:
        code, value = raw
        await self._add(response_id, lambda seq: records.field(seq, question_id, code, value))

    async def finish_keying(self, response_id: str) -> None:
        """The keying reached the end of the form: settled, ready for the next bundle (no
        withdrawal code: the resident is not there, and their form is the record)."""
        if not await self._settle(response_id, "complete", None, None, "'in_progress'"):
            raise StoreError(f"keying {response_id} cannot be finished")

    async def keyings(self) -> int:
        """Paper forms keyed to the end on this device."""
        cursor = await self._db.execute(
            "SELECT count(*) FROM response WHERE mode = 'paper' AND status = 'complete'"
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def complete(self, response_id: str) -> str:
        code, hashed = await new_code()
        if not await self._settle(
            response_id, "complete", hashed, code_tag(code), "'in_progress', 'partial'"
        ):
            raise StoreError(f"response {response_id} cannot be completed")
        return code

    async def mark_partial(self, response_id: str, with_code: bool = False) -> str | None:
        """As the lead's store: a response with no answer (its start alone) is not kept."""
        cursor = await self._db.execute(
            "SELECT records FROM response WHERE id = ? AND status = 'in_progress'",
            (response_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return None
        if int(row[0]) <= 1:
            await self.discard(response_id)
            return None
        code, hashed = await new_code() if with_code else (None, None)
        tag = code_tag(code) if code else None
        settled = await self._settle(response_id, "partial", hashed, tag, "'in_progress'")
        return code if settled else None

    async def discard(self, response_id: str) -> None:
        await self._write([("DELETE FROM response WHERE id = ?", (response_id,))])
        self._next.pop(response_id, None)
        self._keys.pop(response_id, None)

    async def settle_abandoned(self, inspection_id: int, mode: str) -> int:
        """Responses of this mode left in progress when the collector last stopped: those
        with answers are now partial (a sealed record says so), the others go."""
        cursor = await self._db.execute(
            "SELECT id, records FROM response WHERE mode = ? AND status = 'in_progress' "
            # paused on purpose, to go on later: not abandoned
            "AND id NOT IN (SELECT response_id FROM paused)",
            (mode,),
        )
        kept = 0
        for response_id, count in await cursor.fetchall():
            if int(count) <= 1:
                await self.discard(str(response_id))
            elif await self._settle(str(response_id), "partial", None, None, "'in_progress'"):
                kept += 1
        return kept

    # --- alerts ----------------------------------------------------------------------
    async def raise_alert(self, inspection_id: int, alert: Alert) -> None:
        """An alert from an interview, sealed and stored apart from every response. The
        write-ahead log is then emptied into the file: the log keeps pages in the order they
        were written, which would place the alert among one interview's answers."""
        setup = await self._joined()
        if inspection_id != JOINED_ID:
            raise StoreError(f"inspection {inspection_id} is not the one this device joined")
        alert_id = new_alert_id()
        sealed = seal_alert(setup.public_key, setup.uuid, alert_id, alert)
        await self._write([("INSERT INTO alert (id, sealed) VALUES (?, ?)", (alert_id, sealed))])
        await self.forget_removed()

    async def pending_alerts(self, everything: bool = False) -> list[tuple[str, bytes]]:
        """Alerts not yet in a bundle (all of them with `everything`): (id, sealed), in the
        order of their random ids."""
        where = "" if everything else " WHERE exported = 0"
        cursor = await self._db.execute(f"SELECT id, sealed FROM alert{where} ORDER BY id")
        return [(str(i), bytes(b)) for i, b in await cursor.fetchall()]

    # --- bundles ---------------------------------------------------------------------
    async def pending(self, everything: bool = False) -> list[Pending]:
        """Settled responses not yet in a bundle, or changed since (all of them with
        `everything`), each with every sealed record. In progress ones wait: a lead must
        not watch someone's answers arrive while they are still giving them."""
        where = "" if everything else " AND records > exported"
        cursor = await self._db.execute(
            "SELECT id, status, mode, questionnaire_hash, day FROM response "
            f"WHERE status IN ('complete', 'partial'){where} ORDER BY id"
        )
        found = []
        for response_id, status, mode, qhash, day in await cursor.fetchall():
            sealed = await self._db.execute(
                "SELECT sealed FROM record WHERE response_id = ? ORDER BY seq", (response_id,)
            )
            blobs = tuple(bytes(b) for (b,) in await sealed.fetchall())
            found.append(Pending(response_id, status, mode, qhash, day, blobs))
        return found

    async def mark_exported(
        self, exported: list[Pending], alerts: list[tuple[str, bytes]] | None = None
    ) -> None:
        """Those responses (and alerts) are in a bundle written to disk, as far as it
        carried them."""
        alerts = alerts or []
        await self._write(
            [
                (
                    "UPDATE response SET exported = max(exported, ?) WHERE id = ?",
                    (len(each.sealed), each.id),
                )
                for each in exported
            ]
            + [("UPDATE alert SET exported = 1 WHERE id = ?", (i,)) for i, _sealed in alerts]
            + [
                (
                    self.AUDIT_NOTE,
                    ("bundle_exported", f"responses={len(exported)} alerts={len(alerts)}"),
                )
            ]
        )

    async def counts(self) -> dict[str, int]:
        """Responses by status, and how many wait for a bundle: what a device may say of
        itself (no answers, no days)."""
        cursor = await self._db.execute(
            "SELECT status, count(*), sum(records > exported) FROM response GROUP BY status"
        )
        found = {"in_progress": 0, "complete": 0, "partial": 0, "waiting": 0}
        for status, count, waiting in await cursor.fetchall():
            found[str(status)] = int(count)
            if status != "in_progress":
                found["waiting"] += int(waiting or 0)
        cursor = await self._db.execute("SELECT count(*) FROM alert WHERE exported = 0")
        row = await cursor.fetchone()
        found["alerts_waiting"] = int(row[0]) if row else 0
        return found

    async def withdraw(self, code: str) -> str:
        raise StoreError(
            _(
                "A device cannot withdraw answers: it cannot read them. Send the code to the "
                "inspectorate, whose lead withdraws it: {contact}"
            ).format(contact=display_safe((await self._joined()).contact or DEFAULT_CONTACT))
        )
