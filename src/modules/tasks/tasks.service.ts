import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Database, Executor } from '../../platform/db/database.js';
import { isProvinceWide, type Actor, type RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { readZip } from '../../platform/archive.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { nfc } from '../../platform/text.js';
import { createProgressJobs, type Report } from '../../platform/progress-jobs.js';
import { agencySubtree, listAgencies, resolveAgencyByName, type Agency } from '../org/org.public.js';
import { localIsoDate } from '../calendar/calendar.public.js';
import { createCalendarService } from '../calendar/calendar.service.js';
import * as repo from './tasks.repo.js';
import {
  GROUP_NAMES_VI,
  bestFuzzyMatch,
  findHeader,
  planInfoFromText,
  readDocx,
  rowsFromCsv,
  rowsFromText,
  rowsFromXlsx,
  rowsToAppendix,
  splitAgencies,
  type AgencyGroup,
  type AgencyPhrase,
  type Appendix,
} from './tasks.import.js';
import {
  addDays,
  aggregateStatus,
  coordinationSummary,
  dayNumber,
  effectiveStatus,
  isValidIsoDate,
  moveToWorkingDay,
  occurrencesFor,
  parseDeadline,
  reminderFor,
  type DayOffRule,
  type ParsedDeadline,
  type TaskStatus,
} from './tasks.rules.js';
import type {
  AgencyMapping,
  AnswerIn,
  AssignIn,
  CoordinationIn,
  CoordinationOut,
  ImportPreview,
  ImportJob,
  ImportResult,
  Overview,
  OverviewRow,
  PlanOut,
  PlanUpdate,
  ProgressIn,
  ProgressOut,
  ReviewIn,
  TaskDetail,
  TaskOut,
  TaskUpdate,
} from './tasks.schemas.js';

/** Roles of the office that assigns and follows up (Văn phòng UBND tỉnh). */
/** The progress_job kind of a plan import. */
export const PLAN_IMPORT_JOB = 'tasks.plan.import';

export const ASSIGNING_ROLES = ['provincial_office', 'admin'] as const;
const GROUP_KINDS: Record<Exclude<AgencyGroup, 'related'>, string> = { departments: 'department', communes: 'commune_people_committee' };

export const todayVn = (now = new Date()): string => localIsoDate(now);

export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface ImportFields {
  title?: string;
  number?: string;
  issuedOn?: string;
  signer?: string;
  kind?: string;
  summary?: string;
  reportDay?: number;
}

type Directory = Agency[];

async function loadDirectory(db: Executor): Promise<Directory> {
  const items: Agency[] = [];
  for (;;) {
    const page = await listAgencies(db, { limit: 500, offset: items.length });
    items.push(...page.items);
    if (page.items.length < 500 || items.length >= page.total) return items;
  }
}

/** Every current agency a group stands for. */
function groupMembers(dir: Directory, group: AgencyGroup): Agency[] {
  if (group === 'related') return [];
  return dir.filter((a) => a.validTo === null && a.kind === GROUP_KINDS[group]);
}

function groupsOf(agencies: readonly Agency[]): AgencyGroup[] {
  const out = new Set<AgencyGroup>();
  for (const a of agencies) {
    if (a.validTo !== null) continue;
    if (a.kind === 'department') out.add('departments');
    if (a.kind === 'commune_people_committee') out.add('communes');
  }
  return [...out];
}

/** The agencies that must report on a task as lead (or support): direct ones plus group members. */
function expand(assignments: TaskOut['lead'], dir: Directory): Agency[] {
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
async function refreshTask(tx: Executor, taskId: string, dir: Directory, today: string): Promise<void> {
  const row = await repo.getTaskRow(tx, taskId);
  if (!row) return;
  const ag = (await repo.agenciesOfTasks(tx, [taskId])).get(taskId)!;
  const leads = expand(ag.lead, dir);
  const occs = await repo.occurrencesOf(tx, taskId);
  let last: { status: TaskStatus; percent: number } | null = null;
  let anyOverdue = false;
  for (const o of occs) {
    const reports = await repo.countingReports(tx, o.id);
    const byAgency = new Map(reports.filter((r) => r.role === 'lead').map((r) => [r.agencyId, r]));
    const statuses = leads.map((a) => byAgency.get(a.id)?.status ?? null);
    const status = aggregateStatus(statuses, o.dueOn, today);
    await repo.setOccurrenceStatus(tx, o.id, status);
    if (status === 'overdue') anyOverdue = true;
    const percent = leads.length ? Math.round(leads.reduce((s, a) => s + (byAgency.get(a.id)?.percent ?? 0), 0) / leads.length) : 0;
    if (o.periodStart <= today || !last) last = { status, percent };
  }
  if (!last) return;
  await repo.setTaskStatus(tx, taskId, anyOverdue && last.status !== 'done' && last.status !== 'done_late' ? 'overdue' : last.status, last.percent);
}

/**
 * Refreshes the statuses of these tasks as of today inside the caller's transaction: for a task
 * another module has just created or changed (a reform plan item), so that one already past its
 * deadline is overdue at once rather than after the next statuses job.
 */
export async function refreshTaskStatuses(tx: Executor, taskIds: readonly string[], today = todayVn()): Promise<void> {
  if (!taskIds.length) return;
  const dir = await loadDirectory(tx);
  for (const id of taskIds) await refreshTask(tx, id, dir, today);
}


async function sniffFormat(file: UploadedFile): Promise<'xlsx' | 'docx' | 'csv' | 'text'> {
  const ext = path.extname(file.name).toLowerCase();
  if (file.data.subarray(0, 2).toString('latin1') === 'PK') {
    try {
      // Reading the archive checks its limits (platform/archive.ts): a zip bomb is refused here.
      const { names } = await readZip(file.data);
      if (names.some((n) => n.startsWith('word/'))) return 'docx';
      if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    } catch (e) {
      if (e instanceof AppError) throw e;
      /* not a zip after all */
    }
    throw badRequest('unsupported_file', 'Tệp nén không phải DOCX hoặc XLSX. Hãy gửi DOCX, XLSX, CSV, TSV hoặc văn bản.');
  }
  if (ext === '.doc' || ext === '.xls' || ext === '.pdf') {
    throw badRequest('unsupported_file', `Định dạng ${ext} chưa được hỗ trợ. Hãy lưu lại thành DOCX, XLSX, CSV hoặc dán văn bản.`);
  }
  return ext === '.csv' ? 'csv' : 'text';
}

const ACTIONS_VI: Record<string, string> = {};
void ACTIONS_VI;

export function createTasksService(database: Database) {
  const db = database.db;
  const calendar = createCalendarService(database);
  const jobs = createProgressJobs(database);

  const actorFields = (ctx: RequestContext) => ({
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.fullName ?? 'Hệ thống',
    role: ctx.actor?.roles.join(',') ?? null,
    agencyId: ctx.actor?.agencyId ?? null,
  });

  /** The agencies an actor acts for when reporting or answering: its own agency and those under it. */
  async function ownAgencies(actor: Actor): Promise<string[]> {
    return actor.agencyId ? agencySubtree(db, actor.agencyId) : [];
  }

  // ---- agency matching ----------------------------------------------------------------------

  async function resolvePhrase(tx: Executor, p: AgencyPhrase, dir: Directory, provinceName: string): Promise<repo.AgencyRowInsert & { matched: boolean }> {
    const base = { written: p.written, note: p.note };
    if (p.group) return { ...base, role: 'lead', agencyId: null, group: p.group, matched: true };
    const name = p.name ?? p.written;
    let found = await resolveAgencyByName(tx, name);
    if (!found.matched.length) {
      const fuzzy = bestFuzzyMatch(name, dir, provinceName ? `tỉnh ${provinceName}` : '');
      if (fuzzy) found = await resolveAgencyByName(tx, fuzzy.agency.name);
    }
    if (!found.current.length) return { ...base, role: 'lead', agencyId: null, group: null, matched: false };
    const [main, ...others] = found.current;
    const original = found.matched[0];
    let note = p.note;
    if (original && original.validTo !== null && original.id !== main.id) {
      const now = `nay: ${main.shortName}${others.length ? `; một phần nhiệm vụ: ${others.map((o) => o.shortName).join(', ')}` : ''}`;
      note = note ? `${note}; ${now}` : now;
    }
    return { written: p.written, note, role: 'lead', agencyId: main.id, group: null, matched: true };
  }

  // ---- occurrences and status ---------------------------------------------------------------

  async function isWorkingDayFn(): Promise<(iso: string) => boolean> {
    const cal = await calendar.calendarFor(null);
    return (iso: string) => cal.isWorkingDay(dayNumber(iso));
  }

  /** `working` comes from the calendar, read before the transaction opens (PGlite has one session). */
  async function ensureOccurrences(tx: Executor, working: (iso: string) => boolean, taskId: string, d: Pick<ParsedDeadline, 'kind' | 'dueOn' | 'recurrence' | 'startOn'>, plan: { startOn: string; reportDay: number; dayOffRule: DayOffRule }, today: string): Promise<number> {
    let n = 0;
    for (const p of occurrencesFor(d, plan.startOn, today, plan.reportDay)) {
      // A fixed reporting day on a day off moves (previous working day by default); a one-off deadline stays as written.
      const dueOn = p.key === 'once' ? p.nominalDue : moveToWorkingDay(p.nominalDue, working, plan.dayOffRule);
      if (await repo.insertOccurrence(tx, { taskId, key: p.key, start: p.start, end: p.end, dueOn })) n++;
    }
    return n;
  }

  // ---- permissions --------------------------------------------------------------------------

  async function involvement(actor: Actor, task: TaskOut, dir: Directory): Promise<{ lead: Agency[]; support: Agency[] }> {
    const own = new Set(await ownAgencies(actor));
    return { lead: expand(task.lead, dir).filter((a) => own.has(a.id)), support: expand(task.support, dir).filter((a) => own.has(a.id)) };
  }

  async function loadTask(id: string, exec: Executor = db): Promise<TaskOut> {
    const row = await repo.getTaskRow(exec, id);
    if (!row) throw notFound('nhiệm vụ');
    return repo.toTask(row, (await repo.agenciesOfTasks(exec, [id])).get(id)!);
  }

  async function checkCanSee(actor: Actor, task: TaskOut, dir: Directory): Promise<void> {
    if (isProvinceWide(actor)) return;
    const inv = await involvement(actor, task, dir);
    if (!inv.lead.length && !inv.support.length) throw forbidden('Nhiệm vụ này không giao cho cơ quan của bạn.');
  }

  const isAssigner = (actor: Actor | null) => !!actor && actor.roles.some((r) => (ASSIGNING_ROLES as readonly string[]).includes(r));

  // ---- import -------------------------------------------------------------------------------

  async function readAppendix(file: UploadedFile): Promise<{ appendix: Appendix; text: string; format: string }> {
    const format = await sniffFormat(file);
    let rows: string[][] = [];
    let text = '';
    try {
      if (format === 'xlsx') rows = await rowsFromXlsx(file.data);
      else if (format === 'docx') {
        const d = await readDocx(file.data);
        text = d.text;
        rows = d.tables.find((t) => findHeader(t) !== null) ?? [];
        // A table split by page breaks in Word is often several tables: take all that follow the first.
        const i = d.tables.indexOf(rows);
        if (i >= 0) rows = d.tables.slice(i).flat();
      } else {
        text = file.data.toString('utf8').replace(/^\uFEFF/, '');
        rows = rowsFromText(text);
        if (!findHeader(rows)) rows = rowsFromCsv(text);
      }
    } catch (e) {
      if (e instanceof Error && 'status' in e) throw e;
      throw badRequest('unreadable_file', `Không đọc được tệp ${file.name}: ${(e as Error).message}.`);
    }
    if (!findHeader(rows)) throw badRequest('appendix_not_found', 'Không tìm thấy bảng phụ lục: cần một dòng tiêu đề có các cột "Nhiệm vụ" và "Cơ quan chủ trì".');
    const appendix = rowsToAppendix(rows);
    if (!appendix.tasks.length) throw badRequest('no_tasks', 'Bảng phụ lục không có nhiệm vụ nào được đánh số thứ tự.');
    return { appendix, text, format };
  }

  /** The checks made before an import is accepted (synchronously, also for the job variant). */
  function checkImportInput(file: UploadedFile, fields: ImportFields): void {
    if (!file.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
    if (fields.issuedOn !== undefined && !isValidIsoDate(fields.issuedOn)) throw badRequest('invalid_date', 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật.');
  }

  /**
   * Imports a plan: reads the appendix, matches every task's agencies and deadline (phase
   * `matching`, nothing written yet), then writes the plan and its tasks in ONE transaction (phase
   * `writing`): all or nothing. `report` receives the progress, task by task (the job variant).
   */
  async function importPlan(ctx: RequestContext, file: UploadedFile, fields: ImportFields, idemKey?: string, report: Report = async () => undefined): Promise<ImportResult> {
    checkImportInput(file, fields);
    await report({ phase: 'reading', processed: 0, total: 0 });
    const { appendix, text, format } = await readAppendix(file);
    const info = planInfoFromText(text);
    const today = todayVn();
    const hash = createHash('sha256').update(file.data).digest('hex');
    const dir = await loadDirectory(db);
    const working = await isWorkingDayFn();
    const provinceName = (dir.find((a) => a.kind === 'provincial_people_committee' && a.validTo === null)?.name ?? '').replace(/^Ủy ban nhân dân tỉnh\s*/u, '');
    const issuedOn = fields.issuedOn ?? info.issuedOn;
    const startOn = issuedOn ?? today;
    const total = appendix.tasks.length;
    // Matching reads only: done before the transaction opens, with progress.
    const unmatched = new Set<string>();
    const deadlinesToReview: { number: string | null; text: string }[] = [];
    const resolved = new Map<string, repo.AgencyRowInsert & { matched: boolean }>();
    const prepared: { t: Appendix['tasks'][number]; deadline: ParsedDeadline; rows: repo.AgencyRowInsert[] }[] = [];
    for (const [i, t] of appendix.tasks.entries()) {
      await report({ phase: 'matching', processed: i, total });
      const deadline = parseDeadline(t.deadline, startOn);
      if (deadline.needsReview) deadlinesToReview.push({ number: t.number, text: deadline.text });
      const rows: repo.AgencyRowInsert[] = [];
      for (const [role, cell] of [['lead', t.lead], ['support', t.support]] as const) {
        for (const p of splitAgencies(cell)) {
          const key = `${p.written}|${p.name}|${p.group}`;
          let r = resolved.get(key);
          if (!r) {
            r = await resolvePhrase(db, p, dir, provinceName);
            resolved.set(key, r);
          }
          if (!r.matched) unmatched.add(p.written);
          const { matched: _m, ...row } = r;
          void _m;
          rows.push({ ...row, role });
        }
      }
      prepared.push({ t, deadline, rows });
    }
    await report({ phase: 'writing', processed: 0, total });
    return (await withIdempotency(database, { operation: 'tasks.plan.import', principal: ctx.actor?.id, key: idemKey, request: { hash, fields } }, async (tx) => {
      const fileId = await repo.insertFile(tx, { name: file.name, contentType: file.contentType, data: file.data, createdBy: ctx.actor?.id ?? null, agencyId: ctx.actor?.agencyId ?? null });
      const plan = { startOn, reportDay: fields.reportDay ?? info.reportDay ?? 18, dayOffRule: 'previous' as DayOffRule };
      const ubnd = dir.find((a) => a.kind === 'provincial_people_committee' && a.validTo === null);
      const office = dir.find((a) => a.kind === 'provincial_office' && a.validTo === null);
      const planId = await repo.insertPlan(tx, {
        kind: fields.kind ?? 'plan',
        number: fields.number ? nfc(fields.number.trim()) : info.number,
        issuedOn,
        issuingAgencyId: ubnd?.id ?? null,
        assigningAgencyId: office?.id ?? ctx.actor?.agencyId ?? null,
        signer: fields.signer ? nfc(fields.signer.trim()) : info.signer,
        title: nfc((fields.title ?? info.title ?? path.basename(file.name, path.extname(file.name))).trim()).slice(0, 1000),
        summary: fields.summary ? nfc(fields.summary) : null,
        sourceFileId: fileId,
        sourceFormat: format,
        startOn,
        reportDay: plan.reportDay,
        dayOffRule: plan.dayOffRule,
        createdBy: ctx.actor?.id ?? null,
      });
      let ordinal = 0;
      for (const { t, deadline, rows } of prepared) {
        await report({ phase: 'writing', processed: ordinal, total });
        const taskId = await repo.insertTask(tx, { planId, ordinal: ++ordinal, number: t.number, section: t.section, content: t.content, output: t.output || null, leadText: t.lead, supportText: t.support, deadline });
        await repo.replaceTaskAgencies(tx, taskId, rows);
        await ensureOccurrences(tx, working, taskId, deadline, plan, today);
        await refreshTask(tx, taskId, dir, today);
      }
      await report({ phase: 'writing', processed: total, total });
      const result: Omit<ImportResult, 'plan'> = { taskCount: appendix.tasks.length, sections: appendix.sections, unmatched: [...unmatched], deadlinesToReview, warnings: appendix.warnings };
      await repo.logAction(tx, { planId, action: 'plan.import', ...actorFields(ctx), payload: { file: file.name, format, ...result } });
      await recordAudit(tx, ctx, { action: 'task_plan.import', entity: 'task_plan', entityId: planId, summary: { file: file.name, format, tasks: result.taskCount, unmatched: result.unmatched } });
      await enqueue(tx, { topic: 'tasks.plan.imported', aggregateKey: `task_plan:${planId}`, payload: { planId, tasks: result.taskCount } });
      return { status: 201, body: { plan: (await repo.getPlan(tx, planId))!, ...result } };
    })).body;
  }

  /**
   * The job variant of importPlan (the screen shows its progress): the input is checked at once
   * (a bad request changes nothing and records no job), then the import runs as a progress job of
   * kind PLAN_IMPORT_JOB; `done` resolves when it has finished (recorded done or failed).
   */
  async function startImportJob(ctx: RequestContext, file: UploadedFile, fields: ImportFields, idemKey?: string): Promise<{ job: ImportJob; done: Promise<void> }> {
    checkImportInput(file, fields);
    const { id, done } = await jobs.start(PLAN_IMPORT_JOB, ctx.actor?.username ?? null, (report) => importPlan(ctx, file, fields, idemKey, report));
    return { job: await importJob(id), done };
  }

  async function importJob(id: string): Promise<ImportJob> {
    const j = await jobs.get(PLAN_IMPORT_JOB, id, 'lần nhập kế hoạch');
    return { id: j.id, status: j.status, phase: j.phase, processed: j.processed, total: j.total, result: (j.result as ImportResult | null) ?? null, errors: j.errors ?? [], createdBy: j.createdBy, createdAt: j.createdAt, finishedAt: j.finishedAt };
  }

  /**
   * The same reading as importPlan, with nothing written: the plan's details as they would be
   * recorded, every task with its agencies and deadline, and what needs review. The officer looks
   * at it and then confirms, which sends the same file to importPlan.
   */
  async function previewImport(file: UploadedFile, fields: ImportFields): Promise<ImportPreview> {
    if (!file.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
    if (fields.issuedOn !== undefined && !isValidIsoDate(fields.issuedOn)) throw badRequest('invalid_date', 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật.');
    const { appendix, text, format } = await readAppendix(file);
    const info = planInfoFromText(text);
    const dir = await loadDirectory(db);
    const provinceName = (dir.find((a) => a.kind === 'provincial_people_committee' && a.validTo === null)?.name ?? '').replace(/^Ủy ban nhân dân tỉnh\s*/u, '');
    const issuedOn = fields.issuedOn ?? info.issuedOn;
    const startOn = issuedOn ?? todayVn();
    const resolved = new Map<string, boolean>();
    const unmatched = new Set<string>();
    const deadlinesToReview: { number: string | null; text: string }[] = [];
    const tasks: ImportPreview['tasks'] = [];
    for (const t of appendix.tasks) {
      const deadline = parseDeadline(t.deadline, startOn);
      if (deadline.needsReview) deadlinesToReview.push({ number: t.number, text: deadline.text });
      const own: string[] = [];
      for (const cell of [t.lead, t.support]) {
        for (const p of splitAgencies(cell)) {
          const key = `${p.written}|${p.name}|${p.group}`;
          let matched = resolved.get(key);
          if (matched === undefined) {
            matched = (await resolvePhrase(db, p, dir, provinceName)).matched;
            resolved.set(key, matched);
          }
          if (!matched) {
            unmatched.add(p.written);
            if (!own.includes(p.written)) own.push(p.written);
          }
        }
      }
      tasks.push({ number: t.number, section: t.section, content: t.content, lead: t.lead, support: t.support, deadline: deadline.text, dueOn: deadline.dueOn, needsReview: deadline.needsReview, unmatched: own });
    }
    return {
      plan: {
        kind: fields.kind ?? 'plan',
        number: fields.number ? nfc(fields.number.trim()) : info.number,
        issuedOn,
        signer: fields.signer ? nfc(fields.signer.trim()) : info.signer,
        title: nfc((fields.title ?? info.title ?? path.basename(file.name, path.extname(file.name))).trim()).slice(0, 1000),
        reportDay: fields.reportDay ?? info.reportDay ?? 18,
      },
      format,
      taskCount: appendix.tasks.length,
      sections: appendix.sections,
      tasks,
      unmatched: [...unmatched],
      deadlinesToReview,
      warnings: appendix.warnings,
    };
  }

  // ---- lists and detail ---------------------------------------------------------------------

  async function listTasks(actor: Actor, q: { plan?: string; agency?: string; status?: string; view?: string; q?: string; needsReview?: boolean; limit: number; offset: number }): Promise<{ items: TaskOut[]; total: number }> {
    const dir = await loadDirectory(db);
    let agencies: { ids: string[]; groups: AgencyGroup[] } | null = null;
    const own = await ownAgencies(actor);
    if (q.agency) {
      const ag = dir.find((a) => a.id === q.agency);
      if (!ag) throw notFound('cơ quan');
      if (!isProvinceWide(actor) && !own.includes(ag.id)) throw forbidden('Bạn chỉ xem được nhiệm vụ của cơ quan mình.');
      agencies = { ids: [ag.id], groups: groupsOf([ag]) };
    } else if (!isProvinceWide(actor) || q.view) {
      const mine = dir.filter((a) => own.includes(a.id));
      agencies = { ids: own, groups: groupsOf(mine) };
    }
    const today = todayVn();
    const view = q.view;
    const res = await repo.listTasks(db, {
      planId: q.plan,
      status: view === 'overdue' ? 'overdue' : q.status,
      q: q.q,
      agencies,
      role: view === 'lead' ? 'lead' : view === 'support' ? 'support' : null,
      dueBefore: view === 'due_soon' ? addDays(today, 14) : undefined,
      needsReview: q.needsReview,
      limit: q.limit,
      offset: q.offset,
    }, today);
    const ag = await repo.agenciesOfTasks(db, res.items.map((r) => r.id as string));
    return { items: res.items.map((r) => repo.toTask(r, ag.get(r.id as string)!)), total: res.total };
  }

  async function taskDetail(actor: Actor, id: string): Promise<TaskDetail> {
    const dir = await loadDirectory(db);
    const task = await loadTask(id);
    await checkCanSee(actor, task, dir);
    const inv = await involvement(actor, task, dir);
    const report = [...inv.lead.map((a) => ({ agencyId: a.id, agencyName: a.shortName, role: 'lead' })), ...inv.support.filter((s) => !inv.lead.some((l) => l.id === s.id)).map((a) => ({ agencyId: a.id, agencyName: a.shortName, role: 'support' }))];
    return {
      task,
      occurrences: await repo.occurrencesOf(db, id),
      progress: await repo.progressOfTask(db, id),
      history: await repo.historyOfTask(db, id, task.planId),
      can: { report, review: isAssigner(actor), edit: isAssigner(actor) },
    };
  }

  // ---- assignment and structuring -----------------------------------------------------------

  async function assign(ctx: RequestContext, id: string, input: AssignIn): Promise<TaskOut> {
    const dir = await loadDirectory(db);
    const today = todayVn();
    return database.transaction(async (tx) => {
      const before = await loadTask(id, tx);
      const rows: repo.AgencyRowInsert[] = [];
      for (const [role, list] of [['lead', input.lead], ['support', input.support]] as const) {
        for (const a of list) {
          if (!!a.agencyId === !!a.group) throw badRequest('assignment_invalid', 'Mỗi cơ quan được giao phải có đúng một trong hai: agencyId hoặc group.');
          let written = a.written;
          if (a.agencyId) {
            const ag = dir.find((d) => d.id === a.agencyId);
            if (!ag) throw unprocessable('agency_not_found', 'Cơ quan được giao không tồn tại.');
            if (ag.validTo !== null) throw unprocessable('agency_not_current', `${ag.shortName} đã kết thúc hoạt động; hãy giao cho cơ quan kế thừa.`);
            written = written ?? ag.shortName;
          } else written = written ?? GROUP_NAMES_VI[a.group as AgencyGroup];
          rows.push({ role, written: nfc(written), agencyId: a.agencyId ?? null, group: (a.group as AgencyGroup) ?? null, note: a.note ?? null });
        }
      }
      if (!(await repo.bumpTask(tx, id, input.version))) throw conflict('stale_version', 'Nhiệm vụ đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: before.version });
      await repo.replaceTaskAgencies(tx, id, rows);
      await refreshTask(tx, id, dir, today);
      const after = await loadTask(id, tx);
      const names = (l: TaskOut['lead']) => l.map((x) => x.agencyName ?? x.groupName ?? x.written);
      await repo.logAction(tx, { planId: after.planId, taskId: id, action: 'task.assign', ...actorFields(ctx), payload: { lead: names(after.lead), support: names(after.support), before: { lead: names(before.lead), support: names(before.support) } } });
      await recordAudit(tx, ctx, { action: 'task.assign', entity: 'task', entityId: id, summary: { lead: names(after.lead), support: names(after.support) } });
      await enqueue(tx, { topic: 'tasks.task.assigned', aggregateKey: `task:${id}`, payload: { taskId: id, lead: after.lead.map((x) => x.agencyId ?? x.group), support: after.support.map((x) => x.agencyId ?? x.group) } });
      return after;
    });
  }

  async function mapAgency(ctx: RequestContext, planId: string, m: AgencyMapping): Promise<{ tasks: number }> {
    if (!!m.agencyId === !!m.group) throw badRequest('mapping_invalid', 'Cần đúng một trong hai: agencyId hoặc group.');
    const dir = await loadDirectory(db);
    if (m.agencyId) {
      const ag = dir.find((d) => d.id === m.agencyId);
      if (!ag) throw unprocessable('agency_not_found', 'Cơ quan không tồn tại.');
      if (ag.validTo !== null) throw unprocessable('agency_not_current', `${ag.shortName} đã kết thúc hoạt động; hãy chọn cơ quan kế thừa.`);
    }
    const today = todayVn();
    return database.transaction(async (tx) => {
      if (!(await repo.getPlan(tx, planId))) throw notFound('kế hoạch');
      const tasks = await repo.mapWritten(tx, planId, nfc(m.written), { agencyId: m.agencyId ?? null, group: (m.group as AgencyGroup) ?? null });
      if (!tasks.length) throw unprocessable('nothing_to_map', `Không còn nhiệm vụ nào của kế hoạch có tên cơ quan "${m.written}" chưa được ánh xạ.`);
      for (const t of tasks) {
        await repo.bumpTask(tx, t);
        await refreshTask(tx, t, dir, today);
        await repo.logAction(tx, { planId, taskId: t, action: 'task.agency_mapped', ...actorFields(ctx), payload: { written: m.written, agencyId: m.agencyId ?? null, group: m.group ?? null } });
      }
      await recordAudit(tx, ctx, { action: 'task_plan.map_agency', entity: 'task_plan', entityId: planId, summary: { written: m.written, agencyId: m.agencyId ?? null, group: m.group ?? null, tasks: tasks.length } });
      await enqueue(tx, { topic: 'tasks.task.assigned', aggregateKey: `task_plan:${planId}`, payload: { planId, tasks } });
      return { tasks: tasks.length };
    });
  }

  async function updateTask(ctx: RequestContext, id: string, u: TaskUpdate): Promise<TaskOut> {
    if (u.dueOn !== undefined && !isValidIsoDate(u.dueOn)) throw badRequest('invalid_date', 'Hạn phải là ngày có thật (YYYY-MM-DD).');
    const dir = await loadDirectory(db);
    const working = await isWorkingDayFn();
    const today = todayVn();
    return database.transaction(async (tx) => {
      const before = await loadTask(id, tx);
      const plan = (await repo.getPlan(tx, before.planId))!;
      if (!(await repo.updateTaskText(tx, id, { content: u.content !== undefined ? nfc(u.content) : undefined, output: u.output, section: u.section }, u.version))) {
        throw conflict('stale_version', 'Nhiệm vụ đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: before.version });
      }
      let deadline: ParsedDeadline | null = null;
      if (u.deadlineText !== undefined || u.dueOn !== undefined || u.recurrence !== undefined) {
        let d = parseDeadline(u.deadlineText ?? before.deadline.text, plan.startOn);
        // A person structures what the parser could not: the words stay, the date/recurrence are set.
        if (u.dueOn !== undefined) d = { ...d, kind: d.kind === 'unparsed' ? 'date' : d.kind, dueOn: u.dueOn, needsReview: false };
        if (u.recurrence !== undefined) {
          const rec = (u.recurrence ?? null) as ParsedDeadline['recurrence'];
          d = { ...d, recurrence: rec, kind: rec && d.kind === 'unparsed' ? 'recurring' : d.kind, needsReview: d.needsReview && !rec };
        }
        deadline = d;
        await repo.updateTaskDeadline(tx, id, d);
        await repo.deleteUnreportedOccurrences(tx, id);
        await ensureOccurrences(tx, working, id, d, { startOn: plan.startOn, reportDay: plan.reportDay, dayOffRule: plan.dayOffRule as DayOffRule }, today);
        await refreshTask(tx, id, dir, today);
      }
      const after = await loadTask(id, tx);
      await repo.logAction(tx, { planId: after.planId, taskId: id, action: 'task.update', ...actorFields(ctx), payload: { ...u, version: undefined, deadline: deadline ?? undefined } });
      await recordAudit(tx, ctx, { action: 'task.update', entity: 'task', entityId: id, summary: { ...u, version: undefined } });
      await enqueue(tx, { topic: 'tasks.task.updated', aggregateKey: `task:${id}`, payload: { taskId: id } });
      return after;
    });
  }

  // ---- progress -----------------------------------------------------------------------------

  async function report(ctx: RequestContext, id: string, input: ProgressIn, idemKey?: string): Promise<ProgressOut> {
    const actor = ctx.actor!;
    if (input.status === 'cannot_do' && !input.reason?.trim()) throw badRequest('reason_required', 'Cần nêu lý do khi báo cáo nhiệm vụ không thể thực hiện.');
    const dir = await loadDirectory(db);
    const task = await loadTask(id);
    const inv = await involvement(actor, task, dir);
    const candidates = [...inv.lead.map((a) => ({ a, role: 'lead' as const })), ...inv.support.map((a) => ({ a, role: 'support' as const }))];
    if (!candidates.length) throw forbidden('Cơ quan của bạn không được giao nhiệm vụ này.');
    const chosen = input.agencyId ? candidates.find((c) => c.a.id === input.agencyId) : candidates[0];
    if (!chosen) throw forbidden('Bạn không báo cáo thay được cho cơ quan này.');
    if (input.fileIds?.length && !(await repo.filesExist(db, input.fileIds))) throw unprocessable('file_not_found', 'Có tệp minh chứng không tồn tại.');
    const today = todayVn();
    const occs = await repo.occurrencesOf(db, id);
    if (!occs.length) throw unprocessable('no_period', 'Nhiệm vụ chưa có kỳ báo cáo (thời hạn chưa được xác định). Văn phòng cần chuẩn hóa thời hạn trước.');
    let occ = input.occurrenceId ? occs.find((o) => o.id === input.occurrenceId) : undefined;
    if (input.occurrenceId && !occ) throw notFound('kỳ báo cáo của nhiệm vụ');
    // Default: the earliest unfinished period, else the latest.
    occ = occ ?? occs.find((o) => !['done', 'done_late', 'cannot_do'].includes(o.status) && o.periodStart <= today) ?? occs[occs.length - 1];
    const status = effectiveStatus(input.status as TaskStatus, occ.dueOn, today);
    const percent = status === 'done' || status === 'done_late' ? 100 : input.percent;
    return (await withIdempotency(database, { operation: 'tasks.progress', principal: actor.id, key: idemKey, request: { id, input, agency: chosen.a.id } }, async (tx) => {
      const prior = await repo.findProgress(tx, occ!.id, chosen.a.id);
      if (prior && input.version === undefined) throw conflict('progress_exists', 'Cơ quan đã có báo cáo cho kỳ này: gửi kèm "version" để cập nhật.', { progressId: prior.id, currentVersion: prior.version });
      if (prior && prior.reviewState === 'accepted') throw conflict('progress_accepted', 'Báo cáo kỳ này đã được chấp nhận; không sửa được nữa.');
      const pid = await repo.upsertProgress(tx, { occurrenceId: occ!.id, taskId: id, agencyId: chosen.a.id, role: chosen.role, status, percent, narrative: nfc(input.narrative), reason: input.reason ? nfc(input.reason) : null, fileIds: input.fileIds ?? [], reportedBy: actor.id, reportedOn: today }, prior ? input.version! : null);
      if (!pid) throw conflict('stale_version', 'Báo cáo đã được cập nhật bởi người khác. Vui lòng tải lại.', { currentVersion: prior?.version });
      await refreshTask(tx, id, dir, today);
      await repo.logAction(tx, { planId: task.planId, taskId: id, occurrenceId: occ!.id, action: 'task.report', ...actorFields(ctx), agencyId: chosen.a.id, payload: { period: occ!.periodKey, role: chosen.role, status, percent, narrative: input.narrative.slice(0, 500), reason: input.reason ?? null, files: input.fileIds?.length ?? 0 }, idempotencyKey: idemKey ?? null });
      await recordAudit(tx, ctx, { action: 'task.report', entity: 'task', entityId: id, summary: { period: occ!.periodKey, agency: chosen.a.shortName, status, percent } });
      await enqueue(tx, { topic: 'tasks.progress.reported', aggregateKey: `task:${id}`, payload: { taskId: id, progressId: pid, agencyId: chosen.a.id, status } });
      return { status: 201, body: (await repo.getProgress(tx, pid))! };
    })).body;
  }

  async function review(ctx: RequestContext, progressId: string, input: ReviewIn): Promise<ProgressOut> {
    if (input.decision === 'return' && !input.note?.trim()) throw badRequest('note_required', 'Cần ghi rõ lý do khi trả lại báo cáo.');
    const dir = await loadDirectory(db);
    const today = todayVn();
    return database.transaction(async (tx) => {
      const p = await repo.getProgress(tx, progressId);
      if (!p) throw notFound('báo cáo tiến độ');
      if (p.reviewState !== 'submitted') throw conflict('already_reviewed', 'Báo cáo này đã được xử lý (chấp nhận hoặc trả lại).');
      const state = input.decision === 'accept' ? 'accepted' : 'returned';
      if (!(await repo.reviewProgress(tx, progressId, state, input.note ?? null, ctx.actor?.id ?? null, input.version))) throw conflict('stale_version', 'Báo cáo đã thay đổi. Vui lòng tải lại.', { currentVersion: p.version });
      await refreshTask(tx, p.taskId, dir, today);
      const task = await loadTask(p.taskId, tx);
      await repo.logAction(tx, { planId: task.planId, taskId: p.taskId, occurrenceId: p.occurrenceId, action: `task.report.${state}`, ...actorFields(ctx), payload: { agency: p.agencyName, period: p.periodKey, note: input.note ?? null } });
      await recordAudit(tx, ctx, { action: `task.report.${state}`, entity: 'task_progress', entityId: progressId, summary: { agency: p.agencyName, note: input.note ?? null } });
      await enqueue(tx, { topic: 'tasks.progress.reviewed', aggregateKey: `task:${p.taskId}`, payload: { progressId, state, agencyId: p.agencyId } });
      return (await repo.getProgress(tx, progressId))!;
    });
  }

  // ---- plans --------------------------------------------------------------------------------

  async function updatePlan(ctx: RequestContext, id: string, u: PlanUpdate): Promise<PlanOut> {
    if (u.issuedOn && !isValidIsoDate(u.issuedOn)) throw badRequest('invalid_date', 'Ngày ban hành không hợp lệ.');
    return database.transaction(async (tx) => {
      const before = await repo.getPlan(tx, id);
      if (!before) throw notFound('kế hoạch');
      const ok = await repo.updatePlan(tx, id, { ...u, number: u.number === undefined ? undefined : u.number && nfc(u.number), title: u.title && nfc(u.title), signer: u.signer === undefined ? undefined : u.signer && nfc(u.signer) }, u.version);
      if (!ok) throw conflict('stale_version', 'Kế hoạch đã được người khác cập nhật. Vui lòng tải lại.', { currentVersion: before.version });
      await repo.logAction(tx, { planId: id, action: 'plan.update', ...actorFields(ctx), payload: { ...u, version: undefined } });
      await recordAudit(tx, ctx, { action: 'task_plan.update', entity: 'task_plan', entityId: id, summary: { ...u, version: undefined } });
      await enqueue(tx, { topic: 'tasks.plan.updated', aggregateKey: `task_plan:${id}`, payload: { planId: id } });
      return (await repo.getPlan(tx, id))!;
    });
  }

  async function planReview(id: string) {
    const plan = await repo.getPlan(db, id);
    if (!plan) throw notFound('kế hoạch');
    const tasks = await repo.listTasks(db, { planId: id, needsReview: true, limit: 500, offset: 0 }, todayVn());
    return {
      plan,
      unmatched: await repo.unmatchedOfPlan(db, id),
      deadlines: tasks.items.filter((t) => t.deadline_needs_review).map((t) => ({ taskId: t.id as string, number: (t.number as string | null) ?? null, text: t.deadline_text as string })),
    };
  }

  // ---- overview, follow-up ------------------------------------------------------------------

  async function overview(planId: string | null, today = todayVn()): Promise<Overview> {
    const dir = await loadDirectory(db);
    const occs = await repo.occurrencesForOverview(db, planId, today);
    const progress = await repo.allProgress(db, planId);
    const leads = await repo.leadAssignments(db, planId);
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
        const row = rows.get(a.id) ?? { agencyId: a.id, agencyName: a.shortName, kind: a.kind, assigned: 0, done: 0, doneLate: 0, inProgress: 0, overdue: 0, notStarted: 0, cannotDo: 0, completionRate: 0 };
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
    const tasks = await repo.listTasks(db, { planId: planId ?? undefined, limit: 100000, offset: 0 }, today);
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
  async function refreshStatuses(today = todayVn()) {
    const dir = await loadDirectory(db);
    let occurrences = 0;
    const working = await isWorkingDayFn();
    await database.transaction(async (tx) => {
      for (const t of await repo.recurringTasks(tx)) {
        const d = { kind: t.deadline_kind as ParsedDeadline['kind'], dueOn: (t.due_on as string | null) ?? null, startOn: (t.start_on as string | null) ?? null, recurrence: t.recurrence as ParsedDeadline['recurrence'] };
        const n = await ensureOccurrences(tx, working, t.id as string, d, { startOn: t.plan_start as string, reportDay: Number(t.report_day), dayOffRule: t.day_off_rule as DayOffRule }, today);
        occurrences += n;
      }
    });
    const open = await repo.openOccurrences(db, addDays(today, 7));
    const touched = new Set(open.map((o) => o.taskId));
    for (const taskId of touched) await database.transaction((tx) => refreshTask(tx, taskId, dir, today));
    return { occurrences, tasks: touched.size, open, dir };
  }

  /**
   * The daily follow-up: statuses as of today (refreshStatuses), then the reminders due today
   * (before the deadline, on overdue, and escalated to the agency's leader). Safe to run twice a
   * day and in several processes (reminders are unique).
   */
  async function followUp(today = todayVn()): Promise<{ occurrences: number; reminders: number; escalations: number }> {
    const { occurrences, open, dir } = await refreshStatuses(today);
    let reminders = 0;
    let escalations = 0;
    for (const o of open) {
      const kind = reminderFor(o.dueOn, today);
      if (!kind) continue;
      await database.transaction(async (tx) => {
        const task = await loadTask(o.taskId, tx);
        const reports = new Map((await repo.countingReports(tx, o.id)).map((r) => [r.agencyId, r.status]));
        for (const a of expand(task.lead, dir)) {
          const st = reports.get(a.id);
          if (st === 'done' || st === 'done_late' || st === 'cannot_do') continue;
          if (!(await repo.recordReminder(tx, o.id, a.id, kind, today))) continue;
          const leaders = kind === 'escalation' ? await repo.leadersOf(tx, a.id) : [];
          reminders++;
          if (kind === 'escalation') escalations++;
          await enqueue(tx, { topic: 'tasks.reminder', aggregateKey: `task:${o.taskId}`, payload: { kind, taskId: o.taskId, occurrenceId: o.id, agencyId: a.id, agencyName: a.shortName, dueOn: o.dueOn, task: `${task.number ?? ''}. ${task.content.slice(0, 200)}`, leaders: leaders.map((l) => l.id) } });
          await repo.logAction(tx, { planId: task.planId, taskId: o.taskId, occurrenceId: o.id, action: kind === 'escalation' ? 'task.escalate' : 'task.remind', actorId: null, actorName: 'Hệ thống', role: null, agencyId: a.id, payload: { kind, dueOn: o.dueOn, leaders: leaders.map((l) => l.fullName) } });
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
      const ok = await repo.saveDigest(tx, month, ov);
      if (ok) await enqueue(tx, { topic: 'tasks.digest', aggregateKey: `task_digest:${month}`, payload: { month, to: 'provincial_office', totals: ov.totals, late: ov.agencies.filter((a) => a.overdue > 0).map((a) => ({ agency: a.agencyName, overdue: a.overdue })) } });
      return ok;
    });
    return { month, overview: ov, created };
  }

  // ---- coordination -------------------------------------------------------------------------

  async function coordinationOut(exec: Executor, id: string): Promise<CoordinationOut> {
    const c = await repo.getCoordination(exec, id);
    if (!c) throw notFound('văn bản xin ý kiến');
    const s = coordinationSummary(c.recipients.map((r) => ({ agencyId: r.agencyId, agencyName: r.agencyName, answeredOn: r.answeredOn })), c.dueOn);
    return { ...c, summary: s };
  }

  async function checkCoordinationAccess(actor: Actor, c: CoordinationOut): Promise<{ lead: boolean; recipientOf: string[] }> {
    const own = await ownAgencies(actor);
    const lead = own.includes(c.leadAgencyId);
    const recipientOf = c.recipients.filter((r) => own.includes(r.agencyId)).map((r) => r.agencyId);
    if (!lead && !recipientOf.length && !isProvinceWide(actor)) throw forbidden('Văn bản này không liên quan đến cơ quan của bạn.');
    return { lead, recipientOf };
  }

  async function createCoordination(ctx: RequestContext, input: CoordinationIn, idemKey?: string): Promise<CoordinationOut> {
    const actor = ctx.actor!;
    if (!isValidIsoDate(input.dueOn)) throw badRequest('invalid_date', 'Hạn trả lời phải là ngày có thật (YYYY-MM-DD).');
    if (input.dueOn < todayVn()) throw unprocessable('due_in_past', 'Hạn trả lời không được trước ngày hôm nay.');
    const own = await ownAgencies(actor);
    const leadAgencyId = input.leadAgencyId ?? actor.agencyId;
    if (!leadAgencyId) throw unprocessable('agency_required', 'Tài khoản chưa thuộc cơ quan nào.');
    if (!own.includes(leadAgencyId)) throw forbidden('Bạn chỉ gửi văn bản xin ý kiến thay mặt cơ quan mình.');
    const dir = await loadDirectory(db);
    for (const r of input.recipientIds) {
      const a = dir.find((d) => d.id === r);
      if (!a) throw unprocessable('agency_not_found', 'Có cơ quan được xin ý kiến không tồn tại.');
      if (a.validTo !== null) throw unprocessable('agency_not_current', `${a.shortName} đã kết thúc hoạt động.`);
      if (r === leadAgencyId) throw unprocessable('self_recipient', 'Cơ quan chủ trì không tự xin ý kiến chính mình.');
    }
    if (input.taskId) await loadTask(input.taskId);
    if (input.fileId && !(await repo.filesExist(db, [input.fileId]))) throw unprocessable('file_not_found', 'Tệp đính kèm không tồn tại.');
    return (await withIdempotency(database, { operation: 'tasks.coordination', principal: actor.id, key: idemKey, request: input }, async (tx) => {
      const id = await repo.insertCoordination(tx, { taskId: input.taskId ?? null, leadAgencyId, subject: nfc(input.subject), content: nfc(input.content ?? ''), dueOn: input.dueOn, fileId: input.fileId ?? null, createdBy: actor.id }, input.recipientIds);
      if (input.taskId) await repo.logAction(tx, { taskId: input.taskId, action: 'coordination.create', ...actorFields(ctx), agencyId: leadAgencyId, payload: { coordinationId: id, subject: input.subject, dueOn: input.dueOn, recipients: input.recipientIds.length } });
      await recordAudit(tx, ctx, { action: 'coordination.create', entity: 'coordination_request', entityId: id, summary: { subject: input.subject, dueOn: input.dueOn, recipients: input.recipientIds } });
      await enqueue(tx, { topic: 'tasks.coordination.requested', aggregateKey: `coordination:${id}`, payload: { id, recipients: input.recipientIds, dueOn: input.dueOn } });
      return { status: 201, body: await coordinationOut(tx, id) };
    })).body;
  }

  async function answerCoordination(ctx: RequestContext, id: string, input: AnswerIn, idemKey?: string, now = new Date()): Promise<CoordinationOut> {
    const actor = ctx.actor!;
    const c = await coordinationOut(db, id);
    const acc = await checkCoordinationAccess(actor, c);
    const agencyId = input.agencyId ?? acc.recipientOf[0];
    if (!agencyId || !acc.recipientOf.includes(agencyId)) throw forbidden('Cơ quan của bạn không được xin ý kiến trong văn bản này.');
    if (input.answer === 'comments' && !input.comment?.trim() && !input.fileId) throw badRequest('comment_required', 'Cần nêu ý kiến (nội dung hoặc tệp) khi không thống nhất hoàn toàn.');
    if (input.fileId && !(await repo.filesExist(db, [input.fileId]))) throw unprocessable('file_not_found', 'Tệp đính kèm không tồn tại.');
    const on = todayVn(now);
    return (await withIdempotency(database, { operation: 'tasks.coordination.answer', principal: actor.id, key: idemKey, request: { id, input } }, async (tx) => {
      if (!(await repo.answerCoordination(tx, id, agencyId, { answer: input.answer, comment: input.comment ? nfc(input.comment) : null, fileId: input.fileId ?? null, by: actor.id, on }))) {
        throw conflict('already_answered', 'Cơ quan đã trả lời văn bản này.');
      }
      await repo.bumpCoordination(tx, id);
      const late = on > c.dueOn;
      if (c.taskId) await repo.logAction(tx, { taskId: c.taskId, action: 'coordination.answer', ...actorFields(ctx), agencyId, payload: { coordinationId: id, answer: input.answer, late } });
      await recordAudit(tx, ctx, { action: 'coordination.answer', entity: 'coordination_request', entityId: id, summary: { agencyId, answer: input.answer, late } });
      await enqueue(tx, { topic: 'tasks.coordination.answered', aggregateKey: `coordination:${id}`, payload: { id, agencyId, answer: input.answer, late } });
      return { status: 200, body: await coordinationOut(tx, id) };
    })).body;
  }

  async function submitCoordination(ctx: RequestContext, id: string, version: number): Promise<CoordinationOut> {
    const c = await coordinationOut(db, id);
    const acc = await checkCoordinationAccess(ctx.actor!, c);
    if (!acc.lead) throw forbidden('Chỉ cơ quan chủ trì trình kết quả xin ý kiến.');
    return database.transaction(async (tx) => {
      if (!(await repo.submitCoordination(tx, id, c.summary.text, version))) {
        throw conflict(c.submittedAt ? 'already_submitted' : 'stale_version', c.submittedAt ? 'Đã trình UBND tỉnh.' : 'Văn bản đã thay đổi. Vui lòng tải lại.');
      }
      if (c.taskId) await repo.logAction(tx, { taskId: c.taskId, action: 'coordination.submit', ...actorFields(ctx), agencyId: c.leadAgencyId, payload: { coordinationId: id, text: c.summary.text } });
      await recordAudit(tx, ctx, { action: 'coordination.submit', entity: 'coordination_request', entityId: id, summary: { late: c.summary.late.map((r) => r.agencyName), notAnswered: c.summary.notAnswered.map((r) => r.agencyName) } });
      await enqueue(tx, { topic: 'tasks.coordination.submitted', aggregateKey: `coordination:${id}`, payload: { id, text: c.summary.text } });
      return coordinationOut(tx, id);
    });
  }

  return {
    importPlan,
    startImportJob,
    importJob,
    previewImport,
    listPlans: (q: { q?: string; limit: number; offset: number }) => repo.listPlans(db, q),
    async getPlan(id: string) {
      const p = await repo.getPlan(db, id);
      if (!p) throw notFound('kế hoạch');
      return p;
    },
    updatePlan,
    planReview,
    mapAgency,
    listTasks,
    taskDetail,
    assign,
    updateTask,
    report,
    review,
    overview: (planId: string | null) => overview(planId),
    followUp,
    refreshStatuses: async (today?: string) => {
      const { occurrences, tasks } = await refreshStatuses(today);
      return { occurrences, tasks };
    },
    monthlyDigest,
    async uploadFile(ctx: RequestContext, f: UploadedFile) {
      if (!f.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
      return database.transaction(async (tx) => {
        const id = await repo.insertFile(tx, { name: f.name, contentType: f.contentType, data: f.data, createdBy: ctx.actor?.id ?? null, agencyId: ctx.actor?.agencyId ?? null });
        await recordAudit(tx, ctx, { action: 'task_file.upload', entity: 'task_file', entityId: id, summary: { name: f.name, size: f.data.length } });
        await enqueue(tx, { topic: 'tasks.file.uploaded', aggregateKey: `task_file:${id}`, payload: { id } });
        return { id, name: f.name, size: f.data.length, contentType: f.contentType };
      });
    },
    async getFile(id: string) {
      const f = await repo.getFile(db, id);
      if (!f) throw notFound('tệp');
      return f;
    },
    async listCoordinations(actor: Actor, q: { limit: number; offset: number }) {
      const ids = isProvinceWide(actor) ? null : await ownAgencies(actor);
      const r = await repo.listCoordinations(db, { agencyIds: ids, ...q });
      return { items: await Promise.all(r.ids.map((i) => coordinationOut(db, i))), total: r.total };
    },
    async getCoordination(actor: Actor, id: string) {
      const c = await coordinationOut(db, id);
      await checkCoordinationAccess(actor, c);
      return c;
    },
    createCoordination,
    answerCoordination,
    submitCoordination,
    loadDirectory: () => loadDirectory(db),
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
