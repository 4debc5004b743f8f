"""What the lead's store holds, as the rest of the app sees it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Literal

# Re-exported: the lead's code reads them here.
from survey_app.core.collection.inspection import DEFAULT_CONTACT as DEFAULT_CONTACT
from survey_app.core.collection.inspection import Inspection as Inspection
from survey_app.core.i18n import _
from survey_app.core.questionnaire.flow import Value
from survey_app.core.storage.database import StoreError
from survey_app.core.text import display_safe

ResponseStatus = Literal["in_progress", "complete", "partial", "withdrawn"]

SETTLED = "r.status IN ('complete', 'partial')"
"""Responses that count: finished or left (partial). Never one in progress: a lead looking
while someone answers at the kiosk would watch that person's answers arrive one by one."""
COUNTED = f"{SETTLED} AND a.status != 'not_applicable'"
"""Answers that count: those of settled responses that routing still reaches."""

Withdrawal = Literal["withdrawn", "already", "unknown"]


@dataclass(frozen=True)
class ResponseRow:
    id: str
    inspection_id: int
    mode: str
    language: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    status: str
    completed_day: str | None


@dataclass(frozen=True)
class QuoteRow:
    id: str
    question_id: str
    language: str
    text: str
    """Scrubbed: what a lead may read."""
    kinds: tuple[str, ...]
    """The kinds of thing removed, never the words."""
    status: str
    standard: int | None = None
    """The one standard it speaks to, as the lead chose (None: none in particular)."""


def _public_key(value: object) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, bytes) or len(value) != 32:
        raise ValueError("its public key is not 32 bytes")
    return value


def encode_value(value: Value | None) -> str | None:
    if value is None:
        return None
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def decode_value(text: str | None) -> Value | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _unreadable() from exc
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise _unreadable()


def _unreadable() -> StoreError:
    # Not the value itself: it may be a resident's words, and it may hold terminal codes.
    return StoreError(
        _("an answer in the database cannot be read: {reason}").format(
            reason=_("it is not an answer this app wrote; the file was edited or is damaged")
        )
    )


def inspection_from_row(row: Any) -> Inspection:
    try:
        return Inspection(
            id=int(row[0]),
            premises=str(row[1]),
            region=str(row[2]),
            fieldwork_start=dt.date.fromisoformat(str(row[3])),
            fieldwork_end=dt.date.fromisoformat(str(row[4])),
            language=str(row[5]),
            residents=int(row[6]),
            demo=bool(row[7]),
            contact=str(row[8]),
            closed=dt.date.fromisoformat(str(row[9])) if row[9] is not None else None,
            purged=dt.date.fromisoformat(str(row[10])) if row[10] is not None else None,
            uuid=str(uuid.UUID(str(row[11]))),
            public_key=_public_key(row[12]) if len(row) > 12 else None,
        )
    except (ValueError, TypeError) as exc:
        raise StoreError(
            _(
                "inspection {id} in the database cannot be read ({reason}): the file was "
                "edited or is damaged"
            ).format(id=row[0], reason=display_safe(str(exc)))
        ) from exc
