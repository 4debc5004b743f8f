"""Releases, not live counts: the lead's view and every export show one numbered release,
made only when at least 3 responses have changed since the last; responses in progress are
never in one; `inspection close` ends collection and makes the final release."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest

from survey_app.cli import main
from survey_app.core.analysis.aggregates import counted_questions
from survey_app.core.evidence.gather import gather
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import SurveyClosed
from survey_app.core.store.base import Store
from survey_app.core.store.counting import RELEASE_STEP
from survey_app.core.store.sample import random_answers

MINI = Path(__file__).parent.parent / "data" / "mini.toml"


def key(questionnaire: Questionnaire) -> tuple[str, str, str]:
    return (questionnaire.id, questionnaire.version, questionnaire.content_hash)


async def add(store: Store, questionnaire: Questionnaire, count: int, seed: int = 0) -> list[str]:
    import random

    rng = random.Random(seed)
    return [
        await store.add_response(
            1, "kiosk", "en", key(questionnaire), random_answers(questionnaire, rng)
        )
        for _ in range(count)
    ]


async def finished_on_the_web(store: Store, mini: Questionnaire) -> str:
    """One resident answers the first question and sends it; their withdrawal code."""
    code = await store.start_response(1, "web", "en", *key(mini))
    await store.save_answer(code, mini.questions[0].id, Answer.of("agree"))
    return await store.complete(code)


async def test_no_release_before_three_and_a_new_one_only_after_three_changes(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        await add(store, mini, 2)
        assert await store.release(1, counted_questions(mini)) is None
        evidence = await gather(store, mini, 1)
        assert evidence.release is None and evidence.aggregates.rate is not None
        assert evidence.aggregates.rate.responses == 0  # nothing is shown before a release
        await add(store, mini, 1, seed=1)
        first = await store.release(1, counted_questions(mini))
        assert first is not None and (first.number, first.tallies.responses) == (1, 3)
        for more in range(1, RELEASE_STEP):
            await add(store, mini, 1, seed=10 + more)
            same = await store.release(1, counted_questions(mini))
            assert same is not None
            assert (same.number, same.tallies.responses, same.pending) == (1, 3, more)
        await add(store, mini, 1, seed=20)
        second = await store.release(1, counted_questions(mini))
        assert second is not None and (second.number, second.tallies.responses) == (2, 6)
        assert second.pending == 0
    finally:
        await store.close()


async def test_a_response_in_progress_is_in_no_release(db_path: Path, mini: Questionnaire) -> None:
    store = await Store.open(db_path)
    try:
        await add(store, mini, 3)
        live = await store.start_response(1, "kiosk", "en", *key(mini))
        for question in mini.questions[:3]:
            await store.save_answer(live, question.id, Answer.skip())
        for _ in range(3):  # a lead refreshing while the resident answers
            release = await store.release(1, counted_questions(mini))
            assert release is not None and release.tallies.responses == 3
            assert release.pending == 0
    finally:
        await store.close()


def test_a_withdrawal_shows_only_with_two_other_changes(
    db_path: Path, mini: Questionnaire, tmp_path: Path
) -> None:
    """The JSON export before and after one withdrawal differed by exactly that resident's
    answers. Now the release keeps counting them until two more responses have changed,
    and answer-level data waits meanwhile."""

    async def answer_then_withdraw() -> int:
        store = await Store.open(db_path)
        try:
            await add(store, mini, 5)
            code = await store.start_response(1, "web", "en", *key(mini))
            for question in mini.questions:
                await store.save_answer(code, question.id, Answer.skip())
            withdrawal = await store.complete(code)
            before = await store.release(1, counted_questions(mini))
            assert before is not None and before.tallies.responses == 6
            assert await store.withdraw(withdrawal) == "withdrawn"
            after = await store.release(1, counted_questions(mini))
            assert after is not None
            assert (after.number, after.tallies.responses) == (before.number, 6)
            assert after.members_changed and after.pending == 1
            return before.number
        finally:
            await store.close()

    async def two_more() -> int:
        store = await Store.open(db_path)
        try:
            await add(store, mini, 2, seed=5)
            released = await store.release(1, counted_questions(mini))
            assert released is not None
            assert released.tallies.responses == 7 and not released.members_changed
            # one it counted before is gone: the audit against that release knows it
            assert released.tallies.gone == 1 and released.earlier[-1].gone == 0
            return released.number
        finally:
            await store.close()

    before = asyncio.run(answer_then_withdraw())
    out = tmp_path / "rows.json"
    args = ["--db", str(db_path), "--questionnaire", str(MINI), "export", "--inspection", "1"]
    assert main([*args, "--format", "json", "--out", str(out)]) == 2  # refused, and why
    assert not out.exists()
    assert main([*args, "--format", "md", "--out", str(tmp_path / "pack.md")]) == 0
    assert asyncio.run(two_more()) == before + 1
    assert main([*args, "--format", "json", "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["metadata"]["release"]["number"] == before + 1
    assert document["metadata"]["responses"] == 7


def test_close_ends_collection_and_makes_the_final_release(
    db_path: Path, mini: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def collect() -> str:
        store = await Store.open(db_path)
        try:
            await add(store, mini, 4)
            await store.release(1, counted_questions(mini))
            await add(store, mini, 1, seed=3)  # one change: no new interim release
            halfway = await store.start_response(1, "kiosk", "en", *key(mini))
            await store.save_answer(halfway, mini.questions[0].id, Answer.skip())
            return halfway
        finally:
            await store.close()

    async def after_close(halfway: str) -> None:
        store = await Store.open(db_path)
        try:
            with pytest.raises(SurveyClosed):
                await store.start_response(1, "kiosk", "en", *key(mini))
            with pytest.raises(SurveyClosed):
                await store.save_answer(halfway, mini.questions[1].id, Answer.skip())
            with pytest.raises(SurveyClosed):
                await add(store, mini, 1)
            final = await store.release(1, counted_questions(mini))
            assert final is not None and final.final and final.number == 2
            [inspection] = [i for i in await store.list_inspections() if i.id == 1]
            assert inspection.closed is not None
        finally:
            await store.close()

    halfway = asyncio.run(collect())
    args = ["--db", str(db_path), "--questionnaire", str(MINI)]
    assert main([*args, "inspection", "close", "1"]) == 0
    said = capsys.readouterr().out
    assert "Final release 2: 6 responses." in said  # the one in progress is now partial
    assert main([*args, "inspection", "close", "1"]) == 0
    assert "was closed on" in capsys.readouterr().out
    assert main([*args, "inspection", "close", "99"]) == 2
    asyncio.run(after_close(halfway))
    out = tmp_path / "data.csv"
    export = [*args, "export", "--inspection", "1", "--out", str(out)]
    assert main([*export, "--format", "csv"]) == 0
    book = list(csv.DictReader(io.StringIO(out.with_name("data.codebook.csv").read_text())))
    [release] = [row for row in book if row["kind"] == "release"]
    assert release["code"] == "2" and "Final release" in release["label_en"]
    assert main([*export[:-1], str(tmp_path / "pack.html"), "--format", "html"]) == 0
    assert "Final release 2" in (tmp_path / "pack.html").read_text(encoding="utf-8")


async def test_a_withdrawal_after_close_is_honoured_in_a_new_final_release(
    db_path: Path, mini: Questionnaire
) -> None:
    store = await Store.open(db_path)
    try:
        await add(store, mini, 4)
        withdrawal = await finished_on_the_web(store, mini)
        closed = await store.close_inspection(1, counted_questions(mini))
        assert closed is not None and closed.final and closed.tallies.responses == 5
        assert await store.withdraw(withdrawal) == "withdrawn"
        again = await store.release(1, counted_questions(mini))
        assert again is not None and again.final
        assert (again.number, again.tallies.responses) == (closed.number + 1, 4)
    finally:
        await store.close()


def test_purge_keeps_the_final_release_and_approved_quotes_and_nothing_else(
    db_path: Path, mini: Questionnaire, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from survey_app.core.evidence.quotes import decide
    from survey_app.core.evidence.quotes import gather as gather_quotes

    secret = "Dave in room 14 shouts at us every night"

    async def collect() -> None:
        store = await Store.open(db_path)
        try:
            await add(store, mini, 5)
            code = await store.start_response(1, "kiosk", "en", *key(mini))
            await store.save_answer(code, "anything_else", Answer.of(secret))
            await store.complete(code)
            await store.release(1, counted_questions(mini))
            await gather_quotes(store, mini, 1)
            # Another resident's comment is approved; the one about Dave stays pending, so
            # that neither its words nor its scrubbed quote may outlive the purge.
            others = [q for q in await store.quotes(1, "pending") if "shouts" not in q.text]
            assert others
            await decide(store, others[0].id, approve=True)
        finally:
            await store.close()

    async def figures() -> tuple[object, list[str], int]:
        store = await Store.open(db_path)
        try:
            evidence = await gather(store, mini, 1)
            counted = len(await store.records(1))
            return evidence.aggregates, [q.text for q in evidence.quotes], counted
        finally:
            await store.close()

    asyncio.run(collect())
    args = ["--db", str(db_path), "--questionnaire", str(MINI), "purge", "--inspection", "1"]
    monkeypatch.setattr("sys.stdin", io.StringIO("purge\n"))
    assert main(args) == 2  # still collecting: refused, nothing deleted
    assert asyncio.run(figures())[2] == 6
    assert (
        main(["--db", str(db_path), "--questionnaire", str(MINI), "inspection", "close", "1"]) == 0
    )
    before = asyncio.run(figures())
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(args) == 2  # not the word asked for
    assert asyncio.run(figures())[2] == 6
    monkeypatch.setattr("sys.stdin", io.StringIO("purge\n"))
    assert main(args) == 0
    tables, quotes, counted = asyncio.run(figures())
    assert counted == 0  # no response is left
    assert (tables, quotes) == (before[0], before[1])  # the final release, the quote kept
    assert quotes and secret not in quotes[0]
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            data = path.read_bytes()
            for words in (b"Dave in room", b"shouts at us"):  # raw, and scrubbed but pending
                at = data.find(words)
                assert at < 0, (path, words, data[at - 100 : at + 50])
    assert main(args) == 0  # a second purge says it was done, and does nothing


async def test_closed_with_fewer_than_three_there_is_nothing_to_publish(
    db_path: Path, mini: Questionnaire
) -> None:
    counted = counted_questions(mini)
    store = await Store.open(db_path)
    try:
        await add(store, mini, 2)
        assert await store.close_inspection(1, counted) is None
        assert await store.release(1, counted) is None
    finally:
        await store.close()


async def test_withdrawals_after_close_that_leave_fewer_than_three_leave_nothing_shown(
    db_path: Path, mini: Questionnaire
) -> None:
    counted = counted_questions(mini)
    store = await Store.open(db_path)
    try:
        await add(store, mini, 2)
        withdrawal = await finished_on_the_web(store, mini)
        final = await store.close_inspection(1, counted)
        assert final is not None and final.tallies.responses == 3
        assert await store.withdraw(withdrawal) == "withdrawn"
        assert await store.release(1, counted) is None
    finally:
        await store.close()


async def test_a_partial_response_finished_since_holds_back_answer_level_data(
    db_path: Path, mini: Questionnaire
) -> None:
    """A partial response can still be finished (its resident comes back to it): counted
    as partial in the release, its new answers must not reach rows or breakdowns, which
    beside the release's tables would give them away."""
    counted = counted_questions(mini)
    store = await Store.open(db_path)
    try:
        await add(store, mini, 3)
        code = await store.start_response(1, "kiosk", "en", *key(mini))
        await store.save_answer(code, mini.questions[0].id, Answer.of("agree"))
        await store.mark_partial(code)
        release = await store.release(1, counted)
        assert release is not None and release.tallies.partial == 1
        assert len(await store.records(1, released=True)) == 4
        await store.save_answer(code, mini.questions[1].id, Answer.of("no"))
        await store.complete(code)
        after = await store.release(1, counted)
        assert after is not None and after.number == release.number and after.members_changed
        assert len(await store.records(1, released=True)) == 3  # not as it is now
    finally:
        await store.close()


async def test_a_response_with_no_answer_is_never_kept(db_path: Path, mini: Questionnaire) -> None:
    """Every settled response holds an answer, so counting responses needs no look into the
    answers (the national count); one that answered nothing is no response."""
    store = await Store.open(db_path)
    try:
        with pytest.raises(ValueError):
            await store.add_response(1, "paper", "en", key(mini), {})
        left = await store.start_response(1, "kiosk", "en", *key(mini))
        assert await store.mark_partial(left) is None
        assert await store.responses(1) == []
    finally:
        await store.close()
