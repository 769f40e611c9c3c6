-- Issue 16 §2: failed logins are throttled by progressive delays (src/platform/auth/throttle.rules.ts)
-- instead of hard locks: a counter now holds its failures and the time of the last one; the delay
-- is computed from them. The old hard locks are dropped with their column.
DELETE FROM login_throttle;
ALTER TABLE login_throttle RENAME COLUMN window_start TO last_failure_at;
ALTER TABLE login_throttle DROP COLUMN locked_until;
