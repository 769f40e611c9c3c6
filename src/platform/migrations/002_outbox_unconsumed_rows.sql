-- Issue 17 §1: rows of topics that no consumer handles were never delivered nor dead, and they held
-- back every later row of the same aggregate_key. Those topics are now audit-only (declared in
-- src/platform/outbox.topics.ts; the audit row written with each change records the event) and
-- are no longer written. Their undelivered rows are removed here; one audit row per topic records
-- how many were removed, their ids and why. The list below is the queued topics as of this
-- migration: every undelivered row of any other topic is removed.
INSERT INTO audit_log (actor_username, action, entity, entity_id, summary)
SELECT 'system', 'outbox.unconsumed_removed', 'outbox_topic', o.topic,
       jsonb_build_object(
         'rows', count(*),
         'firstId', min(o.id),
         'lastId', max(o.id),
         'oldest', min(o.created_at),
         'reason', 'Chủ đề không có nơi nhận (chỉ ghi nhật ký); các dòng chưa gửi được xoá khỏi outbox (migration platform/002).')
FROM outbox o
WHERE o.delivered_at IS NULL AND o.dead_at IS NULL
  AND o.topic NOT IN ('national.sync', 'quality.dossier_changed', 'notify.applicant', 'dossier.file.added',
    'citizens.notify', 'payments.resume_dossier', 'tasks.reminder', 'tasks.digest',
    'notify.feedback.received', 'notify.feedback.extended', 'notify.feedback.answered',
    'notify.feedback.closed', 'notify.feedback.published', 'notify.feedback.reminder',
    'notify.feedback.escalated', 'notify.feedback.duplicate_answered', 'reform.plan.reminder',
    'reports.reminder', 'reports.submission.changed', 'reports.national.send')
GROUP BY o.topic;

DELETE FROM outbox o
WHERE o.delivered_at IS NULL AND o.dead_at IS NULL
  AND o.topic NOT IN ('national.sync', 'quality.dossier_changed', 'notify.applicant', 'dossier.file.added',
    'citizens.notify', 'payments.resume_dossier', 'tasks.reminder', 'tasks.digest',
    'notify.feedback.received', 'notify.feedback.extended', 'notify.feedback.answered',
    'notify.feedback.closed', 'notify.feedback.published', 'notify.feedback.reminder',
    'notify.feedback.escalated', 'notify.feedback.duplicate_answered', 'reform.plan.reminder',
    'reports.reminder', 'reports.submission.changed', 'reports.national.send');

-- The admin view counts pending and dead rows per topic.
CREATE INDEX outbox_dead_idx ON outbox (topic, dead_at) WHERE dead_at IS NOT NULL;
