"""The outbox's schema: its migrations (the `migrations` folder beside this file) and the
tables and columns the latest promises."""

from __future__ import annotations

from survey_app.core.storage.database import KINDS, OUTBOX_ID, Schema

EXPECTED: dict[str, set[str]] = {
    "joined": {"only", "uuid", "premises", "region", "fieldwork_start", "fieldwork_end",
               "language", "residents", "contact", "public_key", "questionnaire_name",
               "questionnaire_hash", "questionnaire", "catalogues", "joined_day"},
    "response": {"id", "status", "mode", "questionnaire_hash", "day", "records", "exported"},
    "record": {"response_id", "seq", "sealed"},
    "audit": {"seq", "day", "event", "detail", "hash"},
    "alert": {"id", "sealed", "exported"},
}  # fmt: skip

SCHEMA = Schema("survey_app.core.device.migrations", EXPECTED, OUTBOX_ID, KINDS[OUTBOX_ID])
