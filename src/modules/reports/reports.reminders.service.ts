import { daysBetween, vnDay, vnToday } from './reports.periods.js';
import type { ReportsCore } from './reports.core.js';

/** The daily reminders: before the due date on the regime's reminder days, and once a day while overdue (one per submission, kind and day). */
export function createRemindersService(core: ReportsCore) {
  const { database, db, store, clock } = core;

  return {
    async sendReminders(today = vnToday(clock.now())): Promise<number> {
      const regimes = new Map((await store.activeRegimes(db)).map((r) => [r.id, r]));
      const horizon = new Date(Date.parse(today + 'T00:00:00Z') + 31 * 86_400_000).toISOString().slice(0, 10);
      const open = await store.openSubmissionsDueBy(db, horizon);
      let n = 0;
      for (const s of open) {
        const r = regimes.get(s.period.regimeId);
        if (!r) continue;
        const left = daysBetween(today, s.period.dueOn);
        let kind: string | null = null;
        if (left < 0) kind = 'overdue';
        else {
          const d = [...r.reminderDays].sort((a, b) => a - b).find((x) => left <= x);
          if (d !== undefined) kind = `due_in_${d}`;
        }
        if (!kind) continue;
        await database.transaction(async (tx) => {
          if (!(await store.insertReminder(tx, s.id, kind!, today))) return;
          n++;
          const text =
            kind === 'overdue'
              ? `${s.agencyName} chưa gửi ${r.name} — ${s.period.label}; hạn gửi ${vnDay(s.period.dueOn)} đã qua ${-left} ngày.`
              : `Nhắc hạn: ${r.name} — ${s.period.label} của ${s.agencyName} phải gửi trước hết ngày ${vnDay(s.period.dueOn)} (còn ${left} ngày).`;
          await store.enqueue(tx, {
            topic: 'reports.reminder',
            aggregateKey: `report_submission:${s.id}`,
            payload: { submissionId: s.id, kind, agencyId: s.agencyId, receiverAgencyId: r.receiverAgencyId, dueOn: s.period.dueOn, text },
          });
        });
      }
      return n;
    },
  };
}
