-- 6: a withdrawn response leaves only a tombstone: the hash of its code (and the code's
-- tag), so that the code used again is told "already withdrawn". Its mode, language,
-- day, inspection and questionnaire go with it. Withdrawals made before are moved here.
CREATE TABLE withdrawn (tag TEXT, hash TEXT NOT NULL);
CREATE INDEX withdrawn_tag ON withdrawn(tag);
INSERT INTO withdrawn (tag, hash) SELECT withdrawal_tag, withdrawal_hash FROM response
    WHERE status = 'withdrawn' AND withdrawal_hash IS NOT NULL;
DELETE FROM quote WHERE response_id IN (SELECT id FROM response WHERE status = 'withdrawn');
DELETE FROM answer WHERE response_id IN (SELECT id FROM response WHERE status = 'withdrawn');
DELETE FROM response WHERE status = 'withdrawn';
