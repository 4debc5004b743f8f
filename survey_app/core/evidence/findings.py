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

from survey_app.core.analysis.aggregates import Cell, QuestionTable
from survey_app.core.analysis.ratings import STANDARDS
from survey_app.core.evidence.gather import Evidence
from survey_app.core.questionnaire.model import Question

FEW = 10
"""Below this many responses, every share is flagged as resting on few residents."""
MOST = 3
"""How many questions each standard lists."""


@dataclass(frozen=True)
class Negative:
    question: Question
    negative: int
    """Residents whose answer was not positive (neither positive nor kept apart): those who
    disagreed or said no, and those unsure; the least it can be where not known exactly."""
    base: int
    most: int | None = None
    """Where the count is not known exactly: the most it can be (`negative` the least)."""

    @property
    def share(self) -> float:
        middle = self.negative if self.most is None else (self.negative + self.most) / 2
        return middle / self.base if self.base else 0.0


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


def negative_range(table: QuestionTable) -> tuple[int, int] | None:
    """Where `negative_count` cannot say it exactly: the least and most it can be, from the
    ranges the release gives its hidden cells (each what a reader can work out anyway),
    both ways: adding up the cells not positive, and the base less the others. None where
    that says nothing ("0 to all")."""
    question = table.question
    if not table.base_shown or table.base_hidden or question.type == "multiple_choice":
        return None

    def span(cells: list[Cell]) -> tuple[int, int] | None:
        low = high = 0
        for c in cells:
            if c.shown == "shown":
                low, high = low + c.count, high + c.count
            elif c.between is not None:
                low, high = low + c.between[0], high + c.between[1]
            elif c.shown == "small":
                low, high = low + 1, high + table.threshold - 1
            else:
                return None
        return low, high

    negative = [c for c in table.cells if c.code not in question.positive + question.apart]
    others = [c for c in table.cells if c not in negative]
    low, high = 0, table.base
    if (direct := span(negative)) is not None:
        low, high = max(low, direct[0]), min(high, direct[1])
    if (rest := span(others)) is not None:
        low, high = max(low, table.base - rest[1]), min(high, table.base - rest[0])
    if (low, high) == (0, table.base) or low > high:
        return None
    return low, high


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
            if count is not None:
                if count:
                    found.append(Negative(table.question, count, table.base))
            elif (bounds := negative_range(table)) is not None and bounds[1]:
                found.append(Negative(table.question, bounds[0], table.base, bounds[1]))
            else:
                hidden += 1
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
