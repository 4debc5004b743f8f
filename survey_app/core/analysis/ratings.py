"""Ratings: each standard 0 to 3, the overall rating banded from their sum (manual 5.1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from survey_app.core.i18n import _

STANDARDS = (1, 2, 3, 4, 5)
RATINGS = ("inadequate", "requires_improvement", "good", "outstanding")
"""Index = the points a rating scores: Inadequate 0 ... Outstanding 3."""
BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 2, "inadequate"),
    (3, 7, "requires_improvement"),
    (8, 12, "good"),
    (13, 15, "outstanding"),
)


def label(rating: str) -> str:
    """The rating's name in the current language."""
    return {
        "inadequate": _("Inadequate"),
        "requires_improvement": _("Requires improvement"),
        "good": _("Good"),
        "outstanding": _("Outstanding"),
    }[rating]


def standard_name(standard: int) -> str:
    return {
        1: _("Leadership and governance"),
        2: _("Staffing"),
        3: _("Safety"),
        4: _("Public protection"),
        5: _("Rehabilitation"),
    }[standard]


def band(total: int) -> str:
    """The overall rating for a total of 0 to 15."""
    for low, high, rating in BANDS:
        if low <= total <= high:
            return rating
    raise ValueError(f"a total of {total} is outside 0 to 15")


@dataclass(frozen=True)
class Overall:
    total: int
    rating: str
    complete: bool
    """All five standards are rated; until then the band is provisional."""
    to_next: int | None
    """Points needed to reach the band above, or None at the top."""
    above_floor: int
    """Points the total stands above the bottom of its band (0: one point from the band
    below, unless already in the lowest)."""


def overall(ratings: Mapping[int, int]) -> Overall:
    """Sum the standards' ratings (0-3 each) and band the total."""
    for standard, points in ratings.items():
        if standard not in STANDARDS:
            raise ValueError(f"there is no standard {standard}: use 1 to 5")
        if not 0 <= points <= 3:
            raise ValueError(f"standard {standard}: a rating scores 0 to 3, not {points}")
    total = sum(ratings.values())
    rating = band(total)
    index = [b[2] for b in BANDS].index(rating)
    low = BANDS[index][0]
    to_next = BANDS[index + 1][0] - total if index + 1 < len(BANDS) else None
    return Overall(total, rating, set(ratings) == set(STANDARDS), to_next, total - low)
