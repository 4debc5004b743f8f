"""What a sealed record says once opened, and how a response is rebuilt from its records.

A response on a device is a short history, one record per durable step, in order: it
started (mode, language, questionnaire), an answer was given or changed (with the answers
routing then left behind or reached again), the language changed, it was completed or left
partial (the day, and its withdrawal code's slow hash when it has one). Each record is
sealed on its own, the moment it happens; the lead opens them all and replays them.

The records are read on the lead's machine from bundles that came from elsewhere: every
field is checked, and a record that is not one this app writes is refused, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from survey_app.core.collection import serials
from survey_app.core.collection.collector import NOTE_LIMIT
from survey_app.core.collection.entry import FIELD_CODES
from survey_app.core.questionnaire.flow import Answer, Change, Value

RECORD_FORMAT = 1
STATUSES = ("answered", "skipped", "dont_know", "refused", "not_applicable")
MODES = ("self", "kiosk", "web", "paper", "interview")


class RecordError(ValueError):
    """An opened record that is not one this app writes, or out of its place."""


def encode(seq: int, kind: str, **fields: Any) -> bytes:
    return json.dumps(
        {"v": RECORD_FORMAT, "seq": seq, "kind": kind, **fields},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def start(seq: int, mode: str, language: str, questionnaire_id: str, version: str) -> bytes:
    return encode(seq, "start", mode=mode, language=language, id=questionnaire_id,
                  version=version)  # fmt: skip


def answer(seq: int, question_id: str, given: Answer, change: Change | None) -> bytes:
    value = list(given.value) if isinstance(given.value, tuple) else given.value
    return encode(
        seq,
        "answer",
        question=question_id,
        status=given.status,
        value=value,
        not_applicable=list(change.not_applicable) if change else [],
        reopened=list(change.reopened) if change else [],
    )


def note(seq: int, question_id: str, text: str) -> bytes:
    """An inspector's note on a question (empty: taken away)."""
    return encode(seq, "note", question=question_id, text=text)


def keying(seq: int, serial: str) -> bytes:
    """A paper form typed in on the device: which copy (the record after the start)."""
    return encode(seq, "keying", serial=serial)


def field(seq: int, question_id: str, code: str, value: str | None) -> bytes:
    """One field of a paper form as typed (see collection.entry.Field)."""
    return encode(seq, "field", question=question_id, code=code, value=value)


def language(seq: int, code: str) -> bytes:
    return encode(seq, "language", language=code)


def settled(seq: int, status: str, day: str, hashed: str | None, tag: str | None) -> bytes:
    return encode(seq, status, day=day, withdrawal_hash=hashed, withdrawal_tag=tag)


@dataclass
class Replayed:
    """A response as its records leave it."""

    mode: str = ""
    language: str = ""
    questionnaire_id: str = ""
    questionnaire_version: str = ""
    status: str = "in_progress"
    day: str | None = None
    withdrawal_hash: str | None = None
    withdrawal_tag: str | None = None
    answers: dict[str, Answer] = _field(default_factory=dict)
    notes: dict[str, str] = _field(default_factory=dict)
    """An interview's notes by question: the inspector's words, kept apart from answers."""
    serial: str | None = None
    """A paper form's keying: the copy typed in (its fields then, not answers)."""
    fields: dict[str, tuple[str, str | None]] = _field(default_factory=dict)
    """A keying's fields by question: code and value as typed (entry.Field.encode)."""


def _str(record: dict[str, Any], key: str, limit: int = 200, empty: bool = False) -> str:
    value = record.get(key)
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise RecordError(key)
    return value


def _optional(record: dict[str, Any], key: str) -> str | None:
    return None if record.get(key) is None else _str(record, key, 300)


def _ids(record: dict[str, Any], key: str) -> list[str]:
    values = record.get(key)
    if not isinstance(values, list) or len(values) > 1000:
        raise RecordError(key)
    return [_str({"x": v}, "x") for v in values]


def _value(raw: object) -> Value | None:
    if raw is None or (isinstance(raw, str | int) and not isinstance(raw, bool)):
        return raw
    if isinstance(raw, list) and len(raw) <= 1000 and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    raise RecordError("value")


def decode(data: bytes, seq: int) -> dict[str, Any]:
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RecordError("not JSON") from exc
    if not isinstance(record, dict) or record.get("v") != RECORD_FORMAT:
        raise RecordError("format")
    if record.get("seq") != seq:
        # Sealed with its place in the history: a record moved within a response is refused.
        raise RecordError("out of its place")
    return record


def replay(records: list[dict[str, Any]]) -> Replayed:
    """The response that `records` (opened and decoded, in order) describe."""
    state = Replayed()
    for seq, record in enumerate(records):
        kind = record.get("kind")
        if (seq == 0) != (kind == "start"):
            raise RecordError("a response starts with its start, once")
        if state.status == "complete":
            raise RecordError("nothing follows a completed response")
        if kind == "start":
            state.mode = _str(record, "mode")
            if state.mode not in MODES:
                raise RecordError("mode")
            state.language = _language(record)
            state.questionnaire_id = _str(record, "id")
            state.questionnaire_version = _str(record, "version", empty=True)
        elif kind == "answer":
            if state.serial is not None:
                raise RecordError("a keying has fields, not answers")
            question = _str(record, "question")
            status = _str(record, "status")
            if status not in STATUSES:
                raise RecordError("status")
            value = _value(record.get("value"))
            if len(json.dumps(value, ensure_ascii=False)) > 20_000:
                raise RecordError("value too long")
            state.answers[question] = Answer(status, value)  # type: ignore[arg-type]
            for other in _ids(record, "not_applicable"):
                if other in state.answers:  # as the lead's store: only answers given
                    state.answers[other] = Answer("not_applicable")
            for other in _ids(record, "reopened"):
                if other in state.answers and state.answers[other].status == "not_applicable":
                    del state.answers[other]
        elif kind == "note":
            if state.mode != "interview":
                raise RecordError("only an interview has notes")
            question = _str(record, "question")
            text = _str(record, "text", NOTE_LIMIT, empty=True)
            if text:
                state.notes[question] = text
            else:
                state.notes.pop(question, None)
        elif kind == "keying":
            if state.mode != "paper" or seq != 1:
                raise RecordError("a keying is a paper form's, right after its start")
            serial = _str(record, "serial", 8)
            if not serials.valid(serial):
                raise RecordError("serial")
            state.serial = serials.normalise(serial)
        elif kind == "field":
            if state.serial is None:
                raise RecordError("a field belongs to a keying")
            question = _str(record, "question")
            code = _str(record, "code", 12)
            if code not in FIELD_CODES:
                raise RecordError("code")
            value = record.get("value")
            if value is not None and (not isinstance(value, str) or len(value) > 20_000):
                raise RecordError("value")
            # A value with a value's code (and ticks that cannot go together, if any),
            # none with the others.
            valued = code == "value" or (code == "multiple" and value is not None)
            if (value is not None) != valued:
                raise RecordError("value")
            state.fields[question] = (code, value)
        elif kind == "language":
            state.language = _language(record)
        elif kind in ("complete", "partial"):
            # A partial response may be taken up again (an interview resumed) and completed.
            state.status = str(kind)
            state.day = _str(record, "day", 10)
            state.withdrawal_hash = _optional(record, "withdrawal_hash") or state.withdrawal_hash
            state.withdrawal_tag = _optional(record, "withdrawal_tag") or state.withdrawal_tag
        else:
            raise RecordError("kind")
    return state


def _language(record: dict[str, Any]) -> str:
    value = _str(record, "language", 2)
    if value not in ("en", "cy"):
        raise RecordError("language")
    return value
