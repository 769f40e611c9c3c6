-- The applicant's declared groups for fees (đối tượng miễn, giảm phí: student, meritorious, …;
-- catalog.schemas.ts APPLICANT_GROUPS): the fee line that applies is chosen from them
-- (catalog.fees.ts chooseFees). Runs on PostgreSQL 15 and PGlite.
ALTER TABLE dossier ADD COLUMN applicant_groups text[] NOT NULL DEFAULT '{}';
