"""Key findings: what a lead reads first, worked out only from what the release shows.

Per standard, the questions residents answered least positively, each with its count of
residents who gave an answer other than a positive one (disagreeing, unsure, no: "not
positive", which is what the questionnaire's positive codes can tell), never a count the
release hides, nor one worked out from hidden cells;
how many responses were complete and how many partial; how many came by each way of
answering (kiosk, web link, paper, interview), small numbers hidden as in any table; and a
warning when so few residents answered that a share of them says little.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.core.aggregates import Cell, QuestionTable
from survey_app.core.evidence import Evidence
from survey_app.core.questionnaire import Question
from survey_app.core.ratings import STANDARDS

FEW = 10
"""Below this many responses, every share is flagged as resting on few residents."""
MOST = 3
"""How many questions each standard lists."""


@dataclass(frozen=True)
class Negative:
    question: Question
    negative: int
    """Residents whose answer was not positive (neither positive nor kept apart): those who
    disagreed or said no, and those unsure."""
    base: int

    @property
    def share(self) -> float:
        return self.negative / self.base if self.base else 0.0


@dataclass(frozen=True)
class Findings:
    responses: int
    partial: int | None
    """None where the release does not say."""
    residents: int
    negatives: dict[int, list[Negative]]
    """Per standard, its least positive questions first (those whose count can be shown)."""
    not_shown: dict[int, int]
    """Per standard, for how many of its questions the release does not show that count."""
    modes: tuple[Cell, ...] = ()
    """Responses by way of answering, as the release shows them (empty: not counted)."""

    @property
    def few(self) -> bool:
        return self.responses < FEW

    @property
    def complete(self) -> int | None:
        return None if self.partial is None else self.responses - self.partial


def negative_count(table: QuestionTable) -> int | None:
    """Residents whose answer was not positive, where the shown cells give it exactly:
    those cells all shown, or else every other cell shown and the base."""
    question = table.question
    if not table.base_shown or table.base_hidden or question.type == "multiple_choice":
        return None
    negative = [c for c in table.cells if c.code not in question.positive + question.apart]
    others = [c for c in table.cells if c not in negative]
    if all(c.shown == "shown" for c in negative):
        return sum(c.count for c in negative)
    if all(c.shown == "shown" for c in others):
        return table.base - sum(c.count for c in others)
    return None


def findings(evidence: Evidence) -> Findings:
    release = evidence.release
    rate = evidence.aggregates.rate
    negatives: dict[int, list[Negative]] = {}
    not_shown: dict[int, int] = {}
    for standard in STANDARDS:
        found, hidden = [], 0
        for table in evidence.tables_for(standard):
            if not table.question.positive or not table.base:
                continue
            count = negative_count(table)
            if count is None:
                hidden += 1
            elif count:
                found.append(Negative(table.question, count, table.base))
        found.sort(key=lambda n: (-n.share, -n.negative))
        negatives[standard] = found[:MOST]
        not_shown[standard] = hidden
    return Findings(
        responses=rate.responses if rate else 0,
        partial=release.tallies.partial if release is not None else None,
        residents=evidence.inspection.residents,
        negatives=negatives,
        not_shown=not_shown,
        modes=evidence.aggregates.modes,
    )
