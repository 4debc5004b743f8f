-- 17: an inspector's note on a question of an interview (how it was asked, what the
-- resident seemed to mean): the inspector's words, never a resident's. Kept in a table of
-- its own so that nothing that reads answers or quotes can take one for the other: no
-- count, quote, export, release or pack reads it. It goes with its response (a withdrawal,
-- a purge) and is shown to the lead only through the anonymiser, marked as an inspector's.
CREATE TABLE interview_note (
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TRIGGER interview_note_after_close BEFORE INSERT ON interview_note
WHEN (SELECT i.closed_day FROM response r JOIN inspection i ON i.id = r.inspection_id
      WHERE r.id = NEW.response_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: collection has closed'); END;
