-- 19: paper forms.
-- Each printed copy's serial, so that entry can refuse an unknown serial and the response
-- rate can count the copies handed out. Nothing of who received which: no time finer than
-- the print run's day, and the table is keyed by the random serial, so not even the
-- storage order tells which copy was printed first.
CREATE TABLE paper_copy (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    serial TEXT NOT NULL CHECK (length(serial) = 7),
    language TEXT NOT NULL CHECK (language IN ('en', 'cy', 'both')),
    printed_day TEXT NOT NULL,
    PRIMARY KEY (inspection_id, serial)
) WITHOUT ROWID;
