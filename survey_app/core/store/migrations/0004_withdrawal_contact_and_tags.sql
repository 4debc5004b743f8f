-- 4: where residents write to withdraw (shown beside their code), and a short tag of
-- each withdrawal code so that a code finds its response with one lookup and one slow
-- check, across every inspection of the store (the tag alone cannot find the code).
ALTER TABLE inspection ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE response ADD COLUMN withdrawal_tag TEXT;
CREATE INDEX response_withdrawal_tag ON response(withdrawal_tag);
