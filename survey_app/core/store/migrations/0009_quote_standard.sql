-- 9: each quote speaks to one standard (or none), chosen by the lead: the evidence
-- pack prints it once, under that standard.
ALTER TABLE quote ADD COLUMN standard INTEGER CHECK (standard BETWEEN 1 AND 5);
ALTER TABLE kept_quote ADD COLUMN standard INTEGER CHECK (standard BETWEEN 1 AND 5);
