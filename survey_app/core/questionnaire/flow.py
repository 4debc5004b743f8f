"""The flow engine: which question comes next, what routing leaves out, how far along.

Pure Python: the UI asks it what to show, the store records what it decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from survey_app.core.i18n import _
from survey_app.core.questionnaire import conditions
from survey_app.core.questionnaire.model import Question, Questionnaire

AnswerStatus = Literal["answered", "skipped", "dont_know", "refused", "not_applicable"]
Value = str | int | tuple[str, ...]
State = Literal["done", "open", "maybe", "off"]


@dataclass(frozen=True)
class Answer:
    """What happened to a question: a value, a skip, "don't know" (said in an interview to
    a question with no such option of its own), a refusal, or not applicable."""

    status: AnswerStatus
    value: Value | None = None

    @classmethod
    def of(cls, value: Value) -> Answer:
        return cls("answered", value)

    @classmethod
    def skip(cls) -> Answer:
        return cls("skipped")

    @classmethod
    def dont_know(cls) -> Answer:
        return cls("dont_know")

    @classmethod
    def refuse(cls) -> Answer:
        return cls("refused")


NOT_APPLICABLE = Answer("not_applicable")

DONT_KNOW = "dont_know"
"""The code of a question's own "don't know" option, where it has one."""


def dont_know(questionnaire: Questionnaire, question: Question) -> Answer:
    """What "don't know" records for `question`: its own option coded `dont_know` where it
    has one (it is then counted with the other answers, as on the kiosk), or else the
    status of its own, counted apart from answers, skips and refusals."""
    if DONT_KNOW in questionnaire.codes(question):
        if question.type == "multiple_choice":
            return Answer.of((DONT_KNOW,))
        return Answer.of(DONT_KNOW)
    return Answer.dont_know()


class AnswerError(ValueError):
    """An answer the question cannot take; the message is for the resident."""


@dataclass(frozen=True)
class Change:
    """What an answer did to other answers, for the store to record in the same transaction."""

    not_applicable: tuple[str, ...] = ()
    """Questions answered before that routing no longer reaches."""
    reopened: tuple[str, ...] = ()
    """Questions marked not applicable before that routing reaches again."""


@dataclass(frozen=True)
class Progress:
    done: int
    remaining: int
    """Questions still to come that routing may ask, the current one included."""

    @property
    def total(self) -> int:
        return self.done + self.remaining

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


def validate(question: Question, value: object, questionnaire: Questionnaire) -> Value:
    """Check an answer against its question and return it in its stored form."""
    codes = questionnaire.codes(question)
    if question.type in ("single_choice", "agreement", "yes_no"):
        if not isinstance(value, str) or value not in codes:
            raise AnswerError(_("Please choose one of the answers."))
        return value
    if question.type == "multiple_choice":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise AnswerError(_("Please choose one or more of the answers."))
        chosen = tuple(dict.fromkeys(value))
        if not chosen or any(c not in codes for c in chosen):
            raise AnswerError(_("Please choose one or more of the answers."))
        if len(chosen) > 1 and any(c in question.exclusive for c in chosen):
            raise AnswerError(_("That answer cannot go with the others you chose."))
        return tuple(c for c in codes if c in chosen)  # a canonical order
    if question.type == "number":
        if isinstance(value, str):
            text = value.strip()
            if not text.lstrip("-").isdigit():
                raise AnswerError(_("Please type a whole number, like 3."))
            value = int(text)
        if not isinstance(value, int) or isinstance(value, bool):
            raise AnswerError(_("Please type a whole number, like 3."))
        low, high = question.min, question.max
        if (low is not None and value < low) or (high is not None and value > high):
            raise AnswerError(
                _("Please type a number from {low} to {high}.").format(
                    low=low if low is not None else "…", high=high if high is not None else "…"
                )
            )
        return value
    if not isinstance(value, str) or not value.strip():
        raise AnswerError(_("Please type your answer, or choose Skip."))
    if len(value) > question.max_length:
        raise AnswerError(
            _("Your answer is too long: please keep it under {n} characters.").format(
                n=question.max_length
            )
        )
    return value


class Flow:
    """The state of one resident's way through a questionnaire."""

    def __init__(
        self, questionnaire: Questionnaire, answers: Mapping[str, Answer] | None = None
    ) -> None:
        self.questionnaire = questionnaire
        self.answers: dict[str, Answer] = {
            qid: a for qid, a in (answers or {}).items() if qid in questionnaire.by_id
        }
        self._states: dict[str, State] = {}
        self._recompute()

    # --- state ---------------------------------------------------------------------
    def _recompute(self) -> None:
        states: dict[str, State] = {}

        def lookup(qid: str) -> object:
            state = states.get(qid)
            if state == "off":
                return None
            if state == "done":
                answer = self.answers[qid]
                return answer.value if answer.status == "answered" else None
            return conditions.UNKNOWN

        for question in self.questionnaire.questions:
            node = self.questionnaire.conditions.get(question.id)
            reach = True if node is None else conditions.evaluate(node, lookup)
            given = self.answers.get(question.id)
            if reach is False:
                states[question.id] = "off"
            elif reach is None:
                states[question.id] = "maybe"
            elif given is not None and given.status != "not_applicable":
                states[question.id] = "done"
            else:
                states[question.id] = "open"
        self._states = states

    def state(self, qid: str) -> State:
        return self._states[qid]

    @property
    def current(self) -> Question | None:
        """The next question to ask, or None when every reachable question has an answer."""
        for question in self.questionnaire.questions:
            if self._states[question.id] == "open":
                return question
        return None

    @property
    def finished(self) -> bool:
        return self.current is None

    def history(self) -> list[tuple[Question, Answer]]:
        """The questions answered, skipped or refused, in questionnaire order."""
        return [
            (q, self.answers[q.id])
            for q in self.questionnaire.questions
            if self._states[q.id] == "done"
        ]

    def previous(self, qid: str | None) -> Question | None:
        """The last answered question before `qid` (before the end when `qid` is None)."""
        stop = self.questionnaire.index[qid] if qid else len(self.questionnaire.questions)
        for question in reversed(self.questionnaire.questions[:stop]):
            if self._states[question.id] == "done":
                return question
        return None

    def progress(self) -> Progress:
        done = sum(1 for s in self._states.values() if s == "done")
        remaining = sum(1 for s in self._states.values() if s in ("open", "maybe"))
        return Progress(done, remaining)

    # --- changes -------------------------------------------------------------------
    def answer(self, qid: str, answer: Answer) -> Change:
        """Record an answer (or a skip or refusal) and apply routing to the others."""
        question = self.questionnaire.by_id.get(qid)
        if question is None:
            raise KeyError(qid)
        if self._states[qid] in ("off", "maybe"):
            raise AnswerError(_("That question does not apply any more."))
        if answer.status == "not_applicable":
            raise ValueError("not applicable is decided by routing, not given")
        if answer.status == "answered":
            answer = Answer("answered", validate(question, answer.value, self.questionnaire))
        else:
            answer = Answer(answer.status)
        self.answers[qid] = answer
        self._recompute()
        marked: list[str] = []
        reopened: list[str] = []
        for other, given in list(self.answers.items()):
            state = self._states[other]
            if state == "off" and given.status != "not_applicable":
                self.answers[other] = NOT_APPLICABLE
                marked.append(other)
            elif state != "off" and given.status == "not_applicable":
                del self.answers[other]
                reopened.append(other)
        if marked or reopened:
            self._recompute()
        return Change(tuple(marked), tuple(reopened))
