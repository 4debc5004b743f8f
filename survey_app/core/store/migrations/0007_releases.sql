-- 7: releases. The lead's view and every export show one numbered release, its counts
-- frozen when it was made; a new one is made only when enough responses have changed.
-- Only the latest release's members are kept (to tell what changed since). An
-- inspection closed for collection takes no new response and no new answer.
ALTER TABLE inspection ADD COLUMN closed_day TEXT;
CREATE TABLE release (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    number INTEGER NOT NULL,
    day TEXT NOT NULL,
    final INTEGER NOT NULL DEFAULT 0,
    counts TEXT NOT NULL,
    UNIQUE (inspection_id, number)
);
CREATE TABLE release_member (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    response_id TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (inspection_id, response_id)
) WITHOUT ROWID;
CREATE TRIGGER response_after_close BEFORE INSERT ON response
WHEN (SELECT closed_day FROM inspection WHERE id = NEW.inspection_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
CREATE TRIGGER completed_after_close BEFORE UPDATE OF status ON response
WHEN NEW.status = 'complete'
    AND (SELECT closed_day FROM inspection WHERE id = NEW.inspection_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
CREATE TRIGGER answer_after_close BEFORE INSERT ON answer
WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
      WHERE r.id = NEW.response_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
CREATE TRIGGER answer_changed_after_close BEFORE UPDATE ON answer
WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
      WHERE r.id = NEW.response_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
