import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerTasksRoutes } from './tasks.routes.js';
import { createTasksService, todayVn } from './tasks.service.js';
import { addDays } from './tasks.rules.js';

/**
 * Statuses refreshed just after midnight (a task due yesterday is overdue from 00:01, not from the
 * morning run), the daily follow-up with its reminders at 07:30 (Asia/Ho_Chi_Minh) and the monthly
 * digest on the 1st at 07:00. A run missed while the server was down is made at its next start.
 */
export const STATUSES_CRON = '1 0 * * *';
export const FOLLOW_UP_CRON = '30 7 * * *';
export const DIGEST_CRON = '0 7 1 * *';

export function registerTasks(app: App, deps: Deps): void {
  const svc = createTasksService(deps.database);
  registerTasksRoutes(app, svc);
  deps.jobs.define('tasks.statuses', STATUSES_CRON, async () => {
    await svc.refreshStatuses();
  });
  deps.jobs.define('tasks.follow-up', FOLLOW_UP_CRON, async () => {
    await svc.followUp();
  });
  deps.jobs.define('tasks.monthly-digest', DIGEST_CRON, async () => {
    await svc.monthlyDigest(addDays(todayVn().slice(0, 8) + '01', -1).slice(0, 7));
  });
  // SANDBOX notification adapter: reminders and digests are logged, not sent. A real channel
  // (e-mail, SMS, the document-management system) replaces these two handlers; payloads carry
  // everything a message needs, and receivers deduplicate by outbox id.
  deps.outbox.register('tasks.reminder', async (m) => {
    app.log.info({ outboxId: m.id, ...m.payload }, 'tasks reminder (sandbox notifier)');
  });
  deps.outbox.register('tasks.digest', async (m) => {
    app.log.info({ outboxId: m.id, month: m.payload.month }, 'tasks monthly digest (sandbox notifier)');
  });
}
