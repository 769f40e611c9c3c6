-- Issue 24: the action log uses the platform's one append-only guard (platform/004_append_only.sql),
-- which also refuses TRUNCATE (this table's own function did not).
DROP TRIGGER task_action_no_update ON task_action;
SELECT make_append_only('task_action');
DROP FUNCTION task_action_append_only();
