"""Paper entry's rules without a screen: what a copy's fields make of a response (routing
worked out from what was written), double entry's comparison and tally, the store's
"typed in once", and the command line's refusals."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey_app.cli import main
from survey_app.core.collection import serials
from survey_app.core.collection.entry import (
    Field,
    Resolution,
    Transcription,
    describe,
    differences,
    outcome,
    read_value,
)
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.database import StoreError
from survey_app.core.store.base import Store

FORM = {
    "safe": Field.of("agree"),
    "complained": Field.of("yes"),
    "complaint_fair": Field.of("no"),
    "complaint_why": Field.of("They never answered."),
    "activities": Field.of(("work",)),
    "sessions": Field.of(0),
    "anything_else": Field("blank"),
}


def test_the_routing_is_worked_out_from_what_was_written(mini: Questionnaire) -> None:
    result = outcome(mini, FORM)
    assert result.answers["complaint_why"] == Answer.of("They never answered.")
    # sessions 0: the routing skips "were they useful?", left blank: not applicable
    assert result.answers["sessions_useful"].status == "not_applicable"
    assert result.answers["anything_else"] == Answer.skip()
    assert result.flags == {}
    # "no complaint" yet the follow-up answered: kept and flagged; the question after it
    # follows from what was written there ("not fair"), so it is no conflict of its own
    against = {**FORM, "complained": Field.of("no")}
    result = outcome(mini, against)
    assert result.answers["complaint_fair"] == Answer.of("no")
    assert result.answers["complaint_why"] == Answer.of("They never answered.")
    assert result.flags == {"complaint_fair": "routing"}


def test_an_unreadable_answer_leaves_what_follows_it_reached(mini: Questionnaire) -> None:
    fields = {**FORM, "complained": Field("unreadable")}
    result = outcome(mini, fields)
    assert result.answers["complained"] == Answer.skip()
    # complaint_fair depends on it: unknown, so reached, and its answer is no conflict
    assert result.answers["complaint_fair"] == Answer.of("no")
    assert result.flags == {"complained": "unreadable"}
    blank = outcome(
        mini,
        {
            **FORM,
            "complained": Field("unreadable"),
            "complaint_fair": Field("blank"),
            "complaint_why": Field("blank"),
        },
    )
    assert blank.answers["complaint_fair"] == Answer.skip()


def test_a_blank_form_is_empty_and_refusals_are_answers(mini: Questionnaire) -> None:
    assert outcome(mini, {}).empty
    assert outcome(mini, {"safe": Field("unreadable")}).empty
    refused = outcome(mini, {"safe": Field("refused")})
    assert not refused.empty and refused.answers["safe"] == Answer.refuse()


def test_ticks_that_cannot_go_together_are_more_than_one_box(mini: Questionnaire) -> None:
    activities = mini.by_id["activities"]
    assert read_value(mini, activities, ("none", "work")) == Field("multiple", ("work", "none"))
    assert read_value(mini, activities, ("training", "work")) == Field.of(("work", "training"))
    assert describe(mini, activities, Field("multiple", ("work", "none")), "en") == (
        "Boxes that cannot go together: 1 Work, 3 None of these"
    )
    assert describe(mini, activities, Field("multiple", ("work", "none")), "cy").startswith(
        "Blychau"
    )


@given(
    st.sampled_from(["blank", "refused", "unreadable", "multiple"]),
    st.integers(0, 50),
    st.text(min_size=1, max_size=40).filter(str.strip),
    st.lists(st.sampled_from(["work", "training", "none"]), min_size=1, unique=True),
)
def test_a_field_stores_and_reads_back_as_it_was(
    code: str, number: int, words: str, ticks: list[str]
) -> None:
    from survey_app.core.questionnaire.model import load

    mini = load(Path(__file__).parents[1] / "data" / "mini.toml")
    fields = {
        "safe": Field(code),  # type: ignore[arg-type]
        "sessions": Field.of(number),
        "anything_else": Field.of(words),
        "activities": Field.of(tuple(ticks)),
    }
    for qid, field in fields.items():
        assert Field.decode(mini.by_id[qid], field.code, field.encode()) == field
    assert differences(mini, fields, fields) == []


def test_differences_are_every_field_typed_otherwise(mini: Questionnaire) -> None:
    second = {**FORM, "safe": Field.of("unsure"), "anything_else": Field("unreadable")}
    del second["sessions"]  # not keyed at all: blank, against the first keyer's 0
    assert differences(mini, FORM, second) == ["safe", "sessions", "anything_else"]


async def _keyed(db: Path, mini: Questionnaire, second: dict[str, Field]) -> Store:
    store = await Store.open(db)
    (serial,) = serials.new_serials(1)
    await store.add_paper_copies(1, [serial], "both", "mini@0.1")
    for pass_, fields in ((1, FORM), (2, second)):
        keying = Transcription(store, mini, 1, serial, pass_, True, "cy", "both")
        for qid, field in fields.items():
            await keying.put(qid, field)
        result = await keying.finish()
    assert result == ("resolve" if differences(mini, FORM, second) else "final")
    if result == "resolve":
        resolution = Resolution(Transcription(store, mini, 1, serial, 3, True, "cy", "both"))
        await resolution.load()
        for n, qid in enumerate(resolution.differing):
            choice = [resolution.field(1, qid), resolution.field(2, qid), Field("refused")][n % 3]
            await resolution.decide(qid, choice)
        assert await resolution.finish() == "final"
    # typed in once: a field or a second finalising after that is refused, whole
    with pytest.raises(StoreError):
        await store.save_paper_field(1, serial, 1, "safe", ("blank", None))
    with pytest.raises(StoreError):
        await Transcription(store, mini, 1, serial, 1, False, "cy", "both").finish()
    assert (await store.copy_state(1, serial)).stage == "entered"
    return store


def test_double_entry_tallies_each_difference_by_how_it_was_decided(
    db_path: Path, mini: Questionnaire
) -> None:
    async def run() -> None:
        second = {
            **FORM,
            "safe": Field.of("unsure"),
            "complaint_why": Field.of("They never answerd."),
            "sessions": Field.of(8),
        }
        store = await _keyed(db_path, mini, second)
        keying = await store.paper_keying(1)
        assert (keying.forms, keying.fields, keying.differed) == (1, len(mini.questions), 3)
        assert (keying.first_kept, keying.second_kept, keying.neither_kept) == (1, 1, 1)
        (response,) = await store.responses(1)
        assert (response.mode, response.language) == ("paper", "cy")
        answers = await store.answers(response.id)
        assert answers["safe"] == Answer.of("agree")  # the first keying's
        assert answers["complaint_why"] == Answer.of("They never answerd.")  # the second's
        assert answers["sessions"] == Answer.refuse()  # neither
        await store.close()

    asyncio.run(run())
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT form_language FROM response").fetchall() == [("both",)]
        # nothing kept ties the response to its serial
        assert db.execute("SELECT count(*) FROM paper_field").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM paper_pass").fetchone() == (0,)


def test_purge_removes_forms_part_typed_in(db_path: Path, mini: Questionnaire) -> None:
    async def run() -> None:
        store = await _keyed(db_path, mini, FORM)
        (serial,) = serials.new_serials(1, await store.paper_serials(1))
        await store.add_paper_copies(1, [serial], "en", "mini@0.1")
        await store.save_paper_field(1, serial, 1, "complaint_why", ("value", "words"))
        await store.close()

    asyncio.run(run())
    assert main(["--db", str(db_path), "inspection", "close", "1"]) == 0

    async def purge() -> None:
        store = await Store.open(db_path)
        await store.purge(1)
        assert await store.paper_entered(1) == 1  # the count stays
        await store.close()

    asyncio.run(purge())
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM paper_flag").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM paper_field").fetchone() == (0,)


def test_entry_refusals_change_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(db_path), "entry"]
    assert main(base) == 2
    assert "No paper forms were printed for inspection 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*base, "--double-entry", "maybe"])
    assert main([*base, "--double-entry", "off"]) == 2  # set, then no forms to type in
    assert "Double entry is off for inspection 1" in capsys.readouterr().out
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT paper_double_entry FROM inspection").fetchone() == (0,)
        events = [e for (e,) in db.execute("SELECT event FROM audit")]
        assert "paper_double_entry" in events
    assert main(["--db", str(db_path), "inspection", "close", "1"]) == 0
    assert main(base) == 2
    assert "has closed" in capsys.readouterr().err
