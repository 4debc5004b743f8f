"""What a resident meets, checked on the screen as drawn (at a phone's 40x24 and at 100x30):
each test here stands for a problem found by trying the survey as a new resident would."""

from __future__ import annotations

from pathlib import Path

import pytest
from driver import (
    answer_current,
    answer_until_review,
    app_of,
    bubbles,
    chat,
    go_to,
    on_screen,
    reply,
    rows,
    screen_text,
    seen_at,
    settled,
    surveying,
    target,
    type_text,
    wait_for,
    wait_for_screen,
)
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button

from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.rows import decode_value
from survey_app.settings import Settings
from survey_app.ui.factory import make_app
from survey_app.ui.screens.chat import ChatScreen
from survey_app.ui.screens.review import ReviewScreen
from survey_app.ui.widgets.chrome import KEYS
from survey_app.ui.widgets.composer import FreeText
from survey_app.ui.widgets.quick_replies import QuickReplies

PHONE = (40, 24)
LAPTOP = (100, 30)
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["40x24", "100x30"])


def answer_of(db: Path, question_id: str) -> tuple[object, object]:
    [(status, value)] = rows(
        db, "SELECT status, value FROM answer WHERE question_id = ?", (question_id,)
    )
    return status, decode_value(value)  # type: ignore[arg-type]


# --- 1. the number question -------------------------------------------------------------
@SIZES
async def test_the_number_box_shows_what_is_typed_its_unit_range_and_send(
    db_path: Path, bundled: Questionnaire, size: tuple[int, int]
) -> None:
    async with surveying(bundled, db_path, size=size) as pilot:
        await go_to(pilot, "keywork_sessions")
        await pilot.press("7")
        await pilot.pause()
        text = screen_text(pilot)
        line = next(line for line in text.splitlines() if "sessions" in line and "▊" in line)
        assert "7" in line, text  # the digit typed, beside its unit
        assert "A number from 0 to 50" in text
        assert on_screen(pilot, "#number") and on_screen(pilot, "#send")
        # a value out of range is refused, shown, and selected: the next digits replace it
        await pilot.press("9", "enter")
        await wait_for(pilot, lambda: "from 0 to 50." in screen_text(pilot), what="the error")
        assert "79" in screen_text(pilot)
        await pilot.press("5")
        await reply(pilot, "enter")
        assert target(pilot).id == "keywork_useful"  # type: ignore[union-attr]
    assert answer_of(db_path, "keywork_sessions") == ("answered", 5)


# --- 2. keys while typing ---------------------------------------------------------------
async def test_letters_in_a_text_box_are_text_and_esc_reaches_the_keys(
    db_path: Path, bundled: Questionnaire
) -> None:
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        await go_to(pilot, "final_comments")
        assert "Enter: send · Esc: the keys below" in screen_text(pilot)
        await pilot.press(*"SPBXLH?")
        await pilot.pause()
        box = chat(pilot).query_one(FreeText)
        assert box.text == "SPBXLH?"  # typed as text, nothing skipped, stopped or helped
        assert target(pilot).id == "final_comments"  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.focused is not None and pilot.app.focused.id == "skip"
        assert "Esc: back to typing" in screen_text(pilot)
        await pilot.press("escape")  # and back to the text, which is still there
        assert pilot.app.focused is box and box.text == "SPBXLH?"
        await pilot.press("escape", "h")  # help, from the keys
        await wait_for(
            pilot, lambda: any("Please do not write" in b for b in bubbles(pilot)), what="help"
        )
        await pilot.press("escape")
        await pilot.press("escape", "s")
        await wait_for_screen(pilot, "ReviewScreen", "the review after skipping")
    assert answer_of(db_path, "final_comments") == ("skipped", None)


async def test_letters_in_the_number_box_are_keys(db_path: Path, bundled: Questionnaire) -> None:
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        await go_to(pilot, "keywork_sessions")
        await pilot.press("h")
        await wait_for(
            pilot, lambda: any("planned meeting" in b for b in bubbles(pilot)), what="help"
        )
        await reply(pilot, "p")
    assert answer_of(db_path, "keywork_sessions") == ("refused", None)


# --- 3. multiple choice -----------------------------------------------------------------
@SIZES
async def test_every_option_and_done_can_be_seen_and_an_exclusive_one_says_what_it_cleared(
    db_path: Path, bundled: Questionnaire, size: tuple[int, int]
) -> None:
    async with surveying(bundled, db_path, size=size) as pilot:
        await go_to(pilot, "activities_done")
        question = target(pilot)
        assert question is not None
        # the question itself is in view from its start, above the options
        await pilot.pause()
        assert "Which of these have you done" in " ".join(screen_text(pilot).split())
        codes = [code for code, _ in bundled.options(question, "en")]
        assert on_screen(pilot, "#done")
        for number in (1, 3, 6):
            await pilot.press(str(number))
            await pilot.pause()
            assert on_screen(pilot, f"#reply-{codes[number - 1]}"), number
            assert on_screen(pilot, "#done")
        assert "Chosen: 1, 3, 6" in screen_text(pilot)
        await pilot.press(str(len(codes)))  # "None of these", the last and exclusive
        await pilot.pause()
        assert on_screen(pilot, f"#reply-{codes[-1]}") and on_screen(pilot, "#done")
        replies = chat(pilot).query_one(QuickReplies)
        assert replies.chosen == (codes[-1],)
        text = " ".join(screen_text(pilot).split())
        assert f"Choosing {len(codes)} took away 1, 3, 6." in text
        assert on_screen(pilot, "#choice-note")
        await reply(pilot, "0")
    assert answer_of(db_path, "activities_done") == ("answered", ("none",))


# --- 4. text exactly as it arrived --------------------------------------------------------
async def test_a_paste_is_stored_exactly_with_every_character(
    db_path: Path, bundled: Questionnaire
) -> None:
    pasted = "a\rb\x0bc\x1cd\u2028e\x85f\r\ng\x07\u202eh\u202c 👨\u200d👩 שלום \x00"
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        await go_to(pilot, "final_comments")
        await type_text(pilot, pasted)
        assert chat(pilot).query_one(FreeText).text == pasted
        for line in screen_text(pilot).splitlines():
            assert "\x1b" not in line and "\u202e" not in line and "\x07" not in line
        await reply(pilot, "enter")
    assert answer_of(db_path, "final_comments") == ("answered", pasted)


async def test_a_joiner_typed_as_a_key_is_kept(db_path: Path, bundled: Questionnaire) -> None:
    from textual._xterm_parser import XTermParser

    family = "👨\u200d👩\u200d👧 ok\u00a0then"
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        await go_to(pilot, "final_comments")
        # the key events a terminal's parser makes of these characters, one by one
        keys = [e for e in XTermParser().feed(family) if isinstance(e, events.Key)]
        assert len(keys) == len(family)
        for key in keys:
            pilot.app.post_message(key)
            await pilot.pause()
        assert chat(pilot).query_one(FreeText).text == family
        await reply(pilot, "enter")
    assert answer_of(db_path, "final_comments") == ("answered", family)


# --- 5. a phone's screen ------------------------------------------------------------------
async def test_the_information_screen_can_be_read_in_full_at_40x24(
    db_path: Path, bundled: Questionnaire
) -> None:
    app = make_app("survey", Settings(db=db_path, inspection=1), bundled)
    async with app.run_test(size=PHONE) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen")
        text = screen_text(pilot)
        assert all(line.rstrip().endswith("│") for line in text.splitlines() if "│" in line)
        assert "╮" in text and "╯" in text  # the welcome box, borders and all
        await pilot.press("2")
        await wait_for_screen(pilot, "InfoScreen")
        await pilot.pause()
        assert pilot.app.focused is not None and pilot.app.focused.id == "start"
        hidden = ["#para-4", "#para-5", "#para-6"]  # skip anything, the one limit, help
        assert not all(on_screen(pilot, p) for p in hidden)
        assert "More below" in screen_text(pilot)
        # keys, with Start still focused
        seen = set()
        for _ in range(60):
            seen |= {p for p in hidden if on_screen(pilot, p)}
            if "More below" not in screen_text(pilot):
                break
            await pilot.press("down")
        assert seen == set(hidden)
        assert "0808 164 0123" in screen_text(pilot)
        assert "More below" not in screen_text(pilot)
        assert pilot.app.focused.id == "start"
        await pilot.press("home")
        await pilot.pause()
        assert not on_screen(pilot, "#para-6")
        # the wheel
        for _ in range(60):
            await pilot._post_mouse_events([events.MouseScrollDown], "#info-text")
        assert on_screen(pilot, "#para-6")
        await pilot.press("home")
        # a tap on "More below"
        for _ in range(10):
            if "More below" not in screen_text(pilot):
                break
            await pilot.click("MoreBelow")
        assert on_screen(pilot, "#para-6")


async def test_the_thanks_screen_shows_the_help_lines_at_40x24(
    db_path: Path, mini: Questionnaire
) -> None:
    from driver import submit

    async with surveying(mini, db_path, size=PHONE) as pilot:
        await answer_until_review(pilot)
        code = await submit(pilot)
        assert code in screen_text(pilot)
        for _ in range(60):
            if "More below" not in screen_text(pilot):
                break
            await pilot.press("down")
        text = " ".join(screen_text(pilot).split())
        assert "116 123" in text and "0808 164 0123" in text


@pytest.mark.parametrize("language", ["en", "cy"])
async def test_the_progress_label_is_whole_at_40_columns(
    db_path: Path, bundled: Questionnaire, language: str
) -> None:
    async with surveying(bundled, db_path, language, size=PHONE) as pilot:
        label = chat(pilot).query_one("#progress-label")
        words = str(label.render())
        assert words.split()[-1] in ("go", "ôl")  # "About 42 questions to go", "… ar ôl"
        assert words in screen_text(pilot)


# --- 6. one key per action, in both languages -------------------------------------------
async def test_each_key_does_the_same_in_both_languages(
    db_path: Path, bundled: Questionnaire
) -> None:
    async with surveying(bundled, db_path, size=LAPTOP) as pilot:
        labels = {}
        for language in ("en", "cy"):
            screen = chat(pilot)
            labels[language] = {
                b: str(screen.query_one(f"#{b}", Button).label).split()[0]
                for b in ("skip", "refuse", "back", "help", "stop", "language")
            }
            if language == "en":
                await pilot.press("l")
                await wait_for(pilot, lambda: "Hepgor" in screen_text(pilot), what="the Welsh chat")
        assert labels["en"] == labels["cy"] == {b: KEYS[b] for b in labels["en"]}
        assert labels["en"]["skip"] == "S" and labels["en"]["help"] == "H"
        assert str(chat(pilot).query_one("#skip").label) == "S  Hepgor"
        first = target(pilot)
        await reply(pilot, "s")  # S skips in Welsh too
        assert app_of(pilot).session.flow.answers[first.id].status == "skipped"  # type: ignore[union-attr]


# --- 7. the review screen -----------------------------------------------------------------
async def review_items(pilot: Pilot[None]) -> list[str]:
    """Answer up to the review screen; the ids of its items, in order."""
    await answer_until_review(pilot)
    review = pilot.app.screen
    assert isinstance(review, ReviewScreen)
    return [item.question_id for item in review.items]


async def test_review_numbers_open_items_and_only_d_sends(
    db_path: Path, bundled: Questionnaire
) -> None:
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        ids = await review_items(pilot)
        assert len(ids) > 12
        assert pilot.app.focused is not None and pilot.app.focused.id == "review-list"
        await pilot.press("enter", "enter")  # a double Enter sends nothing
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        # "5": no longer number is meant (50 > count), so item 5 opens at once
        await pilot.press("5")
        await wait_for_screen(pilot, "ChatScreen", "item 5 to change")
        assert chat(pilot).editing == ids[4]
        await answer_current(pilot, choice=2)
        await wait_for_screen(pilot, "ReviewScreen")
        # "1" then "2": item 12
        await pilot.press("1", "2")
        await wait_for_screen(pilot, "ChatScreen", "item 12 to change")
        assert chat(pilot).editing == ids[11]
        await answer_current(pilot)
        await wait_for_screen(pilot, "ReviewScreen")
        await pilot.press("d")
        await wait_for_screen(pilot, "ThanksScreen", "thanks after D")
    assert rows(db_path, "SELECT status FROM response") == [("complete",)]


async def test_a_typed_number_can_be_taken_back_and_one_that_could_grow_waits(
    db_path: Path, bundled: Questionnaire
) -> None:
    async with surveying(bundled, db_path, size=PHONE) as pilot:
        ids = await review_items(pilot)
        await pilot.press("1")
        assert "Answer number: 1" in screen_text(pilot)
        await pilot.press("backspace")  # a slip: taken back, and nothing opens
        await pilot.pause(1.5)
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert "Answer number" not in screen_text(pilot)
        await pilot.press("3")  # 30 could still be meant: it opens after a pause
        assert isinstance(pilot.app.screen, ReviewScreen)
        await wait_for_screen(pilot, "ChatScreen", "item 3 after the pause")
        assert chat(pilot).editing == ids[2]


# --- 8. leaving ------------------------------------------------------------------------------
async def test_ctrl_q_in_a_survey_asks_first(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path, size=PHONE) as pilot:
        await reply(pilot, "1")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, "StopScreen", "the stop question")
        assert pilot.app.is_running
        await pilot.press("2")
        await wait_for_screen(pilot, "ChatScreen")
        assert app_of(pilot).session is not None
    assert rows(db_path, "SELECT status FROM response") != [("complete",)]


async def test_ctrl_q_on_welcome_quits(db_path: Path, mini: Questionnaire) -> None:
    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=PHONE) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not pilot.app.is_running, what="the app to quit")


async def test_keys_after_yes_stop_in_the_same_read_do_nothing(
    db_path: Path, mini: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    from survey_app.ui.screens.thanks import ThanksScreen

    # As in use: the code stays on screen for a moment whatever keys follow.
    monkeypatch.setattr(ThanksScreen, "GUARD", 3.0)
    async with surveying(mini, db_path, size=PHONE) as pilot:
        await reply(pilot, "1")
        await pilot.press("x")
        await wait_for_screen(pilot, "StopScreen")
        await pilot.press("1", "2", "1", "2")  # a mash: one read, several keys
        await wait_for_screen(pilot, "StoppedScreen", "the code of the partial response")
        assert pilot.app.is_running
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]
    assert rows(db_path, "SELECT count(*) FROM answer") == [(1,)]


# --- 9. withdrawal for everyone -------------------------------------------------------------
async def test_the_stop_screen_gives_a_code_and_says_how_to_use_it(
    db_path: Path, mini: Questionnaire
) -> None:
    async with surveying(mini, db_path, size=LAPTOP) as pilot:
        await reply(pilot, "1")
        await pilot.press("x", "1")
        await wait_for_screen(pilot, "StoppedScreen")
        code = pilot.app.screen.code  # type: ignore[attr-defined]
        text = " ".join(screen_text(pilot).split())
        assert code in text
        assert "inspectors while they are here" in text
        assert "Manchester" in text  # the inspectorate's address, from the inspection


async def test_stopping_before_any_answer_keeps_nothing(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path, size=PHONE) as pilot:
        await pilot.press("x", "1")
        await wait_for_screen(pilot, "WelcomeScreen", "welcome, with no code to show")
    assert rows(db_path, "SELECT count(*) FROM response") == [(0,)]


async def test_a_welsh_resident_meets_no_english_on_the_stopped_screen(
    db_path: Path, mini: Questionnaire
) -> None:
    from driver import english_sentences

    async with surveying(mini, db_path, "cy", size=PHONE) as pilot:
        await reply(pilot, "1")
        await pilot.press("x", "1")
        await wait_for_screen(pilot, "StoppedScreen")
        text = " ".join(screen_text(pilot).split())
        assert "Rydych chi wedi stopio" in text
        for sentence in english_sentences():
            assert sentence not in text, sentence


# --- a whole survey on a phone's screen ---------------------------------------------------
@pytest.mark.parametrize("language", ["en", "cy"])
async def test_a_whole_survey_at_40x24_by_keys_alone(
    db_path: Path, bundled: Questionnaire, language: str
) -> None:
    async with surveying(bundled, db_path, language, size=PHONE) as pilot:
        while isinstance(pilot.app.screen, ChatScreen) and target(pilot) is not None:
            question = target(pilot)
            assert question is not None
            if question.type == "multiple_choice":
                await pilot.press("2", "4")
                assert on_screen(pilot, "#done")
                await reply(pilot, "0")
            elif question.type == "number":
                await pilot.press("3")
                await reply(pilot, "enter")
            elif question.type == "free_text":
                await pilot.press(*"ok")
                await reply(pilot, "enter")
            else:
                await reply(pilot, "2")
        await wait_for_screen(pilot, "ReviewScreen")
        await pilot.press("d")
        await wait_for_screen(pilot, "ThanksScreen")
    assert rows(db_path, "SELECT status, language FROM response") == [("complete", language)]


async def test_a_whole_survey_at_40x24_by_mouse_alone(
    db_path: Path, bundled: Questionnaire
) -> None:
    """Every click lands on something the resident can see: nothing needed is cut off or
    scrolled away (the click is checked to have reached its button)."""
    app = make_app("survey", Settings(db=db_path, inspection=1), bundled)

    async def click(selector: str) -> None:
        # A resident waits for the chat to stop scrolling before tapping: a click that
        # lands while the new question scrolls into view is tried again, as they would.
        for _attempt in range(5):
            try:
                await wait_for(pilot, lambda: on_screen(pilot, selector))
            except AssertionError:
                raise AssertionError(f"never in view: {seen_at(pilot, selector)}") from None
            if await pilot.click(selector):
                return
            await pilot.pause(0.2)
        raise AssertionError(f"{selector} never took the click")

    async with app.run_test(size=PHONE) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen")
        await click("#en")
        await wait_for_screen(pilot, "InfoScreen")
        await click("#start")
        await wait_for(pilot, lambda: bool(bubbles(pilot)), what="the first question")
        await wait_for(pilot, lambda: settled(pilot), what="the first question drawn")
        while isinstance(pilot.app.screen, ChatScreen) and target(pilot) is not None:
            question = target(pilot)
            assert question is not None
            before = dict(app_of(pilot).session.flow.answers)  # type: ignore[union-attr]
            codes = bundled.codes(question) if question.type != "number" else []
            if question.type == "multiple_choice":
                await click(f"#reply-{codes[-2]}")
                await click("#done")
            elif question.type in ("number", "free_text"):
                await click("#skip")
            else:
                await click(f"#reply-{codes[0]}")
            await wait_for(
                pilot,
                lambda b=before: (
                    app_of(pilot).session is None  # type: ignore[misc]
                    or app_of(pilot).session.flow.answers != b
                ),  # type: ignore[union-attr]
                what=f"the answer to {question.id}",
            )
            await wait_for(pilot, lambda: settled(pilot), what="the next question drawn")
        await wait_for_screen(pilot, "ReviewScreen")
        await click("#submit")
        await wait_for_screen(pilot, "ThanksScreen")
    assert rows(db_path, "SELECT status FROM response") == [("complete",)]
