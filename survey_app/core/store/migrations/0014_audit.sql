-- 14: the audit log. Append-only (triggers refuse an update or a delete) and hash-chained
-- (each entry's hash covers the one before, computed by the app's SQL function
-- survey_audit_hash: a program without it cannot write what is audited). What happened and
-- the day, never content or anything identifying: an inspection's number, counts. The
-- events are written here, by triggers on what they audit, not by the code that does them.
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
CREATE TRIGGER audit_inspection_created AFTER INSERT ON inspection
BEGIN
    INSERT INTO audit_entry VALUES ('inspection_created', 'inspection=' || NEW.id);
END;
CREATE TRIGGER audit_key_made AFTER UPDATE OF public_key ON inspection
WHEN OLD.public_key IS NULL AND NEW.public_key IS NOT NULL
BEGIN
    INSERT INTO audit_entry VALUES ('key_made', 'inspection=' || NEW.id);
END;
CREATE TRIGGER audit_closed AFTER UPDATE OF closed_day ON inspection
WHEN OLD.closed_day IS NULL AND NEW.closed_day IS NOT NULL
BEGIN
    INSERT INTO audit_entry VALUES ('closed', 'inspection=' || NEW.id);
END;
CREATE TRIGGER audit_purged AFTER UPDATE OF purged_day ON inspection
WHEN NEW.purged_day IS NOT NULL
BEGIN
    INSERT INTO audit_entry VALUES ('purged', 'inspection=' || NEW.id);
END;
CREATE TRIGGER audit_passphrase_set AFTER INSERT ON secret
BEGIN
    INSERT INTO audit_entry VALUES ('passphrase_set', 'role=' || NEW.role);
END;
CREATE TRIGGER audit_passphrase_changed AFTER UPDATE OF hash ON secret
WHEN OLD.hash IS NOT NEW.hash
BEGIN
    INSERT INTO audit_entry VALUES ('passphrase_changed', 'role=' || NEW.role);
END;
-- A tombstone with a response's id is a withdrawal; those a purge leaves (codes only) are
-- the purge's own entry.
CREATE TRIGGER audit_withdrawal AFTER INSERT ON withdrawn
WHEN NEW.response_id IS NOT NULL
BEGIN
    INSERT INTO audit_entry VALUES ('withdrawal', '');
END;
CREATE TRIGGER audit_quote_decision AFTER UPDATE OF status ON quote
WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO audit_entry
    SELECT 'quote_decision', 'inspection=' || r.inspection_id || ' status=' || NEW.status
    FROM response r WHERE r.id = NEW.response_id;
END;
CREATE TRIGGER audit_release_made AFTER INSERT ON release
BEGIN
    INSERT INTO audit_entry VALUES (
        'release_made',
        'inspection=' || NEW.inspection_id || ' release=' || NEW.number
            || CASE WHEN NEW.final THEN ' final' ELSE '' END
    );
END;
CREATE TRIGGER audit_bundle_imported AFTER INSERT ON bundle_import
BEGIN
    INSERT INTO audit_entry VALUES (
        'bundle_imported',
        'inspection=' || NEW.inspection_id || ' new=' || NEW.new || ' updated=' || NEW.updated
            || ' unchanged=' || NEW.unchanged || ' conflicts=' || NEW.conflicts
            || ' withdrawn=' || NEW.withdrawn
    );
END;
INSERT INTO audit_entry VALUES ('audit_started', '');
