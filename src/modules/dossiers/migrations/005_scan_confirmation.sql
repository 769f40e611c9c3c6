-- Issue 19 §3: a component counts as digitised only when its scan is stored and an officer
-- confirmed it matches the original. The confirmation (who, when) is kept on the scan's file row;
-- `digitised` on a file now means "confirmed scan" (or a document re-used from the warehouse).
ALTER TABLE dossier_file ADD COLUMN scan_confirmed_by uuid;
ALTER TABLE dossier_file ADD COLUMN scan_confirmed_at timestamptz;
