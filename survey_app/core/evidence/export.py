"""Tidy data: one row per answer, safe to hand to an analyst, with a bilingual codebook.

A row-per-answer file lets anyone recount every cell, so what the tables suppress is
suppressed here too, row by row:
- an answer whose cell the table hides is recoded `suppressed` (single answers: their count
  is the base less the shown cells, which the table gives away already);
- a multiple-choice answer in a hidden cell is left out (those choices have no total, so a
  count of `suppressed` rows would give the hidden cell away);
- a question with too few answers to show has no rows at all (not even its skips);
- skips, "don't know" and refusals that the table merges are recoded `not_given` (their
  number is the table's "did not answer", which is shown); where the release does not
  show that number, they are left out;
- a number fewer than the threshold gave is `suppressed`, with more numbers if the
  `suppressed` rows would otherwise be a small number;
- free text appears only as approved quotes, already scrubbed.
Rows carry no response id and are shuffled, so answers cannot be linked to each other or to
the order people answered in; no time finer than the fieldwork days is given.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from survey_app.core.analysis.aggregates import Cell, QuestionTable
from survey_app.core.evidence.gather import Evidence
from survey_app.core.i18n import N_, app_translator
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import CHOICE_TYPES, Question

FIELDS = ("inspection", "question", "section", "standards", "status", "answer")
STATUSES = {
    "answered": N_("Answered"),
    "skipped": N_("Skipped"),
    "dont_know": N_("Don't know"),
    "refused": N_("Prefer not to say"),
    "not_given": N_("Skipped, don't know or prefer not to say (merged to protect small numbers)"),
}
RELEASE_LABEL = N_("Release made {day}: the figures of this file")
RELEASE_FINAL = N_("Final release, made {day} when collection closed: the figures of this file")
SUPPRESSED = "suppressed"
SUPPRESSED_LABEL = N_("Withheld to protect small numbers")
LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Row:
    inspection: int
    question: str
    section: str
    standards: str
    status: str
    answer: str | int | float | None


def rows(evidence: Evidence, answers: Iterable[Mapping[str, Answer]]) -> list[Row]:
    """Every exportable answer of the inspection, shuffled."""
    answers = list(answers)
    out: list[Row] = []
    questionnaire = evidence.questionnaire
    numbers = _shown_numbers(evidence, answers)
    quotes: dict[str, list[str]] = {}
    for quote in evidence.quotes:
        quotes.setdefault(quote.question_id, []).append(quote.text)
    for question in questionnaire.questions:

        def row(status: str, answer: str | int | float | None, q: Question = question) -> Row:
            return Row(
                evidence.inspection.id,
                q.id,
                q.section or "",
                " ".join(str(s) for s in q.standards),
                status,
                answer,
            )

        if question.type == "free_text":
            out += [row("answered", text) for text in quotes.get(question.id, [])]
            continue
        table = evidence.table(question.id)
        assert table is not None
        if not table.base_shown:
            continue  # too few answers: no rows at all, not even skips (they would give
            # the number of answers back, taken from the number of responses)
        rows_of_question: list[Row] = []
        for response in answers:
            given = response.get(question.id)
            if given is None or given.status == "not_applicable":
                continue
            if given.status in ("skipped", "dont_know", "refused"):
                if not table.not_answered_shown:
                    continue  # their number would be one the release hides
                cell = next(c for c in table.apart if c.code == given.status)
                rows_of_question.append(
                    row(given.status if cell.shown == "shown" else "not_given", None)
                )
                continue
            rows_of_question += [
                row("answered", value)
                for value in _values(question, table, given, numbers.get(question.id))
            ]
        out += rows_of_question
    secrets.SystemRandom().shuffle(out)
    return out


def _values(
    question: Question,
    table: QuestionTable,
    given: Answer,
    shown_numbers: set[object] | None,
) -> list[str | int | float]:
    if question.type in CHOICE_TYPES:
        shown = {cell.code: cell.shown == "shown" for cell in table.cells}
        chosen = given.value if isinstance(given.value, tuple) else (given.value,)
        if question.type == "multiple_choice":
            return [code for code in chosen if isinstance(code, str) and shown.get(code)]
        code = chosen[0]
        return [code if isinstance(code, str) and shown.get(code) else SUPPRESSED]
    # A number: a value given by fewer than the threshold is withheld (which values the
    # withheld rows held is not known; see _shown_numbers for how many they are).
    value = given.value
    if not isinstance(value, (int, float)) or shown_numbers is None:
        return [SUPPRESSED]
    return [value if value in shown_numbers else SUPPRESSED]


def _shown_numbers(
    evidence: Evidence, answers: list[Mapping[str, Answer]]
) -> dict[str, set[object]]:
    """For each number question, the values given often enough to be shown.

    A value fewer than the threshold gave is withheld; and if the withheld rows would then
    be fewer than the threshold themselves (their count is there to see), the least
    given values still shown are withheld with them until they are not.
    """
    out: dict[str, set[object]] = {}
    for question in evidence.questionnaire.questions:
        if question.type != "number":
            continue
        table = evidence.table(question.id)
        k = table.threshold if table is not None else evidence.threshold
        counts: Counter[object] = Counter(
            given.value
            for response in answers
            if (given := response.get(question.id)) is not None and given.status == "answered"
        )
        shown: set[object] = {
            value for value, n in counts.items() if n >= k and isinstance(value, int | float)
        }
        withheld = sum(counts.values()) - sum(counts[v] for v in shown)
        while 0 < withheld < k and shown:
            least = min(shown, key=lambda v: (counts[v], repr(v)))
            shown.discard(least)
            withheld += counts[least]
        out[question.id] = shown
    return out


def codebook(evidence: Evidence) -> list[dict[str, str]]:
    """What every column value means, in English and Welsh."""
    questionnaire = evidence.questionnaire
    out: list[dict[str, str]] = []

    def entry(question: str, kind: str, code: str, labels: dict[str, str], **extra: str) -> None:
        out.append(
            {
                "question": question,
                "kind": kind,
                "code": code,
                **{f"label_{lang}": labels[lang] for lang in LANGUAGES},
                "standards": extra.get("standards", ""),
                "type": extra.get("type", ""),
            }
        )

    if evidence.release is not None:
        # Which release the file is: its number, its day, and whether it is the final one.
        release = evidence.release
        entry(
            "",
            "release",
            str(release.number),
            _both(RELEASE_FINAL if release.final else RELEASE_LABEL, day=release.day.isoformat()),
        )
    for status, label in STATUSES.items():
        entry("", "status", status, _both(label))
    entry("", "answer", SUPPRESSED, _both(SUPPRESSED_LABEL))
    for question in questionnaire.questions:
        standards = " ".join(str(s) for s in question.standards)
        entry(
            question.id,
            "question",
            "",
            {lang: questionnaire.text(question, lang) for lang in LANGUAGES},
            standards=standards,
            type=question.type,
        )
        if question.type in CHOICE_TYPES:
            for code in questionnaire.codes(question):
                entry(
                    question.id,
                    "option",
                    code,
                    {lang: questionnaire.option_label(question, code, lang) for lang in LANGUAGES},
                )
    return out


def _both(msgid: str, **values: str) -> dict[str, str]:
    return {lang: app_translator(lang).gettext(msgid).format(**values) for lang in LANGUAGES}


def metadata(evidence: Evidence) -> dict[str, object]:
    inspection = evidence.inspection
    return {
        "inspection": inspection.id,
        "premises": inspection.premises,
        "region": inspection.region,
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        "fieldwork_end": inspection.fieldwork_end.isoformat(),
        "demo": inspection.demo,
        "questionnaire": evidence.questionnaire.id,
        "questionnaire_version": evidence.questionnaire.version,
        "threshold": evidence.threshold,
        "responses": evidence.aggregates.rate.responses if evidence.aggregates.rate else 0,
        "residents": inspection.residents,
        "release": _release(evidence),
    }


def _release(evidence: Evidence) -> dict[str, object] | None:
    release = evidence.release
    if release is None:
        return None
    return {"number": release.number, "day": release.day.isoformat(), "final": release.final}


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: text that starts like a formula is quoted."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(records: Iterable[Mapping[str, object]], fields: Iterable[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: safe_cell(value) for key, value in record.items()})
    return buffer.getvalue()


def data_csv(data: list[Row]) -> str:
    return to_csv((row.__dict__ for row in data), FIELDS)


def codebook_csv(evidence: Evidence) -> str:
    book = codebook(evidence)
    return to_csv(book, book[0].keys())


def data_json(evidence: Evidence, data: list[Row]) -> str:
    """The data, the codebook and the published tables in one document."""
    return json.dumps(
        {
            "metadata": metadata(evidence),
            "codebook": codebook(evidence),
            "rows": [row.__dict__ for row in data],
            "tables": tables_json(evidence),
            # No language beside a quote: where few residents answered in one language,
            # the label would point at them (the words show their language to a reader).
            "quotes": [{"question": q.question_id, "text": q.text} for q in evidence.quotes],
        },
        ensure_ascii=False,
        indent=1,
    )


def tables_json(evidence: Evidence) -> dict[str, object]:
    """The tables as published: a hidden count is null, with why ("small" or "hidden")."""

    def cell(c: Cell) -> dict[str, object]:
        out: dict[str, object] = {"code": c.code, "count": c.visible, "shown": c.shown}
        if c.between is not None:
            out["between"] = list(c.between)  # what the figures shown imply of it
        return out

    return {
        "questions": [
            {
                "question": t.question.id,
                "base": t.base if t.base_shown else None,
                "cells": [cell(c) for c in t.cells] if t.base_shown else [],
                "not_answered": t.not_answered if t.not_answered_shown else None,
                "skipped": cell(t.skipped),
                "refused": cell(t.refused),
                "dont_know": cell(t.dont_know),
            }
            for t in evidence.aggregates.questions
        ],
        "modes": [cell(c) for c in evidence.aggregates.modes],
        "standards": [
            {
                "standard": s.standard,
                "questions": list(s.questions),
                "positive_share": s.share,
                "answers": s.answers if s.shown else None,
                # residents, each once: those mostly positive (more positive answers
                # than not) of those who answered the standard's questions
                "residents": s.residents if s.residents_shown else None,
                "residents_positive": s.residents_positive if s.residents_shown else None,
            }
            for s in evidence.aggregates.standards
        ],
    }
