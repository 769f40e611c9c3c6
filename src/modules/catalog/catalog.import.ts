/**
 * Catalogue import and export.
 *
 * An import is a job row (catalog_import). The upload is parsed, then validated procedure by
 * procedure — schema, rules, agencies, publication order against what the database holds — with
 * the job's processed/total counters updated as it goes; errors name the sheet, row and column.
 * Any error rejects the whole file. Otherwise every change is applied in ONE transaction (each
 * change with its audit and outbox rows), so the catalogue is never half-imported.
 * The job runs in the process that received the upload; GET /api/v1/catalog/imports/{id} polls it.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Database, Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkArchive } from '../../platform/archive.js';
import { recordAudit } from '../../platform/audit.js';
import { describeValidationError } from '../../platform/http/validation.js';
import * as repo from './catalog.repo.js';
import { abolishTx, createProcedureTx, prepareContent, publishTx, sameVersion, saveDraftTx } from './catalog.service.js';
import { effectiveDateProblem, todayVn } from './catalog.rules.js';
import { FORMAT_ID, FORMAT_VERSION, buildXlsx, findLoc, jsonLoc, locError, parseJson, parseXlsx, type Loc, type Parsed } from './catalog.format.js';
import { ProcedureFile, type ImportError, type ImportJob, type ProcedureContent, type VersionStatus } from './catalog.schemas.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
addFormats(ajv);
const validateFile = ajv.compile(ProcedureFile as object);

/** Schema errors of one procedure entry, as Vietnamese messages (empty when it conforms). */
export function fileSchemaProblems(p: unknown): string[] {
  if (validateFile(p)) return [];
  return (validateFile.errors ?? []).map((e) => `${e.instancePath || '/'}: ${describeValidationError(e)}`);
}

const MAX_ERRORS_KEPT = 1000;
const PROGRESS_EVERY = 10;
/** A job not updated for this long, and not running here, was interrupted (process restarted). */
const STALE_MS = 10 * 60_000;

const PHASE_VI: Record<ImportJob['status'], string> = {
  queued: 'Đang chờ xử lý',
  validating: 'Đang kiểm tra dữ liệu',
  applying: 'Đang ghi vào danh mục',
  succeeded: 'Hoàn tất',
  failed: 'Bị từ chối, danh mục không thay đổi',
};

// ---- export ---------------------------------------------------------------------------------

/** A version as a file entry: the content in the documented key order, then its publication. */
export function toFileEntry(v: repo.VersionRow): ProcedureFile {
  const c = v.content;
  return {
    code: c.code,
    portalCode: c.portalCode,
    name: c.name,
    field: c.field,
    levels: c.levels,
    agencyKind: c.agencyKind,
    agencies: c.agencies,
    subjects: c.subjects,
    onlineLevel: c.onlineLevel,
    channels: c.channels,
    requirements: c.requirements,
    cases: c.cases,
    components: c.components,
    result: c.result,
    legalBasis: c.legalBasis,
    steps: c.steps,
    sources: c.sources,
    unverified: c.unverified,
    status: v.status,
    decisionNo: v.decisionNo,
    decisionDate: v.decisionDate,
    effectiveFrom: v.effectiveFrom,
  };
}

/**
 * The catalogue as in force on `at` (a day, YYYY-MM-DD): per procedure the version in force, else its
 * latest published or abolished version. Drafts are work in progress and are not exported.
 */
export async function exportEntries(db: Executor, at: string): Promise<ProcedureFile[]> {
  return (await repo.catalogAt(db, at)).map(toFileEntry);
}

/** `now` is the caller's clock (the export's time; `at` defaults to its day in Vietnam). */
export async function exportJson(
  db: Executor,
  now: Date,
  at = todayVn(now),
): Promise<{ format: string; version: number; exportedAt: string; procedures: ProcedureFile[] }> {
  return { format: FORMAT_ID, version: FORMAT_VERSION, exportedAt: now.toISOString(), procedures: await exportEntries(db, at) };
}

export async function exportXlsx(db: Executor, now: Date, at = todayVn(now)): Promise<Buffer> {
  return buildXlsx(await exportEntries(db, at));
}

// ---- import ---------------------------------------------------------------------------------

export function detectFormat(buf: Buffer, fileName: string | null): 'json' | 'xlsx' | null {
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx'; // "PK": a zip container
  const head = buf
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return 'json';
  if (fileName?.toLowerCase().endsWith('.json')) return 'json';
  if (fileName?.toLowerCase().endsWith('.xlsx')) return 'xlsx';
  return null;
}

interface Plan {
  index: number;
  code: string;
  content: ProcedureContent;
  status: VersionStatus;
  decisionNo: string | null;
  decisionDate: string | null;
  effectiveFrom: string | null;
  action: 'create' | 'update' | 'unchanged';
}

function ajvErrors(errs: ErrorObject[], locs: Map<string, Loc> | undefined, index: number, sheetMode: boolean): ImportError[] {
  return errs.map((e) => {
    const pointer = e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty?: string }).missingProperty)}` : e.instancePath;
    const loc = sheetMode ? findLoc(locs, pointer, { sheet: '?', row: null, column: null }) : jsonLoc(index, pointer);
    return locError(loc, describeValidationError(e));
  });
}

export function createImporter(database: Database, clock: { now(): Date }) {
  const db = database.db;
  /** Progress of the jobs running in this process (the apply phase runs inside one transaction). */
  const running = new Map<string, { status: ImportJob['status']; processed: number; total: number }>();

  async function setProgress(id: string, p: { status: ImportJob['status']; processed: number; total: number }, persist: boolean): Promise<void> {
    running.set(id, p);
    if (persist) await repo.updateImportJob(db, id, p);
  }

  /** Validates every procedure; returns the plans, or the errors (then nothing is applied). */
  async function validate(id: string, parsed: Parsed, sheetMode: boolean): Promise<{ plans: Plan[]; errors: ImportError[] }> {
    const errors = [...parsed.errors];
    const total = parsed.procedures.length;
    const plans: Plan[] = [];
    const seen = new Map<string, number>();
    await setProgress(id, { status: 'validating', processed: 0, total }, true);
    for (const [i, p] of parsed.procedures.entries()) {
      const locs = parsed.locs[i];
      const rowLoc = sheetMode ? locs.get('')! : jsonLoc(i, '');
      const at = (pointer: string) => (sheetMode ? findLoc(locs, pointer, rowLoc) : jsonLoc(i, pointer));
      if (i % PROGRESS_EVERY === 0) await setProgress(id, { status: 'validating', processed: i, total }, true);
      if (!p || typeof p !== 'object' || Array.isArray(p)) {
        errors.push(locError(rowLoc, 'mỗi phần tử phải là một đối tượng thủ tục.'));
        continue;
      }
      if (!validateFile(p)) {
        errors.push(...ajvErrors(validateFile.errors ?? [], locs, i, sheetMode));
        continue;
      }
      if (seen.has(p.code)) {
        errors.push(locError(at('/code'), `mã thủ tục ${p.code} xuất hiện nhiều lần trong tệp.`));
        continue;
      }
      seen.set(p.code, i);
      const decisionNo = p.decisionNo ?? null;
      const effectiveFrom = p.effectiveFrom ?? null;
      const status: VersionStatus = p.status ?? (decisionNo && effectiveFrom ? 'published' : 'draft');
      if (status !== 'draft' && (!decisionNo || !effectiveFrom)) {
        errors.push(
          locError(
            at(decisionNo ? '/effectiveFrom' : '/decisionNo'),
            `thủ tục ở trạng thái "${status === 'published' ? 'Đã công bố' : 'Đã bãi bỏ'}" phải có số quyết định và ngày hiệu lực.`,
          ),
        );
        continue;
      }
      const { status: _s, decisionNo: _d, decisionDate: _dd, effectiveFrom: _e, ...input } = p;
      void _s;
      void _d;
      void _dd;
      void _e;
      const { content, problems } = await prepareContent(db, input);
      for (const pr of problems) errors.push(locError(at(pr.path), pr.message));
      if (!content) continue;
      // Compare with what the catalogue holds.
      const proc = await repo.getProcedureByCode(db, p.code);
      const versions = proc ? await repo.listVersions(db, proc.id) : [];
      const draft = versions.find((v) => v.status === 'draft') ?? null;
      const nonDraft = versions.filter((v) => v.status !== 'draft');
      const last = nonDraft[nonDraft.length - 1] ?? null;
      const pub = { status, decisionNo, decisionDate: p.decisionDate ?? null, effectiveFrom };
      let action: Plan['action'] = proc ? 'update' : 'create';
      if (status === 'draft') {
        if (proc && (draft ? sameVersion(draft, content) : sameVersion(last, content))) action = 'unchanged';
      } else if (nonDraft.some((v) => sameVersion(v, content, pub)) || (status === 'abolished' && last?.status === 'abolished')) {
        // That very version is already in the catalogue's history.
        action = 'unchanged';
      } else {
        const problem = effectiveDateProblem(effectiveFrom!, last?.effectiveFrom ?? null);
        if (problem) errors.push(locError(at('/effectiveFrom'), problem));
        if (status === 'abolished' && proc && !last) errors.push(locError(at('/status'), `thủ tục ${p.code} chưa được công bố nên không thể bãi bỏ.`));
      }
      plans.push({ index: i, code: p.code, content, status, decisionNo, decisionDate: p.decisionDate ?? null, effectiveFrom, action });
    }
    await setProgress(id, { status: 'validating', processed: total, total }, true);
    return { plans, errors };
  }

  async function apply(id: string, ctx: RequestContext, plans: Plan[], parsed: Parsed, sheetMode: boolean): Promise<NonNullable<ImportJob['result']>> {
    const result = { created: 0, updated: 0, unchanged: 0, codes: [] as string[] };
    const total = plans.length;
    await setProgress(id, { status: 'applying', processed: 0, total }, true);
    await database.transaction(async (tx) => {
      for (const [n, plan] of plans.entries()) {
        running.set(id, { status: 'applying', processed: n, total });
        if (plan.action === 'unchanged') {
          result.unchanged++;
          continue;
        }
        try {
          const exists = plan.action === 'update';
          if (plan.status === 'abolished') {
            await abolishTx(
              tx,
              ctx,
              plan.code,
              { decisionNo: plan.decisionNo!, decisionDate: plan.decisionDate, effectiveFrom: plan.effectiveFrom! },
              { contentIfNew: plan.content },
            );
          } else {
            if (exists) await saveDraftTx(tx, ctx, plan.code, plan.content, null);
            else await createProcedureTx(tx, ctx, plan.content);
            if (plan.status === 'published') {
              await publishTx(tx, ctx, plan.code, { decisionNo: plan.decisionNo!, decisionDate: plan.decisionDate, effectiveFrom: plan.effectiveFrom! });
            }
          }
        } catch (err) {
          if (err instanceof AppError) {
            const loc = sheetMode ? parsed.locs[plan.index].get('')! : jsonLoc(plan.index, '');
            throw new ImportRejected([locError(loc, err.detail)]);
          }
          throw err;
        }
        if (plan.action === 'create') result.created++;
        else result.updated++;
        result.codes.push(plan.code);
      }
      await recordAudit(tx, ctx, {
        action: 'catalog.import',
        entity: 'catalog_import',
        entityId: id,
        summary: { created: result.created, updated: result.updated, unchanged: result.unchanged, codes: result.codes.slice(0, 200) },
      });
    });
    return result;
  }

  async function run(id: string, ctx: RequestContext, format: 'json' | 'xlsx', buf: Buffer): Promise<void> {
    try {
      const parsed = format === 'xlsx' ? await parseXlsx(buf) : parseJson(buf);
      const sheetMode = format === 'xlsx';
      const { plans, errors } = await validate(id, parsed, sheetMode);
      if (errors.length) throw new ImportRejected(errors);
      const result = await apply(id, ctx, plans, parsed, sheetMode);
      await repo.updateImportJob(db, id, { status: 'succeeded', processed: plans.length, total: plans.length, result, finished: true });
    } catch (err) {
      const errors =
        err instanceof ImportRejected ? err.errors : [{ sheet: '(tệp)', row: null, column: null, message: `Lỗi khi nhập: ${(err as Error).message}` }];
      await repo.updateImportJob(db, id, { status: 'failed', errors: errors.slice(0, MAX_ERRORS_KEPT), errorCount: errors.length, finished: true });
    } finally {
      running.delete(id);
    }
  }

  async function get(id: string): Promise<ImportJob> {
    const job = await repo.getImportJob(db, id);
    if (!job) throw notFound('lần nhập danh mục');
    const live = running.get(id);
    const active = ['queued', 'validating', 'applying'].includes(job.status);
    if (live && active) Object.assign(job, live);
    if (!live && active && clock.now().getTime() - new Date(job.updatedAt).getTime() > STALE_MS) {
      job.status = 'failed';
      job.errors = [
        {
          sheet: '(tệp)',
          row: null,
          column: null,
          message: 'Quá trình nhập bị gián đoạn (máy chủ khởi động lại); danh mục không thay đổi. Vui lòng nhập lại.',
        },
      ];
      job.errorCount = 1;
    }
    const { updatedAt: _u, ...out } = job;
    void _u;
    out.phase =
      out.status === 'validating' || out.status === 'applying'
        ? `${PHASE_VI[out.status]} (${out.processed}/${out.total} thủ tục)`
        : out.status === 'failed'
          ? `${PHASE_VI.failed}: ${out.errorCount} lỗi`
          : PHASE_VI[out.status];
    return out;
  }

  return {
    /** Records the job and starts it; with `wait`, returns when it has finished. */
    async submit(ctx: RequestContext, buf: Buffer, fileName: string | null, wait: boolean): Promise<ImportJob> {
      const format = detectFormat(buf, fileName);
      if (!format) throw new AppError(415, 'unsupported_file', 'Tệp phải là JSON hoặc XLSX (Excel 2007 trở lên).');
      // Entry count, inflated size and ratio before exceljs reads it: a zip bomb is a 400, no job is recorded.
      if (format === 'xlsx') await checkArchive(buf);
      const id = await repo.insertImportJob(db, { format, fileName, createdBy: ctx.actor?.username ?? null });
      running.set(id, { status: 'queued', processed: 0, total: 0 });
      const done = run(id, ctx, format, buf);
      if (wait) await done;
      else done.catch(() => undefined);
      return get(id);
    },
    get,
    list: (limit: number) => repo.listImportJobs(db, limit),
  };
}

class ImportRejected extends Error {
  constructor(readonly errors: ImportError[]) {
    super(`import rejected (${errors.length} errors)`);
  }
}

export type Importer = ReturnType<typeof createImporter>;
