-- 15: alerts (the manual's 4.7), kept apart from the survey. Each is held as it came,
-- sealed to the inspection's key: only the lead, with the passphrase, opens it. Nothing
-- ties it to a response (no response id, no device, no order: its id is random); it has
-- the day it reached this store, and its steps from raised to closed, each step's words
-- sealed too. The status and day of each step go to the audit log; the words never do.
-- Each alert has a number in its inspection, given as it arrives and never moved:
-- the lead says "alert 2" and every command means the same one.
CREATE TABLE alert (
    id TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    sealed BLOB NOT NULL,
    received_day TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'raised'
        CHECK (status IN ('raised', 'action_requested', 'assurance_received', 'closed')),
    status_day TEXT NOT NULL
,
    UNIQUE (inspection_id, number)
) WITHOUT ROWID;
CREATE TABLE alert_step (
    alert_id TEXT NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    status TEXT NOT NULL
        CHECK (status IN ('action_requested', 'assurance_received', 'closed')),
    day TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (alert_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER alert_kept BEFORE UPDATE OF id, inspection_id, number, sealed, received_day ON alert
BEGIN SELECT RAISE(ABORT, 'survey_app: a sealed alert is never changed'); END;
CREATE TRIGGER alert_step_kept BEFORE UPDATE ON alert_step
BEGIN SELECT RAISE(ABORT, 'survey_app: a step of an alert is never changed'); END;
-- A step is the alert's status from then on.
CREATE TRIGGER alert_step_taken AFTER INSERT ON alert_step
BEGIN
    UPDATE alert SET status = NEW.status, status_day = NEW.day WHERE id = NEW.alert_id;
END;
CREATE TRIGGER audit_alert_received AFTER INSERT ON alert
BEGIN
    INSERT INTO audit_entry VALUES ('alert_received', 'inspection=' || NEW.inspection_id);
END;
CREATE TRIGGER audit_alert_step AFTER INSERT ON alert_step
BEGIN
    INSERT INTO audit_entry
    SELECT 'alert_status', 'inspection=' || a.inspection_id || ' status=' || NEW.status
    FROM alert a WHERE a.id = NEW.alert_id;
END;
CREATE TRIGGER audit_alert_removed AFTER DELETE ON alert
BEGIN
    INSERT INTO audit_entry VALUES ('alert_removed', 'inspection=' || OLD.inspection_id);
END;
