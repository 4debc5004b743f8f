"""This AP against all the others in the store: Fisher's exact test on positive answers.

With 10 to 25 respondents an AP differs from the rest by chance more often than intuition
says, so a difference is flagged only at p < 0.01, and only once at least five other
inspections give a national picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

ALPHA = 0.01
MIN_OTHERS = 5


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]].

    Sums the probabilities (hypergeometric, exact integers) of every table with the same
    margins that is no more likely than the one observed.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts cannot be negative")
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    denominator = comb(total, col1)
    if denominator == 0:
        return 1.0

    def weight(x: int) -> int:
        return comb(row1, x) * comb(row2, col1 - x)

    observed = weight(a)
    low, high = max(0, col1 - row2), min(row1, col1)
    # Tables exactly as likely as the observed one count too; integers make "as likely"
    # exact, with no floating-point tolerance to choose.
    extreme = sum(w for x in range(low, high + 1) if (w := weight(x)) <= observed)
    return min(1.0, extreme / denominator)


@dataclass(frozen=True)
class Comparison:
    positive: int
    answers: int
    others_positive: int
    others_answers: int
    others: int
    """How many other inspections the national picture pools."""
    p_value: float | None
    """None while there are too few other inspections to compare."""

    @property
    def flagged(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def direction(self) -> str | None:
        """ "higher" or "lower" than elsewhere, when flagged."""
        if not self.flagged or not self.answers or not self.others_answers:
            return None
        mine = self.positive / self.answers
        theirs = self.others_positive / self.others_answers
        return "higher" if mine > theirs else "lower"


def compare(positive: int, answers: int, others: list[tuple[int, int]]) -> Comparison:
    """This AP's positive answers out of all, against (positive, answers) per other AP."""
    others_positive = sum(p for p, _ in others)
    others_answers = sum(n for _, n in others)
    p_value = None
    if len(others) >= MIN_OTHERS:
        p_value = fisher_exact(
            positive, answers - positive, others_positive, others_answers - others_positive
        )
    return Comparison(positive, answers, others_positive, others_answers, len(others), p_value)
