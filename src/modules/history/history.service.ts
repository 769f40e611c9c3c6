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
import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext, Role } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkArchive } from '../../platform/archive.js';
import { recordAudit } from '../../platform/audit.js';
import { nfc } from '../../platform/text.js';
import { getAgencyByCode } from '../org/org.public.js';
import { getDossier, getDossierByCode, historyDossierService, type DossierService, type ActionInput } from '../dossiers/dossiers.public.js';
import { ACTION_TYPES, ONE_STOP_ACTIONS, actionInput, contentHash, recordProblems, type HistoryDossier, type Located } from './history.rules.js';
import { detectFormat, parseNdjson, parseXlsx } from './history.format.js';
import * as repo from './history.repo.js';
import type { HistoryImportJob, ImportError } from './history.schemas.js';

/** The import's actor id (no account: actions name the previous system's officer in their payload). */
export const HISTORY_ACTOR_ID = '00000000-0000-4000-8000-000000000157';
const MAX_ERRORS_KEPT = 500;
const PROGRESS_EVERY = 25;
/** A running job not updated for this long, and not running here, was interrupted (process restarted). */
const STALE_MS = 10 * 60_000;

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

export function createHistoryImporter(deps: { database: Database; clock?: Clock }) {
  const { database } = deps;
  const db = database.db;
  const wall = deps.clock ?? { now: () => new Date() };
  const running = new Map<string, Progress>();

  /** One replay clock per run: each action is decided at its own time. */
  function replayer() {
    const clock = { t: new Date(0), now() { return this.t; } };
    return { clock, service: historyDossierService({ database, clock }) };
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
  async function replay(rec: Located, r: HistoryDossier, importId: string, dryRun: boolean, sha256: string, ctxBase: Omit<RequestContext, 'actor'>, rp: ReturnType<typeof replayer>): Promise<void> {
    const err = (code: string, message: string, action: number | null = null): Rejected =>
      new Rejected([{ line: rec.line, where: action !== null && rec.actionWhere?.[action - 1] ? rec.actionWhere[action - 1] : rec.where, ref: r.ref, action, code, message }]);
    const receiving = await agencyId(db, r.receivingAgency);
    if (!receiving) throw err('agency_not_found', `cơ quan tiếp nhận có mã "${r.receivingAgency}" không có trong hệ thống.`);
    for (const [i, a] of r.actions.entries()) {
      for (const code of [a.agency, a.toAgency]) {
        if (code && !(await agencyId(db, code))) throw err('agency_not_found', `thao tác số ${i + 1}: cơ quan có mã "${code}" không có trong hệ thống.`, i + 1);
      }
    }
    const code = nfc((r.code ?? r.ref).trim());
    if (await getDossierByCode(db, code)) throw err('code_taken', `mã hồ sơ "${code}" đã có trong hệ thống (hồ sơ khác); hãy đặt "code" khác.`);
    const svc: DossierService = rp.service;
    await database.transaction(async (tx) => {
      const first = r.actions[0];
      rp.clock.t = new Date(first.at);
      const online = r.channel === 'online';
      const creator = actorFor(online ? ['system'] : ['one_stop_officer'], receiving, first.by ?? null);
      let id: string;
      try {
        const created = await svc.create({ ...ctxBase, actor: creator }, {
          procedureCode: r.procedure, caseKey: r.case ?? undefined, channel: r.channel, receivingAgencyId: receiving,
          applicant: { kind: r.applicant.kind, name: r.applicant.name, idNumber: r.applicant.idNumber, phone: r.applicant.phone ?? null, email: r.applicant.email ?? null, address: r.applicant.address ?? null },
          summary: r.summary ?? null,
          components: (r.components ?? []).map((c) => ({ index: c.index, digitised: c.digitised === true, reusedFrom: c.reusedFrom ?? null })),
          refuseReason: first.type === 'refuse' ? first.reason ?? 'Từ chối tiếp nhận (hệ thống cũ không ghi lý do).' : null,
        }, null, { view: false, code });
        id = (created.body as unknown as { id: string }).id;
      } catch (e) {
        if (e instanceof AppError) throw err(e.code, `thao tác số 1 (${ACTION_TYPES[first.type]}, ${first.at}): ${e.detail}`, 1);
        throw e;
      }
      for (let i = 1; i < r.actions.length; i++) {
        const a = r.actions[i];
        rp.clock.t = new Date(a.at);
        const input = actionInput(a, (c) => agencyIds.get(c) ?? null);
        const act = async (body: Record<string, unknown>) => {
          const d = (await getDossier(tx, id))!;
          const oneStop = ONE_STOP_ACTIONS.includes(a.type) || (a.type === 'supplement_received' && d.state.supplementPhase === 'pre_receipt');
          const own = a.agency ? agencyIds.get(a.agency)! : oneStop ? d.receivingAgencyId : (d.currentAgencyId ?? d.receivingAgencyId);
          const actor = actorFor(oneStop ? ['one_stop_officer'] : ['specialist', 'unit_leader'], own, a.by ?? null);
          await svc.act({ ...ctxBase, actor }, id, { ...body, version: d.version } as ActionInput, null, { view: false });
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
      await repo.insertImported(tx, { ref: r.ref, dossierId: id, sha256, importId });
      if (dryRun) throw new DryRunRollback();
    });
  }

  async function importOne(rec: Located, importId: string, dryRun: boolean, ctxBase: Omit<RequestContext, 'actor'>, rp: ReturnType<typeof replayer>): Promise<{ outcome: 'imported' | 'unchanged' | 'rejected'; errors: ImportError[] }> {
    const raw = rec.record as Record<string, unknown>;
    const ref = raw && typeof raw.ref === 'string' ? raw.ref : null;
    const problems = raw && typeof raw.__parseError === 'string' ? [raw.__parseError] : recordProblems(raw, wall.now());
    if (problems.length) return { outcome: 'rejected', errors: problems.map((message) => ({ line: rec.line, where: rec.where, ref, action: actionNumber(message), code: 'invalid_record', message })) };
    const r = raw as unknown as HistoryDossier;
    const sha256 = contentHash(r);
    const before = await repo.getImported(db, r.ref);
    if (before) {
      if (before.contentSha256 === sha256) return { outcome: 'unchanged', errors: [] };
      return { outcome: 'rejected', errors: [{ line: rec.line, where: rec.where, ref: r.ref, action: null, code: 'already_imported', message: `hồ sơ "${r.ref}" đã được nhập trước đây với nội dung khác; hồ sơ đã nhập không bị ghi đè.` }] };
    }
    try {
      await replay(rec, r, importId, dryRun, sha256, ctxBase, rp);
      return { outcome: 'imported', errors: [] };
    } catch (e) {
      if (e instanceof DryRunRollback) return { outcome: 'imported', errors: [] };
      if (e instanceof Rejected) return { outcome: 'rejected', errors: e.errors };
      // Another import wrote the same ref meanwhile.
      if (/history_imported_dossier_pkey|duplicate key/.test((e as Error).message)) return { outcome: 'unchanged', errors: [] };
      throw e;
    }
  }

  async function run(id: string, ctx: RequestContext, format: 'ndjson' | 'xlsx', buf: Buffer, dryRun: boolean): Promise<void> {
    const p: Progress = { status: 'running', total: 0, processed: 0, imported: 0, unchanged: 0, rejected: 0 };
    const errors: ImportError[] = [];
    try {
      const parsed = format === 'xlsx' ? await parseXlsx(buf) : parseNdjson(buf);
      for (const m of parsed.fileErrors) errors.push({ line: null, where: '(tệp)', ref: null, action: null, code: 'invalid_file', message: m });
      p.total = parsed.records.length;
      if (parsed.fileErrors.length === 0 && parsed.records.length === 0) errors.push({ line: null, where: '(tệp)', ref: null, action: null, code: 'empty_file', message: 'tệp không có hồ sơ nào.' });
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
          res = { outcome: 'rejected', errors: [{ line: rec.line, where: rec.where, ref, action: null, code: 'duplicate_ref', message: `mã hồ sơ "${ref}" xuất hiện nhiều lần trong tệp (đã có ở ${seen.get(ref)}).` }] };
        } else {
          if (typeof ref === 'string') seen.set(ref, rec.where);
          res = await importOne(rec, id, dryRun, ctxBase, rp);
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
        if (!dryRun) await recordAudit(tx, ctx, { action: 'history.import', entity: 'history_import', entityId: id, summary: { imported: p.imported, unchanged: p.unchanged, rejected: p.rejected, total: p.total } });
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
    if (!live && active && Date.now() - new Date(job.updatedAt).getTime() > STALE_MS) {
      job.status = 'failed';
      job.errors = [...job.errors, { line: null, where: '(tệp)', ref: null, action: null, code: 'interrupted', message: 'Quá trình nhập bị gián đoạn (máy chủ khởi động lại). Các hồ sơ đã nhập được giữ nguyên; nhập lại cùng tệp sẽ bỏ qua chúng.' }];
    }
    const { updatedAt: _u, ...out } = job;
    void _u;
    out.phase = phaseVi(out);
    return out;
  }

  return {
    /** Records the job and starts it; with `wait`, returns when it has finished. */
    async submit(ctx: RequestContext, buf: Buffer, fileName: string | null, opts: { dryRun: boolean; wait: boolean }): Promise<HistoryImportJob> {
      const format = detectFormat(buf, fileName);
      if (!format) throw new AppError(415, 'unsupported_file', 'Tệp phải là NDJSON (mỗi dòng một hồ sơ) hoặc XLSX (Excel 2007 trở lên).');
      if (format === 'xlsx') await checkArchive(buf);
      const id = await repo.insertJob(db, { format, fileName, dryRun: opts.dryRun, createdBy: ctx.actor?.username ?? null });
      running.set(id, { status: 'queued', total: 0, processed: 0, imported: 0, unchanged: 0, rejected: 0 });
      const done = run(id, ctx, format, buf, opts.dryRun);
      if (opts.wait) await done;
      else done.catch(() => undefined);
      return get(id);
    },
    get,
    list: async (limit: number) => (await repo.listJobs(db, limit)).map(({ updatedAt: _u, ...j }) => ({ ...j, phase: phaseVi(j) })),
  };
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
