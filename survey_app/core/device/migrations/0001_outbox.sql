-- 1: a collecting device's outbox. What it joined (from the setup file: no secret), an
-- index of its responses holding only what a bundle needs (random id, status, mode,
-- questionnaire hash, day), and their records, each sealed to the inspection's public key:
-- the device can add to them, never read them.
CREATE TABLE joined (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    uuid TEXT NOT NULL,
    premises TEXT NOT NULL,
    region TEXT NOT NULL,
    fieldwork_start TEXT NOT NULL,
    fieldwork_end TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    residents INTEGER NOT NULL CHECK (residents >= 0),
    contact TEXT NOT NULL,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    questionnaire_name TEXT NOT NULL,
    questionnaire_hash TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    catalogues TEXT NOT NULL,
    joined_day TEXT NOT NULL
);
CREATE TABLE response (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (status IN ('in_progress', 'complete', 'partial')),
    mode TEXT NOT NULL CHECK (mode IN ('self', 'kiosk', 'web', 'paper', 'interview')),
    questionnaire_hash TEXT NOT NULL,
    day TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0 CHECK (records >= 0),
    exported INTEGER NOT NULL DEFAULT 0 CHECK (exported >= 0)
) WITHOUT ROWID;
CREATE TABLE record (
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    sealed BLOB NOT NULL,
    PRIMARY KEY (response_id, seq)
) WITHOUT ROWID;
-- Records are appended in order, one place after the last; the index counts them in the
-- same statement (one durable write per answer, as on the lead's store).
CREATE TRIGGER record_in_order BEFORE INSERT ON record
WHEN NEW.seq != (SELECT records FROM response WHERE id = NEW.response_id)
BEGIN SELECT RAISE(ABORT, 'survey_app: a sealed record out of its place'); END;
CREATE TRIGGER record_counted AFTER INSERT ON record
BEGIN UPDATE response SET records = NEW.seq + 1 WHERE id = NEW.response_id; END;
-- A sealed record is written once: appended, and gone only with its whole response.
CREATE TRIGGER record_kept BEFORE UPDATE ON record
BEGIN SELECT RAISE(ABORT, 'survey_app: a sealed record is never changed'); END;
CREATE TRIGGER joined_kept BEFORE UPDATE ON joined
BEGIN SELECT RAISE(ABORT, 'survey_app: a device stays joined to its inspection'); END;
