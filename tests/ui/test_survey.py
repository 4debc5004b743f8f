"""The real app, driven by keys and clicks through Pilot, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from driver import (
    answer_current,
    answer_until_review,
    app_of,
    bubbles,
    chat,
    english_sentences,
    on_screen,
    open_survey,
    reply,
    rows,
    screen_text,
    submit,
    surveying,
    target,
    type_text,
    visible_text,
    wait_for,
    wait_for_screen,
)
from textual import events

from survey_app.core.analysis.aggregates import counted_questions
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.core.store.rows import decode_value
from survey_app.settings import Settings
from survey_app.ui.factory import make_app
from survey_app.ui.screens.chat import ChatScreen
from survey_app.ui.screens.review import ReviewItem, ReviewScreen
from survey_app.ui.screens.thanks import ThanksScreen
from survey_app.ui.widgets.composer import Composer
from survey_app.ui.widgets.transcript import Bubble

SIZE = (100, 30)


def stored(db: Path) -> dict[str, tuple[str, object]]:
    return {
        qid: (status, decode_value(value))  # type: ignore[arg-type]
        for qid, status, value in rows(db, "SELECT question_id, status, value FROM answer")
    }


async def test_whole_survey_in_english(db_path: Path, bundled: Questionnaire) -> None:
    async with surveying(bundled, db_path) as pilot:
        assert bubbles(pilot)[-1].startswith(bundled.questions[0].text)
        await answer_until_review(pilot, text="The food is good [red]really[/red].")
        history = app_of(pilot).session.flow.history()  # type: ignore[union-attr]
        code = await submit(pilot)
        assert "Thank you" in str(pilot.app.screen.query_one(".title").render())
    [(status, language, day, version, qhash)] = rows(
        db_path,
        "SELECT status, language, completed_day, questionnaire_version, "
        "questionnaire_hash FROM response",
    )
    assert (status, language, day) == ("complete", "en", dt.date.today().isoformat())
    assert (version, qhash) == (bundled.version, bundled.content_hash)
    answers = stored(db_path)
    assert answers == {q.id: (a.status, a.value) for q, a in history}
    assert answers["final_comments"] == ("answered", "The food is good [red]really[/red].")
    assert len(code) == 9
    # the code itself is nowhere in the file
    assert code.encode() not in db_path.read_bytes()


async def test_whole_survey_in_welsh(db_path: Path, bundled: Questionnaire) -> None:
    async with surveying(bundled, db_path, "cy") as pilot:
        first = bundled.questions[0]
        assert bubbles(pilot)[-1].startswith(bundled.text(first, "cy"))
        labels = [str(b.label) for b in pilot.app.screen.query("Reply")]
        assert labels[0].endswith(bundled.options(first, "cy")[0][1])
        # the skip key is S in every language, beside the Welsh word
        assert str(pilot.app.screen.query_one("#skip").label) == "S  Hepgor"
        await answer_until_review(pilot, choice=2, text="Mae'n iawn.", number="0")
        code = await submit(pilot)
        assert code
    assert rows(db_path, "SELECT language, status FROM response") == [("cy", "complete")]
    assert stored(db_path)["final_comments"] == ("answered", "Mae'n iawn.")


async def test_switch_language_mid_way_loses_nothing(db_path: Path, bundled: Questionnaire) -> None:
    async with surveying(bundled, db_path) as pilot:
        for _ in range(3):
            await answer_current(pilot)
        before = bubbles(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: bubbles(pilot) != before, what="Welsh transcript")
        after = bubbles(pilot)
        assert len(after) == len(before)
        welsh_questions = [bundled.text(q, "cy") for q in bundled.questions[:4]]
        for text in welsh_questions:
            assert any(b.startswith(text) for b in after), text
        assert rows(db_path, "SELECT language FROM response") == [("cy",)]
        assert len(stored(db_path)) == 3
        # the next answer is given in Welsh and the survey goes on
        await answer_current(pilot)
        assert len(stored(db_path)) == 4
        # a draft typed in a free-text box survives a switch
        while target(pilot).type != "free_text":  # type: ignore[union-attr]
            await answer_current(pilot)
        await type_text(pilot, "half a thought")
        await pilot.click("#language")
        await wait_for(
            pilot,
            lambda: (
                chat(pilot).query(Composer)
                and chat(pilot).query_one(Composer).text == "half a thought"
            ),
            what="the draft after switching back",
        )
        assert rows(db_path, "SELECT language FROM response") == [("en",)]


async def test_change_an_earlier_answer_that_changes_routing(
    db_path: Path, mini: Questionnaire
) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "2")  # safe: agree
        await reply(pilot, "1")  # complained: yes
        await reply(pilot, "2")  # complaint_fair: no
        assert target(pilot).id == "complaint_why"  # type: ignore[union-attr]
        await type_text(pilot, "Nobody listened.")
        await reply(pilot, "enter")
        assert stored(db_path)["complaint_why"] == ("answered", "Nobody listened.")
        # click the earlier answer "Yes, I have" to change it
        answer_bubble = next(
            b
            for b in pilot.app.screen.query(Bubble)
            if b.has_class("answer") and b.question_id == "complained"
        )
        await pilot.click(answer_bubble)
        await wait_for(pilot, lambda: chat(pilot).editing == "complained", what="editing")
        await reply(pilot, "2")  # now: no
        answers = stored(db_path)
        assert answers["complained"] == ("answered", "no")
        assert answers["complaint_fair"] == ("not_applicable", None)
        assert answers["complaint_why"] == ("not_applicable", None)
        assert target(pilot).id == "activities"  # type: ignore[union-attr]
        shown = bubbles(pilot)
        assert not any("Nobody listened" in b for b in shown)
        assert not any(b.startswith("Was your complaint") for b in shown)


async def test_back_key_changes_the_previous_answer(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "1")
        await pilot.press("b")
        await wait_for(pilot, lambda: chat(pilot).editing == "safe", what="editing safe")
        await reply(pilot, "4")
        assert stored(db_path)["safe"] == ("answered", "disagree")
        assert target(pilot).id == "complained"  # type: ignore[union-attr]
        await pilot.press("b")
        await pilot.press("b")
        await wait_for(pilot, lambda: chat(pilot).editing == "safe", what="editing safe again")
        await pilot.press("b")  # nothing before the first question
        await wait_for(
            pilot,
            lambda: "first question" in str(chat(pilot).query_one("#error").render()),
            what="the first-question note",
        )


async def test_skip_and_prefer_not_to_say(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "s")
        await reply(pilot, "p")
        await pilot.click("#skip")
        await wait_for(
            pilot,
            lambda: "activities" in app_of(pilot).session.flow.answers,  # type: ignore[union-attr]
            what="the skip button",
        )
        shown = bubbles(pilot)  # a section title, then question and answer in turn
        assert shown[2] == "Skipped" and shown[4] == "Prefer not to say"
    answers = stored(db_path)
    assert answers["safe"] == ("skipped", None)
    assert answers["complained"] == ("refused", None)
    assert answers["activities"] == ("skipped", None)
    assert "complaint_fair" not in answers
    # leaving mid-way keeps the answers as a partial response
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]


async def test_multiple_choice_and_numbers(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "1")
        await reply(pilot, "2")
        await pilot.press("1", "2", "3")  # "none of these" clears the others
        await pilot.press("1", "2")  # and is cleared by them
        await reply(pilot, "0")
        assert stored(db_path)["activities"] == ("answered", ("work", "training"))
        await type_text(pilot, "many")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: "whole number" in str(chat(pilot).query_one("#error").render()),
            what="number error",
        )
        chat(pilot).query_one("#number").value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "3")
        await reply(pilot, "enter")
        assert stored(db_path)["sessions"] == ("answered", 3)
        assert bubbles(pilot)[-2] == "3 sessions"


UNTRUSTED = "[@click=app.quit]x[/] [/ a [/red] b [0] \x1b[31mred\x1b[0m 🎉 مرحبا بكم\u202eevil"


async def test_untrusted_text_is_stored_exactly_and_shown_literally(
    db_path: Path, mini: Questionnaire
) -> None:
    async with surveying(mini, db_path) as pilot:
        for key in ("1", "1", "2"):
            await reply(pilot, key)
        await type_text(pilot, UNTRUSTED)
        await reply(pilot, "enter")
        bubble = next(
            b
            for b in pilot.app.screen.query(Bubble)
            if b.has_class("answer") and b.question_id == "complaint_why"
        )
        shown = bubble.render().plain  # type: ignore[union-attr]
        assert "[@click=app.quit]x[/] [/ a [/red] b [0]" in shown
        assert "\x1b" not in shown and "␛[31mred" in shown
        assert "\u202e" not in shown and "<U+202E>evil" in shown
        assert "🎉 مرحبا بكم" in shown
        await pilot.click(bubble)  # clicking untrusted text runs nothing
        await pilot.pause()
        assert pilot.app.is_running
    assert stored(db_path)["complaint_why"] == ("answered", UNTRUSTED)


async def test_a_huge_paste_is_cut_with_a_note(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        for key in ("1", "1", "2"):
            await reply(pilot, key)
        pilot.app.post_message(events.Paste("x" * 2_000_000))
        await wait_for(
            pilot, lambda: len(chat(pilot).query_one(Composer).text) == 4000, what="the cut paste"
        )
        composer = chat(pilot).query_one(Composer)
        assert "cut at 4000" in str(composer.query_one("#cut-note").render())
        assert "4000 of 4000" in str(composer.query_one("#counter").render())
        await pilot.press("y")  # no room for more
        assert len(composer.text) == 4000
        await reply(pilot, "enter")
    assert len(stored(db_path)["complaint_why"][1]) == 4000  # type: ignore[arg-type]


async def test_review_lets_any_answer_be_changed(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await answer_until_review(pilot)
        items = list(pilot.app.screen.query(ReviewItem))
        assert [i.question_id for i in items][:2] == ["safe", "complained"]
        await pilot.click(f"#{items[0].id}")
        await wait_for(
            pilot,
            lambda: isinstance(pilot.app.screen, ChatScreen) and chat(pilot).editing == "safe",
            what="editing from review",
        )
        await reply(pilot, "5")
        await wait_for(
            pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), what="back at review"
        )
        assert "Strongly disagree" in str(pilot.app.screen.query(ReviewItem).first().label)
        await submit(pilot)
    assert stored(db_path)["safe"] == ("answered", "strongly_disagree")


async def test_help_explains_terms(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "no extra help" in bubbles(pilot)[-1], what="no help")
        await reply(pilot, "1")
        await pilot.press("question_mark")
        await wait_for(
            pilot, lambda: bubbles(pilot)[-1].startswith("A complaint is"), what="help text"
        )


async def test_declining_stores_nothing(db_path: Path, mini: Questionnaire) -> None:
    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await wait_for_screen(pilot, "InfoScreen", "info")
        assert "116 123" in " ".join(str(s.render()) for s in pilot.app.screen.query(".para"))
        await pilot.press("2")
        await wait_for_screen(pilot, "WelcomeScreen", "welcome again")
    assert rows(db_path, "SELECT count(*) FROM response") == [(0,)]


async def test_two_residents_in_a_row(db_path: Path, mini: Questionnaire) -> None:
    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=SIZE) as pilot:
        for language in ("en", "cy"):
            await open_survey(pilot, language)
            await answer_until_review(pilot)
            await submit(pilot)
            await pilot.press("1")
            await wait_for_screen(pilot, "WelcomeScreen", "welcome for the next resident")
            assert not pilot.app.screen.query(Bubble)
    assert rows(db_path, "SELECT language, status FROM response ORDER BY language") == [
        ("cy", "complete"),
        ("en", "complete"),
    ]


async def test_works_at_40_columns(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path, "cy", size=(40, 30)) as pilot:
        assert pilot.app.screen.has_class("-narrow") or pilot.app.has_class("-narrow")
        for widget in pilot.app.screen.query("Reply, #actions Button, Bubble"):
            assert widget.region.right <= 40, widget
        await answer_until_review(pilot)
        await submit(pilot)
        assert isinstance(pilot.app.screen, ThanksScreen)


async def test_home_screen_opens_the_survey(db_path: Path, mini: Questionnaire) -> None:
    app = make_app("home", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "HomeScreen", "home")
        assert "Demo" in str(pilot.app.screen.query_one("#inspection").render())
        assert pilot.app.screen.query_one("#demo-banner")
        await pilot.press("1")
        await open_survey(pilot)
        assert isinstance(pilot.app.screen, ChatScreen)


async def test_nothing_english_shows_in_welsh(db_path: Path, mini: Questionnaire) -> None:
    english = english_sentences()
    questions_en = {q.text for q in mini.questions}
    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "welcome")
        await pilot.press("1")
        await wait_for_screen(pilot, "InfoScreen", "information in Welsh")
        seen = [visible_text(pilot)]
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChatScreen), what="chat")
        while isinstance(pilot.app.screen, ChatScreen) and target(pilot) is not None:
            await pilot.press("question_mark")
            await pilot.pause()
            seen.append(visible_text(pilot))
            await answer_current(pilot, text="Dim byd.")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen), what="review")
        seen.append(visible_text(pilot))
        await submit(pilot)
        seen.append(visible_text(pilot))
    shown = "\n".join(seen)
    leaks = [s for s in english | questions_en if s in shown]
    assert not leaks, leaks


async def test_a_double_tap_answers_one_question_only(
    db_path: Path, mini: Questionnaire, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from survey_app.ui.app import SurveyApp

    monkeypatch.setattr(SurveyApp, "INPUT_GUARD", 0.3)
    async with surveying(mini, db_path) as pilot:
        await pilot.pause(0.4)
        # two keys in one read from the terminal: the second must not answer the next question
        pilot.app.post_message(events.Key("1", "1"))
        pilot.app.post_message(events.Key("1", "1"))
        await wait_for(
            pilot,
            lambda: "safe" in app_of(pilot).session.flow.answers,  # type: ignore[union-attr]
            what="the first answer",
        )
        await pilot.pause(0.1)
        assert set(stored(db_path)) == {"safe"}
        assert target(pilot).id == "complained"  # type: ignore[union-attr]
        await pilot.pause(0.4)
        await reply(pilot, "2")
        assert stored(db_path)["complained"] == ("answered", "no")


async def test_an_answer_for_a_question_no_longer_shown_is_dropped(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.ui.widgets.quick_replies import QuickReplies

    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "1")
        # a message from the first question's replies, arriving late
        chat(pilot).post_message(QuickReplies.Chosen("safe", "disagree"))
        chat(pilot).post_message(QuickReplies.Chosen("complained", "maybe"))
        await pilot.pause(0.2)
        assert stored(db_path) == {"safe": ("answered", "strongly_agree")}


async def test_ticked_answers_survive_a_language_switch(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "1")
        await reply(pilot, "2")
        await pilot.press("1", "2")
        await pilot.press("l")
        await wait_for(pilot, lambda: bubbles(pilot)[-1].startswith("Pa rai"), what="Welsh")
        await reply(pilot, "0")
        assert stored(db_path)["activities"] == ("answered", ("work", "training"))


async def test_a_draft_survives_going_back(db_path: Path, mini: Questionnaire) -> None:
    async with surveying(mini, db_path) as pilot:
        for key in ("1", "1", "2"):
            await reply(pilot, key)
        await type_text(pilot, "I was not heard")
        await pilot.press("escape", "b")
        await wait_for(pilot, lambda: chat(pilot).editing == "complaint_fair", what="editing")
        await reply(pilot, "2")  # the same answer again: routing unchanged
        await wait_for(pilot, lambda: chat(pilot).query(Composer), what="the composer")
        assert chat(pilot).query_one(Composer).text == "I was not heard"


async def test_stop_part_way_keeps_a_partial_and_clears_the_screen(
    db_path: Path, mini: Questionnaire
) -> None:
    async with surveying(mini, db_path) as pilot:
        await reply(pilot, "1")
        await pilot.press("ctrl+c")  # never quits: offers to stop, in the resident's language
        await wait_for_screen(pilot, "StopScreen", "the stop question")
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChatScreen), what="chat")
        await pilot.press("x")
        await wait_for_screen(pilot, "StopScreen", "the stop question again")
        await pilot.press("1")
        # The resident is given a code for what they gave, on a screen of its own
        await wait_for_screen(pilot, "StoppedScreen", "the code for a partial response")
        assert app_of(pilot).session is None
        code = pilot.app.screen.code  # type: ignore[attr-defined]
        # Nothing of the survey is left under it: only the welcome for the next person
        assert [type(s).__name__ for s in pilot.app.screen_stack[1:]] == [
            "WelcomeScreen",
            "StoppedScreen",
        ]
        await pilot.press("1")
        await wait_for_screen(pilot, "WelcomeScreen", "welcome for the next person")
        assert pilot.app.is_running
        assert len(pilot.app.screen_stack) == 2  # the default screen and the welcome
    assert rows(db_path, "SELECT status FROM response") == [("partial",)]
    assert stored(db_path) == {"safe": ("answered", "strongly_agree")}
    # and the code takes the partial response back
    store = await Store.open(db_path)
    try:
        assert await store.withdraw(code) == "withdrawn"
    finally:
        await store.close()
    assert rows(db_path, "SELECT count(*) FROM answer") == [(0,)]


async def test_escape_codes_in_the_text_box_never_reach_the_terminal(
    db_path: Path, mini: Questionnaire
) -> None:
    from survey_app.ui.widgets.composer import FreeText

    async with surveying(mini, db_path) as pilot:
        for key in ("1", "1", "2"):
            await reply(pilot, key)
        await type_text(pilot, "a\x1b[2Jb\u202ec")
        box = chat(pilot).query_one(FreeText)
        assert box.text == "a\x1b[2Jb\u202ec"  # kept exactly
        line = "".join(segment.text for segment in box.render_line(0))
        assert "\x1b" not in line and "\u202e" not in line
        assert "␛[2J" in line


def test_a_crash_report_never_shows_what_a_resident_wrote(mini: Questionnaire) -> None:
    """A traceback shows the values a program held; here they could be a resident's words,
    and a web session's output reaches the server's terminal."""
    app = make_app("survey", Settings(db=Path("unused.sqlite3"), inspection=1), mini)

    def failing(words: str) -> None:
        raise RuntimeError("a fault")

    try:
        failing("SEC" + "RET words of a resident")  # built at run time: not in the source
    except RuntimeError:
        app._fatal_error()
    shown = "".join(seg.text for r in app._exit_renderables for seg in r.segments)  # type: ignore[attr-defined]
    assert "RuntimeError" in shown and "a fault" in shown
    assert "SECRET" not in shown


async def test_after_close_the_survey_says_so_and_takes_nothing(
    db_path: Path, mini: Questionnaire
) -> None:
    """Closed mid-way, the resident's next answer is refused with the reason; back at the
    welcome, both languages say the survey has closed, and the keys start nothing."""
    async with surveying(mini, db_path, size=(40, 24)) as pilot:
        store = await Store.open(db_path)
        try:
            await store.close_inspection(1, counted_questions(mini))
        finally:
            await store.close()
        before = rows(db_path, "SELECT COUNT(*) FROM answer")
        await pilot.pause(0.4)  # past the guard against answers typed before it was seen
        await pilot.press("1")
        await wait_for(
            pilot,
            lambda: "The survey has closed" in visible_text(pilot),
            what="the closed message in the chat",
        )
        assert on_screen(pilot, "#error")  # at 40 columns too, where the resident looks
        assert rows(db_path, "SELECT COUNT(*) FROM answer") == before
        await app_of(pilot).back_to_welcome()
        await wait_for(
            pilot,
            lambda: (
                "Mae'r arolwg wedi cau" in visible_text(pilot)
                and "The survey has closed" in visible_text(pilot)
            ),
            what="the closed welcome in both languages",
        )
        await pilot.press("2", "1", "e")
        await pilot.pause(0.3)
        assert type(pilot.app.screen).__name__ == "WelcomeScreen"
    assert rows(db_path, "SELECT COUNT(*) FROM response WHERE status = 'in_progress'") == [(0,)]


async def test_words_of_risk_in_a_comment_bring_where_help_is_at_once(
    db_path: Path, mini: Questionnaire
) -> None:
    """A resident answering alone cannot raise an alert: when their own words tell of harm,
    the screen says where help is straight after them, in their language, and it stays
    there when the transcript is drawn again; a harmless comment brings nothing."""
    from driver import go_to, screen_text

    for language, words, said in (
        ("en", "Someone here threatened to stab me", "sounds serious"),
        ("cy", "Mae rhywun yn fy mygwth bob nos", "swnio'n ddifrifol"),
    ):
        async with surveying(mini, db_path, language, size=(40, 24)) as pilot:
            await go_to(pilot, "anything_else")
            await type_text(pilot, words)
            await reply(pilot, "enter")
            chat_screen = next(s for s in pilot.app.screen_stack if isinstance(s, ChatScreen))
            help_bubbles = [b for b in chat_screen.query(Bubble) if b.has_class("risk")]
            assert len(help_bubbles) == 1 and said in help_bubbles[0].text
            assert "116 123" in help_bubbles[0].text and "0808 164 0123" in help_bubbles[0].text
            # The last answer leads to the review: the help is said again at its top.
            await wait_for_screen(pilot, "ReviewScreen", "the review")
            await pilot.pause(0.2)
            shown = " ".join(screen_text(pilot).split())
            assert said in shown and "116 123" in shown, shown  # on screen, at 40x24
            await pilot.press("l")  # the other language: drawn again, still there
            await pilot.pause(0.3)
            assert pilot.app.screen.query("#risk-help")
    async with surveying(mini, db_path, "en") as pilot:
        await go_to(pilot, "anything_else")
        await type_text(pilot, "The cutlery drawer in the kitchen is always a mess.")
        await reply(pilot, "enter")
        await wait_for_screen(pilot, "ReviewScreen", "the review")
        chat_screen = next(s for s in pilot.app.screen_stack if isinstance(s, ChatScreen))
        assert not [b for b in chat_screen.query(Bubble) if b.has_class("risk")]
        assert not pilot.app.screen.query("#risk-help")


@pytest.mark.parametrize("size", [(40, 24), (80, 24)])
@pytest.mark.parametrize("language", ["en", "cy"])
async def test_every_resident_screen_says_it_is_not_for_emergencies_and_where_help_is(
    db_path: Path, mini: Questionnaire, language: str, size: tuple[int, int]
) -> None:
    """On the screen as a person sees it, whole (never cut), on the welcome (both
    languages), the information, every question, the stop question, the review and the
    thanks; the number in the resident's language (the Samaritans' Welsh Language Line in
    Welsh)."""
    number = "116 123" if language == "en" else "0808 164 0123"

    async def says(where: str, wanted: str = number) -> None:
        await pilot.pause(0.05)  # drawn at its size
        assert wanted in screen_text(pilot), (where, screen_text(pilot))

    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, "WelcomeScreen", "the welcome")
        await says("welcome", "116 123")
        await says("welcome", "0808 164 0123")
        await pilot.press("2" if language == "en" else "1")
        await wait_for_screen(pilot, "InfoScreen", "the information")
        await says("information")
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChatScreen), what="chat")
        while isinstance(pilot.app.screen, ChatScreen) and target(pilot) is not None:
            await says(f"question {target(pilot)}")
            await answer_current(pilot)
        await wait_for_screen(pilot, "ReviewScreen", "the review")
        await says("review")
        await submit(pilot)
        await says("thanks")


async def test_the_stop_question_leaves_the_help_line_in_sight(
    db_path: Path, mini: Questionnaire
) -> None:
    async with surveying(mini, db_path, "cy", size=(40, 24)) as pilot:
        await pilot.press("x")
        await wait_for_screen(pilot, "StopScreen", "the stop question")
        assert "0808 164 0123" in screen_text(pilot)


async def test_the_later_screens_styles_are_read_while_the_welcome_is_read(
    db_path: Path, mini: Questionnaire
) -> None:
    """Textual reads a widget class's styles when the first of it is mounted: the welcome
    reads those of everything the survey shows while the resident reads it, so no key
    waits for them (a class left off SHOWS in info.py or chat.py fails here)."""
    from driver import open_survey

    app = make_app("survey", Settings(db=db_path, inspection=1), mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot,
            lambda: any("Composer.DEFAULT_CSS" in name for _file, name in app.stylesheet.source),
            what="the styles read ahead",
        )
        before = set(app.stylesheet.source)
        await open_survey(pilot)
        await answer_until_review(pilot)
        added = {name for _file, name in set(app.stylesheet.source) - before}
        shown = {type(w).__name__ for w in pilot.app.screen.walk_children()}
        assert added <= {"ReviewScreen.DEFAULT_CSS", "ReviewItem.DEFAULT_CSS"}, (added, shown)
