"""Residents, not answers: each standard's residents counted once, in SQL and in memory alike,
audited with the tables, and the comparison with other APs made between residents."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from survey_app.core.analysis.aggregates import (
    aggregate,
    count_people,
    plan,
    sides,
    standard_summary,
)
from survey_app.core.analysis.compare import compare
from survey_app.core.evidence.gather import gather
from survey_app.core.i18n import use_language
from survey_app.core.privacy import disclosure
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire, load
from survey_app.core.store.base import Store
from survey_app.core.store.sample import populate
from survey_app.reports.pack import to_html, to_markdown

MINI = Path(__file__).parent.parent / "data" / "mini.toml"


async def _inspection(store: Store, name: str) -> int:
    created = await store.create_inspection(
        premises=name,
        region="Wales",
        fieldwork_start=dt.date(2026, 1, 7),
        fieldwork_end=dt.date(2026, 1, 8),
        language="en",
        residents=30,
    )
    return created.id


def test_one_resident_counts_once_and_a_tie_is_not_mostly_positive() -> None:
    mini = load(MINI)
    of = Answer.of
    responses = [
        # standard 5: activities (positive: work) and sessions_useful (positive: very)
        {"activities": of(("work",)), "sessions_useful": of("very")},  # 2 of 2: positive
        {"activities": of(("none",)), "sessions_useful": of("very")},  # 1 of 2: a tie
        {"activities": of(("none",)), "sessions_useful": of("not")},  # 0 of 2
        {"activities": of(("work", "training"))},  # 1 of 1: positive
        {"sessions_useful": Answer.skip()},  # no counted answer: not a resident here
    ]
    people = count_people(mini, responses)
    assert people[5] == (4, 2)
    assert 3 not in people  # nobody answered `safe`


async def test_the_store_counts_residents_as_counting_in_memory_does(
    db_path: Path, bundled: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        await populate(store, bundled, 1, 12, seed=1)  # the demo: never in the national count
        ids = [await _inspection(store, f"AP {n}") for n in range(3)]
        for n, inspection_id in enumerate(ids):
            await populate(store, bundled, inspection_id, 10 + 5 * n, seed=n)
        how = sides(bundled)
        national = await store.people(how)
        assert set(national) == set(ids)
        for inspection_id in [1, *ids]:
            records = await store.records(inspection_id)
            expected = count_people(bundled, [answers for _, _, answers in records], how)
            assert (await store.people(how, inspection_id))[inspection_id] == expected
            if inspection_id != 1:
                assert national[inspection_id] == expected
        # over fewer questions, as the store is told
        only = {s: [q.id for q in bundled.questions if s in q.standards][:1] for s in range(1, 6)}
        narrow = await store.people(sides(bundled, only), ids[0])
        records = await store.records(ids[0])
        assert narrow[ids[0]] == count_people(
            bundled, [a for _, _, a in records], sides(bundled, only)
        )
    finally:
        await store.close()


async def test_a_release_counts_residents_over_the_questions_its_share_counts(
    db_path: Path, bundled: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        inspection_id = await _inspection(store, "AP")
        await populate(store, bundled, inspection_id, 22, seed=5)
        evidence = await gather(store, bundled, inspection_id)
        assert evidence.release is not None
        tallies = evidence.release.tallies
        records = await store.records(inspection_id, released=True)
        answers = [a for _, _, a in records]
        assert tallies.people == count_people(bundled, answers, plan(bundled)(tallies))
        for number in range(1, 6):
            counted = standard_summary(bundled, number, tallies)
            shown = evidence.standard(number)
            # the residents' count is over the share's own questions, withheld ones left out
            assert shown.questions == counted.questions
            assert (shown.residents, shown.residents_positive) == tallies.people.get(number, (0, 0))
            if shown.residents_shown:
                assert shown.resident_share == shown.residents_positive / shown.residents
                assert not 0 < shown.residents_positive < 3
                assert not 0 < shown.residents - shown.residents_positive < 3
        assert any(s.residents_shown for s in evidence.aggregates.standards)
    finally:
        await store.close()


def test_the_residents_count_tells_a_reader_something_and_the_audit_knows_it() -> None:
    """Ten residents, all mostly positive on a standard of one question: none of its
    answers can be other than positive. Hide the question's whole table, and the residents'
    count alone pins its other cells at 0, which the audit finds and protect removes."""
    mini = load(MINI)
    responses = [{"safe": Answer.of("agree" if i < 6 else "strongly_agree")} for i in range(10)]
    counted = aggregate(mini, responses, 10)
    three = counted.standards[2]
    assert (three.residents, three.residents_positive, three.residents_shown) == (10, 10, True)
    tables = tuple(
        disclosure.hide_table(t) if t.question.id == "safe" else t for t in counted.questions
    )
    release = disclosure.Release(mini, tables, 10, (replace(three, shown=False),), partial=0)
    system, meaning, _truth = disclosure.build(release)
    where = {(u.question, u.part): i for i, u in meaning.items()}
    disagree = where["safe", "disagree"]
    assert disclosure.ranges(system, [disagree])[disagree] == (0, 0)
    without = replace(release, standards=(replace(three, shown=False, residents_shown=False),))
    system, meaning, _truth = disclosure.build(without)
    assert disclosure.ranges(system, [disagree])[disagree] == (0, 10)
    assert any(f.unknown.part == "disagree" for f in disclosure.audit(release))
    safe = disclosure.protect(release)
    assert not disclosure.audit(safe)
    assert not safe.standards[0].residents_shown


async def test_other_aps_are_compared_by_residents_over_the_same_questions(
    db_path: Path, bundled: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        ids = [await _inspection(store, f"AP {n}") for n in range(7)]
        for n, inspection_id in enumerate(ids):
            await populate(store, bundled, inspection_id, 12 + n, seed=20 + n)
        mine = ids[0]
        evidence = await gather(store, bundled, mine)
        assert evidence.comparisons
        for number, comparison in evidence.comparisons.items():
            own = evidence.standard(number)
            only = {number: own.questions}
            theirs = []
            for other in ids[1:]:
                records = await store.records(other)
                people = count_people(bundled, [a for _, _, a in records], sides(bundled, only))
                if people.get(number, (0, 0))[0]:
                    theirs.append((people[number][1], people[number][0]))
            assert comparison == compare(own.residents_positive, own.residents, theirs)
            assert comparison.others == 6
        # the lead's screens and the pack say it in residents, in both languages
        for language in ("en", "cy"):
            use_language(language)
            try:
                texts = (to_html(evidence), to_markdown(evidence))
            finally:
                use_language("en")
            own = next(s for s in evidence.aggregates.standards if s.residents_shown)
            marker = "residents mostly positive" if language == "en" else "gadarnhaol gan amlaf"
            for text in texts:
                assert f"{own.residents_positive} " in text
                assert marker in text
    finally:
        await store.close()
