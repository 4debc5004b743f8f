-- 11: every inspection has a random UUID (version 4): the id that cannot collide across
-- the devices that collect for it. The number stays, for the lead's own commands on this
-- machine. Inspections made before get theirs now, each row drawing its own random bytes.
ALTER TABLE inspection ADD COLUMN uuid TEXT;
UPDATE inspection SET uuid = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
    || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2)
    || '-' || hex(randomblob(6))
) WHERE uuid IS NULL;
CREATE UNIQUE INDEX inspection_uuid ON inspection(uuid);
CREATE TRIGGER inspection_needs_uuid BEFORE INSERT ON inspection WHEN NEW.uuid IS NULL
BEGIN SELECT RAISE(ABORT, 'survey_app: an inspection needs its uuid'); END;
CREATE TRIGGER inspection_uuid_kept BEFORE UPDATE OF uuid ON inspection
WHEN OLD.uuid IS NOT NEW.uuid
BEGIN SELECT RAISE(ABORT, 'survey_app: an inspection keeps its uuid'); END;
