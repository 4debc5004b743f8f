"""Breakdowns: no group under the threshold, and nothing hidden that subtraction recovers."""

from __future__ import annotations

from itertools import product

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from survey_app.core.analysis.aggregates import Shown, suppress
from survey_app.core.evidence.breakdown import NOT_STATED, Record, breakdown, groupings, protect
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire


def published(
    counts: list[list[int]], threshold: int
) -> tuple[list[Shown], list[bool], list[list[Shown]]]:
    columns = [sum(col) for col in zip(*counts, strict=True)]
    total = sum(columns)
    column_states = suppress({str(j): n for j, n in enumerate(columns)}, threshold, total)
    states_list: list[Shown] = [column_states[str(j)] for j in range(len(columns))]
    rows, cells = protect(counts, columns, states_list, threshold)
    return states_list, rows, cells


def consistent_tables(
    counts: list[list[int]],
    column_states: list[Shown],
    rows: list[bool],
    cells: list[list[Shown]],
    threshold: int,
) -> list[tuple[tuple[int, ...], ...]]:
    """Every table a reader cannot rule out from what is published (by brute force)."""
    columns = [sum(col) for col in zip(*counts, strict=True)]
    total = sum(columns)
    small = range(1, threshold)

    def column_ok(j: int, value: int) -> bool:
        if column_states[j] == "shown":
            return value == columns[j]
        if column_states[j] == "small":
            return value in small
        return True

    column_high = [
        columns[j] if state == "shown" else threshold - 1 if state == "small" else total
        for j, state in enumerate(column_states)
    ]

    def row_options(i: int) -> list[tuple[int, ...]]:
        domains: list[range] = []
        for j in range(len(columns)):
            if rows[i] and cells[i][j] == "shown":
                domains.append(range(counts[i][j], counts[i][j] + 1))
            elif rows[i] and cells[i][j] == "small":
                domains.append(small)
            else:
                domains.append(range(column_high[j] + 1))
        options = product(*domains)
        if rows[i]:
            return [o for o in options if sum(o) == sum(counts[i])]
        return [o for o in options if sum(o) <= total]

    found = []

    def walk(i: int, chosen: list[tuple[int, ...]], sums: list[int]) -> None:
        if i == len(counts):
            if sum(sums) == total and all(column_ok(j, v) for j, v in enumerate(sums)):
                found.append(tuple(chosen))
            return
        for option in row_options(i):
            new = [a + b for a, b in zip(sums, option, strict=True)]
            if sum(new) > total or any(
                column_states[j] == "shown" and new[j] > columns[j] for j in range(len(new))
            ):
                continue
            walk(i + 1, [*chosen, option], new)

    walk(0, [], [0] * len(columns))
    return found


def test_a_small_group_and_a_partner_group_are_hidden() -> None:
    counts = [[6, 4], [5, 3], [1, 1]]  # bases 10, 8, 2
    _, rows, _ = published(counts, 3)
    assert rows == [True, False, False]  # the group of 2, then the smallest other group


def test_a_small_cell_in_a_group_gets_a_partner() -> None:
    counts = [[8, 1, 5], [7, 6, 6]]
    columns, rows, cells = published(counts, 3)
    assert rows == [True, True]
    assert cells[0][1] == "small"
    assert sum(state != "shown" for state in cells[0]) >= 2
    # and the column of the small cell cannot be closed from the other group either
    assert sum(cells[i][1] != "shown" for i in range(2)) >= 2 or columns[1] != "shown"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Found by this test: intervals narrowed sum by sum left all three looking free, but in
# whole numbers the first row's hidden zeros can be nothing else.
@example([[0, 0, 1], [0, 0, 2], [1, 2, 0]])
@example([[0, 0, 0], [0, 0, 3], [1, 2, 0]])
@given(
    st.integers(2, 3).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(0, 4), min_size=width, max_size=width), min_size=2, max_size=3
        )
    )
)
def test_nothing_hidden_can_be_worked_out(counts: list[list[int]]) -> None:
    threshold = 3
    column_states, rows, cells = published(counts, threshold)
    tables = consistent_tables(counts, column_states, rows, cells, threshold)
    truth = tuple(tuple(row) for row in counts)
    assert truth in tables
    columns = [sum(col) for col in zip(*counts, strict=True)]
    for i, row in enumerate(counts):
        if not rows[i] and 0 < sum(row) < threshold:
            assert len({sum(t[i]) for t in tables}) >= 2, ("small group's size pinned", i)
        for j in range(len(row)):
            hidden = not rows[i] or cells[i][j] != "shown"
            if hidden and columns[j] > 0 and sum(row) > 0:
                assert len({t[i][j] for t in tables}) >= 2, ("cell pinned", i, j)
    for j, state in enumerate(column_states):
        if state != "shown" and columns[j] > 0:
            assert len({sum(t[i][j] for i in range(len(counts))) for t in tables}) >= 2


def test_no_group_under_the_threshold_is_ever_shown() -> None:
    for counts in ([[1, 0], [5, 5]], [[2, 0], [0, 0], [9, 9]], [[0, 2], [4, 4], [4, 4]]):
        _, rows, _ = published(counts, 3)
        for i, row in enumerate(counts):
            if 0 < sum(row) < 3:
                assert not rows[i]


def record(mode: str, answers: dict[str, Answer]) -> Record:
    return Record(mode=mode, language="en", answers=answers)


def test_breakdown_by_mode_counts_and_protects(mini: Questionnaire) -> None:
    question = mini.by_id["safe"]
    records = (
        [record("kiosk", {"safe": Answer.of("agree")})] * 6
        + [record("kiosk", {"safe": Answer.of("disagree")})] * 4
        + [record("paper", {"safe": Answer.of("agree")})] * 5
        + [record("interview", {"safe": Answer.of("disagree")})] * 2
        + [record("web", {"safe": Answer.skip()})] * 4
    )
    table = breakdown(mini, question, "mode", records)
    assert table is not None
    by_group = {row.group: row for row in table.rows}
    assert by_group["kiosk"].base == 10 and by_group["kiosk"].shown
    assert not by_group["interview"].shown  # 2 residents
    assert not by_group["paper"].shown  # hidden too, or interview = overall - kiosk - paper
    assert by_group["web"].base == 0  # only skipped: no answers to break down
    agree = next(c for c in by_group["kiosk"].cells if c.code == "agree")
    assert agree.count == 6 and by_group["kiosk"].percent(agree) == 60.0


def test_breakdown_by_a_question_has_a_not_stated_group(bundled: Questionnaire) -> None:
    question = bundled.by_id["safe_feel"]
    young = {"age_band": Answer.of("age_18_to_24"), "safe_feel": Answer.of("agree")}
    records = [record("kiosk", {"safe_feel": Answer.of("agree")})] * 5 + [
        record("kiosk", young)
    ] * 4
    table = breakdown(bundled, question, "age_band", records)
    assert table is not None
    assert [row.group for row in table.rows] == [
        "age_18_to_24",
        "age_25_to_34",
        "age_35_to_49",
        "age_50_plus",
        NOT_STATED,
    ]
    assert (table.rows[0].base, table.rows[-1].base) == (4, 5)
    assert table.rows[0].shown and table.rows[-1].shown


def test_no_breakdown_of_free_text_or_by_itself(bundled: Questionnaire) -> None:
    records = [record("kiosk", {"age_band": Answer.of("age_25_to_34")})] * 5
    assert breakdown(bundled, bundled.by_id["final_comments"], "mode", records) is None
    assert breakdown(bundled, bundled.by_id["age_band"], "age_band", records) is None
    assert "age_band" in groupings(bundled) and "time_here" in groupings(bundled)


def ceiling_options(
    bases: tuple[int, ...], ceilings: list[tuple[int, Shown]], total: int, threshold: int
) -> list[tuple[int, ...]]:
    """Every grouping-table column a reader cannot rule out, given these group bases."""
    domains = []
    for base, (count, state) in zip(bases, ceilings, strict=True):
        if state == "shown":
            domain = [count] if count >= base else []
        elif state == "small":
            domain = [v for v in range(1, threshold) if v >= base]
        else:
            domain = list(range(base, total + 1))
        domains.append(domain)
    return [g for g in product(*domains) if sum(g) == total]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=2, max_size=2), min_size=2, max_size=3),
    st.lists(st.integers(0, 1), min_size=3, max_size=3),
)
def test_the_grouping_questions_own_table_stays_protected(
    counts: list[list[int]], extra: list[int]
) -> None:
    """Broken down by a question, each group's base is at most that question's count for the
    group (some of its residents may not have answered this question); nothing the grouping
    question's table hides may be worked out from the bases the breakdown shows."""
    threshold = 3
    # As breakdown() does: no breakdown at all of a question with too few answers.
    assume(sum(map(sum, counts)) >= threshold)
    sizes = [sum(row) + extra[i] for i, row in enumerate(counts)]
    own = suppress({str(i): n for i, n in enumerate(sizes)}, threshold, sum(sizes))
    ceilings: list[tuple[int, Shown]] = [(n, own[str(i)]) for i, n in enumerate(sizes)]
    columns = [sum(col) for col in zip(*counts, strict=True)]
    column_states_map = suppress(
        {str(j): n for j, n in enumerate(columns)}, threshold, sum(columns)
    )
    column_states: list[Shown] = [column_states_map[str(j)] for j in range(len(columns))]
    rows, cells = protect(counts, columns, column_states, threshold, ceilings, sum(sizes))
    joint = []
    for table in consistent_tables(counts, column_states, rows, cells, threshold):
        bases = tuple(sum(row) for row in table)
        joint += [(table, g) for g in ceiling_options(bases, ceilings, sum(sizes), threshold)]
    assert any(t == tuple(map(tuple, counts)) and list(g) == sizes for t, g in joint)
    for i, (size, state) in enumerate(ceilings):
        if state != "shown" and size > 0:
            assert len({g[i] for _, g in joint}) >= 2, ("grouping cell pinned", i, sizes)
    for i, row in enumerate(counts):
        if not rows[i] and 0 < sum(row) < threshold:
            assert len({sum(t[i]) for t, _ in joint}) >= 2, ("small group's size pinned", i)
        for j in range(len(row)):
            hidden = not rows[i] or cells[i][j] != "shown"
            if hidden and columns[j] > 0 and sum(row) > 0:
                assert len({t[i][j] for t, _ in joint}) >= 2, ("cell pinned", i, j)


def test_the_reviewed_case_time_here_stays_hidden(bundled: Questionnaire) -> None:
    """time_here 5/1/4/3/8 and one skip, everyone answering arrival_welcome: the breakdown
    must not show the '3 to 6 months' base that lets '1 to 4 weeks' be worked out as 1."""
    codes = bundled.codes(bundled.by_id["time_here"])
    records = []
    for code, n in zip(codes, (5, 1, 4, 3, 8), strict=True):
        answers = {"time_here": Answer.of(code), "arrival_welcome": Answer.of("yes")}
        records += [record("kiosk", answers)] * n
    records.append(
        record("kiosk", {"time_here": Answer.skip(), "arrival_welcome": Answer.of("no")})
    )
    table = breakdown(bundled, bundled.by_id["arrival_welcome"], "time_here", records)
    assert table is not None
    shown = {row.group: row.base for row in table.rows if row.shown}
    assert "from_1_to_4_weeks" not in shown and "from_3_to_6_months" not in shown


def test_an_answer_the_overall_table_hides_is_hidden_in_every_group(
    mini: Questionnaire,
) -> None:
    """The review's profile attack: overall "disagree" is fewer than 3; by mode only
    "paper" showed "fewer than 3" and every other group a 0, which said where the one
    resident who disagreed answered (and the other breakdowns said the rest of them)."""
    question = mini.by_id["safe"]
    records = (
        [record("kiosk", {"safe": Answer.of("agree")})] * 8
        + [record("web", {"safe": Answer.of("agree")})] * 7
        + [record("paper", {"safe": Answer.of("agree")})] * 6
        + [record("paper", {"safe": Answer.of("disagree")})]
    )
    table = breakdown(mini, question, "mode", records)
    assert table is not None
    overall = {cell.code: cell.shown for cell in table.overall.cells}
    assert overall["disagree"] != "shown"
    for row in table.rows:
        if not row.shown:
            continue
        for cell in row.cells:
            if overall[cell.code] != "shown":
                assert cell.shown == "hidden", (row.group, cell)  # not 0, not "fewer than 3"
