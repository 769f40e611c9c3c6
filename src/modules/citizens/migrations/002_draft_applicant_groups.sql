-- The groups an online applicant declares for a reduced fee (catalogue APPLICANT_GROUPS), carried
-- to the dossier on submission (dossier.applicant_groups). PostgreSQL 15 and PGlite.
ALTER TABLE submission_draft ADD COLUMN applicant_groups text[] NOT NULL DEFAULT '{}';
