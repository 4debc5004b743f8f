-- 3: alerts raised in interviews on this device, each sealed to the inspection's key, in
-- their own table keyed by a random id: no response id, no day, nothing of the order they
-- came in (WITHOUT ROWID), so nothing here ties an alert to an interview.
CREATE TABLE alert (
    id TEXT PRIMARY KEY,
    sealed BLOB NOT NULL,
    exported INTEGER NOT NULL DEFAULT 0 CHECK (exported IN (0, 1))
) WITHOUT ROWID;
CREATE TRIGGER alert_kept BEFORE UPDATE OF id, sealed ON alert
BEGIN SELECT RAISE(ABORT, 'survey_app: a sealed alert is never changed'); END;
