-- 3: the lead's own records: what other evidence shows per standard, the proposed
-- ratings, and secrets (the lead's passphrase) kept only as slow salted hashes.
CREATE TABLE evidence (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 5),
    source TEXT NOT NULL,
    judgement TEXT NOT NULL CHECK (judgement IN ('supports', 'mixed', 'contradicts')),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, standard, source)
) WITHOUT ROWID;
CREATE TABLE rating (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 5),
    points INTEGER NOT NULL CHECK (points BETWEEN 0 AND 3),
    rationale TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, standard)
) WITHOUT ROWID;
CREATE TABLE secret (
    role TEXT PRIMARY KEY,
    hash TEXT NOT NULL
) WITHOUT ROWID;
