-- 21: paper forms keyed on collecting devices.
-- The random id of each keying merged from a bundle, so that the same bundle twice puts a
-- keying in once; nothing else of it (its fields go to paper_field, as the lead's own).
CREATE TABLE paper_import (
    id TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection (id) ON DELETE CASCADE
) WITHOUT ROWID;
