-- Issue 24: the action log uses the platform's one append-only guard (platform/004_append_only.sql).
DROP TRIGGER feedback_action_no_update ON feedback_action;
DROP TRIGGER feedback_action_no_truncate ON feedback_action;
SELECT make_append_only('feedback_action');
DROP FUNCTION feedback_action_append_only();
