-- 8: retention. After publication an inspection's raw responses are purged; what stays
-- is its final release (counts only) and the quotes the lead approved, kept apart from
-- any response.
ALTER TABLE inspection ADD COLUMN purged_day TEXT;
CREATE TABLE kept_quote (
    id TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    question_id TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    text TEXT NOT NULL,
    kinds TEXT NOT NULL
) WITHOUT ROWID;
