"""Paper forms typed in: each keyer's fields, durable one at a time, until the copy is
final and becomes a response of mode `paper`; double entry's tally, by role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import ClassVar

from survey_app.core.collection.entry import CopyState, RawField, Tally
from survey_app.core.collection.serials import normalise
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.storage.database import Database, StoreError, today
from survey_app.core.store.rows import encode_value


@dataclass(frozen=True)
class Keying(Tally):
    """Double entry's tally for an inspection (its copies' tallies added up), by role
    (first, second), never by name; and how many copies it counts."""

    forms: int = 0


class PaperEntry(Database):
    SEALED: ClassVar[bool] = False
    """Entry on the lead's store makes responses (see collection.entry.EntryDesk)."""

    async def paper_double_entry(self, inspection_id: int) -> bool:
        cursor = await self._db.execute(
            "SELECT paper_double_entry FROM inspection WHERE id = ?", (inspection_id,)
        )
        row = await cursor.fetchone()
        return bool(row[0]) if row else True

    async def set_paper_double_entry(self, inspection_id: int, on: bool) -> None:
        await self._write(
            [
                (
                    "UPDATE inspection SET paper_double_entry = ? WHERE id = ?",
                    (int(on), inspection_id),
                )
            ]
        )

    async def copy_state(self, inspection_id: int, serial: str) -> CopyState:
        serial = normalise(serial)
        cursor = await self._db.execute(
            "SELECT language, entered_day, questionnaire FROM paper_copy "
            "WHERE inspection_id = ? AND serial = ?",
            (inspection_id, serial),
        )
        row = await cursor.fetchone()
        if row is None:
            return CopyState("unknown", None)
        language, entered, printed = str(row[0]), row[1], row[2]
        if entered is not None:
            return CopyState("entered", language, printed)
        done = await self.passes_done(inspection_id, serial)
        if 1 not in done:
            return CopyState("first", language, printed)
        if 2 not in done:
            return CopyState("second", language, printed)
        return CopyState("resolve", language, printed)

    async def passes_done(self, inspection_id: int, serial: str) -> set[int]:
        cursor = await self._db.execute(
            "SELECT pass FROM paper_pass WHERE inspection_id = ? AND serial = ?",
            (inspection_id, normalise(serial)),
        )
        return {int(p) for (p,) in await cursor.fetchall()}

    async def paper_fields(
        self, inspection_id: int, serial: str, pass_: int
    ) -> dict[str, RawField]:
        cursor = await self._db.execute(
            "SELECT question_id, code, value FROM paper_field "
            "WHERE inspection_id = ? AND serial = ? AND pass = ?",
            (inspection_id, normalise(serial), pass_),
        )
        return {str(q): (str(c), v) for q, c, v in await cursor.fetchall()}

    async def save_paper_field(
        self,
        inspection_id: int,
        serial: str,
        pass_: int,
        question_id: str,
        field: RawField,
    ) -> None:
        """One field as typed, durable before this returns. A copy already entered takes
        no more, nor a keying already finished (another keyer, or a laptop's keying merged
        into its place, may have finished it meanwhile)."""
        code, value = field
        async with self._lock:
            cursor = await self._db.execute(
                "INSERT INTO paper_field (inspection_id, serial, pass, question_id, code, value) "
                "SELECT ?, ?, ?, ?, ?, ? FROM paper_copy WHERE inspection_id = ? AND serial = ? "
                "AND entered_day IS NULL AND NOT EXISTS (SELECT 1 FROM paper_pass p WHERE "
                "p.inspection_id = ? AND p.serial = ? AND p.pass = ?) "
                "ON CONFLICT (inspection_id, serial, pass, question_id) DO UPDATE SET "
                "code = excluded.code, value = excluded.value",
                (
                    inspection_id,
                    normalise(serial),
                    pass_,
                    question_id,
                    code,
                    value,
                    inspection_id,
                    normalise(serial),
                    inspection_id,
                    normalise(serial),
                    pass_,
                ),
            )
        if cursor.rowcount != 1:
            raise StoreError(f"copy {serial} takes no more fields")

    async def finish_pass(self, inspection_id: int, serial: str, pass_: int) -> None:
        await self._write(
            [
                (
                    "INSERT OR IGNORE INTO paper_pass (inspection_id, serial, pass) "
                    "VALUES (?, ?, ?)",
                    (inspection_id, normalise(serial), pass_),
                )
            ]
        )

    async def finalise_paper(
        self,
        inspection_id: int,
        serial: str,
        questionnaire: tuple[str, str, str],
        language: str,
        form_language: str,
        answers: dict[str, Answer] | None,
        flags: dict[str, str],
        keying: Tally | None = None,
    ) -> str | None:
        """The copy made final, in one transaction: its response (none when `answers` is
        None: the form came back empty), its flags, the copy marked entered, its fields
        removed, double entry's tally added to. Nothing kept ties the response to the
        serial. Raises StoreError if the copy was entered meanwhile. The response's id."""
        serial = normalise(serial)
        response_id = secrets.token_hex(16) if answers is not None else None
        day = today()
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = await self._db.execute(
                    "UPDATE paper_copy SET entered_day = ? WHERE inspection_id = ? "
                    "AND serial = ? AND entered_day IS NULL",
                    (day, inspection_id, serial),
                )
                if cursor.rowcount != 1:
                    raise StoreError(f"copy {serial} has been entered already")
                if response_id is not None and answers is not None:
                    await self._db.execute(
                        "INSERT INTO response (id, inspection_id, mode, language, "
                        "questionnaire_id, questionnaire_version, questionnaire_hash, status, "
                        "completed_day, form_language) "
                        "VALUES (?, ?, 'paper', ?, ?, ?, ?, 'complete', ?, ?)",
                        (response_id, inspection_id, language, *questionnaire, day, form_language),
                    )
                    await self._db.executemany(
                        "INSERT INTO answer (response_id, question_id, status, value) "
                        "VALUES (?, ?, ?, ?)",
                        [
                            (response_id, qid, a.status, encode_value(a.value))
                            for qid, a in answers.items()
                        ],
                    )
                    await self._db.executemany(
                        "INSERT INTO paper_flag (response_id, question_id, kind) VALUES (?, ?, ?)",
                        [(response_id, qid, kind) for qid, kind in flags.items()],
                    )
                for table in ("paper_field", "paper_pass"):
                    await self._db.execute(
                        f"DELETE FROM {table} WHERE inspection_id = ? AND serial = ?",
                        (inspection_id, serial),
                    )
                if keying is not None:
                    await self._db.execute(
                        "INSERT INTO paper_keying (inspection_id, forms, fields, differed, "
                        "first_kept, second_kept, neither_kept) VALUES (?, 1, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (inspection_id) DO UPDATE SET forms = forms + 1, "
                        "fields = fields + excluded.fields, "
                        "differed = differed + excluded.differed, "
                        "first_kept = first_kept + excluded.first_kept, "
                        "second_kept = second_kept + excluded.second_kept, "
                        "neither_kept = neither_kept + excluded.neither_kept",
                        (
                            inspection_id,
                            keying.fields,
                            keying.differed,
                            keying.first_kept,
                            keying.second_kept,
                            keying.neither_kept,
                        ),
                    )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        return response_id

    async def keyed_copies(self, inspection_id: int) -> dict[str, set[int]]:
        """Copies not yet typed in with a keying finished (here, or on a device and
        merged): their serials and which keyings are done."""
        cursor = await self._db.execute(
            "SELECT p.serial, p.pass FROM paper_pass p JOIN paper_copy c ON "
            "c.inspection_id = p.inspection_id AND c.serial = p.serial "
            "WHERE p.inspection_id = ? AND c.entered_day IS NULL",
            (inspection_id,),
        )
        found: dict[str, set[int]] = {}
        for serial, pass_ in await cursor.fetchall():
            found.setdefault(str(serial), set()).add(int(pass_))
        return found

    async def paper_keying(self, inspection_id: int) -> Keying:
        cursor = await self._db.execute(
            "SELECT forms, fields, differed, first_kept, second_kept, neither_kept "
            "FROM paper_keying WHERE inspection_id = ?",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        if row is None:
            return Keying()
        forms, fields, differed, first, second, neither = (int(v) for v in row)
        return Keying(fields, differed, first, second, neither, forms=forms)

    async def paper_entered(self, inspection_id: int) -> int:
        """Copies typed in and final (those that came back empty included)."""
        cursor = await self._db.execute(
            "SELECT count(*) FROM paper_copy WHERE inspection_id = ? AND entered_day IS NOT NULL",
            (inspection_id,),
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def paper_flags(self, inspection_id: int) -> dict[str, int]:
        """How many paper answers of the inspection the lead is told of, by kind."""
        cursor = await self._db.execute(
            "SELECT f.kind, count(*) FROM paper_flag f JOIN response r ON r.id = f.response_id "
            "WHERE r.inspection_id = ? GROUP BY f.kind",
            (inspection_id,),
        )
        return {str(kind): int(n) for kind, n in await cursor.fetchall()}
