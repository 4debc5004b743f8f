"""The disclosure audit: what a reader can work out of everything one release publishes.

Each table on its own keeps its small numbers hidden (aggregates.suppress). But a reader
holds every table at once, and knows the questionnaire: a follow-up is asked only of those
who gave certain answers to the question before it, so its count of residents asked is a
floor under those answers' cells; every response that was finished passed every question
that everyone is asked; a standard's share adds up cells of several tables. Together
these can pin a hidden cell to one value that no table gives away alone ("Have staff
searched you? Yes: not shown, No: fewer than 3", and "searches are fair: 6 asked", give
No = 1).

So, as statistical offices audit a set of tables before publishing them, everything a
release publishes becomes a set of linear constraints on the unknown counts, and for every
cell not shown an integer program asks for the least and the most it can be (HiGHS, a
mixed-integer solver: a linear relaxation alone could call a pinned cell free). A cell
shown as "fewer than 3" is safe only if it can still be 1 or 2; a cell hidden is safe only
if it can take more than one value, and, if it is in fact small, every small value.
`protect` then hides more, a cell at a time (the smallest shown one that takes part in
what pins it), until the audit passes.

The tests check the solver's ranges against brute force on small cases.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from survey_app.core.analysis.aggregates import Cell, QuestionTable, Shown, StandardSummary
from survey_app.core.questionnaire import conditions
from survey_app.core.questionnaire.model import Questionnaire

Coefficients = dict[int, int]


@dataclass
class System:
    """Integer unknowns with bounds, and linear rows `lo <= sum(c * x) <= hi`."""

    names: list[str] = field(default_factory=list)
    lower: list[int] = field(default_factory=list)
    upper: list[int] = field(default_factory=list)
    rows: list[tuple[Coefficients, float, float]] = field(default_factory=list)

    def var(self, name: str, lo: int, hi: int) -> int:
        self.names.append(name)
        self.lower.append(lo)
        self.upper.append(hi)
        return len(self.names) - 1

    def row(self, coefficients: Coefficients, lo: float, hi: float) -> None:
        terms = {k: v for k, v in coefficients.items() if v}
        if terms:
            self.rows.append((terms, lo, hi))


INF = float("inf")


class Solver:
    """One system loaded into HiGHS, to ask for the least or the most of any unknown."""

    def __init__(self, system: System, relaxed: bool = False) -> None:
        self.system = system
        self.highs = highs = _solver()
        self.hs = hs = _loaded["highspy"]
        self.relaxed = relaxed
        n = self.n = len(system.names)
        if n == 0:
            return
        highs.addVars(n, list(map(float, system.lower)), list(map(float, system.upper)))
        if not relaxed:
            highs.changeColsIntegrality(n, list(range(n)), [hs.HighsVarType.kInteger] * n)
        for coefficients, lo, hi in system.rows:
            index = list(coefficients)
            highs.addRow(
                -hs.kHighsInf if lo == -INF else lo,
                hs.kHighsInf if hi == INF else hi,
                len(index),
                index,
                [float(coefficients[i]) for i in index],
            )

    def extreme(self, costs: Mapping[int, float], most: bool) -> list[int]:
        """An integer solution with the least (or most) sum of costs * unknowns."""
        hs, highs = self.hs, self.highs
        vector = [0.0] * self.n
        for index, cost in costs.items():
            vector[index] = cost
        highs.changeColsCost(self.n, list(range(self.n)), vector)
        highs.changeObjectiveSense(hs.ObjSense.kMaximize if most else hs.ObjSense.kMinimize)
        highs.run()
        if highs.getModelStatus() != hs.HighsModelStatus.kOptimal:
            raise AuditError("the published figures contradict each other")
        values = highs.getSolution().col_value
        if self.relaxed:  # the whole numbers within the relaxation's bound
            rounding = math.floor if most else math.ceil
            return [int(rounding(v + (1e-6 if most else -1e-6))) for v in values]
        return [round(value) for value in values]


def ranges(
    system: System, targets: Iterable[int], relaxed: bool = False
) -> dict[int, tuple[int, int]]:
    """The exact least and most value of each target over every integer solution; or,
    `relaxed`, bounds on them from the linear relaxation (quick, and never narrower: for
    choosing what to hide, which the exact audit then checks)."""
    solver = Solver(system, relaxed)
    return {
        target: (solver.extreme({target: 1.0}, False)[target],
                 solver.extreme({target: 1.0}, True)[target])
        for target in targets
    }  # fmt: skip


class AuditError(RuntimeError):
    """The published figures admit no solution at all: they contradict each other (a bug
    in the counting), so nothing is published."""


_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def _solver() -> Any:
    """A fresh, silent HiGHS. The library prints its banner on standard output the first
    time one is made; that stream is the terminal of the lead's view (and the web
    sessions' channel), so the first is made with it pointed elsewhere."""
    with _lock:
        if not _loaded:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "w") as null:
                    os.dup2(null.fileno(), 1)
                    import highspy

                    highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _loaded["highspy"] = highspy
        highspy = _loaded["highspy"]
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


# --- what one release publishes, as a system ---------------------------------------------


@dataclass(frozen=True)
class Release:
    """Everything published together: every question's table, the standards' shares, the
    number of responses and of partial ones."""

    questionnaire: Questionnaire
    tables: tuple[QuestionTable, ...]
    responses: int
    standards: tuple[StandardSummary, ...] = ()
    partial: int | None = None
    """The number of partial responses, where it is published."""
    previous: Release | None = None
    """The release published before this one, as published: a reader may hold both."""
    step: int = 3
    """The least number of responses that changed (added, finished, withdrawn) between it
    and the previous one."""
    gone: int | None = None
    """How many responses the previous one counted that this one does not count as they
    were (withdrawn, or finished since), where known: the audit takes it that a reader
    knows it too (they may: "nobody withdrew" is easily guessed)."""


BASE = "#base"
"""The part of a table that is its base. Every part that is no answer's cell is named with
a "#", which no answer code can hold: a questionnaire may well have an option coded
`dont_know` (or `base`), and the two must never be taken for each other."""
NONE_GIVEN = "#not_answered"
"""Those asked who gave no answer, together."""


def _part(cell: Cell) -> str:
    """The part a way of giving no answer (skipped, don't know, refused) is."""
    return "#" + cell.code


APART = ("#skipped", "#dont_know", "#refused")
"""The ways of giving no answer, each a part of a table's "did not answer"."""


@dataclass(frozen=True)
class Unknown:
    """What one variable of the system stands for: a cell of a table, or its base."""

    question: str
    part: str
    """An answer code, or one of `BASE`, `APART` and `NONE_GIVEN` (which no code can be)."""
    release: int = 0
    """0: the release being published; 1: the one before it."""


def _bounds(cell: Cell, threshold: int, total: int) -> tuple[int, int]:
    if cell.shown == "shown":
        return cell.count, cell.count
    if cell.shown == "small":
        return 1, threshold - 1
    return 0, total


def build(
    release: Release, routed: bool = True
) -> tuple[System, dict[int, Unknown], dict[int, int]]:
    """The system a reader can write down; the unknown behind each variable; and the true
    value of each variable (which the audit compares the ranges with).

    With the release before it, both are in the system, tied together: every count of the
    new one is the old one's, less what the responses that left or changed took away, plus
    what those that came or changed added; those two are counts of responses too (their
    cells add up, their routing holds: unless `routed` is False), and at least `step`
    responses changed."""
    system = System()
    meaning: dict[int, Unknown] = {}
    truth: dict[int, int] = {}
    now = _add_release(system, meaning, truth, release, 0)
    if release.previous is not None:
        before = _add_release(system, meaning, truth, release.previous, 1)
        _link(system, release, now, before, routed)
    # What the questionnaire implies holds for responses given through it; not always for
    # what a store holds (a response kept as complete under an earlier version of the
    # questionnaire, a paper form with a question left blank). A rule the true counts break
    # is no rule a reader can work with: reasoning from it leads away from the truth, not
    # to it. So it is left out, and the audit stays about what can really be found.
    system.rows = [
        (row, lo, hi)
        for row, lo, hi in system.rows
        if not all(i in truth for i in row) or lo <= sum(c * truth[i] for i, c in row.items()) <= hi
    ]
    return system, meaning, truth


def _add_release(
    system: System,
    meaning: dict[int, Unknown],
    truth: dict[int, int],
    release: Release,
    tag: int,
) -> dict[tuple[str, str], int]:
    """One release's figures and what the questionnaire implies of them, into `system`;
    its variables by (question, part)."""
    n = release.responses
    questionnaire = release.questionnaire
    by_id = {table.question.id: table for table in release.tables}
    cell_var: dict[tuple[str, str], int] = {}
    reach: dict[str, Coefficients] = {}

    def add(question: str, part: str, lo: int, hi: int, value: int) -> int:
        index = system.var(f"{tag}:{question}:{part}", lo, hi)
        meaning[index] = Unknown(question, part, tag)
        truth[index] = value
        cell_var[question, part] = index
        return index

    for table in release.tables:
        q = table.question
        k = table.threshold
        base_lo, base_hi = (
            (table.base, table.base)
            if table.base_shown
            else (0, n)
            if table.base_hidden
            else (1, k - 1)
        )
        base = add(q.id, BASE, base_lo, base_hi, table.base)
        cells = [add(q.id, c.code, *_bounds(c, k, n), c.count) for c in table.cells]
        skipped, dont_know, refused = (
            add(q.id, _part(cell), *_bounds(cell, k, n), cell.count) for cell in table.apart
        )
        none_given = table.not_answered
        not_answered = add(
            q.id,
            NONE_GIVEN,
            *((none_given, none_given) if table.not_answered_shown else (0, n)),
            none_given,
        )
        system.row({skipped: 1, refused: 1, dont_know: 1, not_answered: -1}, 0, 0)
        if cells:
            if q.type == "multiple_choice":
                # Each resident who answered chose at least one option; an exclusive
                # option is chosen alone.
                for cell in cells:
                    system.row({cell: 1, base: -1}, -INF, 0)
                system.row({**dict.fromkeys(cells, 1), base: -1}, 0, INF)
                codes = [c.code for c in table.cells]
                for code in q.exclusive:
                    if code in codes:
                        e = cells[codes.index(code)]
                        for other in cells:
                            if other != e:
                                system.row({e: 1, other: 1, base: -1}, -INF, 0)
            else:
                system.row({**dict.fromkeys(cells, 1), base: -1}, 0, 0)
        reach[q.id] = {base: 1, skipped: 1, refused: 1, dont_know: 1}
        system.row(reach[q.id], 0, n)

    # Routing: who was asked a question is bounded by the answers its condition reads.
    unconditional: list[str] = []
    for question in questionnaire.questions:
        if question.id not in by_id:
            continue
        node = questionnaire.conditions.get(question.id)
        if node is None:
            unconditional.append(question.id)
            continue
        for bound in _upper_bounds(node, cell_var, by_id):
            row = dict(reach[question.id])
            for index, c in bound.items():
                row[index] = row.get(index, 0) - c
            system.row(row, -INF, 0)
        exact = _exact(node, cell_var, by_id)
        if exact is not None and release.partial is not None:
            # Every finished response whose answers meet the condition was asked.
            row = dict(reach[question.id])
            for index, c in exact.items():
                row[index] = row.get(index, 0) - c
            system.row(row, -release.partial, INF)
    # Everyone is asked an unconditional question unless they stopped before it; each
    # counted response reached the first question; reaching a later one means having
    # passed the earlier ones.
    for position, question_id in enumerate(unconditional):
        lower = 0 if release.partial is None else n - release.partial
        if position == 0 and questionnaire.questions[0].id == question_id:
            lower = n
        system.row(reach[question_id], lower, n)
        if position:
            row = dict(reach[question_id])
            for index, c in reach[unconditional[position - 1]].items():
                row[index] = row.get(index, 0) - c
            system.row(row, -INF, 0)

    # A standard's share adds up the positive and the counted answers of its questions.
    for summary in release.standards:
        if not summary.shown:
            continue
        positive: Coefficients = {}
        counted: Coefficients = {}
        for question_id in summary.questions:
            member = by_id.get(question_id)
            if member is None or not member.cells:
                continue
            q = member.question
            if q.type == "multiple_choice":
                # It counts residents who chose a positive option, which no cell gives; a
                # reader knows only that it is at least the largest positive cell and at
                # most the base, or the sum of the positive cells.
                chosen = [c.count for c in member.cells if c.code in q.positive]
                people = system.var(f"{q.id}:positive people", max(chosen, default=0),
                                    min(member.base, sum(chosen)))  # fmt: skip
                answering = system.var(f"{q.id}:counted people", 0, member.base)
                system.row({people: 1, answering: -1}, -INF, 0)
                positive[people] = 1
                counted[answering] = 1
                continue
            for each in member.cells:
                index = cell_var[q.id, each.code]
                if each.code in q.apart:
                    continue
                counted[index] = counted.get(index, 0) + 1
                if each.code in q.positive:
                    positive[index] = positive.get(index, 0) + 1
        system.row(positive, summary.positive, summary.positive)
        system.row(counted, summary.answers, summary.answers)
    for summary in release.standards:
        if summary.residents_shown:
            _people_rows(system, summary, by_id, cell_var, n)
    return cell_var


def _link(
    system: System,
    release: Release,
    now: Mapping[tuple[str, str], int],
    before: Mapping[tuple[str, str], int],
    routed: bool,
) -> None:
    """Tie a release to the one before: now = before - gone + come, where `gone` and
    `come` are each the counts of some responses (those withdrawn or changed as they were,
    and those added or changed as they are)."""
    assert release.previous is not None
    most = release.responses + release.previous.responses
    sizes = {}
    for side in ("gone", "come"):
        sizes[side] = system.var(f"{side}:responses", 0, most)
    grew = release.responses - release.previous.responses
    system.row({sizes["come"]: 1, sizes["gone"]: -1}, grew, grew)
    system.row({sizes["come"]: 1, sizes["gone"]: 1}, release.step, INF)
    if release.gone is not None:
        system.row({sizes["gone"]: 1}, release.gone, release.gone)
    by_id = {table.question.id: table for table in release.tables}
    parts: dict[str, dict[tuple[str, str], int]] = {"gone": {}, "come": {}}
    for key, index in now.items():
        if key not in before or key[1] == NONE_GIVEN:
            continue
        gone = system.var(f"gone:{key[0]}:{key[1]}", 0, most)
        come = system.var(f"come:{key[0]}:{key[1]}", 0, most)
        parts["gone"][key], parts["come"][key] = gone, come
        system.row({index: 1, before[key]: -1, gone: 1, come: -1}, 0, 0)
    for side, cell_var in parts.items():
        n = sizes[side]
        for question_id, table in by_id.items():
            base = cell_var.get((question_id, BASE))
            if base is None:
                continue
            cells = [
                cell_var[question_id, c.code]
                for c in table.cells
                if (question_id, c.code) in cell_var
            ]
            if cells and table.question.type == "multiple_choice":
                for cell in cells:
                    system.row({cell: 1, base: -1}, -INF, 0)
                system.row({**dict.fromkeys(cells, 1), base: -1}, 0, INF)
            elif cells:
                system.row({**dict.fromkeys(cells, 1), base: -1}, 0, 0)
            reach = {base: 1}
            for part in APART:
                if (question_id, part) in cell_var:
                    reach[cell_var[question_id, part]] = 1
            system.row({**reach, n: -1}, -INF, 0)
            node = release.questionnaire.conditions.get(question_id)
            if node is None or not routed:
                continue
            for bound in _upper_bounds(node, cell_var, by_id):
                row = dict(reach)
                for index, c in bound.items():
                    row[index] = row.get(index, 0) - c
                system.row(row, -INF, 0)


def _people_rows(
    system: System,
    summary: StandardSummary,
    by_id: Mapping[str, QuestionTable],
    cell_var: Mapping[tuple[str, str], int],
    n: int,
) -> None:
    """What a standard's count of residents tells a reader about the cells: R residents
    gave a counted answer to its questions, P of them more positive answers than not.

    Split every answer by whose it is: `a`, `b` the positive and other answers of the P
    residents, `c`, `d` those of the other R - P. Each of the P has more positive answers
    than other ones, so at least one more each (a >= b + P); each of the others at least
    as many other ones as positive, and at least one (d >= c, d >= R - P); nobody answers
    a question twice (a + b <= P times the questions, c + d likewise); and each question's
    counted answers are at most R. A multiple choice counts once per resident: positive
    if an option chosen is."""
    residents, positive_residents = summary.residents, summary.residents_positive
    yes: Coefficients = {}
    no: Coefficients = {}
    questions = 0
    for table in by_id.values():
        q = table.question
        if q.id not in summary.questions or not table.cells:
            continue  # the residents are counted over the questions the share counts
        questions += 1
        cells = {c.code: cell_var[q.id, c.code] for c in table.cells}
        counted_here: Coefficients = {}
        if q.type == "multiple_choice":
            base = cell_var[q.id, BASE]
            people = system.var(f"{q.id}:positive residents", 0, n)
            answering = system.var(f"{q.id}:counting residents", 0, n)
            positive_cells = [i for code, i in cells.items() if code in q.positive]
            for i in positive_cells:
                system.row({i: 1, people: -1}, -INF, 0)  # at least each positive option
            system.row({**dict.fromkeys(positive_cells, 1), people: -1}, 0, INF)
            system.row({people: 1, answering: -1}, -INF, 0)
            system.row({answering: 1, base: -1}, -INF, 0)
            for code, i in cells.items():
                if code not in q.apart:
                    system.row({i: 1, answering: -1}, -INF, 0)
            yes[people] = yes.get(people, 0) + 1
            no[answering] = no.get(answering, 0) + 1
            no[people] = no.get(people, 0) - 1
            counted_here = {answering: 1}
        else:
            for code, i in cells.items():
                if code in q.apart:
                    continue
                side = yes if code in q.positive else no
                side[i] = side.get(i, 0) + 1
                counted_here[i] = 1
        system.row(counted_here, -INF, residents)
    if not questions:
        return
    others = residents - positive_residents
    a = system.var(f"standard {summary.standard}:a", 0, n * questions)
    b = system.var(f"standard {summary.standard}:b", 0, n * questions)
    c = system.var(f"standard {summary.standard}:c", 0, n * questions)
    d = system.var(f"standard {summary.standard}:d", 0, n * questions)
    system.row({**{i: v for i, v in yes.items()}, a: -1, c: -1}, 0, 0)
    system.row({**{i: v for i, v in no.items()}, b: -1, d: -1}, 0, 0)
    system.row({a: 1, b: -1}, positive_residents, INF)
    system.row({d: 1, c: -1}, 0, INF)
    system.row({d: 1}, others, INF)
    system.row({a: 1, b: 1}, -INF, positive_residents * questions)
    system.row({c: 1, d: 1}, -INF, others * questions)


def _choice_cells(
    question_id: str, codes: Sequence[object], cell_var: Mapping[tuple[str, str], int]
) -> Coefficients | None:
    found: Coefficients = {}
    for code in codes:
        index = cell_var.get((question_id, str(code)))
        if index is None:
            return None
        found[index] = found.get(index, 0) + 1
    return found


def _upper_bounds(
    node: conditions.Node,
    cell_var: Mapping[tuple[str, str], int],
    tables: Mapping[str, QuestionTable],
) -> list[Coefficients]:
    """Linear expressions each at least the number of residents the condition holds for
    (several for `and`: each part bounds it)."""
    if isinstance(node, conditions.Compare):
        base = cell_var.get((node.question, BASE))
        if base is None:
            return []
        table = tables[node.question]
        if node.op in ("==", "in") and table.cells:
            cells = _choice_cells(node.question, node.values, cell_var)
            return [cells] if cells is not None else [{base: 1}]
        if node.op == "!=" and table.cells:
            cells = _choice_cells(node.question, node.values[:1], cell_var)
            if cells is not None:
                return [{base: 1, **{i: -c for i, c in cells.items()}}]
        return [{base: 1}]
    if isinstance(node, conditions.Answered):
        base = cell_var.get((node.question, BASE))
        return [] if base is None else [{base: 1}]
    if isinstance(node, conditions.BoolOp):
        parts = [_upper_bounds(operand, cell_var, tables) for operand in node.operands]
        if node.op == "and":
            return [bound for part in parts for bound in part]
        if any(not part for part in parts):
            return []
        total: Coefficients = {}
        for part in parts:
            for index, c in part[0].items():
                total[index] = total.get(index, 0) + c
        return [total]
    return []  # `not`: no bound a reader can use simply


def _exact(
    node: conditions.Node,
    cell_var: Mapping[tuple[str, str], int],
    tables: Mapping[str, QuestionTable],
) -> Coefficients | None:
    """An expression equal to the number the condition holds for, where one exists: one
    single-answer question's cells."""
    if not isinstance(node, conditions.Compare) or node.op not in ("==", "in"):
        return None
    table = tables.get(node.question)
    if table is None or not table.cells or table.question.type == "multiple_choice":
        return None
    return _choice_cells(node.question, node.values, cell_var)


# --- the audit and the extra suppression --------------------------------------------------


@dataclass(frozen=True)
class Finding:
    unknown: Unknown
    value: int
    low: int
    high: int
    small: bool = False
    """It must reach every small value (1 and 2), not only more than one."""
    joint: bool = False
    """Found with the release before (else in this release alone)."""
    routed: bool = True
    """With the routing of the responses that changed in between (see `audit`)."""


@dataclass
class Seen:
    """What earlier audits of one system found: solutions, and ranges proven wide enough.
    Kept between the rounds of `protect`, where hiding one more figure only loosens the
    system (every solution found before is still one, every range at least as wide);
    forgotten when the system's unknowns change."""

    names: tuple[str, ...] = ()
    solutions: list[list[int]] = field(default_factory=list)
    proven: dict[int, tuple[int, int]] = field(default_factory=dict)

    def fit(self, system: System) -> None:
        names = tuple(system.names)
        if names != self.names:
            self.names, self.solutions, self.proven = names, [], {}


def audit(
    release: Release,
    pool: Seen | None = None,
    pools: dict[str, Seen] | None = None,
    first: bool = False,
) -> list[Finding]:
    """Every cell not shown that a reader can narrow too far: pinned to one value, or, if
    small, to fewer than every small value.

    With the release before it, twice: this release alone, as above; then both together,
    where every answer count not shown must still not be pinned, and one shown as "fewer
    than 3" still be 1 or 2. There, how many answered a question (a base) may be known: a
    question all 6 answered now, 3 more since, was answered by all 3 before. And a hidden
    count that is in fact small need not reach every small value: "3 said yes" in the
    last release, and one withdrawal since, leave at least 2, whatever this one hides.
    `first`: stop at the first finding (all that `protect` needs before hiding one more
    figure).
    """
    if release.previous is None:
        return _audit(release, pool, strict=True, first=first)
    pools = {} if pools is None else pools
    alone = _audit(
        replace(release, previous=None), pools.setdefault("alone", Seen()), True, first=first
    )
    if alone:
        return alone
    # Responses that changed between the two are taken to follow the routing; where the
    # stored ones do not (a response kept under an earlier version of the questionnaire,
    # a paper form with answers off its route), the two are tied by their counts alone.
    for routed in (True, False):
        try:
            return _audit(
                release, pools.setdefault(f"joint {routed}", Seen()), False, routed, first
            )
        except AuditError:
            continue
    return []  # the two contradict each other: a questionnaire changed between them


def _audit(
    release: Release,
    pool: Seen | None,
    strict: bool,
    routed: bool = True,
    first: bool = False,
) -> list[Finding]:
    """`audit`'s work on one system. `strict`: a hidden cell that is in fact small must
    reach every small value, as one labelled "fewer than 3" must.

    A cell is safe once two solutions of the reader's system are seen that give it
    different values (and, if it is small, every small value): the true counts are one;
    a few solutions that push all the hidden cells at once down, then up, are usually
    enough for most cells, and only the cells still unsettled get their own least and most
    (exact). `pool` keeps what was found between calls (`Seen`).
    """
    system, meaning, truth = build(release, routed)
    tables = _tables(release)
    targets = [
        i
        for i, u in meaning.items()
        if u.part not in NOT_ANSWERED
        and (strict or u.part != BASE)  # across two: what people said, not how many did
        and _state(tables[u.release, u.question], u.part) != "shown"
    ]
    if not targets:
        return []
    solver = Solver(system)
    pool = Seen() if pool is None else pool
    pool.fit(system)
    if len(pool.solutions) < 2:
        everything = dict.fromkeys(targets, 1.0)
        pool.solutions.extend(solver.extreme(everything, most) for most in (False, True))

    def needs(index: int) -> set[int]:
        unknown = meaning[index]
        table = tables[unknown.release, unknown.question]
        k = table.threshold
        if not strict and _state(table, unknown.part) != "small":
            return set()
        return set(range(1, k)) if 0 < truth[index] < k else set()

    def settled(index: int) -> bool:
        wanted = needs(index)
        proven = pool.proven.get(index)
        if (
            proven is not None
            and proven[0] < proven[1]
            and (not wanted or (proven[0] <= min(wanted) and proven[1] >= max(wanted)))
        ):
            return True  # its range was proven wide enough, and hiding only widens it
        seen = {truth[index], *(solution[index] for solution in pool.solutions)}
        return len(seen) > 1 and wanted <= seen

    out = []
    for index in targets:
        if settled(index):
            continue
        low = solver.extreme({index: 1.0}, False)
        high = solver.extreme({index: 1.0}, True)
        pool.solutions.extend((low, high))
        lo, hi = low[index], high[index]
        pool.proven[index] = (lo, hi)
        wanted = needs(index)
        if lo == hi or (wanted and (lo > min(wanted) or hi < max(wanted))):
            found = Finding(meaning[index], truth[index], lo, hi, bool(wanted))
            out.append(replace(found, joint=release.previous is not None, routed=routed))
            if first:
                break
    return out


def _tables(release: Release) -> dict[tuple[int, str], QuestionTable]:
    """Every table a reader holds, by (0 for this release, 1 for the one before; question)."""
    out = {(0, t.question.id): t for t in release.tables}
    if release.previous is not None:
        out.update({(1, t.question.id): t for t in release.previous.tables})
    return out


NOT_ANSWERED = (*APART, NONE_GIVEN)
"""Who was asked and gave no answer: the number asked less the base, which says nothing of
what anyone thinks. Not protected (merged, its split is never pinned: the two parts are
only ever seen together), but part of what a reader can reason with."""


def _state(table: QuestionTable, part: str) -> Shown:
    if part == BASE:
        return "shown" if table.base_shown else "hidden"
    if part == NONE_GIVEN:
        return "shown" if table.not_answered_shown else "hidden"
    if part in APART:
        return _cell(table, part).shown
    for cell in table.cells:
        if cell.code == part:
            return cell.shown
    raise KeyError(part)


def protect(release: Release, most: int = 500) -> Release:
    """Hide more, a cell at a time, until the audit finds nothing a reader can pin."""
    if release.previous is not None:
        release = _hide_what_the_last_gives_away(release)
    pool = Seen()
    pools: dict[str, Seen] = {}
    for _round in range(most):
        findings = audit(release, pool, pools, first=True)
        if not findings:
            return release
        release = _best_hiding(release, findings[0]) or _hide_one_more(release, findings[0])
    raise AuditError("the audit did not settle")


def _hide_what_the_last_gives_away(release: Release) -> Release:
    """Before the audit, what it would find one round at a time: a count the release
    before did not show, which this one's count (shown) would pin, cell by cell, is hidden
    here too. With `gone` responses gone and `come` come since, the old count is within
    this one's count less `come` and plus `gone`: "not shown" before and 0 now, with
    nobody gone, was 0; "fewer than 3" before and 1 now was 1."""
    previous = release.previous
    assert previous is not None
    grew = release.responses - previous.responses
    gone = release.gone if release.gone is not None else release.responses + previous.responses
    come = grew + gone
    before = {t.question.id: t for t in previous.tables}
    changed = []
    for table in release.tables:
        old = before.get(table.question.id)
        if old is None or not table.base_shown:
            changed.append(table)
            continue
        k = old.threshold
        cells = []
        for cell in table.cells:
            was = next((c for c in old.cells if c.code == cell.code), None)
            if cell.shown == "shown" and was is not None and was.shown != "shown":
                low, high = (1, k - 1) if was.shown == "small" else (0, previous.responses)
                low, high = max(low, cell.count - come), min(high, cell.count + gone)
                pinned = low >= high if was.shown == "hidden" else low > 1 or high < k - 1
                if pinned:
                    cell = replace(cell, shown="hidden")
            cells.append(cell)
        changed.append(replace(table, cells=tuple(cells)))
    return replace(release, tables=tuple(changed))


def with_intervals(release: Release) -> Release:
    """Every hidden answer count given as the least and most it can be, where that says
    more than "anything from 0 to the base": what a reader can work out from everything
    the release shows (its own system, exactly), so saying it gives nothing away, and
    "20 to 22 of 22" tells the lead more than "not shown"."""
    alone = replace(release, previous=None)
    system, meaning, _truth = build(alone)
    tables = {t.question.id: t for t in release.tables}
    targets = {
        i: u
        for i, u in meaning.items()
        if u.part not in (*NOT_ANSWERED, BASE) and _state(tables[u.question], u.part) == "hidden"
    }
    if not targets:
        return release
    found = ranges(system, targets)
    changed = []
    for table in release.tables:
        cells = []
        for cell in table.cells:
            index = next(
                (i for i, u in targets.items() if u == Unknown(table.question.id, cell.code)),
                None,
            )
            if index is not None:
                lo, hi = found[index]
                if lo > 0 or (table.base_shown and hi < table.base):
                    cell = replace(cell, between=(lo, hi))
            cells.append(cell)
        changed.append(replace(table, cells=tuple(cells)))
    return replace(release, tables=tuple(changed))


TRIALS = 16
"""How many figures `_best_hiding` tries hiding, at most, for one finding."""


def _best_hiding(release: Release, finding: Finding) -> Release | None:
    """The one more figure to hide that frees the pinned cell, chosen by trying them.

    The candidates are the shown figures that share an equation with the pinned cell, or
    with one that does (the pin comes from there). Each is hidden in turn and the cell's
    range worked out again; the first that frees it wins, in this order: counts of skips
    and refusals, then answer cells, smallest first (zeros last: they hide least), then
    whole tables. If none frees it alone, the one that widens its range most is taken (the
    next round goes on from there); None if no candidate changes anything.
    """

    def seen(trial: Release) -> Release:
        # the system the finding was made in: with the release before, or alone
        return trial if finding.joint else replace(trial, previous=None)

    system, meaning, truth = build(seen(release), finding.routed)
    tables = {t.question.id: t for t in release.tables}
    where = {u: i for i, u in meaning.items()}
    target = where[finding.unknown]
    near: set[int] = {target}
    for _hop in range(2):
        near |= {i for row, _lo, _hi in system.rows if near & row.keys() for i in row}
    candidates = [
        meaning[i]
        for i in near
        if i in meaning
        and i != target
        and meaning[i].release == 0  # what was published before stays published
        and meaning[i].part not in APART  # hidden, their sum still says it
        and _state(tables[meaning[i].question], meaning[i].part) == "shown"
    ]

    def order(unknown: Unknown) -> tuple[int, bool, int]:
        value = truth[where[unknown]]
        kind = 0 if unknown.part == NONE_GIVEN else 2 if unknown.part == BASE else 1
        return kind, value == 0, value

    k = _tables(seen(release))[finding.unknown.release, finding.unknown.question].threshold
    wanted = set(range(1, k)) if finding.small else set()
    best: tuple[int, Release] | None = None
    # The nearest few are tried: past them a trial rarely frees what they did not, and
    # each costs a solve (the next round goes on from the widest).
    for unknown in sorted(candidates, key=order)[:TRIALS]:
        table = tables[unknown.question]
        changed = (
            hide_table(table)
            if unknown.part == BASE
            else _without_not_answered(table)
            if unknown.part == NONE_GIVEN
            else _with_cell(
                table, unknown.part, replace(_cell(table, unknown.part), shown="hidden")
            )
        )
        trial = replace(
            release,
            tables=tuple(
                changed if t.question.id == unknown.question else t for t in release.tables
            ),
        )
        trial_system, _m, _t = build(seen(trial), finding.routed)

        def frees(lo: int, hi: int) -> bool:
            return lo < hi and (not wanted or (lo <= min(wanted) and hi >= max(wanted)))

        # The linear relaxation first (quick, never narrower), the exact range to confirm.
        lo, hi = ranges(trial_system, [target], relaxed=True)[target]
        if frees(lo, hi):
            lo, hi = ranges(trial_system, [target])[target]
            if frees(lo, hi):
                return trial
        width = hi - lo
        if width > finding.high - finding.low and (best is None or width > best[0]):
            best = (width, trial)
    return None if best is None else best[1]


def _cell(table: QuestionTable, part: str) -> Cell:
    for cell in table.apart:
        if part == _part(cell):
            return cell
    return next(c for c in table.cells if c.code == part)


def _hide_one_more(release: Release, finding: Finding) -> Release:
    """Hide the smallest shown cell (zeros last) of the question the finding is in; if
    its table shows none, hide that question's base, and with it the whole table (a base
    shown as "fewer than 3" then says nothing at all); if that is hidden already, the pin
    comes from a question it is routed from or to, or from a standard: hide the smallest
    shown figure of those, or at last withdraw the standards' shares."""
    tables = {t.question.id: t for t in release.tables}
    table = tables.get(finding.unknown.question)
    if table is None:  # a question only the release before had: nothing here to hide
        return replace(release, tables=tuple(hide_table(t) for t in release.tables))
    changed = _hide_in(table)
    if changed is None:
        for other in _linked(release, table.question.id):
            changed = _hide_in(tables[other])
            if changed is not None:
                break
    if changed is None:
        # Nothing more to hide in the tables concerned: withdraw the standards' shares.
        return replace(
            release,
            standards=tuple(
                replace(s, shown=False, residents_shown=False) for s in release.standards
            ),
        )
    return replace(
        release,
        tables=tuple(
            changed if t.question.id == changed.question.id else t for t in release.tables
        ),
    )


def _without_not_answered(table: QuestionTable) -> QuestionTable:
    """The number who did not answer hidden, and with it its split."""
    return replace(
        table,
        not_answered_shown=False,
        skipped=replace(table.skipped, shown="hidden"),
        refused=replace(table.refused, shown="hidden"),
        dont_know=replace(table.dont_know, shown="hidden"),
    )


def _hide_in(table: QuestionTable) -> QuestionTable | None:
    if table.base_shown and table.not_answered_shown:
        return _without_not_answered(table)  # it hides no answer: the least to give up
    candidates = [c for c in table.cells if c.shown == "shown"]
    if candidates and table.base_shown:
        partner = min(candidates, key=lambda c: (c.count == 0, c.count))
        return _with_cell(table, partner.code, replace(partner, shown="hidden"))
    if table.base_shown:
        return hide_table(table)
    if not table.base_hidden:
        # "fewer than 3 answered" still says 1 or 2: say nothing of the base
        return replace(table, base_hidden=True)
    return None


def hide_table(table: QuestionTable) -> QuestionTable:
    """The whole table hidden, its base too (secondary suppression)."""
    hidden = [replace(c, shown="hidden") for c in table.cells]
    return replace(
        table,
        cells=tuple(hidden),
        base_shown=False,
        base_hidden=True,
        skipped=replace(table.skipped, shown="hidden"),
        refused=replace(table.refused, shown="hidden"),
        dont_know=replace(table.dont_know, shown="hidden"),
        not_answered_shown=False,
    )


def _with_cell(table: QuestionTable, part: str, cell: Cell) -> QuestionTable:
    if part == _part(table.skipped):
        return replace(table, skipped=cell)
    if part == _part(table.refused):
        return replace(table, refused=cell)
    if part == _part(table.dont_know):
        return replace(table, dont_know=cell)
    return replace(table, cells=tuple(cell if c.code == cell.code else c for c in table.cells))


def _linked(release: Release, question_id: str) -> list[str]:
    """Questions whose routing reads this one, and those this one's routing reads."""
    questionnaire = release.questionnaire
    present = {t.question.id for t in release.tables}
    linked: list[str] = []
    own = questionnaire.conditions.get(question_id)
    if own is not None:
        linked += [ref.question for ref in conditions.references(own)]
    for other, node in questionnaire.conditions.items():
        if any(ref.question == question_id for ref in conditions.references(node)):
            linked.append(other)
    return [q for q in dict.fromkeys(linked) if q in present and q != question_id]
