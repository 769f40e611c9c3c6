-- Issue 24: the action log uses the platform's one append-only guard (platform/004_append_only.sql),
-- which also refuses TRUNCATE (this table's own function did not).
DROP TRIGGER dossier_action_no_update ON dossier_action;
SELECT make_append_only('dossier_action');
DROP FUNCTION dossier_action_append_only();
