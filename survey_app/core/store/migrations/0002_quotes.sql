-- 2: quotes from free text, scrubbed, for the lead to review. Only the scrubbed text and
-- the kinds of thing removed are kept here, never the removed words.
CREATE TABLE quote (
    id TEXT PRIMARY KEY,
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    text TEXT NOT NULL,
    kinds TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected')),
    UNIQUE (response_id, question_id)
) WITHOUT ROWID;
CREATE INDEX quote_response ON quote(response_id);
