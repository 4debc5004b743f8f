"""The questionnaire as data: a TOML file and its Welsh catalogue, validated before use.

`load()` returns a `Questionnaire` or raises `QuestionnaireError` listing every problem
with the file, the line (or question id) and what to fix. The app never starts on a
questionnaire that does not load. The format is described in docs/questionnaire-format.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from survey_app.core.i18n import LANGUAGES, CatalogueError, Translator, _, read_catalogue
from survey_app.core.paths import UnreadableFile, cache_dir, read_small
from survey_app.core.questionnaire import conditions
from survey_app.core.text import display_safe

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

QuestionType = Literal[
    "single_choice", "multiple_choice", "agreement", "yes_no", "number", "free_text"
]
"""The question types (questionnaire_schema validates a file's against the same list)."""
CHOICE_TYPES = ("single_choice", "multiple_choice", "agreement", "yes_no")
AGREEMENT_SCALE: tuple[tuple[str, str], ...] = (
    ("strongly_agree", "Strongly agree"),
    ("agree", "Agree"),
    ("unsure", "Unsure"),
    ("disagree", "Disagree"),
    ("strongly_disagree", "Strongly disagree"),
)
DONT_KNOW = "dont_know"
NOT_NEEDED = "not_needed"
"""'I haven't needed it': an answer that says the question did not apply to the resident."""
EXTRA_AGREEMENT = (DONT_KNOW, NOT_NEEDED)
"""Options an agreement question may add after its scale."""
MAX_OPTIONS = 9  # one key each: 1-9
FREE_TEXT_CAP = 4000


MAX_QUESTIONS = 200
MAX_CONDITION = 400  # characters in one routing condition
MAX_FILE = 1_000_000
"""Bytes of a questionnaire file: the bundled one is about 25 kB."""
MAX_NESTING = 20
"""Brackets and braces inside one another: options need 2. A file nested thousands deep
would exhaust the parser's recursion before it could say where."""
MAX_NUMBER = 1_000_000_000
"""The largest min or max of a number question (a resident types at most 9 digits)."""
CACHE_FORMAT = 3
"""Bump when the cached form of a checked questionnaire changes."""


# The questionnaire as the app uses it: plain frozen data, built from what the schema
# (questionnaire_schema) validated, or from the cache of a questionnaire checked before.
# The fields are the file's keys; docs/questionnaire-format.md says what each means.
@dataclass(frozen=True)
class Option:
    """One answer a resident can pick."""

    code: str
    """Language-neutral code stored in the database."""
    label: str
    """English words shown for it; Welsh comes from the catalogue."""


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Question:
    id: str
    """Stable id: answers are stored under it."""
    type: QuestionType
    text: str
    section: str | None = None
    help: str | None = None
    """Explains terms in the question; shown on `?`."""
    standards: tuple[int, ...] = ()
    """Inspection standards (1-5) the answers inform."""
    positive: tuple[str, ...] = ()
    """Codes counted as positive in roll-ups per standard."""
    apart: tuple[str, ...] = ()
    """Codes kept apart from the roll-ups, neither positive nor negative ("I haven't
    needed it"): such answers say the question did not apply to the resident."""
    when: str | None = None
    """Routing condition: ask only when it holds."""
    options: tuple[Option, ...] = ()
    exclusive: tuple[str, ...] = ()
    """Multiple choice: codes that cannot be combined with others (e.g. `none`)."""
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    max_length: int = FREE_TEXT_CAP
    breakdown: bool = False
    """The lead may break other answers down by this question's groups (age band, time
    here). Single answers only, so that every resident falls in one group."""
    read_aloud: str | None = None
    """In an interview: the words to read, when they differ from `text`."""
    interviewer: str | None = None
    """In an interview: what the inspector is told about this question."""


@dataclass(frozen=True)
class Interview:
    consent: str
    instructions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Header:
    id: str
    version: str
    title: str


@dataclass(frozen=True)
class Definition:
    """The whole file, checked."""

    questionnaire: Header
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    interview: Interview | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Definition:
        """From the file's content as the schema dumps it (and the cache keeps it)."""
        questions = []
        for raw in data["questions"]:
            fields = dict(raw)
            fields["options"] = tuple(Option(**o) for o in raw.get("options", ()))
            for key in ("standards", "positive", "apart", "exclusive"):
                fields[key] = tuple(raw.get(key, ()))
            questions.append(Question(**fields))
        interview = data.get("interview")
        return cls(
            Header(**data["questionnaire"]),
            tuple(Section(**s) for s in data.get("sections", ())),
            tuple(questions),
            Interview(interview["consent"], dict(interview.get("instructions") or {}))
            if interview
            else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The same shape as the schema's dump: the content hash is taken over it. Keys
        added to the format since (the interview's texts) are left out while unused, so
        that a questionnaire without them keeps the hash it had: devices that joined with
        it, and the responses that record it, still match."""
        data = asdict(self)
        for key in LATER_KEYS:
            if data.get(key) is None:
                data.pop(key, None)
        for question in data["questions"]:
            for key in LATER_QUESTION_KEYS:
                if question.get(key) is None:
                    question.pop(key, None)
        return data


LATER_KEYS = ("interview",)
LATER_QUESTION_KEYS = ("read_aloud", "interviewer")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire, located as precisely as we can."""

    file: Path
    message: str
    line: int | None = None
    question: str | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.question:
            where += " " + _("(question {id})").format(id=self.question)
        return f"{where}: {self.message}"


class QuestionnaireError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Questionnaire:
    """A validated questionnaire with its translations."""

    path: Path
    model: Definition
    translators: dict[str, Translator]
    fuzzy: int = 0
    """How many Welsh texts no translator has checked yet."""
    conditions: dict[str, conditions.Node] = field(default_factory=dict)
    _contexts: dict[str, list[tuple[str, Option]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def id(self) -> str:
        return self.model.questionnaire.id

    @property
    def version(self) -> str:
        return self.model.questionnaire.version

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.model.questions

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def index(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the questions, routing and every text in every language.

        Each response records it, so an answer can always be read against the exact words
        the resident saw.
        """
        texts = {
            language: sorted(
                (context, self._t(language, context, english)) for context, english in self.texts()
            )
            for language in LANGUAGES
        }
        canonical = json.dumps(
            {"model": self.model.to_dict(), "texts": texts},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    # --- texts -----------------------------------------------------------------------
    def _t(self, language: str, context: str, english: str) -> str:
        translator = self.translators.get(language)
        return translator.pgettext(context, english) if translator else english

    def texts(self) -> list[tuple[str, str]]:
        """Every translatable text as (context, English)."""
        out = [("questionnaire.title", self.model.questionnaire.title)]
        out += [(f"section.{s.id}", s.title) for s in self.model.sections]
        for q in self.questions:
            out.append((f"question.{q.id}", q.text))
            if q.help:
                out.append((f"question.{q.id}.help", q.help))
            if q.unit:
                out.append((f"question.{q.id}.unit", q.unit))
            for context, option in self.option_contexts(q):
                out.append((context, option.label))
            if q.read_aloud:
                out.append((f"question.{q.id}.read_aloud", q.read_aloud))
            if q.interviewer:
                out.append((f"question.{q.id}.interviewer", q.interviewer))
        interview = self.model.interview
        if interview is not None:
            out.append(("interview.consent", interview.consent))
            out += [(f"interview.{kind}", text) for kind, text in interview.instructions.items()]
        return list(dict.fromkeys(out))

    def option_contexts(self, question: Question) -> list[tuple[str, Option]]:
        """(catalogue context, option) of every answer the question offers, worked out once
        per question (counting asks for them thousands of times a recount)."""
        known = self._contexts.get(question.id)
        if known is None:
            known = self._contexts[question.id] = self._option_contexts(question)
        return known

    def _option_contexts(self, question: Question) -> list[tuple[str, Option]]:
        own = [(f"question.{question.id}.option.{o.code}", o) for o in question.options]
        scale_codes = {code for code, _label in AGREEMENT_SCALE}
        if question.type == "agreement" and not scale_codes & {o.code for o in question.options}:
            # The standard scale, then any options of the question's own ("I haven't
            # needed it") after it.
            return [
                (f"scale.agreement.{code}", Option(code=code, label=label))
                for code, label in AGREEMENT_SCALE
            ] + own
        return own

    def title(self, language: str) -> str:
        return self._t(language, "questionnaire.title", self.model.questionnaire.title)

    def section_title(self, section_id: str, language: str) -> str:
        for section in self.model.sections:
            if section.id == section_id:
                return self._t(language, f"section.{section_id}", section.title)
        return section_id

    def text(self, question: Question, language: str) -> str:
        return self._t(language, f"question.{question.id}", question.text)

    def help(self, question: Question, language: str) -> str | None:
        if not question.help:
            return None
        return self._t(language, f"question.{question.id}.help", question.help)

    # --- an interview: what is read aloud, and what the inspector is told ------------
    def read_aloud(self, question: Question, language: str) -> str:
        """The words to read to the resident, in the resident's language."""
        if question.read_aloud:
            return self._t(language, f"question.{question.id}.read_aloud", question.read_aloud)
        return self.text(question, language)

    def instructions(self, question: Question, language: str) -> str | None:
        """What the inspector is told about the question, in the inspector's language:
        its own text, or its type's."""
        if question.interviewer:
            return self._t(language, f"question.{question.id}.interviewer", question.interviewer)
        interview = self.model.interview
        if interview is None or question.type not in interview.instructions:
            return None
        return self._t(
            language, f"interview.{question.type}", interview.instructions[question.type]
        )

    def consent_script(self, language: str) -> str | None:
        """The consent script to read first, in the resident's language; None when the
        questionnaire has none (the interview then reads the app's own)."""
        interview = self.model.interview
        if interview is None:
            return None
        return self._t(language, "interview.consent", interview.consent)

    def unit(self, question: Question, language: str) -> str | None:
        if not question.unit:
            return None
        return self._t(language, f"question.{question.id}.unit", question.unit)

    def options(self, question: Question, language: str) -> list[tuple[str, str]]:
        """(code, label) pairs in the resident's language."""
        return [
            (option.code, self._t(language, context, option.label))
            for context, option in self.option_contexts(question)
        ]

    def option_label(self, question: Question, code: str, language: str) -> str:
        for each, label in self.options(question, language):
            if each == code:
                return label
        return code

    def codes(self, question: Question) -> list[str]:
        return [option.code for _context, option in self.option_contexts(question)]


# --- loading ---------------------------------------------------------------------------
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load(path: Path | str, translations: bool = True) -> Questionnaire:
    """Load and validate a questionnaire and its catalogues, or raise QuestionnaireError.

    A questionnaire that passed every check once is kept in the cache, keyed by the bytes
    of its file and its catalogues: the next start reads it from there, without the
    validation (pydantic) and the catalogue parser (Babel), which took longer than
    everything else before the first screen. Any change to any of the files is a new key,
    so it is checked again.

    With `translations=False` the catalogues are neither read nor required: for making
    the template that translators start from.
    """
    path = Path(path)
    try:
        data = read_small(path, MAX_FILE)
        source = data.decode("utf-8")
    except (UnreadableFile, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnreadableFile) else _("it is not UTF-8 text")
        raise QuestionnaireError(
            [Problem(path, _("cannot read the file: {reason}").format(reason=reason))]
        ) from exc
    key = _cache_key(path, data) if translations else None
    if key is not None and (cached := _from_cache(path, key)) is not None:
        return cached
    questionnaire = _validate(path, source, translations)
    if key is not None:
        _to_cache(questionnaire, key)
    return questionnaire


def _cache_key(path: Path, data: bytes) -> str | None:
    """A digest of the file and every catalogue beside it (None: a catalogue cannot be
    read, so the full check must say why)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0".encode() + data)
    # The checks themselves are part of the key: a questionnaire checked by an earlier
    # version of these rules is checked again by the new ones.
    for module in (Path(__file__), Path(__file__).with_name("schema.py")):
        digest.update(b"\0" + module.read_bytes())
    for language in LANGUAGES:
        if language == "en":
            continue
        try:
            digest.update(b"\0" + read_small(path.with_name(f"{path.stem}.{language}.po"),
                                              MAX_FILE * 4))  # fmt: skip
        except UnreadableFile:
            return None
    return digest.hexdigest()


def _cache_file(key: str) -> Path:
    return cache_dir() / "questionnaires" / f"{key[:32]}.json"


def _from_cache(path: Path, key: str) -> Questionnaire | None:
    try:
        record = json.loads(_cache_file(key).read_text(encoding="utf-8"))
        if record.get("key") != key:
            return None
        translators = {"en": Translator("en")}
        for language, entries in record["texts"].items():
            translators[language] = Translator(
                language, {(context, english): text for context, english, text in entries}
            )
        questionnaire = Questionnaire(
            path, Definition.from_dict(record["model"]), translators, int(record["fuzzy"])
        )
        for question in questionnaire.questions:
            if question.when is not None:
                questionnaire.conditions[question.id] = conditions.parse(question.when)
        # Worked out from exactly the content the key covers, so it is the same value;
        # kept, it spares every first response of a process the hashing of every text.
        questionnaire.__dict__["content_hash"] = str(record["hash"])
        return questionnaire
    except (OSError, ValueError, KeyError, TypeError, conditions.ConditionError):
        return None  # no cache, or one from elsewhere: check the files again


def _to_cache(questionnaire: Questionnaire, key: str) -> None:
    record = {
        "key": key,
        "model": questionnaire.model.to_dict(),
        "fuzzy": questionnaire.fuzzy,
        "hash": questionnaire.content_hash,
        "texts": {
            language: [[c, e, t] for (c, e), t in translator.singular.items()]
            for language, translator in questionnaire.translators.items()
            if language != "en"
        },
    }
    target = _cache_file(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only cache: checked again next time


def _validate(path: Path, source: str, translations: bool) -> Questionnaire:
    """Every check, on the file's text: the schema (pydantic), the catalogues (Babel),
    then the rules no schema can say."""
    from pydantic import ValidationError

    from survey_app.core.questionnaire.schema import QuestionnaireFile

    depth = _nesting(source)
    if depth > MAX_NESTING:
        raise QuestionnaireError(
            [
                Problem(
                    path,
                    _(
                        "brackets and braces are nested {depth} deep: a questionnaire needs "
                        "at most {n}; check for a bracket that is never closed"
                    ).format(depth=depth, n=MAX_NESTING),
                )
            ]
        )
    import tomllib  # here: a start from the cache reads no TOML

    try:
        raw = tomllib.loads(source)
    except RecursionError as exc:
        raise QuestionnaireError(
            [Problem(path, _("the file is nested too deep to read: simplify it"))]
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = _TOML_POSITION.sub("", str(exc)).strip()
        raise QuestionnaireError(
            [
                Problem(
                    path,
                    _("TOML syntax error: {detail}. Fix the syntax on this line.").format(
                        detail=detail
                    ),
                    line,
                )
            ]
        ) from exc
    locator = _Locator(source, raw)
    try:
        model = QuestionnaireFile.model_validate(raw)
    except ValidationError as exc:
        raise QuestionnaireError(
            [locator.pydantic_problem(path, error) for error in exc.errors()]
        ) from exc
    explicit = [question.model_fields_set for question in model.questions]

    translators: dict[str, Translator] = {"en": Translator("en")}
    catalogues: dict[str, Catalog] = {}
    problems: list[Problem] = []
    fuzzy = 0
    for language in LANGUAGES if translations else ():
        if language == "en":
            continue
        po = path.with_name(f"{path.stem}.{language}.po")
        if not po.exists():
            problems.append(
                Problem(
                    po,
                    _(
                        "the {language} catalogue is missing: write {name} beside the questionnaire"
                    ).format(language=language, name=po.name),
                )
            )
            continue
        try:
            catalogue = read_catalogue(po, language)
        except CatalogueError as exc:
            problems.append(Problem(po, exc.detail, exc.line))
            continue
        translators[language] = Translator.from_catalogues(language, [catalogue])
        catalogues[language] = catalogue
        fuzzy += sum(1 for m in catalogue if m.id and m.fuzzy)

    definition = Definition.from_dict(model.model_dump(mode="json"))
    questionnaire = Questionnaire(path, definition, translators, fuzzy)
    problems += _check(questionnaire, locator, explicit)
    problems += _unmatched(questionnaire, catalogues)
    if problems:
        raise QuestionnaireError(problems)
    return questionnaire


def _nesting(source: str) -> int:
    """How deep brackets and braces go, outside strings and comments (roughly: enough to
    refuse a file nested far beyond any questionnaire before parsing it)."""
    depth = deepest = 0
    quote: str | None = None
    escaped = False
    for line in source.splitlines():
        for char in line:
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote == '"':
                    escaped = True
                elif char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth = max(0, depth - 1)
        quote, escaped = None, False  # one-line strings end with their line
    return deepest


class _Locator:
    """Finds the line of a question or of one of its keys in the TOML source."""

    def __init__(self, source: str, raw: dict[str, Any]) -> None:
        self.lines = source.splitlines()
        self.raw = raw
        self.question_starts = [
            i + 1 for i, line in enumerate(self.lines) if line.strip() == "[[questions]]"
        ]

    def _block(self, index: int) -> tuple[int, int]:
        if index >= len(self.question_starts):
            return (1, len(self.lines))
        start = self.question_starts[index]
        end = (
            self.question_starts[index + 1] - 1
            if index + 1 < len(self.question_starts)
            else len(self.lines)
        )
        return start, end

    def line_of(self, index: int, key: str | None = None) -> int | None:
        if not self.question_starts:
            return None
        start, end = self._block(index)
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for number in range(start, end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start

    def line_in(self, index: int, needle: str) -> int | None:
        start, end = self._block(index)
        for number in range(start, end + 1):
            if needle in self.lines[number - 1]:
                return number
        return self.line_of(index)

    def header_line(self, table: str) -> int | None:
        for i, line in enumerate(self.lines):
            if line.strip() in (f"[{table}]", f"[[{table}]]"):
                return i + 1
        return None

    def question_id(self, index: int) -> str | None:
        questions = self.raw.get("questions")
        if isinstance(questions, list) and index < len(questions):
            entry = questions[index]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                return entry["id"]
        return None

    def pydantic_problem(self, path: Path, error: Any) -> Problem:
        loc = tuple(error["loc"])
        field_name = ".".join(str(part) for part in loc)
        message = _explain(error, field_name)
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            key = str(loc[2]) if len(loc) >= 3 else None
            return Problem(path, message, self.line_of(loc[1], key), self.question_id(loc[1]))
        if loc and isinstance(loc[0], str):
            return Problem(path, message, self.header_line(loc[0]))
        return Problem(path, message)


def _explain(error: Any, field_name: str) -> str:
    kind = error["type"]
    if kind == "literal_error" and field_name.endswith(".type"):
        return _(
            "unknown type {value!r}: use one of single_choice, multiple_choice, agreement, "
            "yes_no, number, free_text"
        ).format(value=error.get("input"))
    if kind == "missing":
        return _("{field} is missing: add it").format(field=field_name)
    if kind == "extra_forbidden":
        return _("{field} is not a known key: check its spelling or remove it").format(
            field=field_name
        )
    if kind == "string_pattern_mismatch":
        return _(
            "{field} = {value!r} is not allowed: ids and codes use lower-case letters, digits and _"
        ).format(field=field_name, value=error.get("input"))
    if kind == "value_error" and "control character" in error["msg"]:
        return _(
            "{field} contains a control character or an invisible direction mark: remove it"
        ).format(field=field_name)
    if kind == "value_error" and "is empty" in error["msg"]:
        return _("{field} is empty: write the text, or remove the key").format(field=field_name)
    if kind == "too_long" and field_name == "questions":
        return _("there are more than {n} questions: split the questionnaire").format(
            n=MAX_QUESTIONS
        )
    if kind == "string_too_long" and field_name.endswith(".when"):
        return _("{field} is longer than {n} characters: simplify the condition").format(
            field=field_name, n=MAX_CONDITION
        )
    return _("{field}: {detail}").format(field=field_name, detail=error["msg"])


def _check(q: Questionnaire, locator: _Locator, explicit: list[set[str]]) -> list[Problem]:
    """The rules pydantic cannot express: cross-references, routing, translations."""
    path = q.path
    problems: list[Problem] = []

    def problem(index: int, message: str, key: str | None = None) -> None:
        problems.append(Problem(path, message, locator.line_of(index, key), q.questions[index].id))

    seen: dict[str, int] = {}
    for index, question in enumerate(q.questions):
        if question.id in seen:
            problem(
                index,
                _(
                    "duplicate id {id!r} (first used on line {line}): give each question its own id"
                ).format(id=question.id, line=locator.line_of(seen[question.id])),
                "id",
            )
        else:
            seen[question.id] = index

    section_ids = [s.id for s in q.model.sections]
    for section_id in sorted({i for i in section_ids if section_ids.count(i) > 1}):
        problems.append(
            Problem(
                path,
                _("duplicate section id {id!r}: give each section its own id").format(
                    id=section_id
                ),
                locator.header_line("sections"),
            )
        )
    for index, question in enumerate(q.questions):
        if question.section is not None and question.section not in section_ids:
            problem(
                index,
                _("unknown section {section!r}: add a [[sections]] entry or fix the id").format(
                    section=question.section
                ),
                "section",
            )
        problems.extend(_check_answers(q, locator, index, question, explicit[index]))

    problems.extend(_check_routing(q, locator))

    for language, translator in q.translators.items():
        if language == "en":
            continue
        for context, english in q.texts():
            translated = translator.pgettext(context, english)
            if translator.has(english, context) and display_safe(translated) != translated:
                problems.append(
                    Problem(
                        path.with_name(f"{path.stem}.{language}.po"),
                        _(
                            "the {language} text for {context} contains a control character or "
                            "an invisible direction mark: remove it"
                        ).format(language=language, context=context),
                    )
                )
            if not translator.has(english, context):
                qid = context.split(".")[1] if context.startswith("question.") else None
                position = q.index.get(qid) if qid else None
                line = locator.line_in(position, english[:30]) if position is not None else None
                problems.append(
                    Problem(
                        path,
                        _("no {language} text for {context} ({english!r}): add it to {po}").format(
                            language=language,
                            context=context,
                            english=english,
                            po=f"{path.stem}.{language}.po",
                        ),
                        line,
                        qid,
                    )
                )
    return problems


def _unmatched(q: Questionnaire, catalogues: dict[str, Catalog]) -> list[Problem]:
    """Catalogue entries that match no text (a misspelt or invisible character in their
    msgctxt, an English text changed since): they would be ignored without a word."""
    texts = set(q.texts())
    problems = []
    for language, catalogue in catalogues.items():
        po = q.path.with_name(f"{q.path.stem}.{language}.po")
        for message in catalogue:
            if not message.id or not isinstance(message.id, str):
                continue
            if (message.context or "", message.id) not in texts:
                problems.append(
                    Problem(
                        po,
                        _(
                            "this entry matches no text of the questionnaire (msgctxt "
                            "{context!r}, msgid {english!r}): correct it, or remove it"
                        ).format(context=message.context, english=message.id[:60]),
                        message.lineno,
                    )
                )
    return problems


def _check_answers(
    q: Questionnaire, locator: _Locator, index: int, question: Question, explicit: set[str]
) -> list[Problem]:
    path = q.path
    out: list[Problem] = []

    def problem(message: str, key: str | None = None) -> None:
        out.append(Problem(path, message, locator.line_of(index, key), question.id))

    codes = [o.code for o in question.options]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problem(_("option code {code!r} is used twice").format(code=duplicates[0]), "options")
    if question.type in ("single_choice", "multiple_choice"):
        if not 2 <= len(codes) <= MAX_OPTIONS:
            problem(
                _("a {type} question needs 2 to {max} options").format(
                    type=question.type, max=MAX_OPTIONS
                ),
                "options",
            )
    elif question.type == "yes_no":
        allowed = {"yes", "no", DONT_KNOW, NOT_NEEDED}
        if not {"yes", "no"} <= set(codes) or not set(codes) <= allowed:
            problem(
                _(
                    "a yes_no question needs options with the codes yes and no (and may add "
                    "dont_know and not_needed), each with words that fit the question"
                ),
                "options",
            )
    elif question.type == "agreement":
        scale = {code for code, _label in AGREEMENT_SCALE}
        own = set(codes) - set(EXTRA_AGREEMENT)
        if own and own != scale:
            problem(
                _(
                    "an agreement question uses the codes {codes}: leave options out to use the "
                    "standard words, or list only {extra} to add them after the scale"
                ).format(
                    codes=", ".join(c for c, _label in AGREEMENT_SCALE),
                    extra=" or ".join(EXTRA_AGREEMENT),
                ),
                "options",
            )
    elif codes:
        problem(
            _("a {type} question has no options: remove them").format(type=question.type), "options"
        )

    all_codes = q.codes(question)
    listed_codes = (
        ("positive", question.positive),
        ("exclusive", question.exclusive),
        ("apart", question.apart),
    )
    for key, listed in listed_codes:
        for code in listed:
            if code not in all_codes:
                problem(
                    _("{key} lists {code!r}, which is not an option of this question").format(
                        key=key, code=code
                    ),
                    key,
                )
    if question.exclusive and question.type != "multiple_choice":
        problem(_("only a multiple_choice question can have exclusive codes"), "exclusive")
    if question.type != "number" and (question.min is not None or question.max is not None):
        problem(_("only a number question can have min and max"), "min")
    if question.min is not None and question.max is not None and question.min > question.max:
        problem(_("min is greater than max: swap them"), "min")
    if question.unit is not None and question.type != "number":
        problem(_("only a number question can have a unit"), "unit")
    if "max_length" in explicit and question.type != "free_text":
        problem(_("only a free_text question can have max_length"), "max_length")
    if question.breakdown and question.type not in ("single_choice", "yes_no", "agreement"):
        problem(
            _("only a question with one answer (not {type}) can be a breakdown").format(
                type=question.type
            ),
            "breakdown",
        )
    if question.type == "free_text" and question.positive:
        problem(_("a free_text question cannot have positive codes"), "positive")
    if question.apart and question.type not in ("single_choice", "yes_no", "agreement"):
        problem(
            _("only a question with one answer (not {type}) can keep codes apart").format(
                type=question.type
            ),
            "apart",
        )
    both = sorted(set(question.apart) & set(question.positive))
    if both:
        problem(
            _("{code!r} is both positive and apart: an answer kept apart is neither").format(
                code=both[0]
            ),
            "apart",
        )
    return out


def _check_routing(q: Questionnaire, locator: _Locator) -> list[Problem]:
    path = q.path
    out: list[Problem] = []
    depends: dict[str, set[str]] = {}
    for index, question in enumerate(q.questions):
        if question.when is None:
            continue
        line = locator.line_of(index, "when")
        try:
            node = conditions.parse(question.when)
        except conditions.ConditionError as exc:
            out.append(
                Problem(
                    path,
                    _("routing condition {when!r}: {error} (at column {column})").format(
                        when=question.when, error=exc, column=exc.column
                    ),
                    line,
                    question.id,
                )
            )
            continue
        q.conditions[question.id] = node
        depends[question.id] = set()
        for ref in conditions.references(node):
            target = q.by_id.get(ref.question)
            if target is None:
                out.append(
                    Problem(
                        path,
                        _("routing refers to an unknown question {ref!r}: fix the id").format(
                            ref=ref.question
                        ),
                        line,
                        question.id,
                    )
                )
                continue
            depends[question.id].add(target.id)
            if isinstance(ref, conditions.Compare):
                out.extend(_check_compare(q, ref, target, question, line))

    cycle = _find_cycle(depends)
    if cycle:
        first = cycle[0]
        out.append(
            Problem(
                path,
                _(
                    "routing goes round in a cycle: {cycle}. Break it by removing one of these "
                    "conditions"
                ).format(cycle=" -> ".join([*cycle, first])),
                locator.line_of(q.index[first], "when"),
                first,
            )
        )
        return out
    for qid, targets in depends.items():
        for later in sorted(targets):
            if q.index[later] >= q.index[qid]:
                out.append(
                    Problem(
                        path,
                        _(
                            "routing refers to {ref!r}, which is asked later: a condition can only "
                            "use answers given before; move {ref!r} earlier"
                        ).format(ref=later),
                        locator.line_of(q.index[qid], "when"),
                        qid,
                    )
                )
    return out


def _check_compare(
    q: Questionnaire,
    ref: conditions.Compare,
    target: Question,
    question: Question,
    line: int | None,
) -> list[Problem]:
    out: list[Problem] = []
    numeric = ref.op in ("<", "<=", ">", ">=")
    if target.type == "free_text":
        out.append(
            Problem(
                q.path,
                _(
                    "routing compares the free text of {ref!r}: only answered({ref}) can be used"
                ).format(ref=target.id),
                line,
                question.id,
            )
        )
    elif target.type == "number":
        for value in ref.values:
            if not isinstance(value, int):
                out.append(
                    Problem(
                        q.path,
                        _("{ref!r} is a number question: compare it with a whole number").format(
                            ref=target.id
                        ),
                        line,
                        question.id,
                    )
                )
    elif numeric:
        out.append(
            Problem(
                q.path,
                _("{op} only works on a number question, and {ref!r} is {type}").format(
                    op=ref.op, ref=target.id, type=target.type
                ),
                line,
                question.id,
            )
        )
    else:
        codes = q.codes(target)
        for value in ref.values:
            if str(value) not in codes:
                out.append(
                    Problem(
                        q.path,
                        _(
                            "routing refers to code {code!r}, which {ref!r} does not have (it has "
                            "{codes})"
                        ).format(code=str(value), ref=target.id, codes=", ".join(codes)),
                        line,
                        question.id,
                    )
                )
    return out


def _find_cycle(depends: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(depends.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in depends:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def template(questionnaire: Questionnaire) -> str:
    """The gettext template (POT) of every text, for translators' tools."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogue = Catalog(project=questionnaire.id, version=questionnaire.version, fuzzy=False)
    for context, english in questionnaire.texts():
        catalogue.add(english, context=context)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=76, omit_header=False)
    return buffer.getvalue().decode("utf-8")


def json_schema() -> dict[str, Any]:
    """JSON Schema of the questionnaire file, for editors that validate TOML."""
    from survey_app.core.questionnaire.schema import QuestionnaireFile

    schema = QuestionnaireFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "survey_app questionnaire"
    return schema
