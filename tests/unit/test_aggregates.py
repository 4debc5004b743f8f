"""Counting answers: exact counts, the base, and small numbers that cannot be worked out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.core.analysis.aggregates import (
    aggregate,
    feasible,
    question_table,
    standard_summary,
    suppress,
)
from survey_app.core.questionnaire.flow import NOT_APPLICABLE, Answer
from survey_app.core.questionnaire.model import Questionnaire


def responses(*rows: dict[str, Answer]) -> list[dict[str, Answer]]:
    return list(rows)


def of(value: object) -> Answer:
    return Answer.of(value)  # type: ignore[arg-type]


def test_exact_counts_base_and_apart(mini: Questionnaire) -> None:
    data = (
        [{"safe": of("agree")}] * 7
        + [{"safe": of("strongly_agree")}] * 4
        + [{"safe": of("disagree")}] * 3
        + [{"safe": Answer.skip()}] * 3
        + [{"safe": Answer.refuse()}] * 4
        + [{}] * 2  # stopped before this question
    )
    table = question_table(mini, mini.by_id["safe"], data)
    counts = {cell.code: cell.count for cell in table.cells}
    assert counts == {
        "strongly_agree": 4,
        "agree": 7,
        "unsure": 0,
        "disagree": 3,
        "strongly_disagree": 0,
    }
    assert table.base == 14 and table.base_shown
    assert (table.skipped.count, table.refused.count) == (3, 4)
    assert table.reached == 21
    assert all(cell.shown == "shown" for cell in table.cells)
    assert round(table.percent(table.cells[1]), 1) == 50.0  # type: ignore[arg-type]


def test_dont_know_is_counted_apart_from_answers_skips_and_refusals(
    mini: Questionnaire,
) -> None:
    """An interview's "don't know" is no answer: out of the base, its own part of "did not
    answer", shown apart only where no part is a small number, and kept in a release's
    counts; a question's own "don't know" option stays an answer like the others."""
    from survey_app.core.analysis.aggregates import tallies_from_json, tallies_to_json, tally
    from survey_app.core.questionnaire.flow import dont_know
    from survey_app.reports.pack import apart_text

    data = (
        [{"safe": of("agree")}] * 10
        + [{"safe": Answer.skip()}] * 3
        + [{"safe": dont_know(mini, mini.by_id["safe"])}] * 4
        + [{"safe": Answer.refuse()}] * 5
    )
    table = question_table(mini, mini.by_id["safe"], data)
    assert table.base == 10 and table.reached == 22 and table.not_answered == 12
    assert [(c.code, c.count, c.shown) for c in table.apart] == [
        ("skipped", 3, "shown"), ("dont_know", 4, "shown"), ("refused", 5, "shown"),
    ]  # fmt: skip
    assert round(table.percent(table.cells[1]), 1) == 100.0  # type: ignore[arg-type]
    assert apart_text(table) == (
        "Did not answer: 12 (skipped: 3; don't know: 4; prefer not to say: 5)."
    )
    # one "don't know" is a small number: the three parts are merged into one
    few = question_table(mini, mini.by_id["safe"], [*data[:13], data[13], *data[17:]])
    assert few.not_answered == 9 and all(c.shown == "hidden" for c in few.apart)
    assert apart_text(few) == "Did not answer (skipped, don't know or prefer not to say): 9."
    # a release's counts keep it (and those made before it was a status read as none)
    counted = tally(data)
    again = tallies_from_json(tallies_to_json(counted, ["safe"]))
    assert again.of("safe").dont_know == 4
    old = tallies_to_json(counted, ["safe"]).replace('"dont_know": 4, ', "")
    assert tallies_from_json(old).of("safe").dont_know == 0
    # a question with its own option: the option, an answer in the base
    fair = mini.by_id["complaint_fair"]
    assert dont_know(mini, fair) == Answer.of("dont_know")
    table = question_table(mini, fair, [{"complaint_fair": dont_know(mini, fair)}] * 4)
    assert table.base == 4 and table.dont_know.count == 0


def test_no_percentages_under_a_base_of_ten(mini: Questionnaire) -> None:
    data = [{"safe": of("agree")}] * 5 + [{"safe": of("disagree")}] * 4
    table = question_table(mini, mini.by_id["safe"], data)
    assert table.base == 9
    assert all(table.percent(cell) is None for cell in table.cells)


def test_small_cell_and_its_complement_are_hidden(mini: Questionnaire) -> None:
    data = (
        [{"safe": of("agree")}] * 9
        + [{"safe": of("disagree")}] * 1
        + [{"safe": of("strongly_agree")}] * 5
    )
    table = question_table(mini, mini.by_id["safe"], data)
    states = {cell.code: cell.shown for cell in table.cells}
    assert states["disagree"] == "small"
    # with the base shown, "disagree" = 15 - 9 - 5 unless one more cell is hidden
    assert states["strongly_agree"] == "hidden"
    assert states["agree"] == "shown"
    assert table.cells[0].visible is None


def test_a_tiny_base_hides_every_answer(mini: Questionnaire) -> None:
    data = [{"complained": of("yes")}, {"complained": of("no")}, {"complained": Answer.skip()}]
    table = question_table(mini, mini.by_id["complained"], data)
    assert not table.base_shown
    assert all(cell.shown == "hidden" for cell in table.cells)


def test_not_applicable_is_not_counted(mini: Questionnaire) -> None:
    data = [{"complaint_fair": NOT_APPLICABLE}] * 5 + [{"complaint_fair": of("yes")}] * 4
    table = question_table(mini, mini.by_id["complaint_fair"], data)
    assert table.base == 4 and table.reached == 4


def test_multiple_choice_counts_each_choice(mini: Questionnaire) -> None:
    data = [{"activities": of(("work", "training"))}] * 4 + [{"activities": of(("work",))}] * 3
    table = question_table(mini, mini.by_id["activities"], data)
    counts = {cell.code: cell.count for cell in table.cells}
    assert counts == {"work": 7, "training": 4, "none": 0}
    assert table.base == 7


def test_standard_share_of_positive_answers(mini: Questionnaire) -> None:
    data = [{"safe": of("agree"), "complaint_fair": of("yes")}] * 6 + [
        {"safe": of("disagree"), "complaint_fair": of("no")}
    ] * 4
    summary = standard_summary(mini, 3, data)
    assert summary.questions == ("safe",)
    assert (summary.positive, summary.answers) == (6, 10)
    assert summary.share == 0.6
    one = standard_summary(mini, 1, data)
    assert one.questions == ("complaint_fair",)
    assert (one.positive, one.answers) == (6, 10)
    few = standard_summary(mini, 3, data[:1] + data[-3:])
    assert few.share is None  # only one positive answer: it would single someone out


def test_not_needed_is_neither_positive_nor_negative(bundled: Questionnaire) -> None:
    """ "I haven't needed this" is kept out of a standard's share, above and below the line:
    six who got help and four who did not, beside ten who never needed it, is 60%."""
    got, not_got, never = of("agree"), of("disagree"), of("not_needed")
    data = (
        [{"health_physical_help": got}] * 6
        + [{"health_physical_help": not_got}] * 4
        + [{"health_physical_help": never}] * 10
    )
    summary = standard_summary(bundled, 3, data)
    assert (summary.positive, summary.answers) == (6, 10)
    assert summary.share == 0.6
    # the question's own table still shows them, as an answer of their own
    table = question_table(bundled, bundled.by_id["health_physical_help"], data)
    assert {c.code: c.count for c in table.cells}["not_needed"] == 10


def test_a_hidden_not_needed_cell_beside_a_hidden_negative_one_withholds_the_question(
    bundled: Questionnaire,
) -> None:
    """The share's count of answers leaves out the answers kept apart: with a hidden
    "not needed" and a hidden negative cell, it would tell them apart."""
    data = (
        [{"health_physical_help": of("agree")}] * 12
        + [{"health_physical_help": of("disagree")}] * 2
        + [{"health_physical_help": of("not_needed")}] * 1
    )
    summary = standard_summary(bundled, 3, data)
    assert "health_physical_help" in summary.withheld


def test_reversed_statements_count_disagreement_as_positive(bundled: Questionnaire) -> None:
    data = [{"rules_unfair": of("strongly_disagree")}] * 7 + [{"rules_unfair": of("agree")}] * 3
    summary = standard_summary(bundled, 4, data)
    assert (summary.positive, summary.answers) == (7, 10)


def test_response_rate(mini: Questionnaire) -> None:
    result = aggregate(mini, [{"safe": of("agree")}] * 12, residents=20)
    assert result.rate is not None and result.rate.rate == 0.6
    assert [s.standard for s in result.standards] == [1, 2, 3, 4, 5]
    assert {t.question.id for t in result.questions} >= {"safe", "activities", "sessions"}


# --- properties: no hidden cell can be worked out ------------------------------------------
cells = st.lists(st.integers(0, 25), min_size=2, max_size=9)


@settings(max_examples=600, deadline=None)
@given(cells, st.sampled_from([2, 3, 4, 5]))
def test_no_hidden_cell_can_be_worked_out(values: list[int], threshold: int) -> None:
    counts = {f"c{i}": n for i, n in enumerate(values)}
    total = sum(values)
    states = suppress(counts, threshold, total)
    # every count under the threshold (and above zero) is kept from view
    for code, n in counts.items():
        if 0 < n < threshold:
            assert states[code] != "shown"
    # and whatever is hidden has more than one possible value, given all that is shown
    ranges = feasible(counts, states, threshold, total)
    for code, state in states.items():
        if state != "shown" and total > 0:
            low, high = ranges[code]
            assert low < high, (counts, states, code)
            assert low <= counts[code] <= high  # the truth is among the possibilities


@settings(max_examples=300, deadline=None)
@given(cells)
def test_cells_at_or_over_the_threshold_stay_shown_when_nothing_is_small(
    values: list[int],
) -> None:
    counts = {f"c{i}": n for i, n in enumerate(values)}
    if any(0 < n < 3 for n in values):
        return
    assert set(suppress(counts, 3, sum(values)).values()) == {"shown"}


def test_the_feasible_range_is_exact() -> None:
    """Brute force agrees with the interval reasoning the property relies on."""
    from itertools import product

    counts = {"a": 2, "b": 5, "c": 0, "d": 1}
    states = {"a": "small", "b": "hidden", "c": "shown", "d": "small"}
    total = 8
    ranges = feasible(counts, states, 3, total)  # type: ignore[arg-type]
    possible = {"a": set(), "b": set(), "d": set()}
    for a, b, d in product(range(1, 3), range(0, 9), range(1, 3)):
        if a + b + 0 + d == total:
            possible["a"].add(a)
            possible["b"].add(b)
            possible["d"].add(d)
    for code, values in possible.items():
        assert ranges[code] == (min(values), max(values))


def test_a_standard_never_gives_away_a_hidden_cell(mini: Questionnaire) -> None:
    """Summing positives over a standard must not reopen what a question's table hides:
    with one strongly agree among agrees, the positive total minus the shown agrees would
    pin it."""
    question = mini.by_id["safe"]
    standard = question.standards[0]
    data = (
        [{"safe": of("strongly_agree")}]
        + [{"safe": of("agree")}] * 8
        + [{"safe": of("disagree")}] * 5
        + [{"safe": of("strongly_disagree")}] * 1
    )
    table = question_table(mini, question, data)
    hidden = {c.code for c in table.cells if c.shown != "shown"}
    assert hidden == {"strongly_agree", "disagree", "strongly_disagree"}
    summary = standard_summary(mini, standard, data)
    assert summary.withheld == ("safe",) and summary.answers == 0
    # with the hidden cells all on one side, the question counts
    clean = [{"safe": of("agree")}] * 8 + [{"safe": of("disagree")}] * 5
    assert "safe" in standard_summary(mini, standard, clean).questions
    assert standard_summary(mini, standard, clean).positive == 8


def test_a_hidden_base_hides_skips_and_refusals_too(mini: Questionnaire) -> None:
    data = (
        [{"safe": of("agree")}] * 2
        + [{"safe": Answer.skip()}] * 5
        + [{"safe": Answer.refuse()}] * 4
    )
    table = question_table(mini, mini.by_id["safe"], data)
    assert not table.base_shown
    assert table.skipped.visible is None and table.refused.visible is None


def test_unknown_codes_count_in_no_cell_and_not_in_the_base(mini: Questionnaire) -> None:
    data = [{"safe": of("agree")}] * 5 + [{"safe": of("a_code_since_removed")}] * 2
    table = question_table(mini, mini.by_id["safe"], data)
    assert table.base == 5 == sum(cell.count for cell in table.cells)


def test_multiple_choice_counts_in_a_standard_only_without_small_numbers(
    mini: Questionnaire,
) -> None:
    question = mini.by_id["activities"]
    standard = question.standards[0]
    # 4 people chose work (positive), 1 chose only "none": the one would be given away.
    few = [{"activities": of(("work", "training"))}] * 4 + [{"activities": of(("none",))}] * 1
    few += [{"activities": of(("training",))}] * 3
    assert "activities" in standard_summary(mini, standard, few).withheld
    many = [{"activities": of(("work",))}] * 6 + [{"activities": of(("none",))}] * 4
    assert "activities" in standard_summary(mini, standard, many).questions
