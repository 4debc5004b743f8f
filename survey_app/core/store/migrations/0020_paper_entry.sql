-- 20: typing in paper forms.
-- A copy's fields are kept as each keyer types them (one durable row a field), apart from
-- the responses, until the copy is final: then its response is made, the copy marked
-- entered and its fields removed. Nothing links the response to the serial. Double entry
-- is on for every inspection unless turned off.
ALTER TABLE inspection ADD COLUMN paper_double_entry INTEGER NOT NULL DEFAULT 1
    CHECK (paper_double_entry IN (0, 1));
ALTER TABLE paper_copy ADD COLUMN entered_day TEXT;
-- The questionnaire a copy was printed from (id@version): its numbers are entry's.
ALTER TABLE paper_copy ADD COLUMN questionnaire TEXT;
ALTER TABLE response ADD COLUMN form_language TEXT
    CHECK (form_language IS NULL OR form_language IN ('en', 'cy', 'both'));
-- pass 1 and 2: the two keyers; pass 3: the decisions on the fields where they differed.
CREATE TABLE paper_field (
    inspection_id INTEGER NOT NULL,
    serial TEXT NOT NULL,
    pass INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
    question_id TEXT NOT NULL,
    code TEXT NOT NULL CHECK (code IN ('value', 'blank', 'refused', 'unreadable', 'multiple')),
    value TEXT,
    PRIMARY KEY (inspection_id, serial, pass, question_id),
    FOREIGN KEY (inspection_id, serial) REFERENCES paper_copy (inspection_id, serial)
        ON DELETE CASCADE
) WITHOUT ROWID;
-- A pass finished: its keyer reached the end of the form.
CREATE TABLE paper_pass (
    inspection_id INTEGER NOT NULL,
    serial TEXT NOT NULL,
    pass INTEGER NOT NULL CHECK (pass IN (1, 2)),
    PRIMARY KEY (inspection_id, serial, pass),
    FOREIGN KEY (inspection_id, serial) REFERENCES paper_copy (inspection_id, serial)
        ON DELETE CASCADE
) WITHOUT ROWID;
-- Double entry's tally for an inspection, by role (first or second keyer), never by name.
CREATE TABLE paper_keying (
    inspection_id INTEGER PRIMARY KEY REFERENCES inspection (id) ON DELETE CASCADE,
    forms INTEGER NOT NULL DEFAULT 0,
    fields INTEGER NOT NULL DEFAULT 0,
    differed INTEGER NOT NULL DEFAULT 0,
    first_kept INTEGER NOT NULL DEFAULT 0,
    second_kept INTEGER NOT NULL DEFAULT 0,
    neither_kept INTEGER NOT NULL DEFAULT 0
);
-- What the lead is told of a paper response's answers.
CREATE TABLE paper_flag (
    response_id TEXT NOT NULL REFERENCES response (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('routing', 'unreadable', 'multiple')),
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
