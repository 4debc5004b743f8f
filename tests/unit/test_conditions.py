"""The routing language: parsing, errors with columns, three-valued evaluation."""

from __future__ import annotations

import pytest

from survey_app.core.questionnaire.conditions import (
    UNKNOWN,
    Answered,
    BoolOp,
    Compare,
    ConditionError,
    Not,
    evaluate,
    parse,
)


def test_parses_each_form() -> None:
    assert parse("q == yes") == Compare("q", "==", ("yes",))
    assert parse("q != no") == Compare("q", "!=", ("no",))
    assert parse("q in [a, b,c]") == Compare("q", "in", ("a", "b", "c"))
    assert parse("n >= 3") == Compare("n", ">=", (3,))
    assert parse("answered(x)") == Answered("x")
    assert parse("not q == yes") == Not(Compare("q", "==", ("yes",)))


def test_precedence_not_then_and_then_or() -> None:
    node = parse("a == x or b == y and not c == z")
    assert node == BoolOp(
        "or",
        (
            Compare("a", "==", ("x",)),
            BoolOp("and", (Compare("b", "==", ("y",)), Not(Compare("c", "==", ("z",))))),
        ),
    )
    assert parse("(a == x or b == y) and c == z").op == "and"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("q = yes", 3, "unexpected character"),
        ("q == ", 6, "expected an answer code"),
        ("q yes", 3, "expected ==, !=, in"),
        ("q == yes q == no", 10, "join conditions"),
        ("q in [a, b", 11, "expected ']'"),
        ("q > yes", 3, "compares numbers"),
        ("(q == yes", 10, "expected ')'"),
        ("__import__('os')", 12, "unexpected character"),
        ("and == yes", 1, "expected a question id"),
    ],
)
def test_errors_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(text)
    assert caught.value.column == column
    assert words in str(caught.value)


def lookup_from(values: dict[str, object]):  # type: ignore[no-untyped-def]
    return lambda qid: values.get(qid, UNKNOWN)


def test_evaluation_single_and_multiple_choice() -> None:
    assert evaluate(parse("q == yes"), lookup_from({"q": "yes"})) is True
    assert evaluate(parse("q == yes"), lookup_from({"q": "no"})) is False
    assert evaluate(parse("q != yes"), lookup_from({"q": "no"})) is True
    assert evaluate(parse("m == b"), lookup_from({"m": ("a", "b")})) is True
    assert evaluate(parse("m in [c, d]"), lookup_from({"m": ("a", "b")})) is False
    assert evaluate(parse("m != b"), lookup_from({"m": ("a", "b")})) is False


def test_numbers() -> None:
    for text, expected in (("n > 0", True), ("n < 2", False), ("n <= 2", True), ("n >= 3", False)):
        assert evaluate(parse(text), lookup_from({"n": 2})) is expected
    assert evaluate(parse("n == 2"), lookup_from({"n": 2})) is True


def test_no_value_makes_every_comparison_false() -> None:
    values = {"q": None}
    assert evaluate(parse("q == yes"), lookup_from(values)) is False
    assert evaluate(parse("q != yes"), lookup_from(values)) is False
    assert evaluate(parse("answered(q)"), lookup_from(values)) is False
    assert evaluate(parse("not answered(q)"), lookup_from(values)) is True


def test_unknown_is_kleene() -> None:
    lookup = lookup_from({"a": "x"})  # b is not decided yet
    assert evaluate(parse("b == y"), lookup) is None
    assert evaluate(parse("a == x or b == y"), lookup) is True
    assert evaluate(parse("a == z or b == y"), lookup) is None
    assert evaluate(parse("a == z and b == y"), lookup) is False
    assert evaluate(parse("a == x and b == y"), lookup) is None
    assert evaluate(parse("not b == y"), lookup) is None
