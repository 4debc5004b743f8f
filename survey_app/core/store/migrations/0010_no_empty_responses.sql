-- 10: a settled response always holds an answer (one that stopped before answering is
-- no response: since this version none is kept), so a count of responses needs no
-- look into the answers. Any left by earlier versions go now; they counted nowhere.
DELETE FROM answer WHERE response_id IN (SELECT r.id FROM response r
    WHERE r.status IN ('complete', 'partial') AND NOT EXISTS (SELECT 1 FROM answer a
    WHERE a.response_id = r.id AND a.status != 'not_applicable'));
DELETE FROM response WHERE status IN ('complete', 'partial') AND NOT EXISTS
    (SELECT 1 FROM answer a WHERE a.response_id = response.id
    AND a.status != 'not_applicable');
