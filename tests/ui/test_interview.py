"""A facilitated interview through Pilot on a real database: the resident's language and
the inspector's chosen apart, consent read and confirmed aloud, the same questions and
routing as self-completion, the response recorded as an interview, ending part way, and
keys that arrive together."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from driver import rows, screen_lines, screen_name, type_text, wait_for, wait_for_screen
from textual.pilot import Pilot
from textual.widgets import Static

from survey_app.core.questionnaire.model import Questionnaire
from survey_app.settings import Settings
from survey_app.ui.factory import make_app
from survey_app.ui.interview.screens import QuestionScreen


@asynccontextmanager
async def interviewing(
    db: Path, questionnaire: Questionnaire, inspector: str = "en", size: tuple[int, int] = (80, 24)
) -> AsyncIterator[Pilot[None]]:
    app = make_app("interview", Settings(db=db, inspection=1), questionnaire, language=inspector)
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, "StartScreen", "the start")
        yield pilot


def read_aloud(pilot: Pilot[None]) -> str:
    return " ".join(str(w.render()) for w in pilot.app.screen.query(".read-text").results(Static))


def instructions(pilot: Pilot[None]) -> str:
    return " ".join(
        str(w.render()) for w in pilot.app.screen.query(".instructions").results(Static)
    )


def question_id(pilot: Pilot[None]) -> str | None:
    screen = pilot.app.screen
    if not isinstance(screen, QuestionScreen):
        return None
    target = screen.target()
    return target.id if target else None


async def at(pilot: Pilot[None], qid: str) -> None:
    await wait_for(pilot, lambda: question_id(pilot) == qid, what=f"question {qid}")
    await pilot.pause(0.05)


async def consent(pilot: Pilot[None], resident: str) -> None:
    await pilot.press("2" if resident == "en" else "1")
    await wait_for_screen(pilot, "ConsentScreen", "the consent script")
    await pilot.press("1")
    await wait_for_screen(pilot, "QuestionScreen", "the first question")


async def test_a_whole_interview_in_english_is_recorded_as_an_interview(
    db_path: Path, mini: Questionnaire
) -> None:
    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        assert read_aloud(pilot) == "I feel safe here."
        shown = "\n".join(screen_lines(pilot))
        for key in ("S  Skip", "P  Refused", "B  Back", "X  End", "L  Cymraeg"):
            assert key in shown, (key, shown)  # every key on screen at 80x24
        await pilot.press("2")  # agree
        await at(pilot, "complained")
        await pilot.press("p")  # refused: one key
        await at(pilot, "activities")
        await pilot.press("1", "0")  # work, done
        await at(pilot, "sessions")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await at(pilot, "sessions_useful")
        await pilot.press("s")  # skipped: one key
        await at(pilot, "anything_else")
        await type_text(pilot, "The curfew is fine")
        await pilot.press("enter")
        await wait_for_screen(pilot, "FinishScreen", "the end")
        await pilot.press("d")
        await wait_for_screen(pilot, "DoneScreen", "the code to hand over")
        code = str(pilot.app.screen.query_one("#code", Static).render())
        assert len(code) >= 8
    assert rows(db_path, "SELECT mode, status, language FROM response") == [
        ("interview", "complete", "en")
    ]
    given = dict(rows(db_path, "SELECT question_id, status FROM answer"))
    assert given == {
        "safe": "answered", "complained": "refused", "activities": "answered",
        "sessions": "answered", "sessions_useful": "skipped", "anything_else": "answered",
    }  # fmt: skip


async def test_dont_know_is_one_key_and_picks_a_questions_own_option_where_it_has_one(
    db_path: Path, mini: Questionnaire
) -> None:
    """K records "don't know": on a question with no such option, as a status of its own
    (counted apart from answers, skips and refusals); on one with its own "I don't know
    yet" option, as that option. The button does the same by mouse, and the review reads
    it back in words."""
    from survey_app.core.store.base import Store

    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        assert "K  Don't know" in "\n".join(screen_lines(pilot))
        await pilot.press("k")
        await at(pilot, "complained")
        await pilot.press("1")  # yes
        await at(pilot, "complaint_fair")
        await pilot.click("#dont-know")
        await at(pilot, "activities")  # "why" is asked only of those it was unfair to
        await pilot.press("1", "0")
        await at(pilot, "sessions")  # a number box has the focus: K is still the key
        await pilot.press("k")
        await at(pilot, "anything_else")  # "useful?" only follows a number of sessions
        await pilot.click("#end")  # the text box keeps its letters: by mouse
        await wait_for_screen(pilot, "EndEarlyScreen", "the question to end")
        await pilot.press("1")
        await wait_for_screen(pilot, "StartScreen", "the start again")
    given = {q: (status, value) for q, status, value in rows(
        db_path, "SELECT question_id, status, value FROM answer")}  # fmt: skip
    assert given["safe"] == ("dont_know", None)
    assert given["complaint_fair"] == ("answered", '"dont_know"')
    assert given["sessions"] == ("dont_know", None)
    store = await Store.open(db_path)
    try:
        tallies = await store.tally(1)
    finally:
        await store.close()
    assert tallies.of("safe").dont_know == 1 and not tallies.of("safe").answered
    assert tallies.of("safe").skipped == tallies.of("safe").refused == 0
    assert tallies.of("complaint_fair").answered == {("dont_know",): 1}


async def test_a_welsh_interview_from_an_english_screen_reads_welsh_and_instructs_english(
    db_path: Path, bundled: Questionnaire
) -> None:
    async with interviewing(db_path, bundled, size=(100, 30)) as pilot:
        await pilot.press("1")  # the resident answers in Welsh
        await wait_for_screen(pilot, "ConsentScreen", "the consent script")
        assert read_aloud(pilot) == bundled.consent_script("cy")
        shown = " ".join(" ".join(screen_lines(pilot)).split())
        assert "an interpreter reads them" in shown and "Did the resident agree" in shown
        await pilot.press("1")
        first = bundled.questions[0]
        await at(pilot, first.id)
        assert read_aloud(pilot) == bundled.text(first, "cy") != bundled.text(first, "en")
        assert instructions(pilot) == bundled.instructions(first, "en")
        # Options as read out: in Welsh; the keys and buttons: in English.
        shown = "\n".join(screen_lines(pilot))
        assert bundled.options(first, "cy")[0][1] in shown and "S  Skip" in shown
        # The inspector switches their own screen to Welsh: the words to read stay Welsh.
        await pilot.press("l")
        await wait_for(pilot, lambda: "S  Hepgor" in "\n".join(screen_lines(pilot)), what="cy")
        assert read_aloud(pilot) == bundled.text(first, "cy")
        assert instructions(pilot) == bundled.instructions(first, "cy")
        assert "interpreter" not in " ".join(screen_lines(pilot))  # now the same language
        await pilot.press("1")
        await wait_for(pilot, lambda: question_id(pilot) != first.id, what="the next question")
        # Ended part way: what was answered is kept, as partial, in Welsh.
        await pilot.press("x")
        await wait_for_screen(pilot, "EndEarlyScreen", "the question to end")
        await pilot.press("1")
        await wait_for_screen(pilot, "StartScreen", "the start again")
    assert rows(db_path, "SELECT mode, status, language FROM response") == [
        ("interview", "partial", "cy")
    ]


async def test_a_resident_who_declines_leaves_no_response(
    db_path: Path, mini: Questionnaire
) -> None:
    async with interviewing(db_path, mini) as pilot:
        await pilot.press("2")
        await wait_for_screen(pilot, "ConsentScreen", "the consent script")
        await pilot.press("2")
        await wait_for_screen(pilot, "StartScreen", "the start again")
    assert rows(db_path, "SELECT COUNT(*) FROM response") == [(0,)]


async def test_keys_that_arrive_together_never_pop_the_wrong_screen(
    db_path: Path, mini: Questionnaire
) -> None:
    """A burst on the question to end (1 ends, the rest follow at once), then on the start
    and the consent: every key lands on the screen it was meant for, or on none."""
    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        await pilot.press("2")
        await at(pilot, "complained")
        await pilot.press("x")
        await wait_for_screen(pilot, "EndEarlyScreen", "the question to end")
        await pilot.press("1", "1", "2", "escape", "2")
        await pilot.pause(0.3)
        assert pilot.app.is_running
        # One partial response kept; the burst's "1" after it chose Welsh, then its "2"
        # declined (nothing kept) or is waiting on the consent screen: never a second
        # response, never a blank screen.
        assert screen_name(pilot) in ("StartScreen", "ConsentScreen"), screen_name(pilot)
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]


async def test_a_burst_of_keys_on_a_question_answers_once_and_draws_whole(
    db_path: Path, mini: Questionnaire
) -> None:
    """Keys in one read (language twice, an answer, back, skip): the screen ends drawn
    whole on one question, and no answer was given to a question not yet on screen."""
    from textual import events

    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        for key in ("l", "l", "2", "b", "s", "l", "1"):
            pilot.app.post_message(events.Key(key, key))
        await pilot.pause(0.5)
        assert pilot.app.is_running

        def drawn() -> bool:
            screen = pilot.app.screen
            return (
                isinstance(screen, QuestionScreen)
                and bool(screen.query("#reply-area *"))
                and bool(screen.query(".read-text"))
                and bool(screen.query("#no-answer-keys Button"))
            )

        # Drawing again takes its time on a loaded machine: wait for it, not a fixed pause.
        await wait_for(pilot, drawn, what="the question drawn whole")
    answered = rows(db_path, "SELECT question_id FROM answer")
    assert len(answered) <= 3 and len(set(answered)) == len(answered)


async def test_an_interview_on_a_laptop_that_joined_is_sealed_and_reaches_the_lead(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """On an inspector's laptop that joined the inspection, the interview's answers are
    sealed as they are given (nothing of the resident's words in the file or its log), and
    the lead's import opens them as an interview. By mouse alone, at 80x24."""
    from survey_app.core.device.outbox import Outbox
    from tests.unit.test_devices import bring, carry, device, lead_store, on_disk

    store, inspection, setup = await lead_store(tmp_path / "lead.sqlite3", mini)
    laptop = tmp_path / "laptop.sqlite3"
    await (await device(laptop, setup)).close()
    words = "Zebrafinch marmalade curfew"
    app = make_app("interview", Settings(db=laptop, inspection=1), mini, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "StartScreen", "the start")
        assert "Inspection of Lantern House" in "\n".join(screen_lines(pilot))
        await pilot.click("#en")
        await wait_for_screen(pilot, "ConsentScreen", "the consent script")
        await pilot.click("#agreed")
        await at(pilot, "safe")
        await pilot.click("#reply-agree")
        await at(pilot, "complained")
        await pilot.click("#refuse")
        await at(pilot, "activities")
        await pilot.click("#reply-none")
        await pilot.click("#done")
        await at(pilot, "anything_else")
        await type_text(pilot, words)
        await pilot.click("#send")
        await wait_for_screen(pilot, "FinishScreen", "the end")
        await pilot.click("#send")
        await wait_for_screen(pilot, "DoneScreen", "the code to hand over")
    held = on_disk(laptop)
    assert all(word.encode() not in held for word in words.split())
    outbox = await Outbox.open(laptop)
    try:
        bundle = await carry(outbox, setup, tmp_path / "laptop.bundle")
    finally:
        await outbox.close()
    try:
        receipt = await bring(store, inspection, bundle)
        assert receipt.new == 1
        (response,) = await store.responses(inspection.id)
        given = await store.answers(response.id)
    finally:
        await store.close()
    assert response.mode == "interview" and response.status == "complete"
    assert given["complained"].status == "refused"
    assert given["anything_else"].value == words


async def test_an_alert_raised_mid_interview_is_kept_apart_and_the_interview_carries_on(
    tmp_path: Path, mini: Questionnaire
) -> None:
    """F2 while a free-text answer is being typed: the form over the interview, its words
    sealed apart from the response; back at the same question with the words typed so far,
    and the interview goes on to its end. A second F2 on the form opens no second form."""
    from survey_app.core.device.outbox import Outbox
    from survey_app.core.keys.sealing import unlock
    from survey_app.core.safeguarding.alerts import open_alert
    from tests.unit.test_devices import LEAD, device, lead_store, on_disk

    store, _inspection, setup = await lead_store(tmp_path / "lead.sqlite3", mini)
    await store.close()
    laptop = tmp_path / "laptop.sqlite3"
    await (await device(laptop, setup)).close()
    app = make_app("interview", Settings(db=laptop, inspection=1), mini, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "StartScreen", "the start")
        await consent(pilot, "en")
        await at(pilot, "safe")
        assert "F2  Alert" in "\n".join(screen_lines(pilot))
        await pilot.press("2")
        await at(pilot, "complained")
        await pilot.press("2")
        await at(pilot, "activities")
        await pilot.press("1", "0")
        await at(pilot, "sessions")
        await pilot.press("s")
        await at(pilot, "anything_else")
        await type_text(pilot, "Staff are")
        await pilot.press("f2", "f2")
        await wait_for_screen(pilot, "AlertScreen", "the alert form")
        shown = "\n".join(screen_lines(pilot))
        assert "The interview is paused" in shown and "a name or a room" in shown
        names = [type(each).__name__ for each in pilot.app.screen_stack]
        assert names[-3:] == ["StartScreen", "QuestionScreen", "AlertScreen"], names
        await pilot.press("ctrl+s")  # nothing chosen yet: said, nothing saved
        await pilot.pause(0.1)
        assert "Choose what the alert is about" in "\n".join(screen_lines(pilot))
        await pilot.click("#kind-harm_to_self")
        await pilot.press("ctrl+s")  # what was said is needed: said, and the box focused
        await pilot.pause(0.1)
        assert "Write what was said or seen" in "\n".join(screen_lines(pilot))
        assert pilot.app.focused is not None and pilot.app.focused.id == "said_or_seen"
        await type_text(pilot, "Says he will hurt himself tonight")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "AlertSavedScreen", "the alert saved")
        assert "Tell the lead inspector now" in "\n".join(screen_lines(pilot))
        await pilot.press("1")
        await at(pilot, "anything_else")
        assert "Staff are" in "\n".join(screen_lines(pilot))  # what was typed waited too
        await type_text(pilot, " kind.")
        await pilot.press("enter")
        await wait_for_screen(pilot, "FinishScreen", "the end")
        await pilot.press("d")
        await wait_for_screen(pilot, "DoneScreen", "the code to hand over")
    held = on_disk(laptop)
    assert b"hurt himself" not in held and b"Staff are kind" not in held
    outbox = await Outbox.open(laptop)
    try:
        ((alert_id, sealed),) = await outbox.pending_alerts()
        (response,) = await outbox.pending()
    finally:
        await outbox.close()
    assert alert_id != response.id
    protected = await store_key(tmp_path / "lead.sqlite3")
    opened = open_alert(unlock(protected, LEAD), setup.uuid, alert_id, sealed)
    assert opened.kind == "harm_to_self"
    assert opened.said_or_seen == "Says he will hurt himself tonight"


async def store_key(path: Path) -> str:
    from survey_app.core.store.base import Store

    store = await Store.open(path)
    try:
        protected = await store.protected_private_key(1)
    finally:
        await store.close()
    assert protected is not None
    return protected


async def test_every_key_of_a_question_shows_whole_at_80_columns_in_welsh(
    db_path: Path, mini: Questionnaire
) -> None:
    """Welsh, the longer language, on the inspector's screen: the alert key last on the
    bar was cut to "F2  R" at 80 columns, and then "don't know" made one row too long."""
    async with interviewing(db_path, mini, inspector="cy") as pilot:
        await consent(pilot, "cy")
        await at(pilot, "safe")
        bar = "\n".join(screen_lines(pilot)[-2:])
        for key in ("S  Hepgor", "K  Ddim yn gwybod", "P  Gwrthod ateb", "N  Nodyn", "B  Yn ôl",
                    "X  Gorffen", "L  English", "F2  Rhybudd"):  # fmt: skip
            assert key in bar, (key, bar)


async def test_an_inspectors_note_is_kept_apart_from_the_answer_and_shown_to_the_lead_scrubbed(
    db_path: Path, mini: Questionnaire
) -> None:
    """N on a question opens the note form over it; the note is saved apart from the
    answers (its own table, never a quote), shown on the inspector's screen as theirs, and
    reaches the lead only scrubbed and marked as an inspector's. Keys that come together
    on the form close it once."""
    from driver import on_screen

    from survey_app.core.evidence.notes import interview_notes
    from survey_app.core.store.base import Store
    from survey_app.ui.interview.note import NoteScreen

    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        assert "N  Note" in "\n".join(screen_lines(pilot))
        await pilot.press("n")
        await wait_for_screen(pilot, "NoteScreen", "the note form")
        await type_text(pilot, "Hesitated; said Darren in room 4 scares him")
        await pilot.press("ctrl+s", "ctrl+s", "escape")  # a burst: one save, one close
        await wait_for_screen(pilot, "QuestionScreen", "back at the question")
        await at(pilot, "safe")  # the same question, still to answer
        assert on_screen(pilot, "#own-note")
        shown = " ".join(" ".join(screen_lines(pilot)).split())
        assert "Your note: Hesitated; said Darren in room 4 scares him" in shown
        # changed, then taken away by mouse on the next question
        await pilot.press("2")
        await at(pilot, "complained")
        await pilot.click("#note")
        await wait_for_screen(pilot, "NoteScreen", "the note form")
        await type_text(pilot, "Asked twice")
        await pilot.click("#cancel")
        await wait_for_screen(pilot, "QuestionScreen", "back without saving")
        assert not isinstance(pilot.app.screen, NoteScreen)
        assert not on_screen(pilot, "#own-note")
        await pilot.press("1")
        await at(pilot, "complaint_fair")
        await pilot.press("x")
        await wait_for_screen(pilot, "EndEarlyScreen", "the question to end")
        await pilot.press("1")
        await wait_for_screen(pilot, "StartScreen", "the start again")
    assert rows(db_path, "SELECT question_id, text FROM interview_note") == [
        ("safe", "Hesitated; said Darren in room 4 scares him")
    ]
    answers = rows(db_path, "SELECT value FROM answer WHERE value IS NOT NULL")
    assert not any("Hesitated" in str(value) for (value,) in answers)
    store = await Store.open(db_path)
    try:
        from survey_app.core.evidence.quotes import gather

        await gather(store, mini, 1)
        assert not any("Hesitated" in q.text for q in await store.quotes(1))
        (note,) = await interview_notes(store, 1, "safe", "en")
    finally:
        await store.close()
    assert note.startswith("Hesitated; said") and "Darren" not in note and "room 4" not in note


async def test_an_interview_paused_and_taken_up_again_with_its_passphrase(
    db_path: Path, mini: Questionnaire
) -> None:
    """X then 3 pauses: a passphrase of the inspector's own, twice; the first screen lists
    the paused interview by number, day and how far it got, and nothing else; a wrong
    passphrase does not take it up; the right one goes on at the next question, note and
    all, and the response is one, complete."""
    async with interviewing(db_path, mini) as pilot:
        await consent(pilot, "en")
        await at(pilot, "safe")
        await pilot.press("2")
        await at(pilot, "complained")
        await pilot.press("n")
        await wait_for_screen(pilot, "NoteScreen", "the note form")
        await type_text(pilot, "Called away by staff")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "QuestionScreen", "back at the question")
        await pilot.press("x")
        await wait_for_screen(pilot, "EndEarlyScreen", "the question to end")
        await pilot.press("3")
        await wait_for_screen(pilot, "PauseScreen", "the pause passphrase")
        await type_text(pilot, "short")
        await pilot.press("enter")
        await type_text(pilot, "short")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "at least 8" in " ".join(screen_lines(pilot)), what="short")
        for field_id in ("#first", "#again"):
            pilot.app.screen.query_one(field_id).value = ""  # type: ignore[attr-defined]
        pilot.app.screen.query_one("#first").focus()
        await type_text(pilot, "kettle on 42")
        await pilot.press("enter")
        await type_text(pilot, "kettle on 42")
        await pilot.press("enter")
        await wait_for_screen(pilot, "StartScreen", "the start again")
        shown = " ".join(" ".join(screen_lines(pilot)).split())
        today = dt.date.today().isoformat()
        assert "Interview 1 is paused." in shown
        assert f"Interview 1: paused {today}, 1 of about" in shown
        assert "3 Go on with a paused interview" in shown
        assert "kettle" not in shown and "Called away" not in shown
        await pilot.press("3")
        await wait_for_screen(pilot, "ResumeScreen", "the paused list")
        await pilot.press("enter")  # the highlighted one: on to the passphrase
        await type_text(pilot, "not the right one")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "not the passphrase it was paused with" in " ".join(
            screen_lines(pilot)), what="refused")  # fmt: skip
        await type_text(pilot, "kettle on 42")
        await pilot.press("enter")
        await at(pilot, "complained")
        assert "Your note: Called away by staff" in " ".join(screen_lines(pilot))
        await pilot.press("2")  # no complaint
        await at(pilot, "activities")
        await pilot.press("3", "0")  # none of these: no question of sessions
        await at(pilot, "anything_else")
        await pilot.click("#skip")
        await wait_for_screen(pilot, "FinishScreen", "the end")
        await pilot.press("d")
        await wait_for_screen(pilot, "DoneScreen", "the code to hand over")
    assert rows(db_path, "SELECT mode, status FROM response") == [("interview", "complete")]
    assert rows(db_path, "SELECT count(*) FROM paused") == [(0,)]
    given = dict(rows(db_path, "SELECT question_id, status FROM answer"))
    assert given["safe"] == given["complained"] == "answered"
