/**
 * The status of tasks: who must report (lead agencies, a group standing for all its current
 * members), and each task's and occurrence's status from the lead agencies' reports as of a day.
 */
import type { Executor } from '../../platform/db/database.js';
import type { Agency } from '../org/org.public.js';
import type { AgencyGroup } from './tasks.import.js';
import { aggregateStatus, type TaskStatus } from './tasks.rules.js';
import type { TaskOut } from './tasks.schemas.js';
import { tasksStore, type TasksStore } from './tasks.store.js';

const GROUP_KINDS: Record<Exclude<AgencyGroup, 'related'>, string> = { departments: 'department', communes: 'commune_people_committee' };

export type Directory = Agency[];

export async function loadDirectory(store: Pick<TasksStore, 'listAgencies'>, db: Executor): Promise<Directory> {
  const items: Agency[] = [];
  for (;;) {
    const page = await store.listAgencies(db, { limit: 500, offset: items.length });
    items.push(...page.items);
    if (page.items.length < 500 || items.length >= page.total) return items;
  }
}

/** Every current agency a group stands for. */
export function groupMembers(dir: Directory, group: AgencyGroup): Agency[] {
  if (group === 'related') return [];
  return dir.filter((a) => a.validTo === null && a.kind === GROUP_KINDS[group]);
}

export function groupsOf(agencies: readonly Agency[]): AgencyGroup[] {
  const out = new Set<AgencyGroup>();
  for (const a of agencies) {
    if (a.validTo !== null) continue;
    if (a.kind === 'department') out.add('departments');
    if (a.kind === 'commune_people_committee') out.add('communes');
  }
  return [...out];
}

/** The agencies that must report on a task as lead (or support): direct ones plus group members. */
export function expand(assignments: TaskOut['lead'], dir: Directory): Agency[] {
  const out = new Map<string, Agency>();
  for (const a of assignments) {
    if (a.agencyId) {
      const ag = dir.find((d) => d.id === a.agencyId);
      if (ag) out.set(ag.id, ag);
    } else if (a.group) for (const m of groupMembers(dir, a.group as AgencyGroup)) out.set(m.id, m);
  }
  return [...out.values()];
}

/** A task's and its occurrences' statuses from the lead agencies' reports, as of `today`. */
export async function refreshTask(store: TasksStore, tx: Executor, taskId: string, dir: Directory, today: string): Promise<void> {
  const row = await store.getTaskRow(tx, taskId);
  if (!row) return;
  const ag = (await store.agenciesOfTasks(tx, [taskId])).get(taskId)!;
  const leads = expand(ag.lead, dir);
  const occs = await store.occurrencesOf(tx, taskId);
  let last: { status: TaskStatus; percent: number } | null = null;
  let anyOverdue = false;
  for (const o of occs) {
    const reports = await store.countingReports(tx, o.id);
    const byAgency = new Map(reports.filter((r) => r.role === 'lead').map((r) => [r.agencyId, r]));
    const statuses = leads.map((a) => byAgency.get(a.id)?.status ?? null);
    const status = aggregateStatus(statuses, o.dueOn, today);
    await store.setOccurrenceStatus(tx, o.id, status);
    if (status === 'overdue') anyOverdue = true;
    const percent = leads.length ? Math.round(leads.reduce((s, a) => s + (byAgency.get(a.id)?.percent ?? 0), 0) / leads.length) : 0;
    if (o.periodStart <= today || !last) last = { status, percent };
  }
  if (!last) return;
  await store.setTaskStatus(tx, taskId, anyOverdue && last.status !== 'done' && last.status !== 'done_late' ? 'overdue' : last.status, last.percent);
}

/**
 * Refreshes the statuses of these tasks as of `today` (the caller's day by its clock, YYYY-MM-DD in
 * Vietnam) inside the caller's transaction: for a task another module has just created or changed
 * (a reform plan item), so that one already past its deadline is overdue at once rather than after
 * the next statuses job.
 */
export async function refreshTaskStatuses(tx: Executor, taskIds: readonly string[], today: string): Promise<void> {
  if (!taskIds.length) return;
  const dir = await loadDirectory(tasksStore, tx);
  for (const id of taskIds) await refreshTask(tasksStore, tx, id, dir, today);
}
