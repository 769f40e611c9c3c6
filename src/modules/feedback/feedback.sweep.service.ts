import { systemContext } from '../../platform/context.js';
import { vnIso } from '../../platform/vn-time.js';
import { currentStage, overdueStage } from './feedback.rules.js';
import type { FeedbackCore } from './feedback.core.js';

/** The scheduled sweep: reminders before a stage's deadline and escalation when it is overdue. */
export function createSweepService(core: FeedbackCore) {
  const { db, database, store, calendar, clock, notify, log, save } = core;

  return {
    /**
     * One sweep (run by the scheduled job): a reminder to the responsible staff when a stage has at
     * most one working day left, and an escalation to the agency's leaders when it is overdue.
     * Each happens once per stage deadline (an extension or a follow-up sets a new deadline).
     */
    async sweep(): Promise<{ reminded: string[]; escalated: string[] }> {
      const now = clock();
      const reminded: string[] = [];
      const escalated: string[] = [];
      for (const item of await store.listActive(db)) {
        const c = currentStage(item);
        if (!c) continue;
        const key = `${c.stage}@${vnIso(c.dueAt)}`;
        const overdue = overdueStage(item, now);
        const agencyId = c.stage === 'classify' ? item.receivingAgency.id : (item.agency?.id ?? item.receivingAgency.id);
        if (overdue && !item.escalatedStages.includes(key)) {
          await database.transaction(async (tx) => {
            const f = await store.getFeedback(tx, item.id, true);
            if (!f || f.version !== item.version) return;
            await save(tx, f, { escalatedStages: [...f.escalatedStages, key] });
            await log(
              tx,
              systemContext('feedback.sweep'),
              f,
              'escalate',
              f.status,
              `Quá hạn ${c.stage === 'classify' ? 'phân loại, chuyển xử lý' : c.stage === 'handle' ? 'xử lý' : 'công khai'}`,
              { stage: c.stage, dueAt: vnIso(c.dueAt), agencyId },
            );
            await notify(tx, f, 'escalated', { stage: c.stage, dueAt: c.dueAt.toISOString() });
            escalated.push(f.code);
          });
          continue;
        }
        if (!overdue && !item.remindedStages.includes(key) && (await calendar.workingMinutes(now, c.dueAt, agencyId)) <= 480) {
          await database.transaction(async (tx) => {
            const f = await store.getFeedback(tx, item.id, true);
            if (!f || f.version !== item.version) return;
            await save(tx, f, { remindedStages: [...f.remindedStages, key] });
            await log(tx, systemContext('feedback.sweep'), f, 'remind', f.status, null, { stage: c.stage, dueAt: vnIso(c.dueAt) });
            await notify(tx, f, 'reminder', { stage: c.stage, dueAt: c.dueAt.toISOString() });
            reminded.push(f.code);
          });
        }
      }
      return { reminded, escalated };
    },
  };
}
