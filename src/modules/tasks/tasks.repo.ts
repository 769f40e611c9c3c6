import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { ParsedDeadline, TaskStatus } from './tasks.rules.js';
import type { AgencyAssignment, CoordinationOut, PlanOut, ProgressOut, TaskActionOut, TaskOut, OccurrenceOut, RecipientOut } from './tasks.schemas.js';
import { GROUP_NAMES_VI, type AgencyGroup } from './tasks.import.js';
import { vnIso } from '../../platform/vn-time.js';

const str = (v: string | null | undefined): string | null => (v == null ? null : String(v));
/** An instant as ISO 8601 in Vietnam's offset (2026-11-23T08:00:00+07:00). */
const iso = (v: Date | null | undefined): string | null => (v == null ? null : vnIso(v));
/** count(*) without a cast: the driver gives a string (or number/bigint); read it with Number(). */
type BigCount = string | number | bigint;
type WithTotal = { total_count: BigCount };
/** The short name of an agency joined in (NULL when the join finds none). */
type AgencyName = TableRow<'agency'>['short_name'];

// ---- files ------------------------------------------------------------------------------------

export async function insertFile(
  tx: Executor,
  f: { name: string; contentType: string; data: Buffer; createdBy: string | null; agencyId: string | null },
): Promise<string> {
  const { rows } = await sql<Pick<TableRow<'task_file'>, 'id'>>`INSERT INTO task_file (name, content_type, size, data, created_by, agency_id)
    VALUES (${f.name}, ${f.contentType}, ${f.data.length}, ${f.data}, ${f.createdBy}, ${f.agencyId}) RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function getFile(
  db: Executor,
  id: string,
): Promise<{ id: string; name: string; contentType: string; size: number; data: Buffer; agencyId: string | null } | null> {
  const { rows } = await sql<
    Pick<TableRow<'task_file'>, 'id' | 'name' | 'content_type' | 'size' | 'data' | 'agency_id'>
  >`SELECT id, name, content_type, size, data, agency_id FROM task_file WHERE id = ${id}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: r.id,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    data: Buffer.from(r.data),
    agencyId: str(r.agency_id),
  };
}

export async function filesExist(db: Executor, ids: string[]): Promise<boolean> {
  if (!ids.length) return true;
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM task_file WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return rows[0].n === new Set(ids).size;
}

// ---- plans ------------------------------------------------------------------------------------

export interface PlanInsert {
  kind: string;
  number: string | null;
  issuedOn: string | null;
  issuingAgencyId: string | null;
  assigningAgencyId: string | null;
  signer: string | null;
  title: string;
  summary: string | null;
  sourceFileId: string | null;
  sourceFormat: string | null;
  startOn: string;
  reportDay: number;
  dayOffRule: string;
  createdBy: string | null;
}

export async function insertPlan(tx: Executor, p: PlanInsert): Promise<string> {
  const { rows } = await sql<
    Pick<TableRow<'task_plan'>, 'id'>
  >`INSERT INTO task_plan (kind, number, issued_on, issuing_agency_id, assigning_agency_id, signer, title, summary, source_file_id, source_format, start_on, report_day, day_off_rule, created_by)
    VALUES (${p.kind}, ${p.number}, ${p.issuedOn}::date, ${p.issuingAgencyId}, ${p.assigningAgencyId}, ${p.signer}, ${p.title}, ${p.summary}, ${p.sourceFileId}, ${p.sourceFormat}, ${p.startOn}::date, ${p.reportDay}, ${p.dayOffRule}, ${p.createdBy})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

const PLAN_SELECT = sql`SELECT p.id, p.kind, p.number, p.issued_on, p.issuing_agency_id, p.assigning_agency_id, p.signer, p.title, p.summary, p.source_file_id, p.source_format, p.start_on, p.report_day, p.day_off_rule, p.created_by, p.created_at, p.updated_at, p.version, p.search_key, ia.name AS issuing_agency_name, (SELECT count(*)::int FROM task t WHERE t.plan_id = p.id) AS task_count FROM task_plan p LEFT JOIN agency ia ON ia.id = p.issuing_agency_id`;

/** A plan as PLAN_SELECT reads it: every task_plan column, the issuing agency's name and the task count. */
type PlanRow = TableRow<'task_plan'> & { issuing_agency_name: TableRow<'agency'>['name'] | null; task_count: number | null };

const toPlan = (r: PlanRow): PlanOut => ({
  id: r.id,
  kind: r.kind,
  number: str(r.number),
  issuedOn: str(r.issued_on),
  issuingAgency: r.issuing_agency_id ? { id: r.issuing_agency_id, name: r.issuing_agency_name as string } : null,
  assigningAgencyId: str(r.assigning_agency_id),
  signer: str(r.signer),
  title: r.title,
  summary: str(r.summary),
  sourceFileId: str(r.source_file_id),
  sourceFormat: str(r.source_format),
  startOn: r.start_on,
  reportDay: r.report_day,
  dayOffRule: r.day_off_rule as 'previous' | 'next',
  taskCount: Number(r.task_count ?? 0),
  createdAt: iso(r.created_at)!,
  version: r.version,
});

export async function getPlan(db: Executor, id: string): Promise<PlanOut | null> {
  const { rows } = await sql<PlanRow>`${PLAN_SELECT} WHERE p.id = ${id}`.execute(db);
  return rows.length ? toPlan(rows[0]) : null;
}

export async function listPlans(db: Executor, q: { q?: string; limit: number; offset: number }): Promise<{ items: PlanOut[]; total: number }> {
  const where = q.q ? sql`p.search_key LIKE '%' || f_search_key(${q.q}) || '%'` : sql`true`;
  const { rows } = await sql<
    PlanRow & WithTotal
  >`SELECT x.*, count(*) OVER () AS total_count FROM (${PLAN_SELECT} WHERE ${where}) x ORDER BY x.created_at DESC, x.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  return { items: rows.map(toPlan), total: rows.length ? Number(rows[0].total_count) : 0 };
}

export async function updatePlan(
  tx: Executor,
  id: string,
  p: Partial<Omit<PlanInsert, 'createdBy' | 'sourceFileId' | 'sourceFormat' | 'startOn'>>,
  version: number,
): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (p.kind !== undefined) sets.push(sql`kind = ${p.kind}`);
  if (p.number !== undefined) sets.push(sql`number = ${p.number}`);
  if (p.issuedOn !== undefined) sets.push(sql`issued_on = ${p.issuedOn}::date`);
  if (p.issuingAgencyId !== undefined) sets.push(sql`issuing_agency_id = ${p.issuingAgencyId}`);
  if (p.signer !== undefined) sets.push(sql`signer = ${p.signer}`);
  if (p.title !== undefined) sets.push(sql`title = ${p.title}`);
  if (p.summary !== undefined) sets.push(sql`summary = ${p.summary}`);
  if (p.reportDay !== undefined) sets.push(sql`report_day = ${p.reportDay}`);
  if (p.dayOffRule !== undefined) sets.push(sql`day_off_rule = ${p.dayOffRule}`);
  const r = await sql`UPDATE task_plan SET ${sql.join(sets)} WHERE id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

// ---- tasks ------------------------------------------------------------------------------------

export interface TaskInsert {
  planId: string;
  ordinal: number;
  number: string | null;
  section: string | null;
  content: string;
  output: string | null;
  leadText: string;
  supportText: string;
  deadline: ParsedDeadline;
}

export async function insertTask(tx: Executor, t: TaskInsert): Promise<string> {
  const d = t.deadline;
  const { rows } = await sql<Pick<TableRow<'task'>, 'id'>>`INSERT INTO task (plan_id, ordinal, number, section, content, output, lead_text, support_text,
      deadline_text, deadline_kind, due_on, start_on, target_on, recurrence, reference, review_on, deadline_needs_review)
    VALUES (${t.planId}, ${t.ordinal}, ${t.number}, ${t.section}, ${t.content}, ${t.output}, ${t.leadText}, ${t.supportText},
      ${d.text}, ${d.kind}, ${d.dueOn}::date, ${d.startOn}::date, ${d.targetOn}::date, ${d.recurrence}, ${d.reference}, ${d.reviewOn}::date, ${d.needsReview})
    RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function updateTaskDeadline(tx: Executor, id: string, d: ParsedDeadline): Promise<void> {
  await sql`UPDATE task SET deadline_text = ${d.text}, deadline_kind = ${d.kind}, due_on = ${d.dueOn}::date, start_on = ${d.startOn}::date, target_on = ${d.targetOn}::date,
    recurrence = ${d.recurrence}, reference = ${d.reference}, review_on = ${d.reviewOn}::date, deadline_needs_review = ${d.needsReview}, updated_at = now(), version = version + 1 WHERE id = ${id}`.execute(
    tx,
  );
}

export async function updateTaskText(
  tx: Executor,
  id: string,
  p: { content?: string; output?: string | null; section?: string | null },
  version: number,
): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (p.content !== undefined) sets.push(sql`content = ${p.content}`);
  if (p.output !== undefined) sets.push(sql`output = ${p.output}`);
  if (p.section !== undefined) sets.push(sql`section = ${p.section}`);
  const r = await sql`UPDATE task SET ${sql.join(sets)} WHERE id = ${id} AND version = ${version}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function bumpTask(tx: Executor, id: string, version?: number): Promise<boolean> {
  const cond = version !== undefined ? sql`AND version = ${version}` : sql``;
  const r = await sql`UPDATE task SET version = version + 1, updated_at = now() WHERE id = ${id} ${cond}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function setTaskStatus(tx: Executor, id: string, status: TaskStatus, percent: number): Promise<void> {
  await sql`UPDATE task SET status = ${status}, percent = ${percent}, updated_at = now() WHERE id = ${id} AND (status <> ${status} OR percent <> ${percent})`.execute(
    tx,
  );
}

export interface AgencyRowInsert {
  role: 'lead' | 'support';
  written: string;
  agencyId: string | null;
  group: AgencyGroup | null;
  note: string | null;
}

export async function replaceTaskAgencies(tx: Executor, taskId: string, rows: AgencyRowInsert[]): Promise<void> {
  await sql`DELETE FROM task_agency WHERE task_id = ${taskId}`.execute(tx);
  const ord = { lead: 0, support: 0 };
  for (const r of rows) {
    await sql`INSERT INTO task_agency (task_id, role, ordinal, written, agency_id, group_key, note) VALUES (${taskId}, ${r.role}, ${ord[r.role]++}, ${r.written}, ${r.agencyId}, ${r.group}, ${r.note})`.execute(
      tx,
    );
  }
}

/** Maps every unmatched phrase `written` of a plan to an agency or a group; returns the tasks touched. */
export async function mapWritten(tx: Executor, planId: string, written: string, to: { agencyId: string | null; group: AgencyGroup | null }): Promise<string[]> {
  const { rows } = await sql<Pick<TableRow<'task_agency'>, 'task_id'>>`UPDATE task_agency ta SET agency_id = ${to.agencyId}, group_key = ${to.group}
    FROM task t WHERE t.id = ta.task_id AND t.plan_id = ${planId} AND ta.written = ${written} AND ta.agency_id IS NULL AND ta.group_key IS NULL
    RETURNING ta.task_id`.execute(tx);
  return [...new Set(rows.map((r) => r.task_id))];
}

export async function unmatchedOfPlan(db: Executor, planId: string): Promise<{ written: string; role: string; tasks: string[] }[]> {
  const { rows } = await sql<
    Pick<TableRow<'task_agency'>, 'written' | 'role'> & { tasks: TableRow<'task'>['number'][] | null }
  >`SELECT ta.written, ta.role, array_agg(t.number ORDER BY t.ordinal) AS tasks FROM task_agency ta JOIN task t ON t.id = ta.task_id
    WHERE t.plan_id = ${planId} AND ta.agency_id IS NULL AND ta.group_key IS NULL GROUP BY ta.written, ta.role ORDER BY ta.written, ta.role`.execute(db);
  return rows.map((r) => ({ written: r.written, role: r.role, tasks: (r.tasks ?? []).map((n) => n ?? '') }));
}

/** A task_agency row with the agency's short name. */
type AssignmentRow = TableRow<'task_agency'> & { agency_name: AgencyName | null };

const toAssignment = (r: AssignmentRow): AgencyAssignment => ({
  ordinal: r.ordinal,
  written: r.written,
  agencyId: str(r.agency_id),
  agencyName: str(r.agency_name),
  group: (r.group_key as AgencyGroup | null) ?? null,
  groupName: r.group_key ? GROUP_NAMES_VI[r.group_key as AgencyGroup] : null,
  note: str(r.note),
  matched: r.agency_id != null || r.group_key != null,
});

export async function agenciesOfTasks(db: Executor, taskIds: string[]): Promise<Map<string, { lead: AgencyAssignment[]; support: AgencyAssignment[] }>> {
  const out = new Map<string, { lead: AgencyAssignment[]; support: AgencyAssignment[] }>();
  for (const id of taskIds) out.set(id, { lead: [], support: [] });
  if (!taskIds.length) return out;
  const { rows } =
    await sql<AssignmentRow>`SELECT ta.task_id, ta.role, ta.ordinal, ta.written, ta.agency_id, ta.group_key, ta.note, a.short_name AS agency_name FROM task_agency ta LEFT JOIN agency a ON a.id = ta.agency_id
    WHERE ta.task_id = ANY(${taskIds}::uuid[]) ORDER BY ta.task_id, ta.role, ta.ordinal`.execute(db);
  for (const r of rows) out.get(r.task_id)![r.role as 'lead' | 'support'].push(toAssignment(r));
  return out;
}

export interface TaskQuery {
  planId?: string;
  status?: string;
  q?: string;
  /** Tasks in which one of these agencies (directly or through its group) leads / supports. */
  agencies?: { ids: string[]; groups: AgencyGroup[] } | null;
  role?: 'lead' | 'support' | null;
  dueBefore?: string;
  needsReview?: boolean;
  limit: number;
  offset: number;
}

const nextDue = sql`(SELECT min(o.due_on) FROM task_occurrence o WHERE o.task_id = t.id AND o.status NOT IN ('done', 'done_late', 'cannot_do'))`;

/** A task as the board reads it: every task column, its plan's title and the next open period's due date. */
export type TaskRow = TableRow<'task'> & { plan_title: TableRow<'task_plan'>['title']; next_due_on: TableRow<'task_occurrence'>['due_on'] | null };

export async function listTasks(db: Executor, q: TaskQuery, today: string): Promise<{ items: TaskRow[]; total: number }> {
  const conds = [sql`true`];
  if (q.planId) conds.push(sql`t.plan_id = ${q.planId}`);
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  if (q.q) conds.push(sql`t.search_key LIKE '%' || f_search_key(${q.q}) || '%'`);
  if (q.needsReview)
    conds.push(sql`(t.deadline_needs_review OR EXISTS (SELECT 1 FROM task_agency u WHERE u.task_id = t.id AND u.agency_id IS NULL AND u.group_key IS NULL))`);
  if (q.agencies) {
    const role = q.role ? sql`AND ta.role = ${q.role}` : sql``;
    conds.push(
      sql`EXISTS (SELECT 1 FROM task_agency ta WHERE ta.task_id = t.id ${role} AND (ta.agency_id = ANY(${q.agencies.ids}::uuid[]) OR ta.group_key = ANY(${q.agencies.groups}::text[])))`,
    );
  }
  if (q.dueBefore) conds.push(sql`${nextDue} BETWEEN ${today}::date AND ${q.dueBefore}::date`);
  const { rows } = await sql<TaskRow & WithTotal>`SELECT x.*, count(*) OVER () AS total_count FROM (
      SELECT t.id, t.plan_id, t.ordinal, t.number, t.section, t.content, t.output, t.lead_text, t.support_text, t.deadline_text, t.deadline_kind, t.due_on, t.start_on, t.target_on, t.recurrence, t.reference, t.review_on, t.deadline_needs_review, t.status, t.percent, t.created_at, t.updated_at, t.version, t.search_key, p.title AS plan_title, ${nextDue} AS next_due_on FROM task t JOIN task_plan p ON p.id = t.plan_id WHERE ${sql.join(conds, sql` AND `)}) x
    ORDER BY x.plan_title, x.plan_id, x.ordinal LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows, total: rows.length ? Number(rows[0].total_count) : 0 };
}

export async function getTaskRow(db: Executor, id: string): Promise<TaskRow | null> {
  const { rows } =
    await sql<TaskRow>`SELECT t.id, t.plan_id, t.ordinal, t.number, t.section, t.content, t.output, t.lead_text, t.support_text, t.deadline_text, t.deadline_kind, t.due_on, t.start_on, t.target_on, t.recurrence, t.reference, t.review_on, t.deadline_needs_review, t.status, t.percent, t.created_at, t.updated_at, t.version, t.search_key, p.title AS plan_title, ${nextDue} AS next_due_on FROM task t JOIN task_plan p ON p.id = t.plan_id WHERE t.id = ${id}`.execute(
      db,
    );
  return rows[0] ?? null;
}

export function toTask(r: Omit<TaskRow, 'created_at' | 'updated_at' | 'search_key'>, ag: { lead: AgencyAssignment[]; support: AgencyAssignment[] }): TaskOut {
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    ordinal: r.ordinal,
    number: str(r.number),
    section: str(r.section),
    content: r.content,
    output: str(r.output),
    leadText: r.lead_text,
    supportText: r.support_text,
    lead: ag.lead,
    support: ag.support,
    deadline: {
      text: r.deadline_text,
      kind: r.deadline_kind as ParsedDeadline['kind'],
      dueOn: str(r.due_on),
      startOn: str(r.start_on),
      targetOn: str(r.target_on),
      recurrence: (r.recurrence as ParsedDeadline['recurrence']) ?? null,
      reference: str(r.reference),
      reviewOn: str(r.review_on),
      needsReview: r.deadline_needs_review,
    },
    status: r.status as TaskStatus,
    percent: r.percent,
    nextDueOn: str(r.next_due_on),
    version: r.version,
  };
}

// ---- occurrences ------------------------------------------------------------------------------

export async function insertOccurrence(tx: Executor, o: { taskId: string; key: string; start: string; end: string; dueOn: string }): Promise<boolean> {
  // A period already there (it has reports) keeps its rows but takes the new dates.
  const { rows } = await sql<{
    inserted: boolean;
  }>`INSERT INTO task_occurrence (task_id, period_key, period_start, period_end, due_on) VALUES (${o.taskId}, ${o.key}, ${o.start}::date, ${o.end}::date, ${o.dueOn}::date)
    ON CONFLICT (task_id, period_key) DO UPDATE SET period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, due_on = EXCLUDED.due_on
      WHERE task_occurrence.due_on <> EXCLUDED.due_on OR task_occurrence.period_start <> EXCLUDED.period_start OR task_occurrence.period_end <> EXCLUDED.period_end
    RETURNING (xmax = 0) AS inserted`.execute(tx);
  return rows.length > 0 && rows[0].inserted;
}

export async function deleteUnreportedOccurrences(tx: Executor, taskId: string): Promise<void> {
  await sql`DELETE FROM task_occurrence o WHERE o.task_id = ${taskId} AND NOT EXISTS (SELECT 1 FROM task_progress p WHERE p.occurrence_id = o.id)
    AND NOT EXISTS (SELECT 1 FROM task_reminder r WHERE r.occurrence_id = o.id)`.execute(tx);
}

/** A task_occurrence row as read (every column, typed from the generated schema). */
type OccurrenceRow = TableRow<'task_occurrence'>;

const toOcc = (r: OccurrenceRow): OccurrenceOut => ({
  id: r.id,
  periodKey: r.period_key,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  dueOn: r.due_on,
  status: r.status as TaskStatus,
});

export async function occurrencesOf(db: Executor, taskId: string): Promise<OccurrenceOut[]> {
  const { rows } =
    await sql<OccurrenceRow>`SELECT id, task_id, period_key, period_start, period_end, due_on, status FROM task_occurrence WHERE task_id = ${taskId} ORDER BY period_start, period_key`.execute(
      db,
    );
  return rows.map(toOcc);
}

export async function getOccurrence(db: Executor, id: string): Promise<(OccurrenceOut & { taskId: string }) | null> {
  const { rows } =
    await sql<OccurrenceRow>`SELECT id, task_id, period_key, period_start, period_end, due_on, status FROM task_occurrence WHERE id = ${id}`.execute(db);
  return rows.length ? { ...toOcc(rows[0]), taskId: rows[0].task_id } : null;
}

export async function setOccurrenceStatus(tx: Executor, id: string, status: TaskStatus): Promise<void> {
  await sql`UPDATE task_occurrence SET status = ${status} WHERE id = ${id} AND status <> ${status}`.execute(tx);
}

/** Open occurrences (not finished) due on or before `until`, with their task and plan. */
export async function openOccurrences(db: Executor, until: string): Promise<{ id: string; taskId: string; dueOn: string; status: TaskStatus }[]> {
  const { rows } = await sql<Pick<OccurrenceRow, 'id' | 'task_id' | 'due_on' | 'status'>>`SELECT o.id, o.task_id, o.due_on, o.status FROM task_occurrence o
    WHERE o.status NOT IN ('done', 'done_late', 'cannot_do') AND o.due_on <= ${until}::date ORDER BY o.due_on`.execute(db);
  return rows.map((r) => ({ id: r.id, taskId: r.task_id, dueOn: r.due_on, status: r.status as TaskStatus }));
}

/** A recurring task with the plan settings its periods are computed from. */
export type RecurringTaskRow = Pick<TableRow<'task'>, 'id' | 'deadline_kind' | 'due_on' | 'start_on' | 'recurrence'> & {
  plan_start: TableRow<'task_plan'>['start_on'];
} & Pick<TableRow<'task_plan'>, 'report_day' | 'day_off_rule' | 'assigning_agency_id'>;

export async function recurringTasks(db: Executor): Promise<RecurringTaskRow[]> {
  const { rows } =
    await sql<RecurringTaskRow>`SELECT t.id, t.deadline_kind, t.due_on, t.start_on, t.recurrence, p.start_on AS plan_start, p.report_day, p.day_off_rule, p.assigning_agency_id
    FROM task t JOIN task_plan p ON p.id = t.plan_id WHERE t.recurrence IS NOT NULL`.execute(db);
  return rows;
}

// ---- progress ---------------------------------------------------------------------------------

/** A progress report as PROGRESS_SELECT reads it: every task_progress column, its period, agency and reporter. */
type ProgressRow = TableRow<'task_progress'> &
  Pick<TableRow<'task_occurrence'>, 'period_key'> & { agency_name: AgencyName; reported_by_name: TableRow<'app_user'>['full_name'] | null };

const toProgress = (r: ProgressRow): ProgressOut => ({
  id: r.id,
  occurrenceId: r.occurrence_id,
  periodKey: r.period_key,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  role: r.role as 'lead' | 'support',
  status: r.status as TaskStatus,
  percent: r.percent,
  narrative: r.narrative,
  reason: str(r.reason),
  fileIds: r.file_ids ?? [],
  reviewState: r.review_state as 'submitted' | 'accepted' | 'returned',
  reviewNote: str(r.review_note),
  reportedAt: iso(r.reported_at)!,
  reportedBy: str(r.reported_by_name),
  reviewedAt: iso(r.reviewed_at),
  version: r.version,
});

const PROGRESS_SELECT = sql`SELECT p.id, p.occurrence_id, p.task_id, p.agency_id, p.role, p.status, p.percent, p.narrative, p.reason, p.file_ids, p.reported_by, p.reported_on, p.reported_at,
    p.review_state, p.review_note, p.reviewed_by, p.reviewed_at, p.version, o.period_key, a.short_name AS agency_name, u.full_name AS reported_by_name FROM task_progress p
  JOIN task_occurrence o ON o.id = p.occurrence_id JOIN agency a ON a.id = p.agency_id LEFT JOIN app_user u ON u.id = p.reported_by`;

export async function progressOfTask(db: Executor, taskId: string): Promise<ProgressOut[]> {
  const { rows } = await sql<ProgressRow>`${PROGRESS_SELECT} WHERE p.task_id = ${taskId} ORDER BY o.period_start DESC, p.role, a.short_name`.execute(db);
  return rows.map(toProgress);
}

export async function getProgress(db: Executor, id: string): Promise<(ProgressOut & { taskId: string }) | null> {
  const { rows } = await sql<ProgressRow>`${PROGRESS_SELECT} WHERE p.id = ${id}`.execute(db);
  return rows.length ? { ...toProgress(rows[0]), taskId: rows[0].task_id } : null;
}

export async function findProgress(db: Executor, occurrenceId: string, agencyId: string): Promise<ProgressOut | null> {
  const { rows } = await sql<ProgressRow>`${PROGRESS_SELECT} WHERE p.occurrence_id = ${occurrenceId} AND p.agency_id = ${agencyId}`.execute(db);
  return rows.length ? toProgress(rows[0]) : null;
}

export interface ProgressWrite {
  occurrenceId: string;
  taskId: string;
  agencyId: string;
  role: 'lead' | 'support';
  status: TaskStatus;
  percent: number;
  narrative: string;
  reason: string | null;
  fileIds: string[];
  reportedBy: string | null;
  reportedOn: string;
}

export async function upsertProgress(tx: Executor, p: ProgressWrite, expectedVersion: number | null): Promise<string | null> {
  if (expectedVersion === null) {
    const { rows } = await sql<
      Pick<TableRow<'task_progress'>, 'id'>
    >`INSERT INTO task_progress (occurrence_id, task_id, agency_id, role, status, percent, narrative, reason, file_ids, reported_by, reported_on)
      VALUES (${p.occurrenceId}, ${p.taskId}, ${p.agencyId}, ${p.role}, ${p.status}, ${p.percent}, ${p.narrative}, ${p.reason}, ${p.fileIds}::uuid[], ${p.reportedBy}, ${p.reportedOn}::date)
      ON CONFLICT (occurrence_id, agency_id) DO NOTHING RETURNING id`.execute(tx);
    return rows[0]?.id ?? null;
  }
  const { rows } = await sql<
    Pick<ProgressRow, 'id'>
  >`UPDATE task_progress SET status = ${p.status}, percent = ${p.percent}, narrative = ${p.narrative}, reason = ${p.reason}, file_ids = ${p.fileIds}::uuid[],
      reported_by = ${p.reportedBy}, reported_on = ${p.reportedOn}::date, reported_at = now(), review_state = 'submitted', review_note = NULL, reviewed_by = NULL, reviewed_at = NULL, version = version + 1
    WHERE occurrence_id = ${p.occurrenceId} AND agency_id = ${p.agencyId} AND version = ${expectedVersion} RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}

export async function reviewProgress(
  tx: Executor,
  id: string,
  state: 'accepted' | 'returned',
  note: string | null,
  by: string | null,
  version: number,
): Promise<boolean> {
  const r = await sql`UPDATE task_progress SET review_state = ${state}, review_note = ${note}, reviewed_by = ${by}, reviewed_at = now(), version = version + 1
    WHERE id = ${id} AND version = ${version} AND review_state = 'submitted'`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Reports of an occurrence that count (not returned): agency → status and percent. */
export async function countingReports(db: Executor, occurrenceId: string): Promise<{ agencyId: string; role: string; status: TaskStatus; percent: number }[]> {
  const { rows } = await sql<
    Pick<ProgressRow, 'agency_id' | 'role' | 'status' | 'percent'>
  >`SELECT agency_id, role, status, percent FROM task_progress WHERE occurrence_id = ${occurrenceId} AND review_state <> 'returned'`.execute(db);
  return rows.map((r) => ({ agencyId: r.agency_id, role: r.role, status: r.status as TaskStatus, percent: r.percent }));
}

// ---- log --------------------------------------------------------------------------------------

export async function logAction(
  tx: Executor,
  a: {
    planId?: string | null;
    taskId?: string | null;
    occurrenceId?: string | null;
    action: string;
    actorId: string | null;
    actorName: string | null;
    role: string | null;
    agencyId: string | null;
    payload: Record<string, unknown>;
    idempotencyKey?: string | null;
  },
): Promise<void> {
  await sql`INSERT INTO task_action (plan_id, task_id, occurrence_id, action, actor_id, actor_name, role, agency_id, payload, idempotency_key)
    VALUES (${a.planId ?? null}, ${a.taskId ?? null}, ${a.occurrenceId ?? null}, ${a.action}, ${a.actorId}, ${a.actorName}, ${a.role}, ${a.agencyId}, ${JSON.stringify(a.payload)}::jsonb, ${a.idempotencyKey ?? null})`.execute(
    tx,
  );
}

export async function historyOfTask(db: Executor, taskId: string, planId: string): Promise<TaskActionOut[]> {
  const { rows } = await sql<
    TableRow<'task_action'> & { agency_name: AgencyName | null }
  >`SELECT x.id, x.at, x.plan_id, x.task_id, x.occurrence_id, x.action, x.actor_id, x.actor_name, x.role, x.agency_id, x.payload, x.idempotency_key, a.short_name AS agency_name FROM task_action x LEFT JOIN agency a ON a.id = x.agency_id
    WHERE x.task_id = ${taskId} OR (x.plan_id = ${planId} AND x.task_id IS NULL AND x.action = 'plan.import') ORDER BY x.id`.execute(db);
  return rows.map((r) => ({
    id: String(r.id),
    at: iso(r.at)!,
    action: r.action,
    actorName: str(r.actor_name),
    agencyName: str(r.agency_name),
    payload: (r.payload as Record<string, unknown>) ?? {},
  }));
}

// ---- reminders --------------------------------------------------------------------------------

export async function recordReminder(tx: Executor, occurrenceId: string, agencyId: string, kind: string, on: string): Promise<boolean> {
  const r =
    await sql`INSERT INTO task_reminder (occurrence_id, agency_id, kind, sent_on) VALUES (${occurrenceId}, ${agencyId}, ${kind}, ${on}::date) ON CONFLICT DO NOTHING`.execute(
      tx,
    );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function leadersOf(db: Executor, agencyId: string): Promise<{ id: string; fullName: string }[]> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id' | 'full_name'>
  >`SELECT id, full_name FROM app_user WHERE agency_id = ${agencyId} AND active AND 'unit_leader' = ANY(roles) ORDER BY username`.execute(db);
  return rows.map((r) => ({ id: r.id, fullName: r.full_name }));
}

/** Active staff accounts holding a role (e.g. provincial_office, who receive the monthly digest). */
export async function usersWithRole(db: Executor, role: string): Promise<{ id: string; fullName: string }[]> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id' | 'full_name'>
  >`SELECT id, full_name FROM app_user WHERE kind = 'staff' AND active AND ${role} = ANY(roles) ORDER BY username`.execute(db);
  return rows.map((r) => ({ id: r.id, fullName: r.full_name }));
}

export async function saveDigest(tx: Executor, month: string, payload: unknown): Promise<boolean> {
  const r = await sql`INSERT INTO task_digest (month, payload) VALUES (${month}, ${JSON.stringify(payload)}::jsonb) ON CONFLICT (month) DO NOTHING`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

// ---- overview ---------------------------------------------------------------------------------

/** Every (occurrence, expected agency, status) pair is computed in the service; this gives the raw material. */
export async function occurrencesForOverview(
  db: Executor,
  planId: string | null,
  until: string,
): Promise<Pick<OccurrenceRow, 'id' | 'task_id' | 'due_on' | 'period_key'>[]> {
  const cond = planId ? sql`AND t.plan_id = ${planId}` : sql``;
  const { rows } = await sql<
    Pick<OccurrenceRow, 'id' | 'task_id' | 'due_on' | 'period_key'>
  >`SELECT o.id, o.task_id, o.due_on, o.period_key FROM task_occurrence o JOIN task t ON t.id = o.task_id WHERE o.period_start <= ${until}::date ${cond}`.execute(
    db,
  );
  return rows;
}

export async function allProgress(
  db: Executor,
  planId: string | null,
): Promise<Pick<ProgressRow, 'occurrence_id' | 'agency_id' | 'status' | 'review_state'>[]> {
  const cond = planId ? sql`AND t.plan_id = ${planId}` : sql``;
  const { rows } = await sql<
    Pick<ProgressRow, 'occurrence_id' | 'agency_id' | 'status' | 'review_state'>
  >`SELECT p.occurrence_id, p.agency_id, p.status, p.review_state FROM task_progress p JOIN task t ON t.id = p.task_id WHERE p.role = 'lead' ${cond}`.execute(
    db,
  );
  return rows;
}

export async function leadAssignments(db: Executor, planId: string | null): Promise<Pick<TableRow<'task_agency'>, 'task_id' | 'agency_id' | 'group_key'>[]> {
  const cond = planId ? sql`AND t.plan_id = ${planId}` : sql``;
  const { rows } = await sql<
    Pick<TableRow<'task_agency'>, 'task_id' | 'agency_id' | 'group_key'>
  >`SELECT ta.task_id, ta.agency_id, ta.group_key FROM task_agency ta JOIN task t ON t.id = ta.task_id WHERE ta.role = 'lead' ${cond}`.execute(db);
  return rows;
}

// ---- coordination -----------------------------------------------------------------------------

export async function insertCoordination(
  tx: Executor,
  c: { taskId: string | null; leadAgencyId: string; subject: string; content: string; dueOn: string; fileId: string | null; createdBy: string | null },
  recipients: string[],
): Promise<string> {
  const { rows } = await sql<
    Pick<TableRow<'coordination_request'>, 'id'>
  >`INSERT INTO coordination_request (task_id, lead_agency_id, subject, content, due_on, file_id, created_by)
    VALUES (${c.taskId}, ${c.leadAgencyId}, ${c.subject}, ${c.content}, ${c.dueOn}::date, ${c.fileId}, ${c.createdBy}) RETURNING id`.execute(tx);
  for (const a of recipients) await sql`INSERT INTO coordination_recipient (request_id, agency_id) VALUES (${rows[0].id}, ${a})`.execute(tx);
  return rows[0].id;
}

/** A coordination_recipient row with the agency's short name. */
type RecipientRow = TableRow<'coordination_recipient'> & { agency_name: AgencyName };

const toRecipient = (r: RecipientRow): RecipientOut => ({
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  answer: (r.answer as 'agree' | 'comments' | null) ?? null,
  comment: str(r.comment),
  fileId: str(r.file_id),
  answeredAt: iso(r.answered_at),
  answeredOn: str(r.answered_on),
});

export async function getCoordination(db: Executor, id: string): Promise<Omit<CoordinationOut, 'summary'> | null> {
  const { rows } = await sql<
    TableRow<'coordination_request'> & {
      lead_agency_name: AgencyName;
      task_number: TableRow<'task'>['number'] | null;
      task_content: TableRow<'task'>['content'] | null;
    }
  >`SELECT c.id, c.task_id, c.lead_agency_id, c.subject, c.content, c.due_on, c.file_id, c.created_by, c.created_at, c.submitted_at, c.submission_text, c.version, a.short_name AS lead_agency_name, t.number AS task_number, t.content AS task_content FROM coordination_request c
    JOIN agency a ON a.id = c.lead_agency_id LEFT JOIN task t ON t.id = c.task_id WHERE c.id = ${id}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  const rec =
    await sql<RecipientRow>`SELECT cr.request_id, cr.agency_id, cr.answer, cr.comment, cr.file_id, cr.answered_by, cr.answered_at, cr.answered_on, a.short_name AS agency_name FROM coordination_recipient cr JOIN agency a ON a.id = cr.agency_id WHERE cr.request_id = ${id} ORDER BY a.short_name`.execute(
      db,
    );
  return {
    id: r.id,
    taskId: str(r.task_id),
    taskLabel: r.task_id ? `${r.task_number ?? ''}. ${String(r.task_content).slice(0, 120)}` : null,
    leadAgencyId: r.lead_agency_id,
    leadAgencyName: r.lead_agency_name,
    subject: r.subject,
    content: r.content,
    dueOn: r.due_on,
    fileId: str(r.file_id),
    createdAt: iso(r.created_at)!,
    submittedAt: iso(r.submitted_at),
    submissionText: str(r.submission_text),
    recipients: rec.rows.map(toRecipient),
    version: r.version,
  };
}

export async function listCoordinations(
  db: Executor,
  q: { agencyIds: string[] | null; limit: number; offset: number },
): Promise<{ ids: string[]; total: number }> {
  const where = q.agencyIds
    ? sql`(c.lead_agency_id = ANY(${q.agencyIds}::uuid[]) OR EXISTS (SELECT 1 FROM coordination_recipient r WHERE r.request_id = c.id AND r.agency_id = ANY(${q.agencyIds}::uuid[])))`
    : sql`true`;
  const { rows } = await sql<
    Pick<TableRow<'coordination_request'>, 'id'> & WithTotal
  >`SELECT c.id, count(*) OVER () AS total_count FROM coordination_request c WHERE ${where} ORDER BY c.created_at DESC, c.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(
    db,
  );
  return { ids: rows.map((r) => r.id), total: rows.length ? Number(rows[0].total_count) : 0 };
}

export async function answerCoordination(
  tx: Executor,
  requestId: string,
  agencyId: string,
  a: { answer: string; comment: string | null; fileId: string | null; by: string | null; on: string },
): Promise<boolean> {
  const r =
    await sql`UPDATE coordination_recipient SET answer = ${a.answer}, comment = ${a.comment}, file_id = ${a.fileId}, answered_by = ${a.by}, answered_at = now(), answered_on = ${a.on}::date
    WHERE request_id = ${requestId} AND agency_id = ${agencyId} AND answered_at IS NULL`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function submitCoordination(tx: Executor, id: string, text: string, version: number): Promise<boolean> {
  const r =
    await sql`UPDATE coordination_request SET submitted_at = now(), submission_text = ${text}, version = version + 1 WHERE id = ${id} AND version = ${version} AND submitted_at IS NULL`.execute(
      tx,
    );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function bumpCoordination(tx: Executor, id: string): Promise<void> {
  await sql`UPDATE coordination_request SET version = version + 1 WHERE id = ${id}`.execute(tx);
}

// ---- tasks owned by another module's plan (reform plans), through tasks.public.ts -------------

export async function nextOrdinal(tx: Executor, planId: string): Promise<number> {
  const { rows } = await sql<{ n: TableRow<'task'>['ordinal'] }>`SELECT coalesce(max(ordinal), 0)::int + 1 AS n FROM task WHERE plan_id = ${planId}`.execute(
    tx,
  );
  return rows[0].n;
}

export async function updateModuleTaskRow(
  tx: Executor,
  id: string,
  p: { section: string | null; content: string; output: string | null; leadText: string },
): Promise<void> {
  await sql`UPDATE task SET section = ${p.section}, content = ${p.content}, output = ${p.output}, lead_text = ${p.leadText}, updated_at = now(), version = version + 1 WHERE id = ${id}`.execute(
    tx,
  );
}

/** Deletes a task nobody has reported on or coordinated about (false, and nothing deleted, otherwise). */
export async function deleteTaskIfUnreported(tx: Executor, id: string): Promise<boolean> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT (SELECT count(*) FROM task_progress WHERE task_id = ${id})::int + (SELECT count(*) FROM coordination_request WHERE task_id = ${id})::int AS n`.execute(
    tx,
  );
  if (Number(rows[0].n) > 0) return false;
  await sql`DELETE FROM task_reminder WHERE occurrence_id IN (SELECT id FROM task_occurrence WHERE task_id = ${id})`.execute(tx);
  await sql`DELETE FROM task_occurrence WHERE task_id = ${id}`.execute(tx);
  await sql`DELETE FROM task_agency WHERE task_id = ${id}`.execute(tx);
  await sql`DELETE FROM task WHERE id = ${id}`.execute(tx);
  return true;
}

export async function taskStatuses(db: Executor, ids: string[]): Promise<Map<string, { status: TaskStatus; percent: number }>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<Pick<TableRow<'task'>, 'id' | 'status' | 'percent'>>`SELECT id, status, percent FROM task WHERE id = ANY(${ids}::uuid[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.id, { status: r.status as TaskStatus, percent: r.percent }]));
}

/**
 * Tasks for the direction centre (issue 21), one row per lead agency: `overdue` — a period not
 * done whose deadline has passed (dates, not the stored status, so a status refreshed late does
 * not hide it); `due_soon` — a period not done due in [today, until]. Dates are Vietnam dates.
 */
export async function directionTaskItems(
  db: Executor,
  q: { kind: 'overdue' | 'due_soon'; today: string; until: string; agencyIds: string[] | null; limit: number },
): Promise<{ id: string; content: string; planTitle: string; status: string; percent: number; dueOn: string; agencyId: string | null; agencyName: string }[]> {
  const open = sql`o.status NOT IN ('done', 'done_late', 'cannot_do')`;
  const when = q.kind === 'overdue' ? sql`o.due_on < ${q.today}::date` : sql`o.due_on BETWEEN ${q.today}::date AND ${q.until}::date`;
  const scope = q.agencyIds === null ? sql`true` : sql`ta.agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<
    Pick<TableRow<'task'>, 'id' | 'content' | 'status' | 'percent'> &
      Pick<TableRow<'task_agency'>, 'agency_id'> & { plan_title: TableRow<'task_plan'>['title']; agency_name: string; due_on: string }
  >`
    SELECT t.id, t.content, p.title AS plan_title, t.status, t.percent, ta.agency_id, coalesce(a.name, ta.written) AS agency_name, min(o.due_on)::text AS due_on
    FROM task t
    JOIN task_plan p ON p.id = t.plan_id
    JOIN task_occurrence o ON o.task_id = t.id AND ${open} AND ${when}
    JOIN task_agency ta ON ta.task_id = t.id AND ta.role = 'lead'
    LEFT JOIN agency a ON a.id = ta.agency_id
    WHERE ${scope}
    GROUP BY t.id, p.title, ta.agency_id, a.name, ta.written
    ORDER BY min(o.due_on), t.id
    LIMIT ${q.limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    content: r.content,
    planTitle: r.plan_title,
    status: r.status,
    percent: r.percent,
    dueOn: r.due_on,
    agencyId: str(r.agency_id),
    agencyName: r.agency_name,
  }));
}
