-- 2: the audit log, as the lead's store keeps it (append-only, hash-chained through the
-- app's SQL function survey_audit_hash): this device's joining by trigger; its bundle
-- exports and kiosk exits by the code that does them. Never a response's id or day.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    day TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE VIEW audit_entry (event, detail) AS SELECT event, detail FROM audit;
CREATE TRIGGER audit_append INSTEAD OF INSERT ON audit_entry
BEGIN
    INSERT INTO audit (seq, day, event, detail, hash)
    SELECT n, d, NEW.event, NEW.detail,
           survey_audit_hash((SELECT hash FROM audit WHERE seq = n - 1), n, d, NEW.event,
                             NEW.detail)
    FROM (SELECT coalesce(max(seq), 0) + 1 AS n, date('now', 'localtime') AS d FROM audit);
END;
CREATE TRIGGER audit_kept BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'survey_app: the audit log is append-only');
END;
CREATE TRIGGER audit_not_removed BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'survey_app: the audit log is append-only');
END;
CREATE TRIGGER audit_device_joined AFTER INSERT ON joined
BEGIN
    INSERT INTO audit_entry VALUES ('device_joined', 'inspection=' || NEW.uuid);
END;
INSERT INTO audit_entry VALUES ('audit_started', '');
