/** The tasks module's public surface: other modules (reports, reform) import only from here. */
export { createTasksService, type TasksService } from './tasks.service.js';
export { parseDeadline, periodOf, occurrencesFor, aggregateStatus, coordinationSummary, type ParsedDeadline, type TaskStatus } from './tasks.rules.js';
export type { TaskOut, PlanOut, Overview } from './tasks.schemas.js';

import type { Executor } from '../../platform/db/database.js';
import { insertPlan as insertTaskPlan, insertTask as insertTaskRow, replaceTaskAgencies as setTaskAgencies, insertOccurrence as insertTaskOccurrence } from './tasks.repo.js';
import { occurrencesFor as periodsOf } from './tasks.rules.js';

/** A plan created by another module (e.g. an agency's reform plan): each item has one lead agency and a one-off deadline. */
export interface PlanFromModule {
  title: string;
  number: string | null;
  issuedOn: string;
  issuingAgencyId: string;
  createdBy: string | null;
  items: { section: string | null; content: string; output: string | null; leadAgencyId: string; leadName: string; dueOn: string }[];
}

/**
 * Creates a task plan and its tasks inside the caller's transaction (the caller writes its own
 * audit and outbox rows). Each task is led by one agency and due on a fixed date, so it appears on
 * that agency's task board. Returns the plan id and the task ids in item order.
 */
export async function createPlanWithTasks(tx: Executor, p: PlanFromModule): Promise<{ planId: string; taskIds: string[] }> {
  const planId = await insertTaskPlan(tx, {
    kind: 'plan', number: p.number, issuedOn: p.issuedOn, issuingAgencyId: p.issuingAgencyId, assigningAgencyId: p.issuingAgencyId,
    signer: null, title: p.title, summary: null, sourceFileId: null, sourceFormat: 'module', startOn: p.issuedOn, reportDay: 18, dayOffRule: 'previous', createdBy: p.createdBy,
  });
  const taskIds: string[] = [];
  let ordinal = 0;
  for (const it of p.items) {
    const [y, m, d] = it.dueOn.split('-');
    const deadline = { kind: 'date' as const, text: `${d}/${m}/${y}`, dueOn: it.dueOn, startOn: null, targetOn: null, recurrence: null, reference: null, reviewOn: null, needsReview: false };
    const taskId = await insertTaskRow(tx, { planId, ordinal: ++ordinal, number: String(ordinal), section: it.section, content: it.content, output: it.output, leadText: it.leadName, supportText: '', deadline });
    await setTaskAgencies(tx, taskId, [{ role: 'lead', written: it.leadName, agencyId: it.leadAgencyId, group: null, note: null }]);
    for (const per of periodsOf(deadline, p.issuedOn, it.dueOn, 18)) await insertTaskOccurrence(tx, { taskId, key: per.key, start: per.start, end: per.end, dueOn: per.nominalDue });
    taskIds.push(taskId);
  }
  return { planId, taskIds };
}
