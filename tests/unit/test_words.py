"""An answer in words in a language given, whatever language the screen is in: an
interviewer's screen in English can show a Welsh interview's answers in Welsh."""

from __future__ import annotations

from survey_app.core.i18n import current_language, use_language
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.questionnaire.words import answer_text


def test_answers_in_words_in_either_language_whatever_the_screen_speaks(
    mini: Questionnaire,
) -> None:
    safe, activities = mini.by_id["safe"], mini.by_id["activities"]
    sessions = mini.by_id["sessions"]
    use_language("en")
    assert current_language() == "en"
    welsh = {
        answer_text(mini, safe, Answer.skip(), "cy"),
        answer_text(mini, safe, Answer.refuse(), "cy"),
        answer_text(mini, safe, Answer("not_applicable"), "cy"),
    }
    english = {
        answer_text(mini, safe, Answer.skip(), "en"),
        answer_text(mini, safe, Answer.refuse(), "en"),
        answer_text(mini, safe, Answer("not_applicable"), "en"),
    }
    assert english == {"Skipped", "Prefer not to say", "Does not apply"}
    assert len(welsh) == 3 and not welsh & english
    assert answer_text(mini, safe, Answer.of("agree"), "cy") == mini.option_label(
        safe, "agree", "cy"
    )
    assert answer_text(mini, safe, Answer.of("agree"), "en") == "Agree"
    assert answer_text(mini, activities, Answer.of(("work", "training")), "en") == (
        "Work, Training"
    )
    assert answer_text(mini, sessions, Answer.of(3), "en").startswith("3")
    assert answer_text(mini, mini.by_id["anything_else"], Answer.of("[b]x[/b]"), "cy") == (
        "[b]x[/b]"  # the resident's own words, exactly as typed (shown as text, never markup)
    )
    assert current_language() == "en"  # asking in Welsh changed nothing of the screen's
