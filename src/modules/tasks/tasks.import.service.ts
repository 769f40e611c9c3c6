import path from 'node:path';
import type { RequestContext } from '../../platform/context.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { readZip } from '../../platform/archive.js';
import { nfc } from '../../platform/text.js';
import { createProgressJobs, type Report } from '../../platform/progress-jobs.js';
import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import type * as repo from './tasks.repo.js';
import {
  bestFuzzyMatch,
  findHeader,
  planInfoFromText,
  readDocx,
  rowsFromCsv,
  rowsFromText,
  rowsFromXlsx,
  rowsToAppendix,
  splitAgencies,
  type AgencyPhrase,
  type Appendix,
} from './tasks.import.js';
import { isValidIsoDate, parseDeadline, type DayOffRule, type ParsedDeadline } from './tasks.rules.js';
import type { ImportJob, ImportPreview, ImportResult } from './tasks.schemas.js';
import type { TasksCore } from './tasks.core.js';
import { loadDirectory, refreshTask, type Directory } from './tasks.status.js';

/** The progress_job kind of a plan import. */
export const PLAN_IMPORT_JOB = 'tasks.plan.import';

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

/** Importing a plan from its appendix (DOCX, XLSX, CSV or text): preview, import at once, or as a progress job. */
export function createImportService(core: TasksCore) {
  const { database, db, store, vnToday, actorFields, idempotent, isWorkingDayFn, ensureOccurrences } = core;

  const jobs = createProgressJobs(database);

  async function resolvePhrase(tx: Executor, p: AgencyPhrase, dir: Directory, provinceName: string): Promise<repo.AgencyRowInsert & { matched: boolean }> {
    const base = { written: p.written, note: p.note };
    if (p.group) return { ...base, role: 'lead', agencyId: null, group: p.group, matched: true };
    const name = p.name ?? p.written;
    let found = await store.resolveAgencyByName(tx, name);
    if (!found.matched.length) {
      const fuzzy = bestFuzzyMatch(name, dir, provinceName ? `tỉnh ${provinceName}` : '');
      if (fuzzy) found = await store.resolveAgencyByName(tx, fuzzy.agency.name);
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
    if (!findHeader(rows))
      throw badRequest('appendix_not_found', 'Không tìm thấy bảng phụ lục: cần một dòng tiêu đề có các cột "Nhiệm vụ" và "Cơ quan chủ trì".');
    const appendix = rowsToAppendix(rows);
    if (!appendix.tasks.length) throw badRequest('no_tasks', 'Bảng phụ lục không có nhiệm vụ nào được đánh số thứ tự.');
    return { appendix, text, format };
  }

  /** The checks made before an import is accepted (synchronously, also for the job variant). */
  function checkImportInput(file: UploadedFile, fields: ImportFields): void {
    if (!file.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
    if (fields.issuedOn !== undefined && !isValidIsoDate(fields.issuedOn))
      throw badRequest('invalid_date', 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật.');
  }

  /**
   * Imports a plan: reads the appendix, matches every task's agencies and deadline (phase
   * `matching`, nothing written yet), then writes the plan and its tasks in ONE transaction (phase
   * `writing`): all or nothing. `report` receives the progress, task by task (the job variant).
   */
  async function importPlan(
    ctx: RequestContext,
    file: UploadedFile,
    fields: ImportFields,
    idemKey?: string,
    report: Report = async () => undefined,
  ): Promise<ImportResult> {
    checkImportInput(file, fields);
    await report({ phase: 'reading', processed: 0, total: 0 });
    const { appendix, text, format } = await readAppendix(file);
    const info = planInfoFromText(text);
    const today = vnToday();
    const hash = createHash('sha256').update(file.data).digest('hex');
    const dir = await loadDirectory(store, db);
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
      for (const [role, cell] of [
        ['lead', t.lead],
        ['support', t.support],
      ] as const) {
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
    return idempotent('tasks.plan.import', ctx.actor?.id, idemKey, { hash, fields }, 201, async (tx) => {
      const fileId = await store.insertFile(tx, {
        name: file.name,
        contentType: file.contentType,
        data: file.data,
        createdBy: ctx.actor?.id ?? null,
        agencyId: ctx.actor?.agencyId ?? null,
      });
      const plan = { startOn, reportDay: fields.reportDay ?? info.reportDay ?? 18, dayOffRule: 'previous' as DayOffRule };
      const ubnd = dir.find((a) => a.kind === 'provincial_people_committee' && a.validTo === null);
      const office = dir.find((a) => a.kind === 'provincial_office' && a.validTo === null);
      const planId = await store.insertPlan(tx, {
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
        const taskId = await store.insertTask(tx, {
          planId,
          ordinal: ++ordinal,
          number: t.number,
          section: t.section,
          content: t.content,
          output: t.output || null,
          leadText: t.lead,
          supportText: t.support,
          deadline,
        });
        await store.replaceTaskAgencies(tx, taskId, rows);
        await ensureOccurrences(tx, working, taskId, deadline, plan, today);
        await refreshTask(store, tx, taskId, dir, today);
      }
      await report({ phase: 'writing', processed: total, total });
      const result: Omit<ImportResult, 'plan'> = {
        taskCount: appendix.tasks.length,
        sections: appendix.sections,
        unmatched: [...unmatched],
        deadlinesToReview,
        warnings: appendix.warnings,
      };
      await store.logAction(tx, { planId, action: 'plan.import', ...actorFields(ctx), payload: { file: file.name, format, ...result } });
      await store.recordAudit(tx, ctx, {
        action: 'task_plan.import',
        entity: 'task_plan',
        entityId: planId,
        summary: { file: file.name, format, tasks: result.taskCount, unmatched: result.unmatched },
      });
      await store.enqueue(tx, { topic: 'tasks.plan.imported', aggregateKey: `task_plan:${planId}`, payload: { planId, tasks: result.taskCount } });
      return { plan: (await store.getPlan(tx, planId))!, ...result };
    });
  }

  /**
   * The job variant of importPlan (the screen shows its progress): the input is checked at once
   * (a bad request changes nothing and records no job), then the import runs as a progress job of
   * kind PLAN_IMPORT_JOB; `done` resolves when it has finished (recorded done or failed).
   */
  async function startImportJob(
    ctx: RequestContext,
    file: UploadedFile,
    fields: ImportFields,
    idemKey?: string,
  ): Promise<{ job: ImportJob; done: Promise<void> }> {
    checkImportInput(file, fields);
    const { id, done } = await jobs.start(PLAN_IMPORT_JOB, ctx.actor?.username ?? null, (report) => importPlan(ctx, file, fields, idemKey, report));
    return { job: await importJob(id), done };
  }

  async function importJob(id: string): Promise<ImportJob> {
    const j = await jobs.get(PLAN_IMPORT_JOB, id, 'lần nhập kế hoạch');
    return {
      id: j.id,
      status: j.status,
      phase: j.phase,
      processed: j.processed,
      total: j.total,
      result: (j.result as ImportResult | null) ?? null,
      errors: j.errors ?? [],
      createdBy: j.createdBy,
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
    };
  }

  /**
   * The same reading as importPlan, with nothing written: the plan's details as they would be
   * recorded, every task with its agencies and deadline, and what needs review. The officer looks
   * at it and then confirms, which sends the same file to importPlan.
   */
  async function previewImport(file: UploadedFile, fields: ImportFields): Promise<ImportPreview> {
    if (!file.data.length) throw badRequest('empty_file', 'Tệp gửi lên rỗng.');
    if (fields.issuedOn !== undefined && !isValidIsoDate(fields.issuedOn))
      throw badRequest('invalid_date', 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật.');
    const { appendix, text, format } = await readAppendix(file);
    const info = planInfoFromText(text);
    const dir = await loadDirectory(store, db);
    const provinceName = (dir.find((a) => a.kind === 'provincial_people_committee' && a.validTo === null)?.name ?? '').replace(/^Ủy ban nhân dân tỉnh\s*/u, '');
    const issuedOn = fields.issuedOn ?? info.issuedOn;
    const startOn = issuedOn ?? vnToday();
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
      tasks.push({
        number: t.number,
        section: t.section,
        content: t.content,
        lead: t.lead,
        support: t.support,
        deadline: deadline.text,
        dueOn: deadline.dueOn,
        needsReview: deadline.needsReview,
        unmatched: own,
      });
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

  return { importPlan, startImportJob, importJob, previewImport };
}
