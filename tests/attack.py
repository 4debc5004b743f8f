"""What an attacker of the published figures works with: small questionnaires, every way
through one, and what a release tells a reader of each figure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from survey_app.core.analysis.aggregates import Cell, QuestionTable
from survey_app.core.privacy.disclosure import Release
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Questionnaire


def subset(questionnaire: Questionnaire, ids: tuple[str, ...]) -> Questionnaire:
    """The questionnaire with these questions alone, routing and all."""
    model = replace(
        questionnaire.model, questions=tuple(q for q in questionnaire.questions if q.id in ids)
    )
    return Questionnaire(
        questionnaire.path,
        model,
        questionnaire.translators,
        conditions={k: v for k, v in questionnaire.conditions.items() if k in ids},
    )


def paths(questionnaire: Questionnaire) -> list[tuple[dict[str, Answer], bool]]:
    """Every way one resident can go through the questionnaire: (answers, submitted).
    A resident may leave after any answer, the last one too (at the review, before
    submitting): that response is partial."""
    found: list[tuple[dict[str, Answer], bool]] = []

    def walk(answers: dict[str, Answer]) -> None:
        flow = Flow(questionnaire, answers)
        question = flow.current
        if answers:
            found.append((answers, False))  # left here: a partial response
        if question is None:
            found.append((answers, True))
            return
        choices = [Answer.of(code) for code in questionnaire.codes(question)]
        for answer in (*choices, Answer.skip(), Answer.dont_know(), Answer.refuse()):
            walk({**answers, question.id: answer})

    walk({})
    return found


def what_a_reader_knows(release: Release) -> dict[tuple[str, str], tuple[int, int]]:
    """Each published figure as the range it tells a reader (a shown figure: itself)."""
    n = release.responses
    known: dict[tuple[str, str], tuple[int, int]] = {("", "partial"): (release.partial or 0,) * 2}
    for table in release.tables:
        k = table.threshold
        known[table.question.id, "#base"] = (
            (table.base, table.base) if table.base_shown
            else (0, n) if table.base_hidden
            else (1, k - 1)
        )  # fmt: skip
        known[table.question.id, "#not_answered"] = (
            (table.not_answered,) * 2 if table.not_answered_shown else (0, n)
        )
        for cell in table.cells:
            known[table.question.id, cell.code] = _range(cell, k, n)
        for cell in table.apart:  # "#": no answer code can be one of these
            known[table.question.id, "#" + cell.code] = _range(cell, k, n)
    return known


def _range(cell: Cell, k: int, n: int) -> tuple[int, int]:
    return {
                "shown": (cell.count, cell.count), "small": (1, k - 1), "hidden": (0, n),
            }[cell.shown]  # fmt: skip


def table_figures(tables: Iterable[QuestionTable]) -> dict[tuple[str, str], int]:
    """Every true count behind the tables: bases, who did not answer, every cell."""
    out: dict[tuple[str, str], int] = {}
    for table in tables:
        out[table.question.id, "#base"] = table.base
        out[table.question.id, "#not_answered"] = table.not_answered
        for cell in table.cells:
            out[table.question.id, cell.code] = cell.count
        for cell in table.apart:
            out[table.question.id, "#" + cell.code] = cell.count
    return out
