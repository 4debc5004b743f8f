"""Typing in a paper form: what each field of a copy holds, and the response it makes.

Paper records what the resident wrote. A keyer goes through every question in the
order printed and types what is on the page, or a code for what is not an answer (left
blank, "prefer not to say", can't be read, more than one box ticked where one was
asked). Nothing typed is refused because of the routing: routing is worked out only
afterwards, from what was written, and an answer to a question the routing skips is
kept and marked for the lead. Pure Python: the entry screens and the store use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from survey_app.core.i18n import N_, app_translator
from survey_app.core.questionnaire import conditions
from survey_app.core.questionnaire.flow import NOT_APPLICABLE, Answer, AnswerError, Value, validate
from survey_app.core.questionnaire.model import Question, Questionnaire

FieldCode = Literal["value", "blank", "refused", "unreadable", "multiple"]
"""What a field holds: a value written, nothing, the "prefer not to say" box, writing
that can't be read, or more than one box ticked on a question that takes one."""
FIELD_CODES: tuple[FieldCode, ...] = ("value", "blank", "refused", "unreadable", "multiple")
Flag = Literal["routing", "unreadable", "multiple"]
"""What the lead is told of a paper answer: given where the routing skips it, not
readable, or with more than one box ticked."""
FLAGS: tuple[Flag, ...] = ("routing", "unreadable", "multiple")

# The keys of the codes, the same on every question: none is a digit (the options'
# numbers) or likely alone in a written answer.
KEY_BLANK = "enter"
KEY_REFUSED = "/"
KEY_UNREADABLE = "?"
KEY_MULTIPLE = "*"
CODE_KEYS: dict[str, FieldCode] = {
    KEY_REFUSED: "refused",
    KEY_UNREADABLE: "unreadable",
    KEY_MULTIPLE: "multiple",
}

SINGLE_VALUED = ("single_choice", "yes_no", "agreement")


@dataclass(frozen=True)
class Field:
    """One question's field on one copy, as a keyer typed it."""

    code: FieldCode
    value: Value | None = None

    @classmethod
    def of(cls, value: Value) -> Field:
        return cls("value", value)

    def encode(self) -> str | None:
        """The value as stored (codes joined for several ticks), None for no value."""
        if self.value is None:
            return None
        if isinstance(self.value, tuple):
            return "\x1f".join(self.value)
        return str(self.value)

    @classmethod
    def decode(cls, question: Question, code: str, stored: str | None) -> Field:
        if code not in FIELD_CODES:
            raise ValueError(f"not a field code: {code}")
        field_code: FieldCode = code
        if stored is None:
            return cls(field_code)
        if question.type == "multiple_choice":
            return cls(field_code, tuple(stored.split("\x1f")))
        if question.type == "number":
            return cls(field_code, int(stored))
        return cls(field_code, stored)


def read_value(questionnaire: Questionnaire, question: Question, value: object) -> Field:
    """A value typed for a question, checked as the screens check one; raises AnswerError
    (the message is for the keyer) when it cannot be what the form holds. Ticks that
    cannot go together on a multiple choice question (an "exclusive" box with others)
    are more than one box ticked."""
    if question.type == "multiple_choice" and isinstance(value, list | tuple):
        chosen = [c for c in questionnaire.codes(question) if c in value]
        if len(chosen) > 1 and any(c in question.exclusive for c in chosen):
            return Field("multiple", tuple(chosen))
    return Field.of(validate(question, value, questionnaire))


def option_for_digit(questionnaire: Questionnaire, question: Question, digit: str) -> str | None:
    """The option code printed with this number, or None."""
    if not digit.isdigit() or len(digit) != 1:
        return None
    codes = questionnaire.codes(question)
    position = int(digit) - 1
    return codes[position] if 0 <= position < len(codes) else None


@dataclass(frozen=True)
class Outcome:
    """A copy's fields made into a response's answers, and what the lead is told."""

    answers: dict[str, Answer]
    flags: dict[str, Flag]

    @property
    def empty(self) -> bool:
        return not any(a.status not in ("not_applicable", "skipped") for a in self.answers.values())


def outcome(questionnaire: Questionnaire, fields: Mapping[str, Field]) -> Outcome:
    """The answers a copy's fields give, with the routing worked out from what was
    written. A question the routing skips is not applicable when left blank, and kept
    (flagged "routing") when it was answered anyway; one whose routing turns on an
    answer that can't be read is treated as reached. A field that is not an answer
    (can't be read, several ticks) is a skip, flagged."""
    given: dict[str, object] = {}

    def lookup(qid: str) -> object:
        return given.get(qid)

    answers: dict[str, Answer] = {}
    flags: dict[str, Flag] = {}
    for question in questionnaire.questions:
        field = fields.get(question.id, Field("blank"))
        node = questionnaire.conditions.get(question.id)
        reached = True if node is None else conditions.evaluate(node, lookup)
        if field.code == "value":
            assert field.value is not None
            answers[question.id] = Answer.of(field.value)
            given[question.id] = field.value
            if reached is False:
                flags[question.id] = "routing"
            continue
        if field.code in ("unreadable", "multiple"):
            # Something was written: what it says is not known, so neither is the routing.
            given[question.id] = conditions.UNKNOWN
            answers[question.id] = Answer.skip()
            flags[question.id] = field.code
            continue
        given[question.id] = None
        if reached is False:
            answers[question.id] = NOT_APPLICABLE
        elif field.code == "refused":
            answers[question.id] = Answer.refuse()
        else:
            answers[question.id] = Answer.skip()
    return Outcome(answers, flags)


def differences(
    questionnaire: Questionnaire, first: Mapping[str, Field], second: Mapping[str, Field]
) -> list[str]:
    """The questions whose fields two keyers typed differently, in the form's order."""
    blank = Field("blank")
    return [
        q.id for q in questionnaire.questions if first.get(q.id, blank) != second.get(q.id, blank)
    ]


def describe(questionnaire: Questionnaire, question: Question, field: Field, language: str) -> str:
    """A field in words, for the resolve screen: the options' numbers and labels, the
    number or the text as typed, or the code's name."""
    t = app_translator(language).gettext
    if field.code == "blank":
        return t(BLANK_WORDS)
    if field.code == "refused":
        return t(REFUSED_WORDS)
    if field.code == "unreadable":
        return t(UNREADABLE_WORDS)
    if field.code == "multiple" and field.value is None:
        return t(MULTIPLE_WORDS)
    value = field.value
    if question.type in SINGLE_VALUED or question.type == "multiple_choice":
        codes = questionnaire.codes(question)
        chosen = value if isinstance(value, tuple) else (value,)
        words = ", ".join(
            f"{codes.index(str(c)) + 1} {questionnaire.option_label(question, str(c), language)}"
            for c in chosen
            if str(c) in codes
        )
        if field.code == "multiple":
            return t(MULTIPLE_TICKS_WORDS).format(ticks=words)
        return words
    return str(value)


BLANK_WORDS = N_("Left blank")
REFUSED_WORDS = N_("Prefer not to say")
UNREADABLE_WORDS = N_("Can't read it")
MULTIPLE_WORDS = N_("More than one box ticked")
MULTIPLE_TICKS_WORDS = N_("Boxes that cannot go together: {ticks}")

__all__ = ["AnswerError", "Field", "Flag", "Outcome", "describe", "differences", "outcome"]


# --- one copy, typed in -----------------------------------------------------------------
RawField = tuple[str, str | None]
"""A field as stored or sealed: its code and its value's text (see Field.encode)."""

Stage = Literal["unknown", "entered", "first", "second", "resolve"]
"""Where a copy is: not printed for this inspection, typed in already, waiting for (or
part way through) its first or its second keying, or both keyed and waiting for the
differences to be decided."""


@dataclass(frozen=True)
class CopyState:
    stage: Stage
    language: str | None
    """The language the copy was printed in (en, cy or both), None if unknown."""
    questionnaire: str | None = None
    """The questionnaire it was printed from, `id@version` (None: not recorded)."""


def checked(
    questionnaire: Questionnaire, question: Question, code: str, stored: str | None
) -> Field:
    """A stored field read back, checked against its question as a typed one is. A keying
    merged from a bundle was sealed by whoever had the setup file, so anything in it is
    input: a value the question cannot take is read as writing that can't be read."""
    try:
        field = Field.decode(question, code, stored)
        if field.code == "value":
            return read_value(questionnaire, question, field.value)
        ticks = field.value
        if field.code == "multiple" and ticks is not None:
            codes = questionnaire.codes(question)
            if not isinstance(ticks, tuple) or any(c not in codes for c in ticks):
                return Field("multiple")
        return field
    except (ValueError, TypeError):
        return Field("unreadable")


class EntryDesk(Protocol):
    """What typing in needs: the lead's store (store.entry), or a device's outbox, which
    seals each keying for the lead (device.keying)."""

    SEALED: ClassVar[bool]
    """Keyings are sealed for the lead, who compares them: none is made final here."""

    async def paper_fields(
        self, inspection_id: int, serial: str, pass_: int
    ) -> dict[str, RawField]: ...

    async def save_paper_field(
        self, inspection_id: int, serial: str, pass_: int, question_id: str, field: RawField
    ) -> None: ...

    async def finish_pass(self, inspection_id: int, serial: str, pass_: int) -> None: ...

    async def passes_done(self, inspection_id: int, serial: str) -> set[int]:
        """The keyings of the copy finished so far (1, 2)."""
        ...

    async def finalise_paper(
        self,
        inspection_id: int,
        serial: str,
        questionnaire: tuple[str, str, str],
        language: str,
        form_language: str,
        answers: dict[str, Answer] | None,
        flags: dict[str, str],
        keying: Tally | None = None,
    ) -> str | None: ...


@dataclass(frozen=True)
class Tally:
    """Double entry's figures for one copy (added to the inspection's), by role: what the
    two keyers typed differently and how each difference was decided."""

    fields: int = 0
    differed: int = 0
    first_kept: int = 0
    """Decided as the first keyer typed it: the second keyer's slip."""
    second_kept: int = 0
    """Decided as the second keyer typed it: the first keyer's slip."""
    neither_kept: int = 0
    """Decided otherwise: both typed it wrong."""


FIRST, SECOND, DECIDED = 1, 2, 3
"""The passes over a copy: the first keyer's, the second's, and the decisions."""
Finished = Literal["final", "empty", "second", "resolve", "sealed"]
"""What finishing a pass led to: the response made, the copy recorded as returned
empty, the copy waiting for its second keying, differences waiting for a decision, or
(on a collecting device) the keying sealed for the lead."""


class Transcription:
    """One keyer's pass over one copy: each field durable as it is typed."""

    def __init__(
        self,
        desk: EntryDesk,
        questionnaire: Questionnaire,
        inspection_id: int,
        serial: str,
        pass_: int,
        double: bool,
        language: str,
        form_language: str,
    ) -> None:
        self.desk = desk
        self.questionnaire = questionnaire
        self.inspection_id = inspection_id
        self.serial = serial
        self.pass_ = pass_
        self.double = double
        self.language = language
        """The response's language: the form's, or for a form in both the inspection's."""
        self.form_language = form_language
        self.fields: dict[str, Field] = {}

    async def load(self, pass_: int | None = None) -> dict[str, Field]:
        raw = await self.desk.paper_fields(self.inspection_id, self.serial, pass_ or self.pass_)
        fields = {
            qid: checked(self.questionnaire, self.questionnaire.by_id[qid], code, value)
            for qid, (code, value) in raw.items()
            if qid in self.questionnaire.by_id
        }
        if pass_ is None:
            self.fields = fields
        return fields

    async def put(self, question_id: str, field: Field) -> None:
        await self.desk.save_paper_field(
            self.inspection_id, self.serial, self.pass_, question_id, (field.code, field.encode())
        )
        self.fields[question_id] = field

    @property
    def _questionnaire_key(self) -> tuple[str, str, str]:
        q = self.questionnaire
        return (q.id, q.version, q.content_hash)

    async def finalise(self, fields: Mapping[str, Field], tally: Tally | None) -> Finished:
        result = outcome(self.questionnaire, fields)
        empty = result.empty
        await self.desk.finalise_paper(
            self.inspection_id,
            self.serial,
            self._questionnaire_key,
            self.language,
            self.form_language,
            None if empty else result.answers,
            dict(result.flags),
            tally,
        )
        return "empty" if empty else "final"

    async def finish(self) -> Finished:
        """The keyer reached the end of the form."""
        if self.desk.SEALED:
            await self.desk.finish_pass(self.inspection_id, self.serial, self.pass_)
            return "sealed"
        if not self.double:
            return await self.finalise(self.fields, None)
        await self.desk.finish_pass(self.inspection_id, self.serial, self.pass_)
        other = SECOND if self.pass_ == FIRST else FIRST
        # The other keying may be done already, here or on a laptop (merged meanwhile).
        if other not in await self.desk.passes_done(self.inspection_id, self.serial):
            return "second"
        theirs = await self.load(other)
        if not differences(self.questionnaire, theirs, self.fields):
            return await self.finalise(self.fields, Tally(fields=len(self.questionnaire.questions)))
        return "resolve"


class Resolution:
    """The differences between a copy's two keyings, each decided by looking at the form."""

    def __init__(self, transcription: Transcription) -> None:
        self.transcription = transcription
        self.first: dict[str, Field] = {}
        self.second: dict[str, Field] = {}
        self.decided: dict[str, Field] = {}
        self.differing: list[str] = []

    async def load(self) -> None:
        t = self.transcription
        self.first = await t.load(FIRST)
        self.second = await t.load(SECOND)
        self.decided = await t.load(DECIDED)
        self.differing = differences(t.questionnaire, self.first, self.second)

    def field(self, which: int, question_id: str) -> Field:
        source = self.first if which == FIRST else self.second
        return source.get(question_id, Field("blank"))

    @property
    def open(self) -> list[str]:
        return [qid for qid in self.differing if qid not in self.decided]

    async def decide(self, question_id: str, field: Field) -> None:
        t = self.transcription
        await t.desk.save_paper_field(
            t.inspection_id, t.serial, DECIDED, question_id, (field.code, field.encode())
        )
        self.decided[question_id] = field

    async def finish(self) -> Finished:
        if self.open:
            raise RuntimeError("differences remain")
        tally = Tally(fields=len(self.transcription.questionnaire.questions))
        counts = {"first": 0, "second": 0, "neither": 0}
        for qid in self.differing:
            chosen = self.decided[qid]
            if chosen == self.field(FIRST, qid):
                counts["first"] += 1
            elif chosen == self.field(SECOND, qid):
                counts["second"] += 1
            else:
                counts["neither"] += 1
        tally = Tally(
            fields=tally.fields,
            differed=len(self.differing),
            first_kept=counts["first"],
            second_kept=counts["second"],
            neither_kept=counts["neither"],
        )
        fields = {**self.first, **self.decided}
        return await self.transcription.finalise(fields, tally)


def copy_languages(printed: str | None, inspection_language: str) -> tuple[str, str]:
    """(the response's language, the form's) for a copy printed in `printed` (en, cy,
    both; None: not known): a form in both languages gives the inspection's."""
    form = printed or inspection_language
    return (form if form in ("en", "cy") else inspection_language), form


class LeadDesk(EntryDesk, Protocol):
    """The lead's store as settling keyed copies needs it (store.entry)."""

    async def keyed_copies(self, inspection_id: int) -> dict[str, set[int]]: ...

    async def copy_state(self, inspection_id: int, serial: str) -> CopyState: ...

    async def paper_double_entry(self, inspection_id: int) -> bool: ...


async def settle_keyed(
    desk: LeadDesk, questionnaire: Questionnaire, inspection_id: int, inspection_language: str
) -> tuple[int, int]:
    """Copies keyed elsewhere (laptops' keyings merged from bundles) made final where they
    can be: both keyings alike, or the one keying double entry now asks for. (How many
    were made final, how many wait for their differences to be decided.)"""
    double = await desk.paper_double_entry(inspection_id)
    final = waiting = 0
    for serial, passes in (await desk.keyed_copies(inspection_id)).items():
        if double and passes != {FIRST, SECOND}:
            continue
        state = await desk.copy_state(inspection_id, serial)
        language, form_language = copy_languages(state.language, inspection_language)
        if double:
            resolution = Resolution(
                Transcription(desk, questionnaire, inspection_id, serial, DECIDED, True,
                              language, form_language)
            )  # fmt: skip
            await resolution.load()
            if resolution.open:
                waiting += 1
                continue
            await resolution.finish()
        else:
            keying = Transcription(desk, questionnaire, inspection_id, serial, FIRST, False,
                                   language, form_language)  # fmt: skip
            await keying.load()
            await keying.finish()
        final += 1
    return final, waiting
