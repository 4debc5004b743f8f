"""Counting in SQL, and the releases that freeze what the lead and every export see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_app.core.i18n import _
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.storage.database import Statement, StoreError, today
from survey_app.core.store.inspections import Inspections
from survey_app.core.store.rows import COUNTED, SETTLED, decode_value

if TYPE_CHECKING:
    from survey_app.core.analysis.aggregates import Plan, Sides, Tallies


RELEASE_STEP = 3
"""A new release is made only when at least this many responses have changed since the
last (added, completed or withdrawn): no two releases differ by fewer people."""


@dataclass(frozen=True)
class Snapshot:
    """One release of an inspection's counts, as the lead's view and the exports show it."""

    number: int
    day: dt.date
    final: bool
    """Made when the inspection closed: the release that publication uses."""
    tallies: Tallies
    pending: int
    """Responses added, completed or withdrawn since it was made, not in it yet."""
    members_changed: bool
    """A response it counts has been withdrawn since, or has changed (a partial one
    finished): its counts still hold that resident as they were (a release never changes
    by one person), but no answer-level data (breakdowns, rows) can be shown beside it
    until the next release: their difference from its tables would be that resident."""
    earlier: tuple[Tallies, ...] = ()
    """The counts of the releases before it, oldest first: a reader may hold any of them,
    so it is audited against them."""


def _changes(before: dict[str, str], now: dict[str, str]) -> int:
    """Responses added, withdrawn or changed in status between two sets of members."""
    return sum(before.get(r) != status for r, status in now.items()) + sum(
        r not in now for r in before
    )


class Counting(Inspections):
    """Counting in SQL, and the releases that freeze what the lead and every export see."""

    async def tally(self, inspection_id: int | None = None) -> Tallies:
        """Every question's answers counted in SQL: one inspection, or all (None)."""
        counts: Statement
        responses: Statement
        if inspection_id is None:
            # Across the store no join is needed: a withdrawn response has no answers left,
            # and the few responses in progress (usually none) are left out by their ids.
            unsettled = await (
                await self._db.execute("SELECT 1 FROM response WHERE status = 'in_progress'")
            ).fetchone()
            leave_out = (
                "AND response_id NOT IN (SELECT id FROM response WHERE status = 'in_progress') "
                if unsettled
                else ""  # the covering index alone answers the count
            )
            counts = (
                "SELECT question_id, status, value, COUNT(*) FROM answer "
                f"WHERE status != 'not_applicable' {leave_out}"
                "GROUP BY question_id, status, value",
                (),
            )
            # Every settled response holds an answer (schema 10): the index alone counts.
            responses = (
                "SELECT COUNT(*), COALESCE(SUM(r.status = 'partial'), 0) FROM response r "
                f"WHERE {SETTLED}",
                (),
            )
        else:
            counts = (
                "SELECT a.question_id, a.status, a.value, COUNT(*) FROM answer a "
                f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
                "AND r.inspection_id = ? GROUP BY a.question_id, a.status, a.value",
                (inspection_id,),
            )
            responses = (
                "SELECT COUNT(*), COALESCE(SUM(r.status = 'partial'), 0) FROM response r "
                f"WHERE r.inspection_id = ? AND {SETTLED} AND EXISTS (SELECT 1 FROM answer a "
                "WHERE a.response_id = r.id AND a.status != 'not_applicable')",
                (inspection_id,),
            )
        from survey_app.core.analysis.aggregates import Tallies  # the counting, not the collecting

        out = Tallies()
        cursor = await self._db.execute(*counts)
        for question_id, status, value, count in await cursor.fetchall():
            out.add(question_id, status, decode_value(value), count)
        row = await (await self._db.execute(*responses)).fetchone()
        out.responses = int(row[0]) if row else 0
        out.partial = int(row[1]) if row else 0
        if inspection_id is not None:
            cursor = await self._db.execute(
                "SELECT r.mode, COUNT(*) FROM response r "
                f"WHERE r.inspection_id = ? AND {SETTLED} AND EXISTS (SELECT 1 FROM answer a "
                "WHERE a.response_id = r.id AND a.status != 'not_applicable') GROUP BY r.mode",
                (inspection_id,),
            )
            out.modes = {str(mode): int(n) for mode, n in await cursor.fetchall()}
        return out

    async def people(
        self, sides: Sides, inspection_id: int | None = None
    ) -> dict[int, dict[int, tuple[int, int]]]:
        """Per inspection and standard, (residents with a counted answer to the standard's
        questions, of them those with more positive answers than not): one inspection, or
        every real one (None). Counted per response in SQL; no response leaves the query.

        Each distinct answer given is sorted into its standards and sides in Python (the
        questionnaire knows which codes are positive), then the answers are grouped by
        response against that small table."""
        # Its temporary table must not land inside another task's transaction (a rollback
        # there would empty it mid-count): it is filled under the write lock.
        async with self._lock:
            return await self._people(sides, inspection_id)

    async def _people(
        self, sides: Sides, inspection_id: int | None
    ) -> dict[int, dict[int, tuple[int, int]]]:
        where, params = (
            ("AND r.inspection_id = ?", (inspection_id,))
            if inspection_id is not None
            else ("AND r.inspection_id IN (SELECT id FROM inspection WHERE demo = 0)", ())
        )
        cursor = await self._db.execute(
            "SELECT DISTINCT a.question_id, a.value FROM answer a "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
            f"AND a.status = 'answered' {where}",
            params,
        )
        rows = [
            (question_id, value, standard, int(positive))
            for question_id, value in await cursor.fetchall()
            for standard, positive in sides(question_id, decode_value(value))
        ]
        if not rows:
            return {}
        await self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS side (question_id TEXT, value TEXT, "
            "standard INTEGER, positive INTEGER, PRIMARY KEY (question_id, value, standard)) "
            "WITHOUT ROWID"
        )
        await self._db.execute("DELETE FROM temp.side")
        await self._db.executemany("INSERT INTO temp.side VALUES (?, ?, ?, ?)", rows)
        cursor = await self._db.execute(
            "SELECT inspection_id, standard, COUNT(*), SUM(yes > no) FROM ("
            "SELECT r.inspection_id AS inspection_id, s.standard AS standard, "
            "SUM(s.positive) AS yes, SUM(1 - s.positive) AS no FROM answer a "
            "JOIN temp.side s ON s.question_id = a.question_id AND s.value = a.value "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} "
            f"AND a.status = 'answered' {where} GROUP BY a.response_id, s.standard) "
            "GROUP BY inspection_id, standard",
            params,
        )
        out: dict[int, dict[int, tuple[int, int]]] = {}
        for inspection, standard, n, positive in await cursor.fetchall():
            out.setdefault(int(inspection), {})[int(standard)] = (int(n), int(positive))
        await self._db.execute("DELETE FROM temp.side")
        return out

    async def tallies_by_inspection(self) -> dict[int, Tallies]:
        """Every real inspection's counts, for comparing one AP with the others (demo
        inspections hold practice answers: they are no AP's views)."""
        cursor = await self._db.execute(
            "SELECT r.inspection_id, a.question_id, a.status, a.value, COUNT(*) FROM answer a "
            "JOIN response r ON r.id = a.response_id "
            "JOIN inspection i ON i.id = r.inspection_id AND i.demo = 0 "
            f"WHERE {COUNTED} "
            "AND a.status = 'answered' GROUP BY r.inspection_id, a.question_id, a.value"
        )
        from survey_app.core.analysis.aggregates import Tallies

        out: dict[int, Tallies] = {}
        for inspection_id, question_id, status, value, count in await cursor.fetchall():
            out.setdefault(inspection_id, Tallies()).add(
                question_id, status, decode_value(value), count
            )
        return out

    async def records(
        self, inspection_id: int, released: bool = False
    ) -> list[tuple[str, str, dict[str, Answer]]]:
        """(mode, language, answers) of each counted response, for breakdowns and rows;
        `released`: only the responses the latest release holds."""
        member = (
            "AND EXISTS (SELECT 1 FROM release_member m WHERE m.inspection_id = ? "
            "AND m.response_id = r.id AND m.status = r.status) "
            if released
            else ""
        )
        cursor = await self._db.execute(
            "SELECT r.id, r.mode, r.language, a.question_id, a.status, a.value FROM answer a "
            f"JOIN response r ON r.id = a.response_id WHERE {COUNTED} AND r.inspection_id = ? "
            f"{member}ORDER BY r.id",
            (inspection_id, inspection_id) if released else (inspection_id,),
        )
        out: dict[str, tuple[str, str, dict[str, Answer]]] = {}
        for response_id, mode, language, question_id, status, value in await cursor.fetchall():
            out.setdefault(response_id, (mode, language, {}))[2][question_id] = Answer(
                status, decode_value(value)
            )
        return list(out.values())

    # --- releases -------------------------------------------------------------------
    async def release(
        self, inspection_id: int, counted: Collection[str], plan: Plan | None = None
    ) -> Snapshot | None:
        """The release the lead's view and the exports show: the latest, after making a new
        one if enough has changed since (RELEASE_STEP responses added, completed or
        withdrawn; after the inspection closed, any withdrawal). None while fewer than
        RELEASE_STEP responses are settled: there is nothing to show yet. `counted`: the
        questions whose answers a release counts (never free text: a release holds
        numbers, not words). `plan`: given the counts, how answers count towards the
        standards, for counting residents (not answers) per standard into the release."""
        latest = await self._latest_release(inspection_id)
        now = await self._settled(inspection_id)
        changed = _changes(await self._members(inspection_id), now)
        inspection = await self.get_inspection(inspection_id)
        closed = inspection is not None and inspection.closed is not None
        if closed and len(now) < RELEASE_STEP and inspection is not None and not inspection.purged:
            # Collection is over with fewer than 3 responses (or withdrawals took it there):
            # there is nothing to publish, not even an earlier release that counted them.
            return None
        due = (
            (latest is None and len(now) >= RELEASE_STEP)
            or (latest is not None and not latest[2] and changed >= RELEASE_STEP)
            or (latest is not None and latest[2] and changed > 0)  # a withdrawal after close
        )
        if due:
            await self._make_release(inspection_id, counted, final=closed, plan=plan)
            latest = await self._latest_release(inspection_id)
            changed = 0
        if latest is None:
            return None
        number, day, final, counts = latest
        from survey_app.core.analysis.aggregates import tallies_from_json  # the counting

        members = await self._members(inspection_id)
        cursor = await self._db.execute(
            "SELECT counts FROM release WHERE inspection_id = ? AND number < ? ORDER BY number",
            (inspection_id, number),
        )
        earlier = tuple(tallies_from_json(str(row[0])) for row in await cursor.fetchall())
        return Snapshot(
            number=number,
            day=dt.date.fromisoformat(day),
            final=final,
            tallies=tallies_from_json(counts),
            pending=changed,
            members_changed=any(now.get(r) != status for r, status in members.items()),
            earlier=earlier,
        )

    async def close_inspection(
        self, inspection_id: int, counted: Collection[str], plan: Plan | None = None
    ) -> Snapshot | None:
        """End collection: responses still in progress become partial, no new response or
        answer is taken (the triggers of schema 7), and the final release is made from
        everything settled, whatever the step since the last."""
        async with self._lock:
            await self._write_unlocked(
                [
                    (
                        # One with no answer yet stays as it is: it counts nowhere, its
                        # resident is told the survey has closed at their first answer,
                        # and a purge removes it.
                        "UPDATE response SET status = 'partial', completed_day = ? "
                        "WHERE inspection_id = ? AND status = 'in_progress' AND EXISTS "
                        "(SELECT 1 FROM answer a WHERE a.response_id = response.id)",
                        (today(), inspection_id),
                    ),
                    (
                        "UPDATE inspection SET closed_day = COALESCE(closed_day, ?) WHERE id = ?",
                        (today(), inspection_id),
                    ),
                ]
            )
        if len(await self._settled(inspection_id)) >= RELEASE_STEP:
            await self._make_release(inspection_id, counted, final=True, plan=plan)
        return await self.release(inspection_id, counted, plan)

    async def purge(self, inspection_id: int) -> bool:
        """After publication: delete every response of the inspection, with its answers and
        free text, and the list of who the last release held. What stays is the releases
        (counts only: the final one, and those before it, against which the final one's
        tables were audited, so that it is shown exactly as it was published), the approved
        quotes (kept apart from any response), and the lead's own records. A withdrawal
        code of a purged response is then told its answers were deleted. Refused
        (StoreError) before the inspection is closed. True when the write-ahead log could
        be emptied of what was removed."""
        inspection = await self.get_inspection(inspection_id)
        if inspection is None or inspection.closed is None:
            raise StoreError(
                _(
                    "Inspection {id} is still collecting: close it first (survey-app "
                    "inspection close {id}), then publish, then purge."
                ).format(id=inspection_id)
            )
        responses = "SELECT id FROM response WHERE inspection_id = ?"
        await self._write(
            [
                (
                    "INSERT OR IGNORE INTO kept_quote (id, inspection_id, question_id, "
                    "language, text, kinds, standard) SELECT q.id, ?, q.question_id, "
                    "q.language, q.text, q.kinds, q.standard FROM quote q "
                    "WHERE q.status = 'approved' AND q.response_id IN "
                    f"({responses})",
                    (inspection_id, inspection_id),
                ),
                (
                    "INSERT INTO withdrawn (tag, hash) SELECT withdrawal_tag, withdrawal_hash "
                    "FROM response WHERE inspection_id = ? AND withdrawal_hash IS NOT NULL",
                    (inspection_id,),
                ),
                (f"DELETE FROM quote WHERE response_id IN ({responses})", (inspection_id,)),
                (f"DELETE FROM answer WHERE response_id IN ({responses})", (inspection_id,)),
                (
                    f"DELETE FROM interview_note WHERE response_id IN ({responses})",
                    (inspection_id,),
                ),
                (
                    f"DELETE FROM paper_flag WHERE response_id IN ({responses})",
                    (inspection_id,),
                ),
                # Forms part typed in hold answers too; the copies' serials and the tally
                # of keying are counts, and stay.
                ("DELETE FROM paper_field WHERE inspection_id = ?", (inspection_id,)),
                ("DELETE FROM paper_pass WHERE inspection_id = ?", (inspection_id,)),
                ("DELETE FROM response WHERE inspection_id = ?", (inspection_id,)),
                ("DELETE FROM release_member WHERE inspection_id = ?", (inspection_id,)),
                (
                    "UPDATE inspection SET purged_day = ? WHERE id = ?",
                    (today(), inspection_id),
                ),
            ]
        )
        return await self.forget_removed()

    async def _latest_release(self, inspection_id: int) -> tuple[int, str, bool, str] | None:
        row = await (
            await self._db.execute(
                "SELECT number, day, final, counts FROM release WHERE inspection_id = ? "
                "ORDER BY number DESC LIMIT 1",
                (inspection_id,),
            )
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), bool(row[2]), str(row[3]))

    async def _settled(self, inspection_id: int) -> dict[str, str]:
        cursor = await self._db.execute(
            f"SELECT r.id, r.status FROM response r WHERE r.inspection_id = ? AND {SETTLED} "
            "AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id "
            "AND a.status != 'not_applicable')",
            (inspection_id,),
        )
        return {str(i): str(status) for i, status in await cursor.fetchall()}

    async def _members(self, inspection_id: int) -> dict[str, str]:
        cursor = await self._db.execute(
            "SELECT response_id, status FROM release_member WHERE inspection_id = ?",
            (inspection_id,),
        )
        return {str(i): str(status) for i, status in await cursor.fetchall()}

    async def _make_release(
        self,
        inspection_id: int,
        counted: Collection[str],
        final: bool,
        plan: Plan | None = None,
    ) -> None:
        """Freeze the counts of every settled response as the next release, and remember
        which responses it holds, in one transaction (a response settling meanwhile is in
        both or in neither)."""
        from survey_app.core.analysis.aggregates import tallies_to_json

        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                tallies = await self.tally(inspection_id)
                members = await self._settled(inspection_id)
                before = await self._members(inspection_id)
                # Counted before, and not as it was now: withdrawn, or finished since.
                tallies.gone = sum(members.get(r) != status for r, status in before.items())
                if plan is not None:
                    tallies.people = (await self._people(plan(tallies), inspection_id)).get(
                        inspection_id, {}
                    )
                counts = tallies_to_json(tallies, set(counted))
                row = await (
                    await self._db.execute(
                        "SELECT COALESCE(MAX(number), 0) FROM release WHERE inspection_id = ?",
                        (inspection_id,),
                    )
                ).fetchone()
                number = (int(row[0]) if row else 0) + 1
                await self._db.execute(
                    "INSERT INTO release (inspection_id, number, day, final, counts) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (inspection_id, number, today(), int(final), counts),
                )
                await self._db.execute(
                    "DELETE FROM release_member WHERE inspection_id = ?", (inspection_id,)
                )
                await self._db.executemany(
                    "INSERT INTO release_member (inspection_id, response_id, status) "
                    "VALUES (?, ?, ?)",
                    [(inspection_id, r, status) for r, status in members.items()],
                )
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
