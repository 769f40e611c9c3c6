import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerTasksRoutes } from './tasks.routes.js';
import { todayVn } from './tasks.service.js';
import { addDays } from './tasks.rules.js';
import * as repo from './tasks.repo.js';
import { notify } from '../notifications/notifications.public.js';

/**
 * Statuses refreshed just after midnight (a task due yesterday is overdue from 00:01, not from the
 * morning run), the daily follow-up with its reminders at 07:30 (Asia/Ho_Chi_Minh) and the monthly
 * digest on the 1st at 07:00. A run missed while the server was down is made at its next start.
 */
export const STATUSES_CRON = '1 0 * * *';
export const FOLLOW_UP_CRON = '30 7 * * *';
export const DIGEST_CRON = '0 7 1 * *';

export function registerTasks(app: App, deps: Deps): void {
  const svc = deps.tasks; // built once by the composition root (src/app.ts)
  registerTasksRoutes(app, svc);
  deps.jobs.define('tasks.statuses', STATUSES_CRON, async () => {
    await svc.refreshStatuses();
  });
  deps.jobs.define('tasks.follow-up', FOLLOW_UP_CRON, async () => {
    await svc.followUp();
  });
  deps.jobs.define('tasks.monthly-digest', DIGEST_CRON, async () => {
    await svc.monthlyDigest(addDays(todayVn(deps.clock.now()).slice(0, 8) + '01', -1).slice(0, 7));
  });
  // Reminders and the monthly digest reach people through the notification centre (in-app at once,
  // then each person's channels): a reminder goes to the lead agency's leaders (an escalation to the
  // leaders it names), the digest to the provincial office. Deduplicated by the outbox id.
  deps.outbox.register('tasks.reminder', async (m) => {
    const p = m.payload as { kind: string; taskId: string; agencyId: string; agencyName: string; dueOn: string; task: string; leaders?: string[] };
    const to = p.leaders?.length ? p.leaders : (await repo.leadersOf(deps.database.db, p.agencyId)).map((u) => u.id);
    const due = p.dueOn.split('-').reverse().join('/');
    const title =
      p.kind === 'escalation'
        ? `Nhiệm vụ quá hạn — cần chỉ đạo: ${p.agencyName}`
        : p.kind === 'overdue'
          ? `Nhiệm vụ đã quá hạn (${due})`
          : `Nhắc hạn nhiệm vụ (${due})`;
    const body = `${p.task.trim()} — cơ quan chủ trì: ${p.agencyName}; hạn ${due}.`;
    await deps.database.transaction(async (tx) => {
      for (const userId of to) {
        await notify(tx, {
          recipient: { userId },
          kind: p.kind === 'escalation' ? 'task.escalation' : 'task.reminder',
          title,
          body,
          link: `/giam-sat/nhiem-vu/chi-tiet?id=${p.taskId}`,
          subject: { type: 'task', id: p.taskId },
          dedupeKey: `tasks.reminder:${m.id}`,
        });
      }
    });
  });
  deps.outbox.register('tasks.digest', async (m) => {
    const p = m.payload as {
      month: string;
      to?: string;
      totals?: { tasks?: number; byStatus?: Record<string, number> };
      late?: { agency: string; overdue: number }[];
    };
    const [y, mo] = p.month.split('-');
    const by = p.totals?.byStatus ?? {};
    const late = (p.late ?? [])
      .slice(0, 5)
      .map((l) => `${l.agency} (${l.overdue})`)
      .join(', ');
    const body = `Tổng ${p.totals?.tasks ?? 0} nhiệm vụ: hoàn thành ${(by.done ?? 0) + (by.done_late ?? 0)} (trễ hạn ${by.done_late ?? 0}), đang thực hiện ${by.in_progress ?? 0}, chưa thực hiện ${by.not_started ?? 0}, quá hạn ${by.overdue ?? 0}.${late ? ` Cơ quan có nhiệm vụ quá hạn: ${late}.` : ''}`;
    const to = await repo.usersWithRole(deps.database.db, p.to ?? 'provincial_office');
    await deps.database.transaction(async (tx) => {
      for (const u of to) {
        await notify(tx, {
          recipient: { userId: u.id },
          kind: 'task.digest',
          title: `Báo cáo tổng hợp nhiệm vụ tháng ${mo}/${y}`,
          body,
          link: `/giam-sat/nhiem-vu/tong-hop-thang?thang=${p.month}`,
          subject: { type: 'task_digest', id: p.month },
          dedupeKey: `tasks.digest:${p.month}`,
        });
      }
    });
  });
}
