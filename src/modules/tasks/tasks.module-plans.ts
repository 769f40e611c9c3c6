/**
 * Plans and tasks created and kept by another module (a reform plan's items, an index's improvement
 * tasks) inside the caller's transaction, and reads of tasks by id. Re-exported by tasks.public.ts.
 */
import type { Executor } from '../../platform/db/database.js';
import {
  insertPlan as insertTaskPlan,
  insertTask as insertTaskRow,
  replaceTaskAgencies as setTaskAgencies,
  insertOccurrence as insertTaskOccurrence,
  nextOrdinal,
  updateModuleTaskRow,
  updateTaskDeadline,
  deleteUnreportedOccurrences,
  deleteTaskIfUnreported,
  taskStatuses,
} from './tasks.repo.js';
import type { TaskStatus as Status } from './tasks.rules.js';
import { occurrencesFor as periodsOf } from './tasks.rules.js';
import { getTaskRow, agenciesOfTasks, toTask, type TaskRow } from './tasks.repo.js';
import type { TaskOut } from './tasks.schemas.js';
import { refreshTaskStatuses } from './tasks.status.js';

/** A plan created by another module (e.g. an agency's reform plan): each item has one lead agency and a one-off deadline. */
export interface PlanFromModule {
  title: string;
  number: string | null;
  issuedOn: string;
  issuingAgencyId: string;
  createdBy: string | null;
  /** The caller's day (its clock; YYYY-MM-DD in Vietnam): the new tasks' statuses are decided for it. */
  today: string;
  items: { section: string | null; content: string; output: string | null; leadAgencyId: string; leadName: string; dueOn: string }[];
}

/**
 * Creates a task plan and its tasks inside the caller's transaction (the caller writes its own
 * audit and outbox rows). Each task is led by one agency and due on a fixed date, so it appears on
 * that agency's task board. Returns the plan id and the task ids in item order.
 */
export async function createPlanWithTasks(tx: Executor, p: PlanFromModule): Promise<{ planId: string; taskIds: string[] }> {
  const planId = await insertTaskPlan(tx, {
    kind: 'plan',
    number: p.number,
    issuedOn: p.issuedOn,
    issuingAgencyId: p.issuingAgencyId,
    assigningAgencyId: p.issuingAgencyId,
    signer: null,
    title: p.title,
    summary: null,
    sourceFileId: null,
    sourceFormat: 'module',
    startOn: p.issuedOn,
    reportDay: 18,
    dayOffRule: 'previous',
    createdBy: p.createdBy,
  });
  const taskIds: string[] = [];
  let ordinal = 0;
  for (const it of p.items) taskIds.push(await insertModuleTask(tx, planId, ++ordinal, p.issuedOn, it));
  await refreshTaskStatuses(tx, taskIds, p.today); // an item already past its deadline is overdue at once
  return { planId, taskIds };
}

type ModuleItem = PlanFromModule['items'][number];

const oneOff = (dueOn: string) => {
  const [y, m, d] = dueOn.split('-');
  return {
    kind: 'date' as const,
    text: `${d}/${m}/${y}`,
    dueOn,
    startOn: null,
    targetOn: null,
    recurrence: null,
    reference: null,
    reviewOn: null,
    needsReview: false,
  };
};

async function insertModuleTask(tx: Executor, planId: string, ordinal: number, startOn: string, it: ModuleItem): Promise<string> {
  const deadline = oneOff(it.dueOn);
  const taskId = await insertTaskRow(tx, {
    planId,
    ordinal,
    number: String(ordinal),
    section: it.section,
    content: it.content,
    output: it.output,
    leadText: it.leadName,
    supportText: '',
    deadline,
  });
  await setTaskAgencies(tx, taskId, [{ role: 'lead', written: it.leadName, agencyId: it.leadAgencyId, group: null, note: null }]);
  for (const per of periodsOf(deadline, startOn, it.dueOn, 18))
    await insertTaskOccurrence(tx, { taskId, key: per.key, start: per.start, end: per.end, dueOn: per.nominalDue });
  return taskId;
}

/** Adds one task (an item added to the module's plan) at the end of the task plan. */
export async function addTaskToModulePlan(tx: Executor, planId: string, startOn: string, it: ModuleItem, today: string): Promise<string> {
  const taskId = await insertModuleTask(tx, planId, await nextOrdinal(tx, planId), startOn, it);
  await refreshTaskStatuses(tx, [taskId], today);
  return taskId;
}

/**
 * Brings a module task in line with its changed item: text, lead agency and one-off deadline (the
 * occurrence keeps its reports and takes the new date). The caller writes audit and outbox rows.
 */
export async function updateModuleTask(tx: Executor, taskId: string, startOn: string, it: ModuleItem, today: string): Promise<void> {
  const deadline = oneOff(it.dueOn);
  await updateModuleTaskRow(tx, taskId, { section: it.section, content: it.content, output: it.output, leadText: it.leadName });
  await updateTaskDeadline(tx, taskId, deadline);
  await setTaskAgencies(tx, taskId, [{ role: 'lead', written: it.leadName, agencyId: it.leadAgencyId, group: null, note: null }]);
  await deleteUnreportedOccurrences(tx, taskId);
  for (const per of periodsOf(deadline, startOn, it.dueOn, 18))
    await insertTaskOccurrence(tx, { taskId, key: per.key, start: per.start, end: per.end, dueOn: per.nominalDue });
  await refreshTaskStatuses(tx, [taskId], today); // the new deadline (and lead) decide the status now
}

/** Removes a module task; false (nothing removed) when an agency already reported progress on it. */
export async function removeModuleTask(tx: Executor, taskId: string): Promise<boolean> {
  return deleteTaskIfUnreported(tx, taskId);
}

/** Status and completion of tasks, by id (tasks that no longer exist are absent). */
export async function statusOfTasks(db: Executor, taskIds: string[]): Promise<Map<string, { status: Status; percent: number }>> {
  return taskStatuses(db, taskIds);
}

/** Tasks by id as the task board shows them (content, lead agencies, deadline, status, percent); ids that do not exist are left out. */
export async function tasksById(db: Executor, taskIds: string[]): Promise<TaskOut[]> {
  const rows: TaskRow[] = [];
  for (const id of new Set(taskIds)) {
    const r = await getTaskRow(db, id);
    if (r) rows.push(r);
  }
  const ag = await agenciesOfTasks(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTask(r, ag.get(r.id)!));
}
