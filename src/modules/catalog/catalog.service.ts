import type { Database, Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import { getSetting } from '../../platform/auth/auth.repo.js';
import { getAgency, getAgencyByCode, resolveAgencyByName } from '../org/org.public.js';
import * as repo from './catalog.repo.js';
import {
  AGENCY_KIND_LABELS,
  addDays,
  agencySummary,
  canonicalJson,
  checkWorkflow,
  effectiveDateProblem,
  eformJsonSchema,
  eformStats,
  feeSummary,
  formatDay,
  formatDuration,
  generateWorkflow,
  normalizeContent,
  operativeTime,
  timeSummary,
  titleOf,
  todayVn,
  validateContent,
  type ContentProblem,
} from './catalog.rules.js';
import type {
  AbolishBody,
  AgencyKind,
  AgencyRef,
  Agencies,
  ManagerItem,
  ProcedureContent,
  ProcedureInput,
  ProcedureSummary,
  ProcedureVersion,
  PublishBody,
  VersionMeta,
  WorkflowCheck,
  WorkflowStep,
} from './catalog.schemas.js';

export const TOPIC_PROCEDURE_CHANGED = 'catalog.procedure.changed';

// ---- agencies -------------------------------------------------------------------------------

/** Keys used by the source files for the competent agency ("agencyKind"), and what they mean. */
const DEPARTMENT_KEYS: Record<string, { name: string; kind: AgencyKind }> = {
  so_tu_phap: { name: 'Sở Tư pháp', kind: 'department' },
  so_tai_chinh: { name: 'Sở Tài chính', kind: 'department' },
  so_nn_mt: { name: 'Sở Nông nghiệp và Môi trường', kind: 'department' },
  so_xay_dung: { name: 'Sở Xây dựng', kind: 'department' },
  so_y_te: { name: 'Sở Y tế', kind: 'department' },
  so_gd_dt: { name: 'Sở Giáo dục và Đào tạo', kind: 'department' },
  so_noi_vu: { name: 'Sở Nội vụ', kind: 'department' },
  so_kh_cn: { name: 'Sở Khoa học và Công nghệ', kind: 'department' },
  so_vh_tt_dl: { name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
  so_dt_tg: { name: 'Sở Dân tộc và Tôn giáo', kind: 'department' },
  cong_an_tinh: { name: 'Công an tỉnh', kind: 'police' },
};
export const KNOWN_AGENCY_KEYS = ['commune_ubnd', ...Object.keys(DEPARTMENT_KEYS)];

async function provinceName(db: Executor): Promise<string> {
  return (await getSetting(db, 'province_name')) ?? '';
}

/** A province-level agency by name ("Sở Tư pháp" → "Sở Tư pháp tỉnh Thanh Hóa"), following mergers; else a generic reference. */
async function provincialAgency(db: Executor, shortName: string, kind: AgencyKind): Promise<AgencyRef> {
  const province = await provinceName(db);
  const candidates = province ? [`${shortName} tỉnh ${province}`, shortName] : [shortName];
  for (const name of candidates) {
    const { current } = await resolveAgencyByName(db, name);
    if (current.length === 1) return { kind: current[0].kind as AgencyKind, id: current[0].id, code: current[0].code, name: current[0].name };
  }
  return { kind, id: null, code: null, name: province ? `${shortName} tỉnh ${province}` : shortName };
}

/** Competent and receiving agencies from a source file's agency key and the implementing levels. */
export async function agenciesFromKey(db: Executor, key: string, levels: readonly string[]): Promise<Agencies | null> {
  const receiving: AgencyRef[] = [];
  if (levels.includes('province')) receiving.push(await provincialAgency(db, 'Trung tâm Phục vụ hành chính công', 'provincial_service_centre'));
  if (levels.includes('commune')) receiving.push({ kind: 'commune_service_centre', id: null, code: null, name: AGENCY_KIND_LABELS.commune_service_centre });
  if (key === 'commune_ubnd') {
    return { competent: { kind: 'commune_people_committee', id: null, code: null, name: AGENCY_KIND_LABELS.commune_people_committee }, receiving };
  }
  const dep = DEPARTMENT_KEYS[key];
  if (!dep) return null;
  return { competent: await provincialAgency(db, dep.name, dep.kind), receiving };
}

/**
 * An agency reference as stored: a specific agency (found by id, else by code, else by exact name)
 * with its current code and name, or a kind with a label.
 */
async function resolveRef(db: Executor, ref: AgencyRef, path: string, problems: ContentProblem[]): Promise<AgencyRef> {
  if (ref.id) {
    const a = await getAgency(db, ref.id);
    if (a) return { kind: a.kind as AgencyKind, id: a.id, code: a.code, name: a.name };
    if (!ref.code) {
      problems.push({ path, message: `Không tìm thấy cơ quan có id ${ref.id}.` });
      return ref;
    }
  }
  if (ref.code) {
    const a = await getAgencyByCode(db, ref.code);
    if (!a) {
      problems.push({ path, message: `Không tìm thấy cơ quan có mã định danh ${ref.code}.` });
      return ref;
    }
    return { kind: a.kind as AgencyKind, id: a.id, code: a.code, name: a.name };
  }
  if (ref.name) {
    const { current } = await resolveAgencyByName(db, ref.name);
    if (current.length === 1) return { kind: current[0].kind as AgencyKind, id: current[0].id, code: current[0].code, name: current[0].name };
  }
  return { kind: ref.kind, id: null, code: null, name: ref.name ?? AGENCY_KIND_LABELS[ref.kind] };
}

/**
 * Turns an input into stored content: agencies resolved (from `agencies`, else from the
 * `agencyKind` key), normalised, and checked against the rules. Returns the problems instead of
 * throwing, so an import can report them with their file location.
 */
export async function prepareContent(db: Executor, input: ProcedureInput): Promise<{ content: ProcedureContent | null; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  let agencies: Agencies | null = null;
  if (input.agencies) {
    agencies = {
      competent: input.agencies.competent ? await resolveRef(db, input.agencies.competent, '/agencies/competent', problems) : null,
      receiving: [],
    };
    for (const [i, r] of input.agencies.receiving.entries()) agencies.receiving.push(await resolveRef(db, r, `/agencies/receiving/${i}`, problems));
  } else if (input.agencyKind) {
    agencies = await agenciesFromKey(db, input.agencyKind, input.levels);
    if (!agencies)
      problems.push({
        path: '/agencyKind',
        message: `Không xác định được cơ quan từ khóa "${input.agencyKind}" (các khóa đã biết: ${KNOWN_AGENCY_KEYS.join(', ')}).`,
      });
  } else {
    problems.push({ path: '/agencies', message: 'Cần khai báo cơ quan có thẩm quyền (agencies) hoặc khóa cơ quan (agencyKind).' });
  }
  const cases = [];
  for (const [i, c] of input.cases.entries()) {
    if (!c.workflow) {
      cases.push(c);
      continue;
    }
    const steps: WorkflowStep[] = [];
    for (const [j, s] of c.workflow.steps.entries())
      steps.push({ ...s, agency: await resolveRef(db, s.agency, `/cases/${i}/workflow/steps/${j}/agency`, problems) });
    cases.push({ ...c, workflow: { ...c.workflow, steps } });
  }
  if (!agencies) return { content: null, problems };
  const content = normalizeContent({ ...input, cases, agencies });
  problems.push(...validateContent(content));
  return { content: problems.length ? null : content, problems };
}

function invalid(problems: ContentProblem[]): never {
  throw unprocessable('invalid_procedure', `Thủ tục không hợp lệ: ${problems.map((p) => p.message).join(' ')}`, { errors: problems });
}

/** The columns extracted from content for search and lists. */
export function extract(c: ProcedureContent): repo.Extracted {
  const refs = [c.agencies.competent, ...c.agencies.receiving, ...c.cases.flatMap((k) => k.workflow?.steps.map((s) => s.agency) ?? [])].filter(
    (r): r is AgencyRef => !!r,
  );
  const ids = [...new Set(refs.map((r) => r.id).filter((x): x is string => !!x))];
  const kinds = [...new Set([c.agencies.competent, ...c.agencies.receiving].filter((r): r is AgencyRef => !!r && !r.id).map((r) => r.kind))];
  const stats = c.cases.map((k) => (k.eform ? eformStats(k.eform) : null));
  return {
    code: c.code,
    portalCode: c.portalCode,
    name: c.name,
    title: titleOf(c.name),
    field: c.field,
    levels: c.levels,
    onlineLevel: c.onlineLevel,
    agencyIds: ids,
    genericAgencyKinds: kinds,
    timeText: timeSummary(c.cases),
    feeText: feeSummary(c.cases),
    agencyText: agencySummary(c.agencies),
    eformFields: stats.reduce((n, s) => n + (s?.fields ?? 0), 0),
    eformPrefillable: stats.reduce((n, s) => n + (s?.prefillable ?? 0), 0),
  };
}

/** A stored version with what is derived from it (time per case, e-form statistics and schema, workflow check). */
export function toProcedureVersion(v: repo.VersionRow): ProcedureVersion {
  const c = v.content;
  return {
    procedureId: v.procedureId,
    code: v.code,
    version: repo.metaOf(v),
    content: c,
    summary: { timeText: v.timeText, feeText: v.feeText, agencyText: v.agencyText },
    derived: {
      cases: c.cases.map((k) => ({
        key: k.key,
        timeText: formatDuration(operativeTime(k)),
        eformStats: k.eform ? eformStats(k.eform) : null,
        eformSchema: k.eform ? eformJsonSchema(k.eform) : null,
        workflowCheck: k.workflow ? checkWorkflow(k, k.workflow.steps) : null,
      })),
    },
  };
}

// ---- commands inside a transaction (used by the service, the import and the seed) ------------

const by = (ctx: RequestContext) => ctx.actor?.username ?? 'system';

async function announce(
  tx: Executor,
  ctx: RequestContext,
  action: string,
  code: string,
  versionId: string,
  versionNo: number,
  summary: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, ctx, { action, entity: 'procedure', entityId: code, summary: { code, versionId, versionNo, ...summary } });
  await enqueue(tx, { topic: TOPIC_PROCEDURE_CHANGED, aggregateKey: `procedure:${code}`, payload: { code, versionId, versionNo, change: action } });
}

interface Versions {
  all: repo.VersionRow[];
  draft: repo.VersionRow | null;
  latestNonDraft: repo.VersionRow | null;
  maxNo: number;
}

async function versionsState(tx: Executor, procedureId: string): Promise<Versions> {
  const all = await repo.listVersions(tx, procedureId);
  const nonDraft = all.filter((v) => v.status !== 'draft');
  return {
    all,
    draft: all.find((v) => v.status === 'draft') ?? null,
    latestNonDraft: nonDraft.length ? nonDraft[nonDraft.length - 1] : null,
    maxNo: all.reduce((m, v) => Math.max(m, v.versionNo), 0),
  };
}

export async function createProcedureTx(tx: Executor, ctx: RequestContext, content: ProcedureContent): Promise<repo.VersionRow> {
  if (await repo.getProcedureByCode(tx, content.code)) {
    throw conflict('procedure_exists', `Thủ tục mã ${content.code} đã có trong danh mục. Hãy sửa đổi thủ tục đó (tạo phiên bản mới).`);
  }
  const procedureId = await repo.insertProcedure(tx, content.code);
  const id = await repo.insertVersion(tx, {
    ...extract(content),
    procedureId,
    versionNo: 1,
    status: 'draft',
    decisionNo: null,
    decisionDate: null,
    effectiveFrom: null,
    content,
    createdBy: by(ctx),
  });
  await announce(tx, ctx, 'procedure.create', content.code, id, 1, { name: content.name });
  return (await repo.getVersion(tx, id))!;
}

/** Writes `content` as the procedure's draft: replaces the draft (revision-checked) or opens one after the latest version. */
export async function saveDraftTx(
  tx: Executor,
  ctx: RequestContext,
  code: string,
  content: ProcedureContent,
  expectedRevision: number | null,
  opts: { mustExist?: boolean; mustNotExist?: boolean } = {},
): Promise<repo.VersionRow> {
  const proc = await repo.lockProcedure(tx, code);
  if (!proc) throw notFound(`thủ tục mã ${code}`);
  const st = await versionsState(tx, proc.id);
  if (st.draft) {
    if (opts.mustNotExist) throw conflict('draft_exists', `Thủ tục ${code} đã có bản nháp (phiên bản ${st.draft.versionNo}); hãy sửa bản nháp đó.`);
    const ok = await repo.updateDraft(tx, st.draft.id, expectedRevision, extract(content), content);
    if (!ok) throw conflict('stale_revision', 'Bản nháp đã được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentRevision: st.draft.revision });
    await repo.touchProcedure(tx, proc.id);
    await announce(tx, ctx, 'procedure.draft.update', code, st.draft.id, st.draft.versionNo);
    return (await repo.getVersion(tx, st.draft.id))!;
  }
  if (opts.mustExist) throw conflict('no_draft', `Thủ tục ${code} không có bản nháp. Hãy tạo phiên bản sửa đổi trước.`);
  const versionNo = st.maxNo + 1;
  const id = await repo.insertVersion(tx, {
    ...extract(content),
    procedureId: proc.id,
    versionNo,
    status: 'draft',
    decisionNo: null,
    decisionDate: null,
    effectiveFrom: null,
    content,
    createdBy: by(ctx),
  });
  await repo.touchProcedure(tx, proc.id);
  await announce(tx, ctx, 'procedure.amend.start', code, id, versionNo, { basedOn: st.latestNonDraft?.versionNo ?? null });
  return (await repo.getVersion(tx, id))!;
}

/** Publishes the draft by decision: a first publication, or an amendment that ends the previous version the day before. */
export async function publishTx(tx: Executor, ctx: RequestContext, code: string, p: PublishBody): Promise<repo.VersionRow> {
  const proc = await repo.lockProcedure(tx, code);
  if (!proc) throw notFound(`thủ tục mã ${code}`);
  const st = await versionsState(tx, proc.id);
  if (!st.draft) throw conflict('no_draft', `Thủ tục ${code} không có bản nháp để công bố.`);
  if (p.revision !== undefined && p.revision !== st.draft.revision) {
    throw conflict('stale_revision', 'Bản nháp đã được người khác cập nhật. Vui lòng tải lại và kiểm tra trước khi công bố.', {
      currentRevision: st.draft.revision,
    });
  }
  const dateProblem = effectiveDateProblem(p.effectiveFrom, st.latestNonDraft?.effectiveFrom ?? null);
  if (dateProblem) throw unprocessable('effective_date_order', dateProblem);
  const problems = validateContent(st.draft.content);
  if (problems.length) invalid(problems);
  await repo.publishDraft(tx, st.draft.id, {
    decisionNo: p.decisionNo.normalize('NFC').trim(),
    decisionDate: p.decisionDate ?? null,
    effectiveFrom: p.effectiveFrom,
    by: by(ctx),
  });
  if (st.latestNonDraft) await repo.setEffectiveTo(tx, st.latestNonDraft.id, addDays(p.effectiveFrom, -1));
  await repo.touchProcedure(tx, proc.id);
  const action = st.latestNonDraft ? 'procedure.amend' : 'procedure.publish';
  await announce(tx, ctx, action, code, st.draft.id, st.draft.versionNo, {
    decisionNo: p.decisionNo,
    effectiveFrom: p.effectiveFrom,
    previousVersionNo: st.latestNonDraft?.versionNo ?? null,
  });
  return (await repo.getVersion(tx, st.draft.id))!;
}

/** Abolishes by decision: a version with status "abolished" (the last content, kept for the record) from the effective date. */
export async function abolishTx(
  tx: Executor,
  ctx: RequestContext,
  code: string,
  p: AbolishBody,
  opts: { contentIfNew?: ProcedureContent } = {},
): Promise<repo.VersionRow> {
  let proc = await repo.lockProcedure(tx, code);
  if (!proc && opts.contentIfNew) {
    // Import of a procedure that is already abolished elsewhere: keep its record.
    const procedureId = await repo.insertProcedure(tx, code);
    proc = { id: procedureId, code };
  }
  if (!proc) throw notFound(`thủ tục mã ${code}`);
  const st = await versionsState(tx, proc.id);
  const last = st.latestNonDraft;
  if (!last && !opts.contentIfNew) throw conflict('not_published', `Thủ tục ${code} chưa được công bố nên không thể bãi bỏ.`);
  if (last?.status === 'abolished') throw conflict('already_abolished', `Thủ tục ${code} đã bị bãi bỏ từ ngày ${formatDay(last.effectiveFrom!)}.`);
  const dateProblem = effectiveDateProblem(p.effectiveFrom, last?.effectiveFrom ?? null);
  if (dateProblem) throw unprocessable('effective_date_order', dateProblem);
  const content = last ? last.content : opts.contentIfNew!;
  const versionNo = st.maxNo + 1;
  const id = await repo.insertVersion(tx, {
    ...extract(content),
    procedureId: proc.id,
    versionNo,
    status: 'abolished',
    decisionNo: p.decisionNo.normalize('NFC').trim(),
    decisionDate: p.decisionDate ?? null,
    effectiveFrom: p.effectiveFrom,
    content,
    createdBy: by(ctx),
  });
  if (last) await repo.setEffectiveTo(tx, last.id, addDays(p.effectiveFrom, -1));
  await repo.touchProcedure(tx, proc.id);
  await announce(tx, ctx, 'procedure.abolish', code, id, versionNo, { decisionNo: p.decisionNo, effectiveFrom: p.effectiveFrom });
  return (await repo.getVersion(tx, id))!;
}

/** Whether a stored version already says what `content` (and the publication data) say. */
export function sameVersion(
  v: repo.VersionRow | null,
  content: ProcedureContent,
  pub?: { status: string; decisionNo: string | null; decisionDate: string | null; effectiveFrom: string | null },
): boolean {
  if (!v) return false;
  if (canonicalJson(v.content) !== canonicalJson(content)) return false;
  if (!pub) return true;
  return v.status === pub.status && v.decisionNo === pub.decisionNo && v.decisionDate === pub.decisionDate && v.effectiveFrom === pub.effectiveFrom;
}

// ---- the service ----------------------------------------------------------------------------

function managerItem(procedureId: string, versions: repo.VersionRow[], today: string): ManagerItem {
  const draft = versions.find((v) => v.status === 'draft') ?? null;
  const nonDraft = versions.filter((v) => v.status !== 'draft');
  const inForce = nonDraft.find((v) => v.status === 'published' && v.effectiveFrom! <= today && (!v.effectiveTo || v.effectiveTo >= today)) ?? null;
  const last = nonDraft[nonDraft.length - 1] ?? null;
  const latest = versions[versions.length - 1];
  let state: ManagerItem['state'];
  if (!last) state = 'draft_only';
  else if (inForce) state = 'in_force';
  else if (last.status === 'abolished' && last.effectiveFrom! <= today) state = 'abolished';
  else if (last.effectiveFrom! > today) state = 'scheduled';
  else state = 'not_in_force';
  const shown = inForce ?? last ?? latest;
  return {
    procedureId,
    code: latest.code,
    name: shown.name,
    field: shown.content.field,
    levels: shown.content.levels,
    state,
    draft: draft ? repo.metaOf(draft) : null,
    inForce: inForce ? repo.metaOf(inForce) : null,
    latest: repo.metaOf(latest),
  };
}

export function createCatalogService(database: Database, clock: { now(): Date }) {
  const db = database.db;
  /** Today in Vietnam, from the application clock (tests and simulations may move it). */
  const today = () => todayVn(clock.now());

  async function prepared(input: ProcedureInput): Promise<ProcedureContent> {
    const { content, problems } = await prepareContent(db, input);
    if (!content) invalid(problems);
    return content;
  }

  async function draftOf(tx: Executor, code: string): Promise<repo.VersionRow> {
    const proc = await repo.getProcedureByCode(tx, code);
    if (!proc) throw notFound(`thủ tục mã ${code}`);
    const st = await versionsState(tx, proc.id);
    if (!st.draft) throw conflict('no_draft', `Thủ tục ${code} không có bản nháp. Hãy tạo phiên bản sửa đổi trước.`);
    return st.draft;
  }

  return {
    // ---- public ----
    async search(q: {
      q?: string;
      field?: string;
      level?: string;
      agencyId?: string;
      at?: string;
      limit: number;
      offset: number;
    }): Promise<{ items: ProcedureSummary[]; total: number }> {
      const { items, total } = await repo.searchInForce(db, { ...q, at: q.at ?? today() });
      return {
        total,
        items: items.map((r) => ({
          code: r.code,
          portalCode: r.portalCode,
          name: r.name,
          field: r.field,
          levels: r.levels,
          onlineLevel: r.onlineLevel as ProcedureSummary['onlineLevel'],
          processingTime: r.timeText,
          fees: r.feeText,
          agency: r.agencyText,
          agencyId: r.agencyId,
          versionId: r.versionId,
          versionNo: r.versionNo,
          effectiveFrom: r.effectiveFrom,
          ...(r.score !== null ? { score: r.score } : {}),
        })),
      };
    },

    async getInForce(code: string, at?: string): Promise<ProcedureVersion> {
      const day = at ?? today();
      const v = await repo.findInForce(db, code, day);
      if (v) return toProcedureVersion(v);
      const proc = await repo.getProcedureByCode(db, code);
      const st = proc ? await versionsState(db, proc.id) : null;
      const last = st?.latestNonDraft;
      if (last?.status === 'abolished' && last.effectiveFrom! <= day) {
        throw notFound(`thủ tục mã ${code} đang có hiệu lực (thủ tục đã bị bãi bỏ từ ngày ${formatDay(last.effectiveFrom!)} theo ${last.decisionNo})`);
      }
      throw notFound(`thủ tục mã ${code} đang có hiệu lực`);
    },

    async publicVersions(code: string): Promise<VersionMeta[]> {
      const proc = await repo.getProcedureByCode(db, code);
      if (!proc) throw notFound(`thủ tục mã ${code}`);
      const st = await versionsState(db, proc.id);
      const list = st.all.filter((v) => v.status !== 'draft').map(repo.metaOf);
      if (!list.length) throw notFound(`thủ tục mã ${code}`);
      return list;
    },

    async publicVersion(code: string, versionNo: number): Promise<ProcedureVersion> {
      const v = await repo.getVersionByNo(db, code, versionNo);
      if (!v || v.status === 'draft') throw notFound(`phiên bản ${versionNo} của thủ tục mã ${code}`);
      return toProcedureVersion(v);
    },

    async fields(q: { level?: string; at?: string }) {
      const collator = new Intl.Collator('vi');
      return (await repo.fieldCounts(db, q.at ?? today(), q.level)).sort((a, b) => collator.compare(a.field, b.field));
    },

    // ---- catalogue managers ----
    async list(q: { q?: string; limit: number; offset: number }): Promise<{ items: ManagerItem[]; total: number }> {
      const { ids, total } = await repo.listProcedures(db, q);
      const versions = await repo.versionsOf(db, ids);
      const day = today();
      return {
        total,
        items: ids.map((id) =>
          managerItem(
            id,
            versions.filter((v) => v.procedureId === id),
            day,
          ),
        ),
      };
    },

    async detail(code: string) {
      const proc = await repo.getProcedureByCode(db, code);
      if (!proc) throw notFound(`thủ tục mã ${code}`);
      const st = await versionsState(db, proc.id);
      const inForce = await repo.findInForce(db, code, today());
      return {
        procedureId: proc.id,
        code,
        versions: st.all.map(repo.metaOf),
        draft: st.draft ? toProcedureVersion(st.draft) : null,
        inForce: inForce ? toProcedureVersion(inForce) : null,
        latest: toProcedureVersion(st.all[st.all.length - 1]),
      };
    },

    async create(ctx: RequestContext, input: ProcedureInput): Promise<ProcedureVersion> {
      const content = await prepared(input);
      return toProcedureVersion(await database.transaction((tx) => createProcedureTx(tx, ctx, content)));
    },

    async updateDraft(ctx: RequestContext, code: string, body: { revision: number; content: ProcedureInput }): Promise<ProcedureVersion> {
      if (body.content.code !== code)
        throw unprocessable('code_mismatch', `Mã thủ tục trong nội dung (${body.content.code}) khác mã trên đường dẫn (${code}); mã thủ tục không thể sửa.`);
      const content = await prepared(body.content);
      return toProcedureVersion(await database.transaction((tx) => saveDraftTx(tx, ctx, code, content, body.revision, { mustExist: true })));
    },

    /** Opens an amendment: a draft copied from the latest version (or the given content). */
    async amend(ctx: RequestContext, code: string, body: { content?: ProcedureInput }): Promise<ProcedureVersion> {
      if (body.content && body.content.code !== code)
        throw unprocessable('code_mismatch', `Mã thủ tục trong nội dung (${body.content.code}) khác mã trên đường dẫn (${code}).`);
      const given = body.content ? await prepared(body.content) : null;
      return toProcedureVersion(
        await database.transaction(async (tx) => {
          const proc = await repo.getProcedureByCode(tx, code);
          if (!proc) throw notFound(`thủ tục mã ${code}`);
          const st = await versionsState(tx, proc.id);
          const base = given ?? st.latestNonDraft?.content ?? st.draft?.content;
          if (!base) throw notFound(`thủ tục mã ${code}`);
          return saveDraftTx(tx, ctx, code, base, null, { mustNotExist: true });
        }),
      );
    },

    async discardDraft(ctx: RequestContext, code: string): Promise<void> {
      await database.transaction(async (tx) => {
        const proc = await repo.lockProcedure(tx, code);
        if (!proc) throw notFound(`thủ tục mã ${code}`);
        const st = await versionsState(tx, proc.id);
        if (!st.draft) throw conflict('no_draft', `Thủ tục ${code} không có bản nháp.`);
        if (st.all.length === 1) throw conflict('only_version', `Bản nháp là phiên bản duy nhất của thủ tục ${code}; không thể hủy.`);
        await repo.deleteDraft(tx, st.draft.id);
        await announce(tx, ctx, 'procedure.draft.discard', code, st.draft.id, st.draft.versionNo);
      });
    },

    async publish(ctx: RequestContext, code: string, body: PublishBody): Promise<ProcedureVersion> {
      return toProcedureVersion(await database.transaction((tx) => publishTx(tx, ctx, code, body)));
    },

    async abolish(ctx: RequestContext, code: string, body: AbolishBody): Promise<ProcedureVersion> {
      return toProcedureVersion(await database.transaction((tx) => abolishTx(tx, ctx, code, body)));
    },

    /** Replaces one case's workflow in the draft; refused (422) when the budgets do not fit the case's time. */
    async setWorkflow(ctx: RequestContext, code: string, caseKey: string, body: { revision: number; steps: WorkflowStep[] }): Promise<ProcedureVersion> {
      const draft = await draftOf(db, code);
      const idx = draft.content.cases.findIndex((c) => c.key === caseKey);
      if (idx < 0) throw notFound(`trường hợp "${caseKey}" của thủ tục ${code}`);
      const check = checkWorkflow(draft.content.cases[idx], body.steps);
      if (!check.ok) throw unprocessable('workflow_invalid', check.problems.map((p) => p.message).join(' '), { check });
      const input = structuredClone(draft.content) as ProcedureInput;
      input.cases[idx] = { ...input.cases[idx], workflow: { generated: false, steps: body.steps } };
      const content = await prepared(input);
      return toProcedureVersion(await database.transaction((tx) => saveDraftTx(tx, ctx, code, content, body.revision, { mustExist: true })));
    },

    /** Replaces one case's workflow in the draft with the generated default. */
    async generateWorkflow(ctx: RequestContext, code: string, caseKey: string, body: { revision: number }): Promise<ProcedureVersion> {
      const draft = await draftOf(db, code);
      const idx = draft.content.cases.findIndex((c) => c.key === caseKey);
      if (idx < 0) throw notFound(`trường hợp "${caseKey}" của thủ tục ${code}`);
      const content = structuredClone(draft.content);
      content.cases[idx] = { ...content.cases[idx], workflow: generateWorkflow(content.cases[idx], content.agencies) };
      return toProcedureVersion(await database.transaction((tx) => saveDraftTx(tx, ctx, code, content, body.revision, { mustExist: true })));
    },

    checkWorkflow: (body: {
      time: ProcedureInput['cases'][number]['time'];
      reducedTime?: ProcedureInput['cases'][number]['time'] | null;
      steps: WorkflowStep[];
    }): WorkflowCheck => checkWorkflow({ time: body.time, reducedTime: body.reducedTime ?? null }, body.steps),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
