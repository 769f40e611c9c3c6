-- Issue 24: the access log uses the platform's one append-only guard (platform/004_append_only.sql),
-- which also refuses TRUNCATE (this table's own function did not).
DROP TRIGGER warehouse_access_no_update ON warehouse_access;
SELECT make_append_only('warehouse_access');
DROP FUNCTION warehouse_access_append_only();
