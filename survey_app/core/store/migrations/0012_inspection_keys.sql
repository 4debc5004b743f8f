-- 12: each inspection's key pair. Collecting devices seal every answer to the public key;
-- the private key that opens them is kept here only, encrypted under the lead's passphrase
-- (Argon2id, then AES-GCM: see core/keys/sealing.py). Inspections made before get theirs
-- the first time the lead's passphrase is given for them. Once devices have sealed to a
-- key it must never change; the private key's wrapping may (a new passphrase).
ALTER TABLE inspection ADD COLUMN public_key BLOB;
ALTER TABLE inspection ADD COLUMN private_key TEXT;
CREATE TRIGGER inspection_key_kept BEFORE UPDATE OF public_key ON inspection
WHEN OLD.public_key IS NOT NULL AND OLD.public_key IS NOT NEW.public_key
BEGIN SELECT RAISE(ABORT, 'survey_app: an inspection keeps its key'); END;
CREATE TRIGGER inspection_key_whole BEFORE UPDATE OF public_key, private_key ON inspection
WHEN (NEW.public_key IS NULL) != (NEW.private_key IS NULL)
BEGIN SELECT RAISE(ABORT, 'survey_app: an inspection has both halves of its key or neither'); END;
-- A withdrawn response's tombstone also keeps its random id, so that no bundle imported
-- later (one made on a device before the withdrawal) brings the response back.
ALTER TABLE withdrawn ADD COLUMN response_id TEXT;
CREATE INDEX withdrawn_response ON withdrawn(response_id);
