"""The questionnaire file's format, as pydantic models: what `load()` validates a file
against on its first use (afterwards a checked questionnaire starts from the cache), and the
JSON Schema editors validate with. Nothing here is imported when the app starts."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from survey_app.core.questionnaire.model import (
    FREE_TEXT_CAP,
    MAX_CONDITION,
    MAX_NUMBER,
    MAX_QUESTIONS,
    QuestionType,
)
from survey_app.core.text import display_safe


def _plain_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty: write the text, or remove the key")
    if display_safe(value) != value:
        raise ValueError("contains a control character or an invisible direction mark: remove it")
    return value


# Question ids and codes are words of the routing language: a letter first, so that
# `q == 1` can only mean a number and `q == a1` only a code.
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_plain_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One answer a resident can pick."""

    code: Code
    """Language-neutral code stored in the database."""
    label: Text
    """English words shown for it; Welsh comes from the catalogue."""


class Section(_Model):
    id: Ident
    title: Text


class Question(_Model):
    id: QuestionId
    """Stable id: answers are stored under it."""
    section: Ident | None = None
    type: QuestionType
    text: Text
    help: Text | None = None
    """Explains terms in the question; shown on `?`."""
    standards: list[Annotated[int, Field(ge=1, le=5)]] = []
    """Inspection standards (1-5) the answers inform."""
    positive: list[Code] = []
    """Codes counted as positive in roll-ups per standard."""
    apart: list[Code] = []
    """Codes kept apart from the roll-ups, neither positive nor negative ("I haven't
    needed it"): such answers say the question did not apply to the resident."""
    when: Annotated[str, Field(min_length=1, max_length=MAX_CONDITION)] | None = None
    """Routing condition: ask only when it holds."""
    options: list[Option] = []
    exclusive: list[Code] = []
    """Multiple choice: codes that cannot be combined with others (e.g. `none`)."""
    min: Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)] | None = None
    max: Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)] | None = None
    unit: Text | None = None
    max_length: Annotated[int, Field(ge=1, le=FREE_TEXT_CAP)] = FREE_TEXT_CAP
    breakdown: bool = False
    """The lead may break other answers down by this question's groups (age band, time
    here). Single answers only, so that every resident falls in one group."""
    read_aloud: Text | None = None
    """In an interview: the words the inspector reads, exactly as written, when they
    differ from `text` (which is written to be read on a screen)."""
    interviewer: Text | None = None
    """In an interview: what the inspector is told about this question (how to ask it,
    a neutral probe), shown apart from the words to read and never to the resident."""


class Interview(_Model):
    """What a facilitated interview (survey-app interview) reads and is told."""

    consent: Text
    """Read to the resident before the first question; the inspector then confirms that
    they agreed, aloud (no signature, no name)."""
    instructions: dict[QuestionType, Text] = {}
    """What the inspector is told for every question of a type (`agreement = "Show the
    answers card"`), unless the question has an `interviewer` text of its own."""


class Header(_Model):
    id: Ident
    version: Annotated[str, Field(min_length=1, max_length=40)]
    title: Text


class QuestionnaireFile(_Model):
    """The whole TOML file."""

    questionnaire: Header
    interview: Interview | None = None
    sections: list[Section] = []
    questions: Annotated[list[Question], Field(min_length=1, max_length=MAX_QUESTIONS)]
