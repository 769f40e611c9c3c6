/**
 * Every outbox topic the application writes, declared once (issue 17 §1).
 *
 * - A **queued** topic names its `consumer`: the handler that delivers it (registered by the module
 *   named in `module`). Ordering is per aggregate key *within one consumer*: a row waits only for an
 *   earlier undelivered row of the same key and the same consumer, never for a row of an unrelated
 *   topic (that is how 160 rows of unconsumed topics held back reminders, QĐ 766 facts and notices).
 * - An **audit-only** topic has no consumer: the event is recorded by the audit row the caller writes
 *   in the same transaction, and no outbox row is written (`enqueue` and `outboxInsert` skip it).
 *   Give it a consumer here (and register a handler) the day something must react to it.
 *
 * `Topic` is the string-literal union of the keys: writing an undeclared topic is a compile-time
 * error; `enqueue`/`outboxInsert` also refuse one at run time. The server refuses to start when a
 * queued topic has no handler (app.ts).
 */
export type TopicSpec =
  | { readonly consumer: string; readonly module: string; readonly audit?: undefined }
  | { readonly audit: 'only'; readonly module: string; readonly consumer?: undefined };

const q = (module: string, consumer: string) => ({ consumer, module }) as const;
const auditOnly = (module: string) => ({ audit: 'only', module }) as const;

export const OUTBOX_TOPICS = {
  // dossiers → national portal, QĐ 766 read model, applicant notices, citizen's document warehouse
  'national.sync': q('dossiers', 'national-portal'),
  'quality.dossier_changed': q('quality', 'quality-read-model'),
  'notify.applicant': q('dossiers', 'applicant-notifier'),
  'dossier.file.added': q('citizens', 'citizen-warehouse'),
  // citizens and payments
  'citizens.notify': q('citizens', 'citizen-notifier'),
  'payments.resume_dossier': q('payments', 'payment-resume'),
  // tasks: reminders and the monthly digest (sandbox notifier)
  'tasks.reminder': q('tasks', 'task-notifier'),
  'tasks.digest': q('tasks', 'task-notifier'),
  // feedback notices (SandboxFeedbackNotifier)
  'notify.feedback.received': q('feedback', 'feedback-notifier'),
  'notify.feedback.extended': q('feedback', 'feedback-notifier'),
  'notify.feedback.answered': q('feedback', 'feedback-notifier'),
  'notify.feedback.closed': q('feedback', 'feedback-notifier'),
  'notify.feedback.published': q('feedback', 'feedback-notifier'),
  'notify.feedback.reminder': q('feedback', 'feedback-notifier'),
  'notify.feedback.escalated': q('feedback', 'feedback-notifier'),
  'notify.feedback.duplicate_answered': q('feedback', 'feedback-notifier'),
  // reform plan reminders; reports reminders, status notices and the national reporting system
  'reform.plan.reminder': q('reform', 'reform-notifier'),
  'reports.reminder': q('reports', 'report-notifier'),
  'reports.submission.changed': q('reports', 'report-notifier'),
  'reports.national.send': q('reports', 'national-reporting'),
  // notifications: every notify() call — the recipient's channels (e-mail, SMS, Zalo, web push)
  'notifications.deliver': q('notifications', 'notification-delivery'),
  // direction centre: a leader's prompt (đôn đốc) to the person responsible for an item
  'direction.prompt': q('direction', 'direction-prompt-delivery'),

  // Audit-only: announced for subscribers that do not exist; the audit row records each event.
  'calendar.changed': auditOnly('calendar'),
  'catalog.procedure.changed': auditOnly('catalog'),
  'citizens.profile_changed': auditOnly('citizens'),
  'citizens.rating': auditOnly('citizens'), // quality reads dossier_rating directly
  'feedback.category.changed': auditOnly('feedback'),
  'feedback.open311_key.changed': auditOnly('feedback'),
  'feedback.published': auditOnly('feedback'), // the sender's notice is notify.feedback.published
  'org.agency.changed': auditOnly('org'),
  'org.user.changed': auditOnly('org'),
  'quality.late_explained': auditOnly('quality'),
  'quality.late_published': auditOnly('quality'),
  'quality.rebuilt': auditOnly('quality'),
  'frontoffice.config.changed': auditOnly('frontoffice'),
  'frontoffice.rating': auditOnly('frontoffice'), // read by frontoffice.public.ts frontOfficeRatings (QĐ 766 5.4)
  'frontoffice.ticket.changed': auditOnly('frontoffice'), // the call screens follow fo_event, not the outbox
  'frontoffice.events.purged': auditOnly('frontoffice'), // retention job of fo_event
  'frontoffice.appointment.changed': auditOnly('frontoffice'), // booked / cancelled / checked in
  'reform.index.result.recorded': auditOnly('reform'),
  'reform.index.target.set': auditOnly('reform'),
  'reform.index.task.created': auditOnly('reform'),
  'reform.index.task.linked': auditOnly('reform'),
  'reform.index.task.unlinked': auditOnly('reform'),
  'reform.par.appraised': auditOnly('reform'),
  'reform.par.criteria.replaced': auditOnly('reform'),
  'reform.par.evidence.added': auditOnly('reform'),
  'reform.par.evidence.removed': auditOnly('reform'),
  'reform.par.published': auditOnly('reform'),
  'reform.par.self_assessed': auditOnly('reform'),
  'reform.par.submitted': auditOnly('reform'),
  'reform.plan.created': auditOnly('reform'),
  'reform.plan.updated': auditOnly('reform'),
  'reform.sipas.questionnaire.created': auditOnly('reform'),
  'reform.sipas.questionnaire.published': auditOnly('reform'),
  'reform.sipas.questionnaire.updated': auditOnly('reform'),
  'reform.sipas.responded': auditOnly('reform'),
  'reports.consolidation.changed': auditOnly('reports'),
  'reports.period.opened': auditOnly('reports'),
  'reports.regime.changed': auditOnly('reports'),
  'tasks.coordination.answered': auditOnly('tasks'),
  'tasks.coordination.requested': auditOnly('tasks'),
  'tasks.coordination.submitted': auditOnly('tasks'),
  'tasks.file.uploaded': auditOnly('tasks'),
  'tasks.plan.imported': auditOnly('tasks'),
  'tasks.plan.updated': auditOnly('tasks'),
  'tasks.progress.reported': auditOnly('tasks'),
  'tasks.progress.reviewed': auditOnly('tasks'),
  'tasks.task.assigned': auditOnly('tasks'),
  'tasks.task.updated': auditOnly('tasks'),
  'certification.copy.certified': auditOnly('certification'), // QĐ 766 4.x reads certified_copy through certification.public.ts
} as const satisfies Record<string, TopicSpec>;

export type Topic = keyof typeof OUTBOX_TOPICS;
/** Topics that are written to the outbox and delivered by a consumer. */
export type QueuedTopic = { [K in Topic]: (typeof OUTBOX_TOPICS)[K] extends { consumer: string } ? K : never }[Topic];

const extra = new Map<string, TopicSpec>();

/**
 * Declares topics at run time, outside the application's registry: for the platform's own tests
 * (which exercise the worker with topics such as `t.order`) and nothing else.
 */
export function declareTopicsForTest(specs: Record<string, TopicSpec>): void {
  for (const [t, s] of Object.entries(specs)) extra.set(t, s);
}

/** The declaration of a topic; throws for an undeclared one (a programming error, never bad input). */
export function topicSpec(topic: string): TopicSpec {
  const s = (OUTBOX_TOPICS as Record<string, TopicSpec>)[topic] ?? extra.get(topic);
  if (!s) throw new Error(`outbox: topic "${topic}" is not declared in src/platform/outbox.topics.ts`);
  return s;
}

export const isAuditOnly = (topic: string): boolean => topicSpec(topic).audit === 'only';

/** Every queued topic with its consumer (the registry and the test declarations). */
export function queuedTopics(): { topic: string; consumer: string }[] {
  const all = [...Object.entries(OUTBOX_TOPICS as Record<string, TopicSpec>), ...extra];
  return all.flatMap(([topic, s]) => (s.consumer ? [{ topic, consumer: s.consumer }] : []));
}

/** Audit-only topics, for the documentation and the migration test. */
export const AUDIT_ONLY_TOPICS: string[] = Object.entries(OUTBOX_TOPICS as Record<string, TopicSpec>)
  .filter(([, s]) => s.audit === 'only')
  .map(([t]) => t);
