"""Everything the lead sees of one inspection, gathered once and already made safe.

The dashboard, the evidence pack and the exports all read an `Evidence`: counts with small
numbers suppressed, only approved quotes, the triangulation matrix and the ratings. What is
not in here cannot leak through any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from survey_app.core.analysis import triangulation
from survey_app.core.analysis.aggregates import (
    THRESHOLD,
    InspectionAggregates,
    QuestionTable,
    StandardSummary,
    Tallies,
    aggregate,
    counted_questions,
    plan,
    sides,
)
from survey_app.core.analysis.compare import Comparison, compare
from survey_app.core.analysis.ratings import STANDARDS, Overall, overall
from survey_app.core.privacy.disclosure import AuditError, Release, protect, with_intervals
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.counting import RELEASE_STEP, Snapshot
from survey_app.core.store.imports import Imported
from survey_app.core.store.rows import Inspection, QuoteRow


@dataclass(frozen=True)
class Rating:
    points: int
    rationale: str


@dataclass
class Evidence:
    inspection: Inspection
    questionnaire: Questionnaire
    aggregates: InspectionAggregates
    quotes: list[QuoteRow]
    """Approved quotes only."""
    pending_quotes: int
    matrix: list[triangulation.Row]
    notes: dict[tuple[int, str], str]
    ratings: dict[int, Rating]
    overall: Overall | None
    """None until at least one standard is rated."""
    comparisons: dict[int, Comparison] = field(default_factory=dict)
    threshold: int = THRESHOLD
    release: Snapshot | None = None
    """The release shown; None until enough responses are settled to make the first."""
    imported: Imported | None = None
    """The bundles merged from collecting devices, and the responses in conflict."""

    def standard(self, number: int) -> StandardSummary:
        return self.aggregates.standards[number - 1]

    def tables_for(self, number: int) -> list[QuestionTable]:
        return [t for t in self.aggregates.questions if number in t.question.standards]

    def table(self, question_id: str) -> QuestionTable | None:
        return next((t for t in self.aggregates.questions if t.question.id == question_id), None)

    def quotes_for(self, number: int | None) -> list[QuoteRow]:
        """Approved quotes the lead put under a standard (None: under none in particular).
        Each quote is under one, so a report prints it once."""
        return [q for q in self.quotes if q.standard == number]


async def gather(
    store: Store,
    questionnaire: Questionnaire,
    inspection_id: int,
    threshold: int = THRESHOLD,
    everyone: dict[int, Tallies] | None = None,
) -> Evidence:
    """Gather the inspection's evidence. `everyone`: every inspection's counts, as read by
    `store.tallies_by_inspection()`, when the caller keeps them between recounts (the other
    inspections do not change while a lead edits this one's ratings)."""
    inspection = await store.get_inspection(inspection_id)
    if inspection is None:
        raise KeyError(inspection_id)
    # Counts come from the release, never live: a lead refreshing while someone answers
    # must not watch their answers arrive, nor two views differ by one person.
    release = await store.release(
        inspection_id, counted_questions(questionnaire), plan(questionnaire, threshold)
    )
    tallies = release.tallies if release is not None else empty(questionnaire)
    aggregates = published(
        questionnaire,
        tallies,
        inspection.residents,
        threshold,
        release.earlier if release is not None else (),
    )
    recorded = await store.evidence(inspection_id)
    matrix = []
    for number in STANDARDS:
        others = {
            source: judgement for (s, source), (judgement, _) in recorded.items() if s == number
        }
        # Residents' views are read from residents, each once, where that can be shown.
        summary = aggregates.standards[number - 1]
        residents = triangulation.from_share(
            summary.resident_share if summary.resident_share is not None else summary.share
        )
        matrix.append(triangulation.row(number, residents, others))  # type: ignore[arg-type]
    ratings = {s: Rating(p, r) for s, (p, r) in (await store.ratings(inspection_id)).items()}
    return Evidence(
        inspection=inspection,
        questionnaire=questionnaire,
        aggregates=aggregates,
        quotes=await store.quotes(inspection_id, "approved"),
        pending_quotes=len(await store.quotes(inspection_id, "pending")),
        matrix=matrix,
        notes={key: note for key, (_, note) in recorded.items() if note},
        ratings=ratings,
        overall=overall({s: r.points for s, r in ratings.items()}) if ratings else None,
        comparisons=await _comparisons(
            store,
            questionnaire,
            inspection_id,
            await store.tallies_by_inspection() if everyone is None else everyone,
            aggregates,
        ),
        threshold=threshold,
        release=release,
        imported=await store.imported(inspection_id),
    )


def empty(questionnaire: Questionnaire) -> Tallies:
    """No counts at all: what is shown before the first release."""
    out = Tallies()
    out.partial = 0
    return out


_released: dict[tuple[object, ...], Release] = {}
"""The last few releases worked out, by what they were worked out from: the audit is the
slow part of a recount, and most recounts (a rating edited, a note typed) change no count."""


def published(
    questionnaire: Questionnaire,
    tallies: Tallies,
    residents: int,
    threshold: int = THRESHOLD,
    earlier: Sequence[Tallies] = (),
) -> InspectionAggregates:
    """Every table and share as one release publishes them: counted, each table's small
    numbers hidden, and then audited together (`disclosure.protect`), so that nothing a
    table hides can be worked out of the others, the routing and the shares, nor of them
    and the release before (`earlier`: the counts of the releases before it, oldest first).

    The release before is taken as it would be published on its own. It was published
    against its own predecessor, which hides at least as much: so a reader is credited
    with knowing at least what they do, and a chain of releases costs two audits, not one
    per release."""
    previous = _publish(questionnaire, earlier[-1], residents, threshold, None) if earlier else None
    release, key = _publish(questionnaire, tallies, residents, threshold, previous)
    shown = _released.get(("intervals", key))
    if shown is None:
        shown = with_intervals(release)
        _keep(("intervals", key), shown)
    release = shown
    counted = aggregate(questionnaire, tallies, residents, threshold)
    return InspectionAggregates(
        list(release.tables), list(release.standards), counted.rate, counted.modes
    )


def _publish(
    questionnaire: Questionnaire,
    tallies: Tallies,
    residents: int,
    threshold: int,
    previous: tuple[Release, tuple[object, ...]] | None,
) -> tuple[Release, tuple[object, ...]]:
    """One release protected against itself and the one before; and the key it is kept by."""
    key = (
        id(questionnaire),
        questionnaire.content_hash,
        threshold,
        _key(tallies),
        tallies.gone,
        None if previous is None else previous[1],
    )
    known = _released.get(key)
    if known is not None:
        return known, key
    counted = aggregate(questionnaire, tallies, residents, threshold)
    release = Release(
        questionnaire,
        tuple(counted.questions),
        tallies.responses,
        tuple(counted.standards),
        partial=tallies.partial,
        previous=None if previous is None else previous[0],
        step=RELEASE_STEP,
        gone=tallies.gone,
    )
    try:
        safe = protect(release)
    except AuditError:
        # Residents counted by a release under another version of the questionnaire (its
        # positive codes changed since) need not agree with its cells: such counts are no
        # evidence. Everything else is audited as ever.
        if not any(s.residents_shown for s in release.standards):
            raise
        safe = protect(
            replace(
                release,
                standards=tuple(replace(s, residents_shown=False) for s in release.standards),
            )
        )
    _keep(key, safe)
    return safe, key


def _keep(key: tuple[object, ...], release: Release) -> None:
    """Remember a release worked out, forgetting the oldest beyond the last 32."""
    if len(_released) >= 32:
        _released.pop(next(iter(_released)))
    _released[key] = release


def _key(tallies: Tallies) -> tuple[object, ...]:
    return (
        tallies.responses,
        tallies.partial,
        None if tallies.modes is None else tuple(sorted(tallies.modes.items())),
        None if tallies.people is None else tuple(sorted(tallies.people.items())),
        tuple(
            sorted(
                (
                    question_id,
                    t.skipped,
                    t.dont_know,
                    t.refused,
                    tuple(sorted(t.answered.items(), key=repr)),
                )
                for question_id, t in tallies.items()
            )
        ),
    )


async def _comparisons(
    store: Store,
    questionnaire: Questionnaire,
    inspection_id: int,
    everyone: dict[int, Tallies],
    shown: InspectionAggregates,
) -> dict[int, Comparison]:
    """Per standard, this AP against the others; only where its own share of residents
    may be shown.

    Residents are compared, not answers: 254 answers from 22 people are 22 views, and a
    test that took them for 254 would find differences that are not there. A resident
    counts as positive on a standard when most of their answers to its questions are; the
    other APs' residents are counted the same way, over the same questions as this AP's
    figure (one query over the store, kept with the others' counts until they change).
    No other AP's figures are shown, only the pooled test.
    """
    own = {s.standard: s for s in shown.standards if s.residents_shown}
    others = {i: t for i, t in everyone.items() if i != inspection_id}
    if not own or not others:
        return {number: compare(s.residents_positive, s.residents, []) for number, s in own.items()}
    only = {number: s.questions for number, s in own.items()}
    key = ("people", tuple(sorted((n, tuple(q)) for n, q in only.items())))
    if any(key not in t.memo for t in others.values()):
        counted = await store.people(sides(questionnaire, only))
        for other, tallies in others.items():
            tallies.memo[key] = counted.get(other, {})
    theirs = [cast(dict[int, tuple[int, int]], t.memo[key]) for t in others.values()]
    out = {}
    for number, summary in own.items():
        pooled = [
            (positive, residents)
            for people in theirs
            for residents, positive in [people.get(number, (0, 0))]
            if residents
        ]
        out[number] = compare(summary.residents_positive, summary.residents, pooled)
    return out
