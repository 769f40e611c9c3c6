-- The direction centre (issue 21) counts, by answering agency (coalesce(lead_agency_id,
-- receiving_agency_id)), the dossiers received and resolved month-to-date (and in the same span
-- of the previous month) and the open ones past their appointment (dossiers.repo.ts
-- directionDossierCounts). At 1,000,000 dossiers a month is ~80,000 rows: with the agency columns
-- in the index those are index-only scans instead of ~80,000 random heap reads per range.
-- The covering indexes replace the plain ones on the same leading column (every other query that
-- used them still can).
CREATE INDEX dossier_received_cover_idx ON dossier (received_at) INCLUDE (lead_agency_id, receiving_agency_id);
DROP INDEX IF EXISTS dossier_received_idx;
CREATE INDEX dossier_resolved_cover_idx ON dossier (processing_ended_at) INCLUDE (lead_agency_id, receiving_agency_id, appointment_current) WHERE status IN (9, 10);
DROP INDEX IF EXISTS dossier_resolved_at_idx;
CREATE INDEX dossier_appointment_cover_idx ON dossier (appointment_current) INCLUDE (lead_agency_id, receiving_agency_id) WHERE status IN (2, 4, 5, 6);
DROP INDEX IF EXISTS dossier_appointment_idx;
