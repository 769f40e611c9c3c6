/**
 * Historical dossier import (docs/history-import.md).
 *
 * Each dossier of the file is replayed through the dossier service (dossiers.public.ts
 * `historyDossierService`) with the clock set to each action's own time: the same state machine,
 * calendar, appointments, action rows, audit rows and QĐ 766 outbox rows as a dossier handled in
 * MotCua, so lists and the QĐ 766 read model see imported dossiers exactly like native ones. One
 * dossier is one transaction: all its actions or none (a rejected action rolls the dossier back
 * and the report names the line, the action and the reason). A dry run does the very same work and
 * rolls every dossier back, so its report is what the real run would do.
 *
 * Idempotent: each imported dossier is recorded by its reference in the previous system (`ref`)
 * with the SHA-256 of its record; the same record again is "unchanged", a different record with
 * the same `ref` is rejected (an imported dossier is never overwritten).
 */
import type { CalendarService } from '../calendar/calendar.public.js';
import type { Database, Executor } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkArchive, readZip, type ArchiveLimits } from '../../platform/archive.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { sha256 as sha256Of, sniffMime, UPLOAD_LIMIT_BYTES, type FileStore } from '../../platform/files.js';
import { nfc } from '../../platform/text.js';
import { getAgencyByCode } from '../org/org.public.js';
import {
  getDossier,
  getDossierByCode,
  historyDossierService,
  importDossierFile,
  noteDeclaredDigitised,
  type DossierService,
  type ActionInput,
} from '../dossiers/dossiers.public.js';
import { importRating } from '../citizens/citizens.public.js';
import { ACTION_TYPES, ONE_STOP_ACTIONS, actionInput, contentHash, packagePath, recordProblems, type HistoryDossier, type Located } from './history.rules.js';
import { detectFormat, parseNdjson, parseXlsx, packageDataFile } from './history.format.js';
import * as repo from './history.repo.js';
import type { HistoryImportJob, ImportError } from './history.schemas.js';

/** The import's actor id (no account: actions name the previous system's officer in their payload). */
export const HISTORY_ACTOR_ID = '00000000-0000-4000-8000-000000000157';
const MAX_ERRORS_KEPT = 500;
/**
 * A ZIP package (the data file and the PDFs it references) is read within these limits before
 * anything else (platform/archive.ts: entries counted, inflated bytes counted as they come out,
 * stopped at the first byte over a limit, ratio against zip bombs). Each file must also be a PDF of
 * at most UPLOAD_LIMIT_BYTES (20 MB), as a live upload.
 */
export const PACKAGE_LIMITS: ArchiveLimits = { maxEntries: 20_000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 100, ratioFloorBytes: 4 * 1024 * 1024 };
/** The largest package accepted over HTTP. */
export const PACKAGE_UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;
const PROGRESS_EVERY = 25;
/** A running job not updated for this long, and not running here, was interrupted (process restarted). */
const STALE_MS = 10 * 60_000;

const pathOf = (v: string) => nfc(packagePath(v));

class DryRunRollback extends Error {}
class Rejected extends Error {
  constructor(readonly errors: ImportError[]) {
    super('rejected');
  }
}

export interface Clock {
  now(): Date;
}

type Progress = Pick<HistoryImportJob, 'status' | 'total' | 'processed' | 'imported' | 'unchanged' | 'rejected'>;

/** Verifies a PDF's signatures and keeps the verdict (signatures module), as for any PDF stored on a dossier. */
type VerifyPdf = (db: Executor, file: { sha256: string; mimeType: string; data: Buffer }) => Promise<{ verdict: string; status: string } | null>;

export function createHistoryImporter(deps: { database: Database; calendar: CalendarService; clock: Clock; files: FileStore; verify?: VerifyPdf }) {
  const { database } = deps;
  const db = database.db;
  const wall = deps.clock;
  const running = new Map<string, Progress>();

  /** One replay clock per run: each action is decided at its own time. */
  function replayer() {
    const clock = {
      t: new Date(0),
      now() {
        return this.t;
      },
    };
    return { clock, service: historyDossierService({ database, clock, calendar: deps.calendar }) };
  }

  const agencyIds = new Map<string, string | null>();
  async function agencyId(x: Executor, code: string): Promise<string | null> {
    if (agencyIds.has(code)) return agencyIds.get(code)!;
    const a = await getAgencyByCode(x, code);
    const id = a ? a.id : null;
    agencyIds.set(code, id);
    return id;
  }

  function actorFor(roles: (Role | 'system')[], agencyId: string | null, by: string | null): Actor {
    return {
      id: HISTORY_ACTOR_ID,
      username: 'system:history-import',
      fullName: by ? `${by} (hệ thống cũ)` : 'Nhập lịch sử hồ sơ',
      kind: 'staff',
      roles: roles as Role[],
      agencyId,
      agency: null,
      sessionId: 'history-import',
    };
  }

  /** Replays one record; throws Rejected (with the located reasons) or DryRunRollback. */
  /** One stored copy per content within a run (a package may reference one PDF from many dossiers; each dossier's file row is its own). */
  const stored = new Map<string, { key: string; size: number; verdict: string | null }>();
  type Resolved = { path: string; data: Buffer; sha256: string; key: string; size: number; verdict: string | null };

  /**
   * The files a record references, checked (present in the package, a PDF, not too large) and,
   * in a real run, stored (the product's file store) and verified (signature verdict kept).
   */
  async function resolveFiles(
    r: HistoryDossier,
    pkg: Map<string, Buffer> | null,
    dryRun: boolean,
    err: (code: string, message: string, action?: number | null) => Rejected,
  ): Promise<Map<string, Resolved>> {
    const refs: { path: string; what: string; action: number | null }[] = [];
    for (const c of r.components ?? []) if (c.scan) refs.push({ path: pathOf(c.scan.file), what: `bản quét thành phần số ${c.index}`, action: null });
    r.actions.forEach((a, i) => {
      if (a.file) refs.push({ path: pathOf(a.file), what: `tệp kết quả (thao tác số ${i + 1})`, action: i + 1 });
    });
    const out = new Map<string, Resolved>();
    for (const f of refs) {
      if (out.has(f.path)) continue;
      if (!pkg)
        throw err(
          'file_not_found',
          `${f.what}: tệp "${f.path}" không có — tệp NDJSON/XLSX gửi riêng không kèm tệp; hãy gửi gói ZIP gồm tệp dữ liệu và các tệp được tham chiếu.`,
          f.action,
        );
      const data = pkg.get(f.path);
      if (!data) throw err('file_not_found', `${f.what}: tệp "${f.path}" không có trong gói ZIP.`, f.action);
      if (data.length > UPLOAD_LIMIT_BYTES) throw err('file_too_large', `${f.what}: tệp "${f.path}" lớn hơn ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`, f.action);
      if (sniffMime(data) !== 'application/pdf') throw err('file_not_pdf', `${f.what}: tệp "${f.path}" không phải PDF.`, f.action);
      const hash = sha256Of(data);
      let s = stored.get(hash) ?? null;
      if (!s && !dryRun) {
        const put = await deps.files.put(data);
        const v = deps.verify ? await deps.verify(db, { sha256: hash, mimeType: 'application/pdf', data }) : null;
        s = { key: put.key, size: put.size, verdict: v?.verdict ?? null };
        stored.set(hash, s);
      }
      out.set(f.path, { path: f.path, data, sha256: hash, key: s?.key ?? 'dry-run', size: data.length, verdict: s?.verdict ?? null });
    }
    return out;
  }

  async function replay(
    rec: Located,
    r: HistoryDossier,
    importId: string,
    dryRun: boolean,
    sha256: string,
    ctxBase: Omit<RequestContext, 'actor'>,
    rp: ReturnType<typeof replayer>,
    pkg: Map<string, Buffer> | null,
  ): Promise<void> {
    const err = (code: string, message: string, action: number | null = null): Rejected =>
      new Rejected([
        {
          line: rec.line,
          where: action !== null && rec.actionWhere?.[action - 1] ? rec.actionWhere[action - 1] : rec.where,
          ref: r.ref,
          action,
          code,
          message,
        },
      ]);
    const receiving = await agencyId(db, r.receivingAgency);
    if (!receiving) throw err('agency_not_found', `cơ quan tiếp nhận có mã "${r.receivingAgency}" không có trong hệ thống.`);
    for (const [i, a] of r.actions.entries()) {
      for (const code of [a.agency, a.toAgency]) {
        if (code && !(await agencyId(db, code))) throw err('agency_not_found', `thao tác số ${i + 1}: cơ quan có mã "${code}" không có trong hệ thống.`, i + 1);
      }
    }
    const code = nfc((r.code ?? r.ref).trim());
    if (await getDossierByCode(db, code)) throw err('code_taken', `mã hồ sơ "${code}" đã có trong hệ thống (hồ sơ khác); hãy đặt "code" khác.`);
    const files = await resolveFiles(r, pkg, dryRun, err);
    const svc: DossierService = rp.service;
    const fileName = (p: string) => nfc(p.split('/').pop()!).slice(0, 255);
    await database.transaction(async (tx) => {
      const first = r.actions[0];
      rp.clock.t = new Date(first.at);
      const online = r.channel === 'online';
      const creator = actorFor(online ? ['system'] : ['one_stop_officer'], receiving, first.by ?? null);
      let id: string;
      try {
        const created = await svc.create(
          { ...ctxBase, actor: creator },
          {
            procedureCode: r.procedure,
            caseKey: r.case ?? undefined,
            channel: r.channel,
            receivingAgencyId: receiving,
            applicant: {
              kind: r.applicant.kind,
              name: r.applicant.name,
              idNumber: r.applicant.idNumber,
              phone: r.applicant.phone ?? null,
              email: r.applicant.email ?? null,
              address: r.applicant.address ?? null,
            },
            summary: r.summary ?? null,
            // Issue 19: a paper component counts as digitised only with its stored, confirmed scan (added
            // below) or when re-used from data; an online dossier's components are electronic from submission.
            components: (r.components ?? []).map((c) => ({
              index: c.index,
              digitised: (online && c.digitised === true) || !!c.reusedFrom,
              reusedFrom: c.reusedFrom ?? null,
            })),
            refuseReason: first.type === 'refuse' ? (first.reason ?? 'Từ chối tiếp nhận (hệ thống cũ không ghi lý do).') : null,
          },
          null,
          { view: false, code, tx },
        );
        id = (created.body as unknown as { id: string }).id;
      } catch (e) {
        if (e instanceof AppError) throw err(e.code, `thao tác số 1 (${ACTION_TYPES[first.type]}, ${first.at}): ${e.detail}`, 1);
        throw e;
      }
      const ctxImport = { ...ctxBase, actor: actorFor(['system'], receiving, null) };
      for (const c of r.components ?? []) {
        if (!c.scan) {
          if (!online && c.digitised === true && !c.reusedFrom) await noteDeclaredDigitised(tx, id, c.index);
          continue;
        }
        // The scan as the counter stores it, confirmed by the previous system's officer at that time.
        const f = files.get(pathOf(c.scan.file))!;
        const at = new Date(c.scan.confirmedAt);
        const row = await importDossierFile(tx, {
          dossierId: id,
          componentIndex: c.index,
          kind: 'component',
          fileName: fileName(f.path),
          mimeType: 'application/pdf',
          sizeBytes: f.size,
          sha256: f.sha256,
          storageKey: f.key,
          uploadedBy: HISTORY_ACTOR_ID,
          uploadedAt: at,
          confirmed: { by: HISTORY_ACTOR_ID, byName: c.scan.confirmedBy, at },
        });
        await recordAudit(tx, ctxImport, {
          action: 'dossier.component.digitised',
          entity: 'dossier',
          entityId: id,
          summary: {
            code,
            componentIndex: c.index,
            fileId: row.id,
            sha256: f.sha256,
            matchesOriginal: true,
            imported: true,
            confirmedBy: c.scan.confirmedBy,
            confirmedAt: c.scan.confirmedAt,
            verdict: f.verdict,
          },
        });
        await enqueue(tx, { topic: 'dossier.file.added', aggregateKey: `dossier:${id}:files`, payload: { dossierId: id, fileId: row.id, kind: 'component' } });
        await enqueue(tx, {
          topic: 'quality.dossier_changed',
          aggregateKey: `quality:${id}`,
          payload: { dossierId: id, code, action: 'component_digitised', componentIndex: c.index },
        });
      }
      for (let i = 1; i < r.actions.length; i++) {
        const a = r.actions[i];
        rp.clock.t = new Date(a.at);
        const input = actionInput(a, (c) => agencyIds.get(c) ?? null);
        if (a.type === 'result_ready' && a.file) {
          // The result document as the previous system issued (and signed) it: kept as imported, never
          // re-sealed by MotCua; its signatures are verified and the verdict kept, as for any uploaded PDF.
          const f = files.get(pathOf(a.file))!;
          const row = await importDossierFile(tx, {
            dossierId: id,
            componentIndex: null,
            kind: 'result',
            fileName: fileName(f.path),
            mimeType: 'application/pdf',
            sizeBytes: f.size,
            sha256: f.sha256,
            storageKey: f.key,
            uploadedBy: HISTORY_ACTOR_ID,
            uploadedAt: new Date(a.at),
          });
          await recordAudit(tx, ctxImport, {
            action: 'dossier.file.upload',
            entity: 'dossier',
            entityId: id,
            summary: { fileId: row.id, kind: 'result', sha256: f.sha256, size: f.size, verdict: f.verdict, imported: true },
          });
          await enqueue(tx, { topic: 'dossier.file.added', aggregateKey: `dossier:${id}:files`, payload: { dossierId: id, fileId: row.id, kind: 'result' } });
          input.fileId = row.id;
        }
        const act = async (body: Record<string, unknown>) => {
          const d = (await getDossier(tx, id))!;
          const oneStop = ONE_STOP_ACTIONS.includes(a.type) || (a.type === 'supplement_received' && d.state.supplementPhase === 'pre_receipt');
          const own = a.agency ? agencyIds.get(a.agency)! : oneStop ? d.receivingAgencyId : (d.currentAgencyId ?? d.receivingAgencyId);
          const actor = actorFor(oneStop ? ['one_stop_officer'] : ['specialist', 'unit_leader'], own, a.by ?? null);
          await svc.act({ ...ctxBase, actor }, id, { ...body, version: d.version } as ActionInput, null, { view: false, tx });
        };
        try {
          if (a.type === 'result_ready') {
            // The previous system did not record MotCua's internal steps: the remaining steps of the
            // processing agency's workflow are passed at the result's time.
            for (let guard = 0; ; guard++) {
              try {
                await act(input);
                break;
              } catch (e) {
                if (!(e instanceof AppError) || e.code !== 'not_last_step' || guard >= 10) throw e;
                await act({ type: 'next_step', importedActor: a.by ?? undefined, importedNote: 'bước nội bộ, tự thêm khi nhập lịch sử' });
              }
            }
          } else await act(input);
        } catch (e) {
          if (e instanceof AppError) throw err(e.code, `thao tác số ${i + 1} (${ACTION_TYPES[a.type]}, ${a.at}): ${e.detail}`, i + 1);
          throw e;
        }
      }
      if (r.rating) {
        // The applicant's rating, as given (one per dossier, no longer editable): QĐ 766 5.4 reads it like a live one.
        const d = (await getDossier(tx, id))!;
        await importRating(tx, {
          dossierId: id,
          dossierCode: d.code,
          procedureCode: d.procedureCode,
          receivingAgencyId: d.receivingAgencyId,
          leadAgencyId: d.leadAgencyId,
          agencyIds: d.agencyIds,
          level: r.rating.level,
          source: r.rating.source,
          comment: r.rating.comment ? nfc(r.rating.comment.trim()) : null,
          at: new Date(r.rating.at),
        });
        await recordAudit(tx, ctxImport, {
          action: 'citizen.rating.create',
          entity: 'dossier',
          entityId: id,
          summary: { code: d.code, channel: r.rating.source, overall: r.rating.level, at: r.rating.at, imported: true },
        });
        await enqueue(tx, {
          topic: 'citizens.rating',
          aggregateKey: `dossier:${id}:rating`,
          payload: { dossierId: id, code: d.code, channel: r.rating.source, agencyIds: d.agencyIds },
        });
      }
      await repo.insertImported(tx, { ref: r.ref, dossierId: id, sha256, importId });
      if (dryRun) throw new DryRunRollback();
    });
  }

  async function importOne(
    rec: Located,
    importId: string,
    dryRun: boolean,
    ctxBase: Omit<RequestContext, 'actor'>,
    rp: ReturnType<typeof replayer>,
    pkg: Map<string, Buffer> | null,
  ): Promise<{ outcome: 'imported' | 'unchanged' | 'rejected'; errors: ImportError[] }> {
    const raw = rec.record as Record<string, unknown>;
    const ref = raw && typeof raw.ref === 'string' ? raw.ref : null;
    const problems = raw && typeof raw.__parseError === 'string' ? [raw.__parseError] : recordProblems(raw, wall.now());
    if (problems.length)
      return {
        outcome: 'rejected',
        errors: problems.map((message) => ({ line: rec.line, where: rec.where, ref, action: actionNumber(message), code: problemCode(message), message })),
      };
    const r = raw as unknown as HistoryDossier;
    const sha256 = contentHash(r);
    const before = await repo.getImported(db, r.ref);
    if (before) {
      if (before.contentSha256 === sha256) return { outcome: 'unchanged', errors: [] };
      return {
        outcome: 'rejected',
        errors: [
          {
            line: rec.line,
            where: rec.where,
            ref: r.ref,
            action: null,
            code: 'already_imported',
            message: `hồ sơ "${r.ref}" đã được nhập trước đây với nội dung khác; hồ sơ đã nhập không bị ghi đè.`,
          },
        ],
      };
    }
    try {
      await replay(rec, r, importId, dryRun, sha256, ctxBase, rp, pkg);
      return { outcome: 'imported', errors: [] };
    } catch (e) {
      if (e instanceof DryRunRollback) return { outcome: 'imported', errors: [] };
      if (e instanceof Rejected) return { outcome: 'rejected', errors: e.errors };
      // Another import wrote the same ref meanwhile.
      if (isUniqueViolation(e)) return { outcome: 'unchanged', errors: [] };
      throw e;
    }
  }

  /** The data file to read and, for a package, its other files by path. */
  async function dataOf(
    format: 'ndjson' | 'xlsx' | 'zip',
    buf: Buffer,
    pkg: Map<string, Buffer> | null,
  ): Promise<{ parsed: Awaited<ReturnType<typeof parseXlsx>>; pkg: Map<string, Buffer> | null }> {
    if (format === 'xlsx') return { parsed: await parseXlsx(buf), pkg: null };
    if (format === 'ndjson') return { parsed: parseNdjson(buf), pkg: null };
    const data = packageDataFile([...pkg!.keys()]);
    if (!data.ok) return { parsed: { records: [], fileErrors: [data.message] }, pkg };
    const inner = pkg!.get(data.name)!;
    if (data.kind === 'ndjson') return { parsed: parseNdjson(inner), pkg };
    await checkArchive(inner);
    return { parsed: await parseXlsx(inner), pkg };
  }

  async function run(
    id: string,
    ctx: RequestContext,
    format: 'ndjson' | 'xlsx' | 'zip',
    buf: Buffer,
    dryRun: boolean,
    pkg: Map<string, Buffer> | null,
  ): Promise<void> {
    const p: Progress = { status: 'running', total: 0, processed: 0, imported: 0, unchanged: 0, rejected: 0 };
    const errors: ImportError[] = [];
    try {
      const data = await dataOf(format, buf, pkg);
      const parsed = data.parsed;
      for (const m of parsed.fileErrors) errors.push({ line: null, where: '(tệp)', ref: null, action: null, code: 'invalid_file', message: m });
      p.total = parsed.records.length;
      if (parsed.fileErrors.length === 0 && parsed.records.length === 0)
        errors.push({ line: null, where: '(tệp)', ref: null, action: null, code: 'empty_file', message: 'tệp không có hồ sơ nào.' });
      running.set(id, { ...p });
      await repo.updateJob(db, id, p);
      const seen = new Map<string, string>();
      agencyIds.clear();
      const rp = replayer();
      const ctxBase = { requestId: ctx.requestId, ip: ctx.ip };
      for (const rec of parsed.fileErrors.length ? [] : parsed.records) {
        const ref = (rec.record as { ref?: unknown })?.ref;
        let res: Awaited<ReturnType<typeof importOne>>;
        if (typeof ref === 'string' && seen.has(ref)) {
          res = {
            outcome: 'rejected',
            errors: [
              {
                line: rec.line,
                where: rec.where,
                ref,
                action: null,
                code: 'duplicate_ref',
                message: `mã hồ sơ "${ref}" xuất hiện nhiều lần trong tệp (đã có ở ${seen.get(ref)}).`,
              },
            ],
          };
        } else {
          if (typeof ref === 'string') seen.set(ref, rec.where);
          res = await importOne(rec, id, dryRun, ctxBase, rp, data.pkg);
        }
        p[res.outcome]++;
        p.processed++;
        errors.push(...res.errors);
        running.set(id, { ...p });
        if (p.processed % PROGRESS_EVERY === 0) await repo.updateJob(db, id, p);
      }
      p.status = errors.some((e) => e.line === null) ? 'failed' : 'succeeded';
      await database.transaction(async (tx) => {
        await repo.updateJob(tx, id, { ...p, errors: errors.slice(0, MAX_ERRORS_KEPT), finished: true });
        if (!dryRun)
          await recordAudit(tx, ctx, {
            action: 'history.import',
            entity: 'history_import',
            entityId: id,
            summary: { imported: p.imported, unchanged: p.unchanged, rejected: p.rejected, total: p.total },
          });
      });
    } catch (e) {
      errors.push({ line: null, where: '(tệp)', ref: null, action: null, code: 'import_failed', message: `Lỗi khi nhập: ${(e as Error).message}` });
      await repo.updateJob(db, id, { ...p, status: 'failed', errors: errors.slice(0, MAX_ERRORS_KEPT), finished: true });
    } finally {
      running.delete(id);
    }
  }

  async function get(id: string): Promise<HistoryImportJob> {
    const job = await repo.getJob(db, id);
    if (!job) throw notFound('lần nhập lịch sử hồ sơ');
    const live = running.get(id);
    const active = job.status === 'queued' || job.status === 'running';
    if (live && active) Object.assign(job, live);
    if (!live && active && wall.now().getTime() - new Date(job.updatedAt).getTime() > STALE_MS) {
      job.status = 'failed';
      job.errors = [
        ...job.errors,
        {
          line: null,
          where: '(tệp)',
          ref: null,
          action: null,
          code: 'interrupted',
          message: 'Quá trình nhập bị gián đoạn (máy chủ khởi động lại). Các hồ sơ đã nhập được giữ nguyên; nhập lại cùng tệp sẽ bỏ qua chúng.',
        },
      ];
    }
    const { updatedAt: _u, ...out } = job;
    void _u;
    out.phase = phaseVi(out);
    return out;
  }

  return {
    /** Records the job and starts it; with `wait`, returns when it has finished. */
    async submit(ctx: RequestContext, buf: Buffer, fileName: string | null, opts: { dryRun: boolean; wait: boolean }): Promise<HistoryImportJob> {
      const detected = detectFormat(buf, fileName);
      if (!detected)
        throw new AppError(
          415,
          'unsupported_file',
          'Tệp phải là NDJSON (mỗi dòng một hồ sơ), XLSX (Excel 2007 trở lên) hoặc gói ZIP (tệp dữ liệu kèm các tệp PDF).',
        );
      let format: 'ndjson' | 'xlsx' | 'zip' = detected;
      let pkg: Map<string, Buffer> | null = null;
      if (detected === 'xlsx') {
        // A ZIP archive: an XLSX workbook, or a package. Read within the limits first (zip bombs).
        try {
          const z = await readZip(buf, { limits: PACKAGE_LIMITS, keep: () => true });
          if (!z.names.includes('[Content_Types].xml')) {
            format = 'zip';
            pkg = new Map([...z.files].map(([k, v]) => [nfc(k), v]));
          }
        } catch (e) {
          if (e instanceof AppError) throw e;
        }
        if (format === 'xlsx') await checkArchive(buf);
      }
      const id = await repo.insertJob(db, { format, fileName, dryRun: opts.dryRun, createdBy: ctx.actor?.username ?? null });
      running.set(id, { status: 'queued', total: 0, processed: 0, imported: 0, unchanged: 0, rejected: 0 });
      const done = run(id, ctx, format, buf, opts.dryRun, pkg);
      if (opts.wait) await done;
      else done.catch(() => undefined);
      return get(id);
    },
    get,
    list: async (limit: number) => (await repo.listJobs(db, limit)).map(({ updatedAt: _u, ...j }) => ({ ...j, phase: phaseVi(j) })),
  };
}

/** The stable code of a record's problem (rules' Vietnamese messages). */
function problemCode(message: string): string {
  if (message.startsWith('đánh giá')) return 'invalid_rating';
  if (/^thành phần số \d+: .*(bản quét|"scan)/.test(message)) return 'invalid_scan';
  return 'invalid_record';
}

function actionNumber(message: string): number | null {
  const m = /^thao tác số (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

function phaseVi(j: Pick<HistoryImportJob, 'status' | 'dryRun' | 'processed' | 'total' | 'imported' | 'unchanged' | 'rejected'>): string {
  const what = j.dryRun ? 'Chạy thử' : 'Nhập';
  switch (j.status) {
    case 'queued':
      return `${what}: đang chờ`;
    case 'running':
      return `${what}: đang xử lý (${j.processed}/${j.total} hồ sơ)`;
    case 'succeeded':
      return `${what} xong: ${j.imported} hồ sơ ${j.dryRun ? 'sẽ được nhập' : 'đã nhập'}, ${j.unchanged} đã có (bỏ qua), ${j.rejected} bị từ chối`;
    default:
      return `${what} thất bại`;
  }
}

export type HistoryImporter = ReturnType<typeof createHistoryImporter>;
