"""Typing in paper forms through Pilot on a real database: a whole form by keys alone,
the codes for what is not an answer, an answer against the routing kept and flagged,
unknown, wrong and already entered form numbers refused, double entry's differences
decided, keys that arrive together, and what the keyer sees at 40x24."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from driver import (
    english_sentences,
    screen_name,
    screen_text,
    visible_text,
    wait_for,
    wait_for_screen,
)
from textual._xterm_parser import XTermParser
from textual.pilot import Pilot

from survey_app.core.collection import serials
from survey_app.core.collection.serials import PageMark
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.entry import Keying
from survey_app.ui.entry.app import EntryApp, KeyingScreen, QuestionView

# mini.toml, in order: safe (agreement), complained (yes/no), complaint_fair (only if
# complained yes), complaint_why (free text, only if not fair), activities (multiple,
# "none" exclusive), sessions (number 0-50, only if not none), sessions_useful (only if
# sessions > 0), anything_else (free text).
WHOLE_FORM = [
    "2",  # safe: agree
    "2",  # complained: no
    "enter",  # complaint_fair: blank, as the routing says
    "enter",  # complaint_why: blank
    "1",
    "2",
    "enter",  # activities: work and training
    "3",
    "enter",  # sessions: 3
    "1",  # sessions_useful: very
    *"Good staff",
    "enter",  # anything_else
    "enter",  # the end of the form: finish
]


@asynccontextmanager
async def entering(
    db: Path,
    questionnaire: Questionnaire,
    copies: int = 3,
    size: tuple[int, int] = (100, 30),
    language: str = "en",
    double: bool = True,
) -> AsyncIterator[tuple[Pilot[None], Store, list[str]]]:
    store = await Store.open(db)
    made = serials.new_serials(copies)
    await store.add_paper_copies(1, made, language, f"{questionnaire.id}@{questionnaire.version}")
    await store.set_paper_double_entry(1, double)
    try:
        app = EntryApp(questionnaire, db, 1, store)
        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, "SerialScreen", "the form number screen")
            yield pilot, store, made
    finally:
        await store.close()


async def type_serial(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause(0.05)


async def key(pilot: Pilot[None], keys: list[str]) -> None:
    for k in keys:
        await pilot.press(k)
    await pilot.pause(0.05)


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#message").render())


async def paper_responses(store: Store) -> list[dict[str, Answer]]:
    rows = [r for r in await store.responses(1) if r.mode == "paper"]
    return [await store.answers(r.id) for r in rows]


async def test_a_whole_form_keyed_twice_alike_becomes_one_paper_response(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini) as (pilot, store, made):
        serial = made[0]
        for keying in (1, 2):
            await type_serial(pilot, serial)
            assert screen_name(pilot) == "KeyingScreen"
            heading = screen_text(pilot)
            assert serial in heading
            assert ("first keying" if keying == 1 else "second keying") in heading
            await key(pilot, WHOLE_FORM)
            await wait_for_screen(pilot, "SerialScreen", "back to the form number")
        assert f"Form {serial} is typed in" in message(pilot)
        (answers,) = await paper_responses(store)
        assert answers["safe"] == Answer.of("agree")
        assert answers["complained"] == Answer.of("no")
        assert answers["complaint_fair"].status == "not_applicable"
        assert answers["activities"] == Answer.of(("work", "training"))
        assert answers["sessions"] == Answer.of(3)
        assert answers["sessions_useful"] == Answer.of("very")
        assert answers["anything_else"] == Answer.of("Good staff")
        (row,) = [r for r in await store.responses(1) if r.mode == "paper"]
        assert row.language == "en" and row.status == "complete"
        assert await store.paper_keying(1) == Keying(fields=len(mini.questions), forms=1)
        assert await store.paper_entered(1) == 1
        # typed in once: the same number again is refused, and nothing changes
        await type_serial(pilot, serial.lower().replace("-", ""))
        assert screen_name(pilot) == "SerialScreen"
        assert "typed in already" in message(pilot)
        assert len(await paper_responses(store)) == 1
        # the staging is gone: nothing ties the response to the serial
        assert await store.paper_fields(1, serial, 1) == {}


async def test_codes_and_an_answer_against_the_routing_are_kept_and_flagged(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini, double=False) as (pilot, store, made):
        await type_serial(pilot, made[0])
        assert "single keying" in screen_text(pilot)
        await key(
            pilot,
            [
                "?",  # safe: can't read
                "2",  # complained: no...
                "1",  # ...yet complaint_fair answered: kept, flagged
                "/",
                "enter",  # complaint_why (typed): prefer not to say, though the routing skips it
                "1",
                "3",
                "enter",  # activities: work with "none": boxes that cannot go together
                "?",
                "enter",  # sessions: can't read
                "*",  # sessions_useful: more than one ticked
                "enter",  # anything_else: blank
                "enter",
            ],
        )
        await wait_for_screen(pilot, "SerialScreen", "back to the form number")
        (answers,) = await paper_responses(store)
        assert answers["safe"] == Answer.skip()
        assert answers["complained"] == Answer.of("no")
        assert answers["complaint_fair"] == Answer.of("yes")
        # complaint_fair "yes": the routing skips the "why" question, and no answer was written
        assert answers["complaint_why"].status == "not_applicable"
        assert answers["activities"] == Answer.skip()
        assert answers["sessions"] == Answer.skip()
        assert answers["sessions_useful"] == Answer.skip()
        assert answers["anything_else"] == Answer.skip()
        assert await store.paper_flags(1) == {"unreadable": 2, "routing": 1, "multiple": 2}


async def test_wrong_unknown_and_foreign_form_numbers_are_refused(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini) as (pilot, store, made):
        await type_serial(pilot, "ABC")
        assert "7 letters and figures" in message(pilot)
        body = serials.normalise(made[0])
        wrong = body[:2] + ("A" if body[2] != "A" else "B") + body[3:]
        await type_serial(pilot, wrong)
        assert "one character is wrong" in message(pilot)
        other = serials.new_serial()
        await type_serial(pilot, other)
        assert f"No form numbered {other}" in message(pilot)
        inspection = await store.get_inspection(1)
        assert inspection is not None
        foreign = PageMark(made[0], "0" * 8 + "-0000-4000-8000-" + "0" * 12, "mini@0.1", 1, 4)
        await type_serial(pilot, foreign.encode())
        assert "another inspection" in message(pilot)
        older = PageMark(made[0], inspection.uuid, "mini@0.0", 1, 4)
        await type_serial(pilot, older.encode())
        assert "printed from the questionnaire mini@0.0" in message(pilot)
        assert screen_name(pilot) == "SerialScreen"
        # a scanned page of the right form opens it
        await type_serial(pilot, PageMark(made[0], inspection.uuid, "mini@0.1", 2, 4).encode())
        assert screen_name(pilot) == "KeyingScreen"
        assert await paper_responses(store) == []


async def test_double_entry_differences_are_decided_with_both_values_shown(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini) as (pilot, store, made):
        serial = made[1]
        await type_serial(pilot, serial)
        await key(pilot, WHOLE_FORM)
        await wait_for_screen(pilot, "SerialScreen", "back after the first keying")
        assert "second inspector" in message(pilot)
        await type_serial(pilot, serial)
        # blind: nothing of the first keying shows
        screen = pilot.app.screen
        assert isinstance(screen, KeyingScreen)
        assert screen.fields == {}
        assert "Keyed before" not in screen_text(pilot)
        second = list(WHOLE_FORM)
        second[0] = "3"  # safe: unsure, not agree
        second[7] = "4"  # sessions: 4, not 3
        await key(pilot, second)
        await wait_for_screen(pilot, "ResolveScreen", "the differences")
        shown = screen_text(pilot)
        assert "1 of 2" not in shown and "2 of 2 to decide" in shown
        assert "I feel safe here." in shown
        assert "First keying: 2 Agree" in shown and "Second keying: 3 Unsure" in shown
        assert await paper_responses(store) == []  # nothing final before the decisions
        await pilot.press("1")
        await wait_for(pilot, lambda: "1 of 2 to decide" in screen_text(pilot), what="the next")
        shown = screen_text(pilot)
        assert "First keying: 3" in shown and "Second keying: 4" in shown
        await pilot.press("3")  # neither: the form says 5
        await wait_for_screen(pilot, "DecideScreen", "typing it again")
        await key(pilot, ["5", "enter"])
        await wait_for_screen(pilot, "SerialScreen", "back when decided")
        assert f"Form {serial} is typed in" in message(pilot)
        (answers,) = await paper_responses(store)
        assert answers["safe"] == Answer.of("agree")
        assert answers["sessions"] == Answer.of(5)
        keying = await store.paper_keying(1)
        assert (keying.forms, keying.differed, keying.first_kept, keying.second_kept) == (
            1,
            2,
            1,
            0,
        )
        assert keying.neither_kept == 1 and keying.fields == len(mini.questions)


async def test_a_keying_left_part_way_goes_on_where_it_stopped(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini) as (pilot, store, made):
        await type_serial(pilot, made[2])
        await key(pilot, ["2", "2"])
        await pilot.press("escape")
        await wait_for_screen(pilot, "SerialScreen", "left part way")
        assert "what was typed is kept" in message(pilot)
        assert set(await store.paper_fields(1, made[2], 1)) == {"safe", "complained"}
        await type_serial(pilot, made[2])
        screen = pilot.app.screen
        assert isinstance(screen, QuestionView)
        assert screen.question is not None and screen.question.id == "complaint_fair"
        await pilot.press("up")  # back: what was keyed shows
        await pilot.pause(0.05)
        assert "[x] No, I haven't" in screen_text(pilot)


async def test_a_whole_form_in_one_burst_of_keys_is_keyed_field_by_field(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini, double=False) as (pilot, store, made):
        await type_serial(pilot, made[0])
        keys = "".join("\r" if k == "enter" else k for k in WHOLE_FORM)
        for event in XTermParser().feed(keys):
            pilot.app.post_message(event)
        await wait_for(pilot, lambda: screen_name(pilot) == "SerialScreen", what="the end")
        await pilot.pause(0.1)
        (answers,) = await paper_responses(store)
        assert answers["anything_else"] == Answer.of("Good staff")
        assert answers["sessions"] == Answer.of(3)


async def test_what_the_keyer_sees_at_40_columns(db_path: Path, mini: Questionnaire) -> None:
    async with entering(db_path, mini, size=(40, 24), language="both") as (pilot, _store, made):
        await type_serial(pilot, made[0])
        shown = screen_text(pilot)
        assert "Question 1 of 8" in shown
        # both languages of the copy, Welsh first, every option's number
        lines = shown.splitlines()
        assert any(line.strip().startswith("1 [ ]") for line in lines)
        assert any(line.strip().startswith("5 [ ]") for line in lines)
        text = pilot.app.screen.query_one("#text").render()
        words = str(text).splitlines()
        assert words[-1] == "I feel safe here." and words[0] != words[-1]
        await key(pilot, ["2"])
        # a typed question shows what is typed, in the box
        await key(pilot, ["2", "enter", "enter", "enter", "enter", "enter", "4", "2"])
        assert "42" in screen_text(pilot)
        for line in screen_lines_of(pilot):
            assert len(line) <= 40


def screen_lines_of(pilot: Pilot[None]) -> list[str]:
    return screen_text(pilot).splitlines()


async def test_nothing_english_shows_on_the_entry_screens_in_welsh(
    db_path: Path, mini: Questionnaire
) -> None:
    english = english_sentences()
    store = await Store.open(db_path)
    made = serials.new_serials(2)
    await store.add_paper_copies(1, made, "cy", "mini@0.1")
    seen: list[str] = []
    try:
        app = EntryApp(mini, db_path, 1, store, language="cy")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, "SerialScreen", "the form number screen")
            seen.append(visible_text(pilot))
            for wrong in ("AB", serials.new_serial()):
                await type_serial(pilot, wrong)
                seen.append(visible_text(pilot))
            await type_serial(pilot, made[0])
            seen.append(visible_text(pilot))  # a closed question
            await key(pilot, ["9"])
            seen.append(visible_text(pilot))  # no such box
            await key(pilot, [*WHOLE_FORM[:4], "*"])
            seen.append(visible_text(pilot))  # a multiple choice question: "several" refused
            await key(pilot, WHOLE_FORM[4:7])
            seen.append(visible_text(pilot))  # a number
            await key(pilot, [*"99", "enter"])
            seen.append(visible_text(pilot))  # out of range
            await key(pilot, ["backspace", "backspace", "3", "enter", "1"])
            seen.append(visible_text(pilot))  # free text
            await key(pilot, [*"Da", "enter"])
            seen.append(visible_text(pilot))  # the end of the form
            await key(pilot, ["enter"])
            await wait_for_screen(pilot, "SerialScreen", "back")
            seen.append(visible_text(pilot))
            await type_serial(pilot, made[0])
            await key(pilot, ["3", *WHOLE_FORM[1:]])
            await wait_for_screen(pilot, "ResolveScreen", "the differences")
            seen.append(visible_text(pilot))
            await pilot.press("3")
            await wait_for_screen(pilot, "DecideScreen", "typing it again")
            seen.append(visible_text(pilot))
            await key(pilot, ["2"])  # safe: the form says "agree"
            await wait_for_screen(pilot, "ResolveScreen", "the other difference")
            await pilot.press("1")  # the comment as the first keying typed it
            await wait_for_screen(pilot, "SerialScreen", "decided")
            seen.append(visible_text(pilot))
    finally:
        await store.close()
    shown = "\n".join(seen).replace("Demo Approved Premises", "")
    leaks = sorted(s for s in english if s in shown)
    assert not leaks, leaks
    assert "Cwestiwn 1 o 8" in shown


async def test_the_lead_sees_forms_printed_typed_in_and_what_double_entry_found(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.core.keys.passphrase import hash_passphrase
    from survey_app.settings import Settings
    from survey_app.ui.factory import make_app
    from survey_app.ui.lead.app import ROLE

    async with entering(db_path, mini, copies=5) as (pilot, store, made):
        await type_serial(pilot, made[0])
        await key(pilot, WHOLE_FORM)
        await type_serial(pilot, made[0])
        await key(pilot, ["3", *WHOLE_FORM[1:]])
        await wait_for_screen(pilot, "ResolveScreen", "the differences")
        await pilot.press("2")
        await wait_for_screen(pilot, "SerialScreen", "decided")
        await store.set_secret(ROLE, hash_passphrase("hedgehog lantern 42"))
    app = make_app("lead", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#passphrase"), what="the door")
        pilot.app.screen.query_one("#passphrase").focus()
        await pilot.press(*"hedgehog", "space", *"lantern", "space", *"42", "enter")
        await wait_for(pilot, lambda: screen_name(pilot) == "DashboardScreen", what="dashboard")
        await wait_for(pilot, lambda: "Paper forms" in screen_text(pilot), what="paper")
        line = str(pilot.app.screen.query_one("#paper").render())
        assert "Paper forms: 5 printed, 1 typed in." in line
        assert "1 form keyed twice, 8 fields compared, 1 differed" in line
        assert "as the first keyer typed 0, as the second 1, neither 0" in line


async def test_a_form_keyed_once_is_final_when_double_entry_is_turned_off(
    db_path: Path, mini: Questionnaire
) -> None:
    async with entering(db_path, mini) as (pilot, store, made):
        await type_serial(pilot, made[0])
        await key(pilot, WHOLE_FORM)
        await wait_for_screen(pilot, "SerialScreen", "back after the first keying")
        assert await paper_responses(store) == []
        await store.set_paper_double_entry(1, False)
        await type_serial(pilot, made[0])
        assert screen_name(pilot) == "SerialScreen"
        assert f"Form {made[0]} is typed in" in message(pilot)
        (answers,) = await paper_responses(store)
        assert answers["anything_else"] == Answer.of("Good staff")


async def test_a_keying_merged_from_a_laptop_meanwhile_is_compared_at_the_end(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.core.collection.entry import SECOND, Field

    async with entering(db_path, mini) as (pilot, store, made):
        await type_serial(pilot, made[0])
        await key(pilot, WHOLE_FORM[:3])  # part way through the first keying...
        # ...when a laptop's keying of the same form is merged: it takes the second place
        laptop = {"safe": Field.of("agree"), "complained": Field.of("no")}
        for question in mini.questions:
            field = laptop.get(question.id, Field("blank"))
            await store.save_paper_field(
                1, made[0], SECOND, question.id, (field.code, field.encode())
            )
        await store.finish_pass(1, made[0], SECOND)
        await key(pilot, WHOLE_FORM[3:])
        await wait_for_screen(pilot, "ResolveScreen", "the differences, at once")
        assert "to decide" in screen_text(pilot)


async def test_a_keying_finished_elsewhere_takes_no_more_fields_from_this_screen(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.core.collection.entry import FIRST

    async with entering(db_path, mini) as (pilot, store, made):
        await type_serial(pilot, made[0])  # open, nothing typed yet...
        # ...when a laptop's keying is merged into the same place, finished
        await store.save_paper_field(1, made[0], FIRST, "safe", ("value", "disagree"))
        await store.finish_pass(1, made[0], FIRST)
        await key(pilot, ["2", "2"])
        assert "finished elsewhere meanwhile" in message(pilot)
        assert await store.paper_fields(1, made[0], FIRST) == {"safe": ("value", "disagree")}
        await pilot.press("escape")
        await wait_for_screen(pilot, "SerialScreen", "left")
        await type_serial(pilot, made[0])
        assert "second keying" in screen_text(pilot)
