"""An answer in words, in a language given, not the screen's: what both ways of answering
need. A resident's screen shows it in the resident's language; an interviewer's screen
shows the resident's answers in the language the interview is held in, beside the
inspector's own words in theirs."""

from __future__ import annotations

from survey_app.core.i18n import N_, app_translator
from survey_app.core.questionnaire.flow import Answer
from survey_app.core.questionnaire.model import CHOICE_TYPES, Question, Questionnaire

NOT_GIVEN = {
    "skipped": N_("Skipped"),
    "dont_know": N_("Don't know"),
    "refused": N_("Prefer not to say"),
    "not_applicable": N_("Does not apply"),
}
"""What an answer that gives no value says, by its status."""


def answer_text(
    questionnaire: Questionnaire, question: Question, answer: Answer, language: str
) -> str:
    """`answer` in words in `language`: its options' labels, its number with the unit, or
    the resident's own words exactly as typed."""
    if answer.status in NOT_GIVEN:
        return app_translator(language).gettext(NOT_GIVEN[answer.status])
    value = answer.value
    if question.type in CHOICE_TYPES:
        codes = value if isinstance(value, tuple) else (value,)
        return ", ".join(
            questionnaire.option_label(question, str(code), language) for code in codes
        )
    if question.type == "number":
        unit = questionnaire.unit(question, language)
        return f"{value} {unit}" if unit else str(value)
    return str(value)
