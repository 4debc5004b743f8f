-- 1: the first tables.
CREATE TABLE inspection (
    id INTEGER PRIMARY KEY,
    premises TEXT NOT NULL,
    region TEXT NOT NULL,
    fieldwork_start TEXT NOT NULL,
    fieldwork_end TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    residents INTEGER NOT NULL CHECK (residents >= 0),
    demo INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE response (
    id TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    mode TEXT NOT NULL CHECK (mode IN ('self', 'kiosk', 'web', 'paper', 'interview')),
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    questionnaire_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (status IN ('in_progress', 'complete', 'partial', 'withdrawn')),
    completed_day TEXT,
    withdrawal_hash TEXT
) WITHOUT ROWID;
CREATE INDEX response_inspection ON response(inspection_id, status);
CREATE TABLE answer (
    response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('answered', 'skipped', 'refused', 'not_applicable')),
    value TEXT,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;;
