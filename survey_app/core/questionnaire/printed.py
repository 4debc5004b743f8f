"""Routing as a form prints it: where to go after each answer ("If No, go to question 9"),
and a routed question's condition in words ("Answer this only if you chose 'Yes' at
question 7"). The same conditions that route the screens, read for a person with a pen."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.core.i18n import N_, app_translator
from survey_app.core.questionnaire import conditions
from survey_app.core.questionnaire.model import Question, Questionnaire

END = -1
"""A jump past the last question: the form is finished."""

SINGLE_VALUED = ("single_choice", "yes_no", "agreement")
"""Questions with one answer: each of their options can say where to go next. A multiple
choice question cannot (two ticks could send the reader two ways); what follows it says,
in words, when to answer it instead."""


def number(questionnaire: Questionnaire, qid: str) -> int:
    """The question's number: the same on the form, on the screen and in entry."""
    return questionnaire.index[qid] + 1


def _reach(questionnaire: Questionnaire, after: Question, value: object) -> int:
    """The number of the first question after `after` that is not certainly skipped when
    `after` is answered `value` (None: left blank, or "prefer not to say"), with nothing
    known of the other answers; or END."""
    order = questionnaire.questions
    start = questionnaire.index[after.id]
    skipped: set[str] = set()

    def lookup(qid: str) -> object:
        if qid == after.id:
            return value
        if qid in skipped:
            return None
        return conditions.UNKNOWN

    for question in order[start + 1 :]:
        node = questionnaire.conditions.get(question.id)
        if node is None or conditions.evaluate(node, lookup) is not False:
            return number(questionnaire, question.id)
        skipped.add(question.id)
    return END


@dataclass(frozen=True)
class Jumps:
    """Where a reader goes after one question, when that is not simply the next one."""

    by_code: dict[str, int]
    """Option code -> question number (or END), only where it is not the next question."""
    blank: int | None
    """Where to go if the question is left blank or "prefer not to say" (None: the next)."""


def jumps(questionnaire: Questionnaire, question: Question) -> Jumps:
    following = number(questionnaire, question.id) + 1
    if following > len(questionnaire.questions):
        following = END
    by_code: dict[str, int] = {}
    if question.type in SINGLE_VALUED:
        for code in questionnaire.codes(question):
            target = _reach(questionnaire, question, code)
            if target != following:
                by_code[code] = target
    blank = _reach(questionnaire, question, None)
    return Jumps(by_code, None if blank == following else blank)


# --- conditions in words ----------------------------------------------------------------
# Each says what the reader did, so that "Answer this only if ..." reads as a sentence.
_CHOSE = N_("you chose {labels} at question {n}")
_NOT_CHOSE = N_("you did not choose {labels} at question {n}")
_ANSWERED = N_("you answered question {n}")
_NOT_ANSWERED = N_("you did not answer question {n}")
_NUMBER = {
    ">": N_("your answer to question {n} is more than {value}"),
    ">=": N_("your answer to question {n} is {value} or more"),
    "<": N_("your answer to question {n} is less than {value}"),
    "<=": N_("your answer to question {n} is {value} or less"),
}
_QUOTED = N_("\u2018{label}\u2019")
_OR_LABELS = N_("{first} or {second}")
_AND = N_("{first}, and {second}")
_OR = N_("{first}, or {second}")
_NOT = N_("it is not so that {clause}")
ONLY_IF = N_("Answer this question only if {condition}.")
GO_TO = N_("Go to question {n}")
GO_TO_END = N_("Go to the end of the form")
BLANK_GO_TO = N_("If you leave this blank or prefer not to say, go to question {n}.")
BLANK_GO_TO_END = N_("If you leave this blank or prefer not to say, go to the end of the form.")


def condition_words(questionnaire: Questionnaire, node: conditions.Node, language: str) -> str:
    t = app_translator(language).gettext

    def labels(question: Question, values: tuple[object, ...]) -> str:
        quoted = [
            t(_QUOTED).format(label=questionnaire.option_label(question, str(v), language))
            for v in values
        ]
        text = quoted[-1]
        for earlier in reversed(quoted[:-1]):
            text = t(_OR_LABELS).format(first=earlier, second=text)
        return text

    def words(node: conditions.Node, negated: bool = False) -> str:
        if isinstance(node, conditions.Answered):
            n = number(questionnaire, node.question)
            return t(_NOT_ANSWERED if negated else _ANSWERED).format(n=n)
        if isinstance(node, conditions.Compare):
            question = questionnaire.by_id[node.question]
            n = number(questionnaire, node.question)
            if node.op in _NUMBER and not negated:
                return t(_NUMBER[node.op]).format(n=n, value=node.values[0])
            if node.op in ("==", "!=", "in"):
                chose = (node.op == "!=") == negated
                template = _CHOSE if chose else _NOT_CHOSE
                return t(template).format(labels=labels(question, node.values), n=n)
        if isinstance(node, conditions.Not):
            if isinstance(node.operand, conditions.Answered | conditions.Compare):
                inner = node.operand
                if not (isinstance(inner, conditions.Compare) and inner.op in _NUMBER):
                    return words(inner, not negated)
            if negated:
                return words(node.operand)
            return t(_NOT).format(clause=words(node.operand))
        if isinstance(node, conditions.BoolOp) and not negated:
            parts = [words(operand) for operand in node.operands]
            joiner = _AND if node.op == "and" else _OR
            text = parts[-1]
            for earlier in reversed(parts[:-1]):
                text = t(joiner).format(first=earlier, second=text)
            return text
        return t(_NOT).format(clause=words(node))

    return words(node)


def only_if(questionnaire: Questionnaire, question: Question, language: str) -> str | None:
    """ "Answer this question only if ..." for a routed question, or None."""
    node = questionnaire.conditions.get(question.id)
    if node is None:
        return None
    condition = condition_words(questionnaire, node, language)
    return app_translator(language).gettext(ONLY_IF).format(condition=condition)


def go_to(target: int, language: str) -> str:
    t = app_translator(language).gettext
    return t(GO_TO_END) if target == END else t(GO_TO).format(n=target)


def blank_go_to(target: int, language: str) -> str:
    t = app_translator(language).gettext
    return t(BLANK_GO_TO_END) if target == END else t(BLANK_GO_TO).format(n=target)
