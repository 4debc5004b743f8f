"""The lead's store's schema: its migrations (the `migrations` folder beside this file)
and the tables and columns the latest promises."""

from __future__ import annotations

from survey_app.core.storage.database import KINDS, LEAD_STORE_ID, Schema

EXPECTED: dict[str, set[str]] = {
    "inspection": {"id", "premises", "region", "fieldwork_start", "fieldwork_end", "language",
                   "residents", "demo", "contact", "closed_day", "purged_day", "uuid", "public_key",
                   "private_key", "paper_double_entry"},
    "response": {"id", "inspection_id", "mode", "language", "questionnaire_id",
                 "questionnaire_version", "questionnaire_hash", "status", "completed_day",
                 "withdrawal_hash", "withdrawal_tag", "form_language"},
    "answer": {"response_id", "question_id", "status", "value"},
    "quote": {"id", "response_id", "question_id", "language", "text", "kinds", "status",
              "standard"},
    "evidence": {"inspection_id", "standard", "source", "judgement", "note"},
    "rating": {"inspection_id", "standard", "points", "rationale"},
    "secret": {"role", "hash"},
    "withdrawn": {"tag", "hash", "response_id"},
    "release": {"id", "inspection_id", "number", "day", "final", "counts"},
    "release_member": {"inspection_id", "response_id", "status"},
    "kept_quote": {"id", "inspection_id", "question_id", "language", "text", "kinds",
                   "standard"},
    "sealed_version": {"response_id", "records"},
    "conflict": {"response_id", "records_hash", "day"},
    "bundle_import": {"id", "inspection_id", "day", "new", "updated", "unchanged", "conflicts",
                      "withdrawn"},
    "audit": {"seq", "day", "event", "detail", "hash"},
    "alert": {"id", "inspection_id", "number", "sealed", "received_day", "status", "status_day"},
    "alert_step": {"alert_id", "seq", "status", "day", "sealed"},
    "paper_copy": {"inspection_id", "serial", "language", "printed_day", "entered_day",
                   "questionnaire"},
    "paper_field": {"inspection_id", "serial", "pass", "question_id", "code", "value"},
    "paper_pass": {"inspection_id", "serial", "pass"},
    "paper_keying": {"inspection_id", "forms", "fields", "differed", "first_kept",
                     "second_kept", "neither_kept"},
    "paper_flag": {"response_id", "question_id", "kind"},
    "paper_import": {"id", "inspection_id"},
}  # fmt: skip
"""The tables of the current schema and their columns, checked at every open."""


SCHEMA = Schema("survey_app.core.store.migrations", EXPECTED, LEAD_STORE_ID, KINDS[LEAD_STORE_ID])
