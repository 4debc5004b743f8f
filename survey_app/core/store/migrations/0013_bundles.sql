-- 13: what bundles from collecting devices brought. Per response, the hashes of the sealed
-- records it was rebuilt from, in order: a later bundle that carries the same records and
-- more supersedes it, the same again changes nothing, and different records under the same
-- id are a conflict kept for the lead, never a silent overwrite. Each bundle imported is
-- noted by its random id and day, with its receipt (counts only).
CREATE TABLE sealed_version (
    response_id TEXT PRIMARY KEY REFERENCES response(id) ON DELETE CASCADE,
    records TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE conflict (
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    records_hash TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (response_id, records_hash)
) WITHOUT ROWID;
CREATE TABLE bundle_import (
    id TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    day TEXT NOT NULL,
    new INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    withdrawn INTEGER NOT NULL
) WITHOUT ROWID;
