"""Breakdowns: one question's answers by group (mode, language, time here, age band).

A breakdown is a table: a row per group, a column per answer. Three things must stay
unknowable, not just unshown:
- a group under the threshold (no row is shown for it);
- a small cell inside a shown group ("fewer than 3");
- a cell the overall table hides.

Each can leak by subtraction: the overall table minus the shown groups gives the hidden
group; a group's base minus its shown cells gives its small cell; a column of shown cells
adds up to a hidden overall cell. So after hiding what is small, the reader's view is
modelled as intervals over every count (cells, group bases, overall cells, the overall
base) and narrowed by every sum the table implies until nothing changes; what that leaves
open is then asked of an integer program (counts are whole numbers, which intervals alone
cannot use). While any hidden count is pinned to one value, one more thing is hidden and
the check runs again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from survey_app.core.analysis.aggregates import (
    MODES,
    PERCENT_BASE,
    THRESHOLD,
    Cell,
    QuestionTable,
    Shown,
    question_table,
    tally,
)
from survey_app.core.i18n import _
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Question, Questionnaire

NOT_STATED = "not_stated"
"""The group of residents who did not answer the breakdown question."""
RESPONSE_GROUPINGS = ("mode", "language")
"""Breakdowns by how a response was given; questionnaire questions marked `breakdown`
add their own."""
ONE_ANSWER = ("single_choice", "yes_no", "agreement")
LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Record:
    """One response as a breakdown sees it."""

    mode: str
    language: str
    answers: Mapping[str, Answer]


@dataclass(frozen=True)
class GroupRow:
    group: str
    base: int
    shown: bool
    """False: nothing of this group may be shown, not even its size."""
    cells: tuple[Cell, ...]

    def percent(self, cell: Cell) -> float | None:
        if not self.shown or cell.shown != "shown" or self.base < PERCENT_BASE:
            return None
        return 100.0 * cell.count / self.base


@dataclass(frozen=True)
class Breakdown:
    question: Question
    by: str
    rows: tuple[GroupRow, ...]
    overall: QuestionTable


def groupings(questionnaire: Questionnaire) -> list[str]:
    """What a question can be broken down by."""
    return [*RESPONSE_GROUPINGS, *(q.id for q in questionnaire.questions if q.breakdown)]


def grouping_name(questionnaire: Questionnaire, by: str, language: str) -> str:
    if by == "mode":
        return _("How they answered")
    if by == "language":
        return _("Language")
    return questionnaire.text(questionnaire.by_id[by], language)


def group_name(questionnaire: Questionnaire, by: str, group: str, language: str) -> str:
    if group == NOT_STATED:
        return _("Not stated")
    if by == "mode":
        return {
            "self": _("On their own"),
            "kiosk": _("Kiosk"),
            "web": _("Web link"),
            "paper": _("Paper form"),
            "interview": _("Interview"),
        }[group]
    if by == "language":
        return {"en": _("English"), "cy": _("Welsh")}[group]
    return questionnaire.option_label(questionnaire.by_id[by], group, language)


def _groups(questionnaire: Questionnaire, by: str) -> list[str]:
    if by == "mode":
        return list(MODES)
    if by == "language":
        return list(LANGUAGES)
    return [*questionnaire.codes(questionnaire.by_id[by]), NOT_STATED]


def _group_of(record: Record, by: str) -> str:
    if by in RESPONSE_GROUPINGS:
        return str(getattr(record, by))
    given = record.answers.get(by)
    if given is None or given.status != "answered" or not isinstance(given.value, str):
        return NOT_STATED
    return given.value


def breakdown(
    questionnaire: Questionnaire,
    question: Question,
    by: str,
    records: Iterable[Record],
    threshold: int = THRESHOLD,
    published: Mapping[str, QuestionTable] | None = None,
    modes: Sequence[Cell] = (),
) -> Breakdown | None:
    """`question`'s answers by the groups of `by`; None where no breakdown can be shown
    (a question without one answer, the grouping itself, or too few answers overall).
    `published`: the release's tables, by question id, as they are shown (after the audit
    across all of them); a breakdown hides, at least, what they hide. `modes`: the
    release's responses by way of answering, as shown (key findings publish them)."""
    if question.type not in ONE_ANSWER or by == question.id or by not in groupings(questionnaire):
        return None
    records = list(records)
    counted = tally(r.answers for r in records)
    overall = (
        published[question.id]
        if published is not None and question.id in published
        else question_table(questionnaire, question, counted, threshold)
    )
    if not overall.base_shown or overall.base_hidden:
        return None
    groups = _groups(questionnaire, by)
    codes = [cell.code for cell in overall.cells]
    counts = {group: dict.fromkeys(codes, 0) for group in groups}
    for record in records:
        given = record.answers.get(question.id)
        if given is None or given.status != "answered" or given.value not in codes:
            continue
        group = _group_of(record, by)
        counts[group if group in counts else NOT_STATED][str(given.value)] += 1
    ceilings: list[Ceiling | None] | None = None
    ceiling_total: int | None = None
    if by not in RESPONSE_GROUPINGS:
        # The grouping question's own table is published too: each group's size there is a
        # ceiling on its base here, and what it hides must stay hidden.
        own = (
            published[by]
            if published is not None and by in published
            else question_table(questionnaire, questionnaire.by_id[by], counted, threshold)
        )
        ceilings = [(cell.count, cell.shown) for cell in own.cells] + [None]
        ceiling_total = own.base if own.base_shown and not own.base_hidden else None
    elif by == "mode" and modes:
        # The responses by way of answering are published too: each mode's count is a
        # ceiling on its group here (a mode absent from them had none), and a mode they
        # hide stays hidden, as for a grouping question's own table.
        by_mode = {cell.code: (cell.count, cell.shown) for cell in modes}
        ceilings = [by_mode.get(group, (0, "shown")) for group in groups]
        ceiling_total = sum(cell.count for cell in modes)
    rows_shown, states = protect(
        [[counts[g][c] for c in codes] for g in groups],
        [cell.count for cell in overall.cells],
        [cell.shown for cell in overall.cells],
        threshold,
        ceilings,
        ceiling_total,
    )
    rows = tuple(
        GroupRow(
            group=group,
            base=sum(counts[group].values()),
            shown=rows_shown[i],
            cells=tuple(
                Cell(code, counts[group][code], states[i][j]) for j, code in enumerate(codes)
            ),
        )
        for i, group in enumerate(groups)
    )
    return Breakdown(question, by, rows, overall)


Ceiling = tuple[int, Shown]
"""A group's size in the grouping question's own published table, and how it is shown."""


def protect(
    counts: Sequence[Sequence[int]],
    column_totals: Sequence[int],
    column_states: Sequence[Shown],
    threshold: int,
    ceilings: Sequence[Ceiling | None] | None = None,
    ceiling_total: int | None = None,
) -> tuple[list[bool], list[list[Shown]]]:
    """Which groups (rows) and which of their cells may be shown.

    `column_totals` and `column_states` are the overall table's cells as published; every
    row adds up to its group's base, which is shown with the row. `ceilings`: for a
    breakdown by a question, each group's cell in that question's own table (a group's
    base here is at most its size there), None for a group it has no cell for; and
    `ceiling_total`, that table's base when published.
    """
    bases = [sum(row) for row in counts]
    rows_shown = [not 0 < base < threshold for base in bases]
    # A group the grouping question's own table does not show is not shown here either:
    # its base would be a floor under the hidden size, and floors add up to a size.
    for i, ceiling in enumerate(ceilings or []):
        if ceiling is not None and ceiling[1] != "shown":
            rows_shown[i] = False
    states: list[list[Shown]] = [
        ["small" if 0 < n < threshold else "shown" for n in row] for row in counts
    ]
    if threshold <= 2:  # "fewer than 2" would say "exactly 1"
        states = [["hidden" if s == "small" else s for s in row] for row in states]
    # An answer the overall table does not show is hidden in every group, zeros too: the
    # groups where it is 0 would tell where its few are (the one "fewer than 3" left under
    # "paper", beside "over 6 months" and "25-34" in the other breakdowns, is a person).
    for j, state in enumerate(column_states):
        if state != "shown":
            for row in states:
                row[j] = "hidden"
    while True:
        pinned = _pinned(
            counts, column_totals, column_states, rows_shown, states, threshold,
            ceilings, ceiling_total,
        )  # fmt: skip
        if pinned is None:
            return rows_shown, states
        if not _hide_more(pinned, counts, rows_shown, states):
            # Nothing left to hide: show no group at all rather than risk one.
            return [False] * len(counts), states


Pinned = tuple[str, int, int]
"""("row", group, -) for a hidden group; ("cell", group, code) for a hidden cell of a shown
group; ("column", -, code) for a hidden cell of the overall table; ("ceiling", group, -)
for a hidden cell of the grouping question's own table."""


def _hide_more(
    pinned: Pinned,
    counts: Sequence[Sequence[int]],
    rows_shown: list[bool],
    states: list[list[Shown]],
) -> bool:
    """Hide one more thing; False when nothing is left to hide."""
    kind, g, c = pinned
    n_rows, width = len(counts), len(counts[0]) if counts else 0

    def hidden(i: int, j: int) -> bool:
        return not rows_shown[i] or states[i][j] != "shown"

    def smallest(cells: list[tuple[int, int]], across: str) -> tuple[int, int] | None:
        # A partner whose other line already hides something closes a rectangle of hidden
        # cells, the pattern that leaves every hidden cell with room to move; otherwise the
        # smallest count, a zero last: it gives least cover.
        visible = [(i, j) for i, j in cells if not hidden(i, j)]
        if not visible:
            return None

        def closes(ij: tuple[int, int]) -> bool:
            i, j = ij
            if across == "column":
                return any(hidden(k, j) for k in range(n_rows) if k != i)
            return any(hidden(i, k) for k in range(width) if k != j)

        return min(
            visible,
            key=lambda ij: (not closes(ij), counts[ij[0]][ij[1]] == 0, counts[ij[0]][ij[1]]),
        )

    row_line = [(g, j) for j in range(width)]
    column_line = [(i, c) for i in range(n_rows)]
    if kind == "cell":
        # Hide along the line that pins it: the one with a single hidden cell.
        if sum(hidden(i, j) for i, j in row_line) < 2:
            order = [(row_line, "column"), (column_line, "row")]
        else:
            order = [(column_line, "row"), (row_line, "column")]
        for line, across in order:
            partner = smallest(line, across)
            if partner is not None:
                states[partner[0]][partner[1]] = "hidden"
                return True
    elif kind == "column":
        partner = smallest(column_line, "row")
        if partner is not None:
            states[partner[0]][partner[1]] = "hidden"
            return True
    # A hidden group that could be worked out, or nothing smaller left to hide: hide the
    # smallest group still shown (an empty one last: hiding it covers nothing).
    candidates = [i for i in range(n_rows) if rows_shown[i]]
    if kind in ("cell", "ceiling") and rows_shown[g]:
        candidates = [g]
    if not candidates:
        return False
    row = min(candidates, key=lambda i: (sum(counts[i]) == 0, sum(counts[i])))
    rows_shown[row] = False
    return True


def _pinned(
    counts: Sequence[Sequence[int]],
    column_totals: Sequence[int],
    column_states: Sequence[Shown],
    rows_shown: Sequence[bool],
    states: Sequence[Sequence[Shown]],
    threshold: int,
    ceilings: Sequence[Ceiling | None] | None = None,
    ceiling_total: int | None = None,
) -> Pinned | None:
    """The first hidden count a reader could pin to one value, if any."""
    n_rows, n_cols = len(counts), len(column_totals)
    total = sum(column_totals)
    small = (1, threshold - 1)
    anything = (0, total)
    # The reader's bounds on every count: cells, group bases, overall cells, overall base.
    cell = [
        [
            (counts[i][j], counts[i][j])
            if rows_shown[i] and states[i][j] == "shown"
            else small
            if rows_shown[i] and states[i][j] == "small"
            else anything
            for j in range(n_cols)
        ]
        for i in range(n_rows)
    ]
    base = [(sum(counts[i]),) * 2 if rows_shown[i] else anything for i in range(n_rows)]
    column = [
        (column_totals[j],) * 2
        if column_states[j] == "shown"
        else small
        if column_states[j] == "small"
        else anything
        for j in range(n_cols)
    ]
    bounds: dict[tuple[str, int, int], tuple[int, int]] = {}
    for i in range(n_rows):
        bounds["base", i, 0] = base[i]
        for j in range(n_cols):
            bounds["cell", i, j] = cell[i][j]
    for j in range(n_cols):
        bounds["column", 0, j] = column[j]
    bounds["total", 0, 0] = (total, total)
    # Each sum as (parts, whole): the parts add up to the whole.
    sums = [([("cell", i, j) for j in range(n_cols)], ("base", i, 0)) for i in range(n_rows)] + [
        ([("cell", i, j) for i in range(n_rows)], ("column", 0, j)) for j in range(n_cols)
    ]
    sums.append(([("base", i, 0) for i in range(n_rows)], ("total", 0, 0)))
    sums.append(([("column", 0, j) for j in range(n_cols)], ("total", 0, 0)))
    # The grouping question's table: a ceiling per group (base <= ceiling), adding up to
    # that table's base when it is published.
    capped = [i for i in range(n_rows) if ceilings and ceilings[i] is not None]
    big = 10**9 if ceiling_total is None else ceiling_total
    for i in capped:
        count, state = ceilings[i]  # type: ignore[index,misc]
        bounds["ceiling", i, 0] = (
            (count, count) if state == "shown" else small if state == "small" else (0, big)
        )
    if capped and ceiling_total is not None:
        bounds["ceiling_total", 0, 0] = (ceiling_total, ceiling_total)
        sums.append(([("ceiling", i, 0) for i in capped], ("ceiling_total", 0, 0)))
    changed = True
    while changed:
        changed = False
        for i in capped:
            (b_lo, b_hi), (c_lo, c_hi) = bounds["base", i, 0], bounds["ceiling", i, 0]
            if b_hi > c_hi or c_lo < b_lo:
                bounds["base", i, 0] = (b_lo, min(b_hi, c_hi))
                bounds["ceiling", i, 0] = (max(c_lo, b_lo), c_hi)
                changed = True
        for parts, whole in sums:
            lo_sum = sum(bounds[p][0] for p in parts)
            hi_sum = sum(bounds[p][1] for p in parts)
            w_lo, w_hi = bounds[whole]
            narrowed = {whole: (max(w_lo, lo_sum), min(w_hi, hi_sum))}
            for p in parts:
                lo, hi = bounds[p]
                narrowed[p] = (
                    max(lo, w_lo - (hi_sum - hi)),
                    min(hi, w_hi - (lo_sum - lo)),
                )
            for key, value in narrowed.items():
                if value != bounds[key]:
                    bounds[key] = value
                    changed = True
    verdict = _first_pinned(bounds, column_states, rows_shown, states, threshold, ceilings)
    if verdict is not None:
        return verdict
    # Narrowing intervals by each sum in turn misses what only whole numbers give (a row
    # of three hidden cells adding up to 1 beside columns that must each be 0 or 2): ask
    # an integer program for the exact range of every count the intervals left open.
    return _first_pinned(
        _exact(bounds, sums, capped), column_states, rows_shown, states, threshold, ceilings
    )


Key = tuple[str, int, int]


def _exact(
    bounds: Mapping[Key, tuple[int, int]],
    sums: Sequence[tuple[Sequence[Key], Key]],
    capped: Sequence[int],
) -> dict[Key, tuple[int, int]]:
    """The least and most each count can be over every whole-number table that agrees
    with what is published (the narrowed intervals are where the search starts)."""
    from survey_app.core.privacy.disclosure import Solver, System

    system = System()
    index = {key: system.var(str(key), lo, hi) for key, (lo, hi) in bounds.items()}
    for parts, whole in sums:
        row = {index[p]: 1 for p in parts}
        row[index[whole]] = row.get(index[whole], 0) - 1
        system.row(row, 0, 0)
    for i in capped:
        system.row({index["base", i, 0]: 1, index["ceiling", i, 0]: -1}, -INF, 0)
    open_keys = [key for key, (lo, hi) in bounds.items() if lo < hi]
    if not open_keys:
        return dict(bounds)
    solver = Solver(system)
    # Two solutions that push every open count down, then up, settle most of them; only
    # those still seen at one value get their own least and most.
    everything = {index[key]: 1.0 for key in open_keys}
    pool = [solver.extreme(everything, most) for most in (False, True)]
    exact = dict(bounds)
    for key in open_keys:
        seen = {solution[index[key]] for solution in pool}
        if len(seen) > 1:
            exact[key] = (min(seen), max(seen))
            continue
        low = solver.extreme({index[key]: 1.0}, False)
        high = solver.extreme({index[key]: 1.0}, True)
        pool += [low, high]
        exact[key] = (low[index[key]], high[index[key]])
    return exact


INF = float("inf")


def _first_pinned(
    bounds: Mapping[Key, tuple[int, int]],
    column_states: Sequence[Shown],
    rows_shown: Sequence[bool],
    states: Sequence[Sequence[Shown]],
    threshold: int,
    ceilings: Sequence[Ceiling | None] | None,
) -> Pinned | None:
    n_rows, n_cols = len(rows_shown), len(column_states)
    capped = [i for i in range(n_rows) if ceilings and ceilings[i] is not None]
    # A count that everyone knows is zero (nobody at all gave that answer) tells nothing
    # about any group; any other count pinned, zero or not, tells something.
    public_zero = [bounds["column", 0, j][1] == 0 for j in range(n_cols)]
    for i in range(n_rows):
        if not rows_shown[i]:
            lo, hi = bounds["base", i, 0]
            if hi == 0:
                continue  # known to be empty: there is no one in it to protect
            if lo == hi and lo < threshold:
                # A small group's size; a larger group's size may be known (the grouping
                # question's own table shows it): what its members answered is checked below.
                return ("row", i, 0)
            for j in range(n_cols):
                lo, hi = bounds["cell", i, j]
                if lo == hi and not public_zero[j]:
                    return ("row", i, j)
    for i in range(n_rows):
        for j in range(n_cols):
            lo, hi = bounds["cell", i, j]
            if rows_shown[i] and states[i][j] != "shown" and lo == hi and not public_zero[j]:
                return ("cell", i, j)
    for j in range(n_cols):
        lo, hi = bounds["column", 0, j]
        if column_states[j] != "shown" and lo == hi:
            return ("column", 0, j)
    for i in capped:
        lo, hi = bounds["ceiling", i, 0]
        if ceilings[i][1] != "shown" and lo == hi:  # type: ignore[index]
            return ("ceiling", i, 0)
    return None
