"""What the lead's view reads and writes: counts in SQL, breakdown records, evidence,
ratings and the passphrase."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest

from survey_app.core.analysis.aggregates import aggregate, tally
from survey_app.core.keys.passphrase import Lockout, check_passphrase, hash_passphrase
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.sample import populate, random_answers


async def test_sql_tally_equals_counting_in_memory(db_path: Path, bundled: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        await populate(store, bundled, 1, 40, seed=7)
        other = await store.create_inspection(
            premises="Elsewhere",
            region="Wales",
            fieldwork_start=dt.date(2026, 1, 7),
            fieldwork_end=dt.date(2026, 1, 8),
            language="cy",
            residents=10,
        )
        await populate(store, bundled, other.id, 5, seed=8)
        in_sql = await store.tally(1)
        records = await store.records(1)
        in_memory = tally(answers for _, _, answers in records)
        assert in_sql.responses == in_memory.responses == len(records) == 40
        assert dict(in_sql) == dict(in_memory)
        in_memory.modes = dict(Counter(mode for mode, _, _ in records))
        assert in_sql.modes == in_memory.modes
        assert aggregate(bundled, in_sql, 40) == aggregate(bundled, in_memory, 40)
        national = await store.tally()
        assert national.responses == 45
    finally:
        await store.close()


async def test_withdrawn_and_unreached_answers_are_not_counted(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        key = (mini.id, mini.version, mini.content_hash)
        await store.add_response(1, "kiosk", "en", key, {"safe": Answer.of("agree")})
        gone = await store.add_response(1, "kiosk", "en", key, {"safe": Answer.of("disagree")})
        await store._write([("UPDATE response SET status = 'withdrawn' WHERE id = ?", (gone,))])
        await store.add_response(
            1,
            "web",
            "cy",
            key,
            {"safe": Answer.of("agree"), "complained": Answer("not_applicable")},
        )
        counted = await store.tally(1)
        assert counted.responses == 2
        assert counted.of("safe").answered == {("agree",): 2}
        assert "complained" not in counted
    finally:
        await store.close()


async def test_evidence_ratings_and_residents_round_trip(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await store.set_evidence(1, 3, "casework", "contradicts", "Two cases lacked a plan")
        await store.set_evidence(1, 3, "casework", "mixed", "Revised after the second day")
        await store.set_evidence(1, 2, "observation", "supports", "")
        await store.set_evidence(1, 2, "observation", None, "")
        assert await store.evidence(1) == {
            (3, "casework"): ("mixed", "Revised after the second day")
        }
        await store.set_rating(1, 1, 2, "Leaders know the AP")
        await store.set_rating(1, 4, 0, "")
        await store.set_rating(1, 4, None, "")
        assert await store.ratings(1) == {1: (2, "Leaders know the AP")}
        await store.set_residents(1, 23)
        inspection = await store.get_inspection(1)
        assert inspection is not None and inspection.residents == 23
        with pytest.raises(ValueError):
            await store.set_residents(1, -1)
    finally:
        await store.close()


async def test_the_passphrase_is_kept_only_as_a_hash(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await store.set_secret("lead", hash_passphrase("correct horse battery"))
        stored = await store.secret("lead")
        assert stored is not None and "correct horse" not in stored
        assert check_passphrase("correct horse battery", stored)
        assert not check_passphrase("correct horse batterY", stored)
        assert not check_passphrase("anything", "not a hash")
    finally:
        await store.close()
    assert b"correct horse" not in db_path.read_bytes()


def test_five_wrong_tries_lock_for_a_minute() -> None:
    now = [1000.0]
    lock = Lockout(clock=lambda: now[0])
    stored = hash_passphrase("open sesame please")
    for _ in range(4):
        assert not lock.attempt("wrong", stored)
    assert lock.remaining() == 0
    assert not lock.attempt("wrong", stored)
    assert lock.remaining() == 60
    assert not lock.attempt("open sesame please", stored)  # locked: even the right one waits
    now[0] += 59
    assert not lock.attempt("open sesame please", stored)
    now[0] += 1
    assert lock.attempt("open sesame please", stored)


def test_sample_answers_follow_routing(bundled: Questionnaire) -> None:
    from survey_app.core.questionnaire.flow import Flow

    rng = random.Random(3)
    for _ in range(30):
        answers = random_answers(bundled, rng)
        flow = Flow(bundled, answers)
        for qid, answer in answers.items():
            assert flow.state(qid) != "off" or answer.status == "not_applicable"


async def test_comparison_uses_fresh_own_counts_and_no_demo_inspection(
    db_path: Path, bundled: Questionnaire
) -> None:
    from survey_app.core.evidence.gather import gather

    store = await Store.open(db_path)  # inspection 1 is the demo
    try:
        ids = []
        for number in range(6):
            created = await store.create_inspection(
                premises=f"AP {number}",
                region="Wales",
                fieldwork_start=dt.date(2026, 1, 7),
                fieldwork_end=dt.date(2026, 1, 8),
                language="en",
                residents=20,
            )
            ids.append(created.id)
        for number, inspection_id in enumerate(ids[1:]):
            await populate(store, bundled, inspection_id, 15, seed=number)
        await populate(store, bundled, 1, 15, seed=99)  # practice answers in the demo
        stale = await store.tallies_by_inspection()  # read before ids[0] has any answers
        assert 1 not in stale and ids[0] not in stale
        await populate(store, bundled, ids[0], 20, seed=42)
        evidence = await gather(store, bundled, ids[0], everyone=stale)
        assert evidence.comparisons, "the fresh counts of this inspection are compared"
        comparison = next(iter(evidence.comparisons.values()))
        assert comparison.others == 5  # the five real APs, not the demo
        standard = next(iter(evidence.comparisons))
        # residents are compared, not their answers
        summary = evidence.standard(standard)
        assert (comparison.positive, comparison.answers) == (
            summary.residents_positive,
            summary.residents,
        )
        assert comparison.answers < summary.answers
    finally:
        await store.close()
