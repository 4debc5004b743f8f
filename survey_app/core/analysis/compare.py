"""This AP against all the others in the store: Fisher's exact test on positive answers.

With 10 to 25 respondents an AP differs from the rest by chance more often than intuition
says, so a difference is flagged only at p < 0.01, and only once at least five other
inspections give a national picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import exp, lgamma, log1p

ALPHA = 0.01
MIN_OTHERS = 5


RELATIVE = 1e-7
"""Tables within this relative margin of the observed one's probability count as "as
likely": floating-point error must not drop a tie (the margin SciPy and R use)."""


def _log_comb(n: int, k: int) -> float:
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]].

    Sums the probabilities (hypergeometric) of every table with the same margins that is no
    more likely than the one observed. Worked in logarithms: a national pool holds
    thousands of answers, where exact binomial coefficients run to thousands of digits.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts cannot be negative")
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    low, high = max(0, col1 - row2), min(row1, col1)
    if low == high:
        return 1.0
    denominator = _log_comb(total, col1)

    def log_weight(x: int) -> float:
        return _log_comb(row1, x) + _log_comb(row2, col1 - x) - denominator

    observed = log_weight(a)
    cutoff = observed + log1p(RELATIVE)
    extreme = sum(exp(w) for x in range(low, high + 1) if (w := log_weight(x)) <= cutoff)
    return min(1.0, extreme)


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
