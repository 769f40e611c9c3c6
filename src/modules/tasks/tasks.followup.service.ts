import type { Agency } from '../org/org.public.js';
import type { AgencyGroup } from './tasks.import.js';
import { addDays, reminderFor, type DayOffRule, type ParsedDeadline, type TaskStatus } from './tasks.rules.js';
import type { Overview, OverviewRow } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import { expand, groupMembers, loadDirectory, refreshTask } from './tasks.status.js';

/**
 * Follow-up: statuses as of today, reminders and escalation before and after a deadline, the
 * overview by agency and the monthly digest.
 */
export function createFollowUpService(core: TasksCore) {
  const { database, db, store, vnToday, isWorkingDayFn, ensureOccurrences, loadTask } = core;

  async function overview(planId: string | null, today = vnToday()): Promise<Overview> {
    const dir = await loadDirectory(store, db);
    const occs = await store.occurrencesForOverview(db, planId, today);
    const progress = await store.allProgress(db, planId);
    const leads = await store.leadAssignments(db, planId);
    const byTask = new Map<string, Agency[]>();
    for (const l of leads) {
      const list = byTask.get(l.task_id as string) ?? [];
      if (l.agency_id) {
        const a = dir.find((d) => d.id === l.agency_id);
        if (a) list.push(a);
      } else if (l.group_key) list.push(...groupMembers(dir, l.group_key as AgencyGroup));
      byTask.set(l.task_id as string, list);
    }
    const rep = new Map(progress.filter((p) => p.review_state !== 'returned').map((p) => [`${p.occurrence_id}|${p.agency_id}`, p.status as TaskStatus]));
    const rows = new Map<string, OverviewRow>();
    for (const o of occs) {
      const seen = new Set<string>();
      for (const a of byTask.get(o.task_id as string) ?? []) {
        if (seen.has(a.id)) continue;
        seen.add(a.id);
        const st = rep.get(`${o.id}|${a.id}`) ?? (today > (o.due_on as string) ? 'overdue' : 'not_started');
        const row = rows.get(a.id) ?? {
          agencyId: a.id,
          agencyName: a.shortName,
          kind: a.kind,
          assigned: 0,
          done: 0,
          doneLate: 0,
          inProgress: 0,
          overdue: 0,
          notStarted: 0,
          cannotDo: 0,
          completionRate: 0,
        };
        row.assigned++;
        const eff = st === 'in_progress' || st === 'not_started' ? (today > (o.due_on as string) ? 'overdue' : st) : st;
        if (eff === 'done') row.done++;
        else if (eff === 'done_late') row.doneLate++;
        else if (eff === 'in_progress') row.inProgress++;
        else if (eff === 'overdue') row.overdue++;
        else if (eff === 'cannot_do') row.cannotDo++;
        else row.notStarted++;
        rows.set(a.id, row);
      }
    }
    for (const r of rows.values()) r.completionRate = r.assigned ? Math.round(((r.done + r.doneLate) / r.assigned) * 1000) / 10 : 0;
    const tasks = await store.listTasks(db, { planId: planId ?? undefined, limit: 100000, offset: 0 }, today);
    const byStatus: Record<string, number> = {};
    for (const t of tasks.items) byStatus[t.status as string] = (byStatus[t.status as string] ?? 0) + 1;
    return {
      asOf: today,
      totals: { tasks: tasks.total, byStatus },
      agencies: [...rows.values()].sort((a, b) => b.overdue - a.overdue || a.agencyName.localeCompare(b.agencyName, 'vi')),
    };
  }

  /**
   * Statuses as of `today`: creates the occurrences of periods that have begun and refreshes the
   * status of every task with an open occurrence due within a week (a task due yesterday that
   * nobody finished becomes overdue). Run just after midnight (tasks.statuses) so that a status is
   * never a day behind, and again by the morning follow-up.
   */
  async function refreshStatuses(today = vnToday()) {
    const dir = await loadDirectory(store, db);
    let occurrences = 0;
    const working = await isWorkingDayFn();
    await database.transaction(async (tx) => {
      for (const t of await store.recurringTasks(tx)) {
        const d = {
          kind: t.deadline_kind as ParsedDeadline['kind'],
          dueOn: (t.due_on as string | null) ?? null,
          startOn: (t.start_on as string | null) ?? null,
          recurrence: t.recurrence as ParsedDeadline['recurrence'],
        };
        const n = await ensureOccurrences(
          tx,
          working,
          t.id as string,
          d,
          { startOn: t.plan_start as string, reportDay: Number(t.report_day), dayOffRule: t.day_off_rule as DayOffRule },
          today,
        );
        occurrences += n;
      }
    });
    const open = await store.openOccurrences(db, addDays(today, 7));
    const touched = new Set(open.map((o) => o.taskId));
    for (const taskId of touched) await database.transaction((tx) => refreshTask(store, tx, taskId, dir, today));
    return { occurrences, tasks: touched.size, open, dir };
  }

  /**
   * The daily follow-up: statuses as of today (refreshStatuses), then the reminders due today
   * (before the deadline, on overdue, and escalated to the agency's leader). Safe to run twice a
   * day and in several processes (reminders are unique).
   */
  async function followUp(today = vnToday()): Promise<{ occurrences: number; reminders: number; escalations: number }> {
    const { occurrences, open, dir } = await refreshStatuses(today);
    let reminders = 0;
    let escalations = 0;
    for (const o of open) {
      const kind = reminderFor(o.dueOn, today);
      if (!kind) continue;
      await database.transaction(async (tx) => {
        const task = await loadTask(o.taskId, tx);
        const reports = new Map((await store.countingReports(tx, o.id)).map((r) => [r.agencyId, r.status]));
        for (const a of expand(task.lead, dir)) {
          const st = reports.get(a.id);
          if (st === 'done' || st === 'done_late' || st === 'cannot_do') continue;
          if (!(await store.recordReminder(tx, o.id, a.id, kind, today))) continue;
          const leaders = kind === 'escalation' ? await store.leadersOf(tx, a.id) : [];
          reminders++;
          if (kind === 'escalation') escalations++;
          await store.enqueue(tx, {
            topic: 'tasks.reminder',
            aggregateKey: `task:${o.taskId}`,
            payload: {
              kind,
              taskId: o.taskId,
              occurrenceId: o.id,
              agencyId: a.id,
              agencyName: a.shortName,
              dueOn: o.dueOn,
              task: `${task.number ?? ''}. ${task.content.slice(0, 200)}`,
              leaders: leaders.map((l) => l.id),
            },
          });
          await store.logAction(tx, {
            planId: task.planId,
            taskId: o.taskId,
            occurrenceId: o.id,
            action: kind === 'escalation' ? 'task.escalate' : 'task.remind',
            actorId: null,
            actorName: 'Hệ thống',
            role: null,
            agencyId: a.id,
            payload: { kind, dueOn: o.dueOn, leaders: leaders.map((l) => l.fullName) },
          });
        }
      });
    }
    return { occurrences, reminders, escalations };
  }

  async function monthlyDigest(month: string): Promise<{ month: string; overview: Overview; created: boolean }> {
    const [y, m] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const ov = await overview(null, last);
    const created = await database.transaction(async (tx) => {
      const ok = await store.saveDigest(tx, month, ov);
      if (ok)
        await store.enqueue(tx, {
          topic: 'tasks.digest',
          aggregateKey: `task_digest:${month}`,
          payload: {
            month,
            to: 'provincial_office',
            totals: ov.totals,
            late: ov.agencies.filter((a) => a.overdue > 0).map((a) => ({ agency: a.agencyName, overdue: a.overdue })),
          },
        });
      return ok;
    });
    return { month, overview: ov, created };
  }

  return { overview, refreshStatuses, followUp, monthlyDigest };
}
