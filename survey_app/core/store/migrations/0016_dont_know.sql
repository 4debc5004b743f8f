-- 16: "don't know" is an answer status of its own, counted apart from skips, refusals and
-- valid answers (an interview records it with one key, for a question that has no such
-- option of its own). SQLite cannot change a CHECK in place: the table is made again,
-- with its index and triggers, and every answer copied across as it was.
CREATE TABLE answer_new (
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('answered', 'skipped', 'dont_know', 'refused', 'not_applicable')),
    value TEXT,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
INSERT INTO answer_new (response_id, question_id, status, value)
    SELECT response_id, question_id, status, value FROM answer;
DROP TABLE answer;
ALTER TABLE answer_new RENAME TO answer;
CREATE INDEX answer_counting ON answer(question_id, status, value);
CREATE TRIGGER answer_after_close BEFORE INSERT ON answer
WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
      WHERE r.id = NEW.response_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
CREATE TRIGGER answer_changed_after_close BEFORE UPDATE ON answer
WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
      WHERE r.id = NEW.response_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
