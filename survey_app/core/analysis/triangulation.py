"""Triangulation: residents' views beside the other evidence, standard by standard.

For each standard the lead records what each source of evidence shows: it supports a
positive finding, is mixed, or contradicts it. The resident survey is one column, filled
from the share of positive answers; a standard is flagged where residents' views diverge
from the rest ("The weight given to the views expressed depends on their context and how
widely they are felt", manual 4.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from survey_app.core.i18n import _

Judgement = Literal["supports", "mixed", "contradicts"]
SOURCES = (
    "resident_survey",
    "staff_focus_groups",
    "manager_meetings",
    "casework",
    "observation",
    "policies_and_data",
)
_SCORE = {"supports": 1, "mixed": 0, "contradicts": -1}
SUPPORTS_FROM = 0.75
"""A positive share at or above this reads as supporting."""
CONTRADICTS_BELOW = 0.5
"""A positive share under this reads as contradicting; in between is mixed."""


def source_name(source: str) -> str:
    return {
        "resident_survey": _("Resident survey"),
        "staff_focus_groups": _("Staff focus groups"),
        "manager_meetings": _("Manager meetings"),
        "casework": _("Casework"),
        "observation": _("Observation"),
        "policies_and_data": _("Policies and data"),
    }[source]


def judgement_name(judgement: str) -> str:
    return {
        "supports": _("supports"),
        "mixed": _("mixed"),
        "contradicts": _("contradicts"),
    }[judgement]


def from_share(share: float | None) -> Judgement | None:
    """Read the residents' positive share as a judgement; None when it is not shown."""
    if share is None:
        return None
    if share >= SUPPORTS_FROM:
        return "supports"
    return "mixed" if share >= CONTRADICTS_BELOW else "contradicts"


@dataclass(frozen=True)
class Row:
    standard: int
    judgements: dict[str, Judgement | None]
    """By source, the resident survey included; None where nothing is recorded."""
    diverges: bool
    """Residents' views point another way than the other evidence taken together."""


def row(standard: int, residents: Judgement | None, others: Mapping[str, Judgement]) -> Row:
    """One standard's row of the matrix.

    Residents diverge when they point the other way from the other sources taken together
    (residents contradict while the rest lean to support, or the reverse); residents who
    are merely mixed against clear evidence either way are not flagged.
    """
    unknown = set(others) - set(SOURCES) - {"resident_survey"}
    if unknown:
        raise ValueError(f"unknown evidence source: {', '.join(sorted(unknown))}")
    judgements: dict[str, Judgement | None] = {source: None for source in SOURCES}
    judgements.update(others)
    judgements["resident_survey"] = residents
    recorded = [_SCORE[j] for s, j in others.items() if s != "resident_survey"]
    mean = sum(recorded) / len(recorded) if recorded else 0.0
    diverges = residents is not None and _SCORE[residents] * mean < 0
    return Row(standard, judgements, diverges)
