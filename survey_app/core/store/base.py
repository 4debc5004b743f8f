"""The lead's store: one SQLite file, every answer durable the moment it is given.

- WAL journal with `synchronous=FULL`: a committed answer survives a crash or a power cut.
- One transaction per answer (with the routing changes it causes), committed before the
  next question appears.
- Nothing identifying: responses have random ids, no time finer than a day, no device,
  no name. Tables are `WITHOUT ROWID` and keyed by those random ids, so not even the
  storage order tells who answered after whom.

Each concern has its module (inspections, responses, quotes, the lead's records, counting);
this class puts them together on one connection.
"""

from __future__ import annotations

from survey_app.core.storage.database import Schema
from survey_app.core.store.counting import Counting
from survey_app.core.store.quotes import Quotes
from survey_app.core.store.records import Records
from survey_app.core.store.responses import Responses

EXPECTED: dict[str, set[str]] = {
    "inspection": {"id", "premises", "region", "fieldwork_start", "fieldwork_end", "language",
                   "residents", "demo", "contact", "closed_day", "purged_day"},
    "response": {"id", "inspection_id", "mode", "language", "questionnaire_id",
                 "questionnaire_version", "questionnaire_hash", "status", "completed_day",
                 "withdrawal_hash", "withdrawal_tag"},
    "answer": {"response_id", "question_id", "status", "value"},
    "quote": {"id", "response_id", "question_id", "language", "text", "kinds", "status",
              "standard"},
    "evidence": {"inspection_id", "standard", "source", "judgement", "note"},
    "rating": {"inspection_id", "standard", "points", "rationale"},
    "secret": {"role", "hash"},
    "withdrawn": {"tag", "hash"},
    "release": {"id", "inspection_id", "number", "day", "final", "counts"},
    "release_member": {"inspection_id", "response_id", "status"},
    "kept_quote": {"id", "inspection_id", "question_id", "language", "text", "kinds",
                   "standard"},
}  # fmt: skip
"""The tables of the current schema and their columns, checked at every open."""


class Store(Responses, Quotes, Records, Counting):
    """The small interface the rest of the app uses; SQL stays in this package."""

    SCHEMA = Schema("survey_app.core.store.migrations", EXPECTED)
