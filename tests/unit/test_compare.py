"""Fisher's exact test against published values, and when a difference is flagged."""

from __future__ import annotations

import pytest

from survey_app.core.analysis.compare import compare, fisher_exact


@pytest.mark.parametrize(
    ("table", "p"),
    [
        # Fisher's lady tasting tea: 3 of 4 right each way
        ((3, 1, 1, 3), 0.4857142857),
        ((1, 9, 11, 3), 0.0027594562),  # R fisher.test(matrix(c(1,11,9,3),2))
        ((0, 5, 5, 0), 0.0079365079),
        ((5, 5, 5, 5), 1.0),
        ((0, 0, 0, 0), 1.0),
    ],
)
def test_known_values(table: tuple[int, int, int, int], p: float) -> None:
    assert fisher_exact(*table) == pytest.approx(p, rel=1e-6)


def test_symmetry() -> None:
    assert fisher_exact(2, 7, 8, 2) == pytest.approx(fisher_exact(8, 2, 2, 7))
    assert fisher_exact(2, 7, 8, 2) == pytest.approx(fisher_exact(2, 8, 7, 2))


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        fisher_exact(-1, 2, 3, 4)


def test_not_compared_until_five_other_inspections() -> None:
    four = compare(2, 20, [(18, 20)] * 4)
    assert four.p_value is None and not four.flagged
    five = compare(2, 20, [(18, 20)] * 5)
    assert five.p_value is not None and five.p_value < 0.01
    assert five.flagged and five.direction == "lower"


def test_a_small_difference_is_not_flagged() -> None:
    result = compare(12, 20, [(14, 20)] * 6)
    assert result.p_value is not None and result.p_value > 0.01
    assert not result.flagged and result.direction is None
