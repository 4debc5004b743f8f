"""Breakdowns side by side: a reader who opens every breakdown of one question (by way of
answering, language, time here, age band) holds them all at once. Each breakdown is
protected on its own; this checks that together they pin nothing either hides.

Why that should hold: two breakdowns of one question are two splits of the same answers.
For each answer, any split by one grouping and any split by the other with the same total
are consistent (a transport problem with equal sums always has a solution), and every
answer whose total the question's table hides is hidden in every group of both. What
couples the answers is a grouping question's own breakdown by the other grouping (how
many in one group gave each answer to "how long have you been here?"): residents who
answered the question in both groups are at most those. The reader's system below holds
all of it, as whole numbers, and an integer program asks each hidden count's range."""

from __future__ import annotations

import itertools
import random

import pytest

from survey_app.core.evidence.breakdown import ONE_ANSWER, Breakdown, Record, breakdown, groupings
from survey_app.core.privacy.disclosure import INF, Solver, System
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.sample import random_answers

MODES = ("kiosk", "web", "paper", "interview")


def bounds(shown: bool, state: str, count: int, k: int, n: int) -> tuple[int, int]:
    if not shown:
        return 0, n
    if state == "shown":
        return count, count
    return (1, k - 1) if state == "small" else (0, n)


def pinned_together(
    questionnaire: Questionnaire, first: Breakdown, second: Breakdown, records: list[Record]
) -> list[tuple[str, str, str, int, int, int]]:
    """The hidden counts of two breakdowns of one question that a reader holding both
    (and the grouping questions' own breakdowns) can narrow too far."""
    n, k = len(records), first.overall.threshold
    codes = [c.code for c in first.overall.cells]
    system = System()
    x = {
        (a.group, b.group, c): system.var(f"{a.group}|{b.group}|{c}", 0, n)
        for a in first.rows
        for b in second.rows
        for c in codes
    }
    targets: list[tuple[int, str, str, str, int, bool, int]] = []
    # As a breakdown alone: an answer nobody gave (shown as 0 overall) tells nothing of any
    # group, nor does a group known to be empty; a group's size may be known.
    nobody = {c.code for c in first.overall.cells if c.shown == "shown" and c.count == 0}
    for side, table, other in ((0, first, second), (1, second, first)):
        for row in table.rows:
            base = system.var(f"{table.by}:{row.group}", *(
                (row.base, row.base) if row.shown else (0, n)))  # fmt: skip
            cells = {}
            for cell in row.cells:
                v = system.var(f"{table.by}:{row.group}:{cell.code}",
                               *bounds(row.shown, cell.shown, cell.count, k, n))  # fmt: skip
                cells[cell.code] = v
                cross = {
                    x[
                        (row.group, o.group, cell.code)
                        if side == 0
                        else (o.group, row.group, cell.code)
                    ]: -1
                    for o in other.rows
                }
                system.row({v: 1, **cross}, 0, 0)
                if (not row.shown or cell.shown != "shown") and cell.code not in nobody:
                    targets.append((v, table.by, row.group, cell.code, cell.count,
                                    row.shown and cell.shown == "small", base))  # fmt: skip
            system.row({**dict.fromkeys(cells.values(), 1), base: -1}, 0, 0)
    for cell in first.overall.cells:
        lo, hi = bounds(True, cell.shown, cell.count, k, n)
        system.row({x[a.group, b.group, cell.code]: 1 for a in first.rows for b in second.rows},
                   lo, hi)  # fmt: skip
    # A grouping question's breakdown by the other grouping caps each pair of groups.
    for by, over, flip in ((second.by, first.by, False), (first.by, second.by, True)):
        if by not in questionnaire.by_id:
            continue
        coupling = breakdown(questionnaire, questionnaire.by_id[by], over, records)
        if coupling is None:
            continue
        for row in coupling.rows:
            for cell in row.cells:
                pair = (cell.code, row.group) if flip else (row.group, cell.code)
                keys = [key for key in x if key[:2] == pair]
                if not keys:
                    continue
                _lo, hi = bounds(row.shown, cell.shown, cell.count, k, n)
                system.row(dict.fromkeys((x[key] for key in keys), 1), -INF, hi)
    solver = Solver(system)
    out = []
    seen = [solver.extreme({t[0]: 1.0 for t in targets}, most) for most in (False, True)]
    for v, by, group, code, count, small, base in targets:
        values = {count, *(s[v] for s in seen)}
        if len(values) > 1 and (not small or {1, 2} <= values):
            continue
        low, high = solver.extreme({v: 1.0}, False)[v], solver.extreme({v: 1.0}, True)[v]
        if solver.extreme({base: 1.0}, True)[base] == 0:
            continue  # a group known to be empty: nobody in it to protect
        if low == high or (small and (low > 1 or high < k - 1)):
            out.append((by, group, code, count, low, high))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_breakdowns_side_by_side_pin_nothing_one_hides(bundled: Questionnaire, seed: int) -> None:
    rng = random.Random(seed)
    records = [
        Record(
            rng.choice(MODES), "cy" if rng.random() < 0.3 else "en", random_answers(bundled, rng)
        )
        for _ in range(rng.randint(10, 30))
    ]
    one_answer = [q for q in bundled.questions if q.type in ONE_ANSWER]
    checked = 0
    for question in rng.sample(one_answer, 4):
        shown = [
            b
            for by in groupings(bundled)
            if (b := breakdown(bundled, question, by, records)) is not None
        ]
        for first, second in itertools.combinations(shown, 2):
            found = pinned_together(bundled, first, second, records)
            assert not found, (question.id, first.by, second.by, found)
            checked += 1
    assert checked >= 4


def test_the_reader_system_does_find_what_one_breakdown_would_give_away(
    bundled: Questionnaire,
) -> None:
    """The reader's system is no formality: protected, the breakdowns by mode and by
    language give nothing away together; with the breakdown by mode unprotected (every
    cell shown but the small ones, every group shown) it finds what that gives away."""
    from dataclasses import replace

    question = next(q for q in bundled.questions if q.type in ONE_ANSWER)
    codes = bundled.codes(question)
    of = Answer.of
    records = [Record("kiosk", "en", {question.id: of(codes[0])}) for _ in range(6)]
    records += [Record("paper", "en", {question.id: of(codes[1])})]
    records += [Record("paper", "en", {question.id: of(codes[0])}) for _ in range(3)]
    by_mode = breakdown(bundled, question, "mode", records)
    by_language = breakdown(bundled, question, "language", records)
    assert by_mode is not None and by_language is not None
    assert not pinned_together(bundled, by_mode, by_language, records)
    # Undo the protection: show every cell of every group as counted, small ones as small.
    naked = replace(
        by_mode,
        overall=replace(
            by_mode.overall,
            cells=tuple(replace(c, shown="shown") for c in by_mode.overall.cells),
        ),
        rows=tuple(
            replace(
                r,
                shown=True,
                cells=tuple(
                    replace(c, shown="small" if 0 < c.count < 3 else "shown") for c in r.cells
                ),
            )
            for r in by_mode.rows
        ),
    )
    assert pinned_together(bundled, naked, by_language, records)
