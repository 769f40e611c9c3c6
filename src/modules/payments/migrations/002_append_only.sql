-- Issue 24: the payment event log and the callback log use the platform's one append-only guard
-- (platform/004_append_only.sql), which also refuses TRUNCATE (this module's own function did not).
DROP TRIGGER payment_event_no_update ON payment_event;
DROP TRIGGER payment_callback_no_update ON payment_callback;
SELECT make_append_only('payment_event');
SELECT make_append_only('payment_callback');
DROP FUNCTION payment_log_append_only();
