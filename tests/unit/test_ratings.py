"""Ratings and triangulation: the manual's banding edge by edge, and divergence flags."""

from __future__ import annotations

import pytest

from survey_app.core.analysis.ratings import band, label, overall
from survey_app.core.analysis.triangulation import from_share, row


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        (0, "inadequate"),
        (2, "inadequate"),
        (3, "requires_improvement"),
        (7, "requires_improvement"),
        (8, "good"),
        (12, "good"),
        (13, "outstanding"),
        (15, "outstanding"),
    ],
)
def test_banding_edges(total: int, rating: str) -> None:
    assert band(total) == rating


@pytest.mark.parametrize("total", [-1, 16])
def test_band_outside_range(total: int) -> None:
    with pytest.raises(ValueError):
        band(total)


def test_overall_and_distance_to_next_band() -> None:
    result = overall({1: 2, 2: 2, 3: 1, 4: 2, 5: 0})
    assert (result.total, result.rating, result.complete) == (7, "requires_improvement", True)
    assert result.to_next == 1  # one more point would make it Good
    assert result.above_floor == 4
    top = overall({1: 3, 2: 3, 3: 3, 4: 3, 5: 3})
    assert (top.rating, top.to_next) == ("outstanding", None)
    partial = overall({1: 2, 2: 2})
    assert (partial.total, partial.rating, partial.complete) == (4, "requires_improvement", False)
    assert partial.to_next == 4


@pytest.mark.parametrize(("ratings", "message"), [({6: 1}, "no standard 6"), ({1: 4}, "0 to 3")])
def test_bad_ratings(ratings: dict[int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        overall(ratings)


def test_labels_in_both_languages() -> None:
    from survey_app.core.i18n import use_language

    use_language("cy")
    try:
        welsh = label("requires_improvement")
    finally:
        use_language("en")
    assert welsh != label("requires_improvement") == "Requires improvement"


@pytest.mark.parametrize(
    ("share", "judgement"),
    [
        (None, None),
        (0.9, "supports"),
        (0.75, "supports"),
        (0.74, "mixed"),
        (0.5, "mixed"),
        (0.49, "contradicts"),
    ],
)
def test_reading_the_residents_share(share: float | None, judgement: str | None) -> None:
    assert from_share(share) == judgement


def test_divergence() -> None:
    agreeing = row(3, "supports", {"casework": "supports", "observation": "mixed"})
    assert not agreeing.diverges
    against = row(3, "contradicts", {"casework": "supports", "observation": "supports"})
    assert against.diverges
    half = row(3, "contradicts", {"casework": "mixed"})
    assert not half.diverges  # negative against neutral: worth a look, not a divergence
    leaning = row(3, "contradicts", {"casework": "supports", "observation": "mixed"})
    assert leaning.diverges
    reverse = row(3, "supports", {"casework": "contradicts"})
    assert reverse.diverges
    near = row(3, "mixed", {"casework": "supports"})
    assert not near.diverges
    nothing_else = row(3, "contradicts", {})
    assert not nothing_else.diverges
    assert nothing_else.judgements["resident_survey"] == "contradicts"
    assert nothing_else.judgements["casework"] is None
    with pytest.raises(ValueError, match="unknown evidence source"):
        row(1, None, {"gossip": "supports"})
