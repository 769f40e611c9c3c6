-- The direction centre (issue 21) counts dossiers resolved in a month: an index on the end of
-- processing keeps that a range scan at a province's size (1,000,000 dossiers).
CREATE INDEX dossier_resolved_at_idx ON dossier (processing_ended_at) WHERE status IN (9, 10);
