/**
 * Use cases of the reporting system (Nghị định 09/2019/NĐ-CP): regimes with versions, periods
 * opened by schedule, the submission lifecycle (draft → leader sign-off → submitted → returned /
 * accepted, every submitted version kept), system figures, aggregation, late and missing lists,
 * reminders, and the receiving office's consolidated report for the level above.
 *
 * Every state change writes its action-log row (submissions), audit row and outbox row in the
 * transaction of the change.
 */
import { createHash } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import { hasAnyRole, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/idempotency.js';
import { agencyScope, agencySubtree, getAgency, inScope, listAgencies } from '../org/org.public.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { vnIso } from '../../platform/vn-time.js';
import {
  daysBetween,
  deadlineRuleProblem,
  dueDate,
  endOfVnDay,
  isIsoDate,
  periodWindow,
  periodsOfYear,
  periodsToOpen,
  dayNumber,
  vnDay,
  vnToday,
  type DeadlineRule,
  type Frequency,
  type PeriodWindow,
  type ScheduledFrequency,
} from './reports.periods.js';
import {
  aggregate,
  allCells,
  blocking,
  cellIndex,
  cellLabel,
  templateProblems,
  validateReport,
  type Cells,
  type Issue,
  type Template,
} from './reports.template.js';
import { computeFigures, SYSTEM_FIGURE_KEYS, type FigureSources, type FigureValue } from './reports.figures.js';
import { submissionPdf } from './reports.export.js';
import * as repo from './reports.repo.js';
import {
  STATUS_VI,
  type ConsolidationIn,
  type LoggedAction,
  type SubmissionAction,
  type PeriodOpen,
  type RegimeCreate,
  type RegimeUpdate,
  type ReturnIn,
  type SaveData,
  type SubmissionStatus,
  type Transition,
} from './reports.schemas.js';

/** Who fills and sends a report for their agency. */
export const REPORTER_ROLES: readonly Role[] = ['specialist', 'unit_leader', 'one_stop_officer'];
/** Who signs a report off before it is sent (the agency's leader). */
export const SIGNER_ROLES: readonly Role[] = ['unit_leader'];
/** Who manages regimes and receives reports (the receiving office; admin everywhere). */
export const RECEIVER_ROLES: readonly Role[] = ['provincial_office', 'home_affairs', 'admin'];

const vnIsoOrNull = (t: Date | null) => (t ? vnIso(t) : null);

/** A stable hash of a report's content (what the leader signed). */
export function contentHash(c: { cells: Cells; narrative: Record<string, string>; annotations: Record<string, string> }): string {
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  return createHash('sha256')
    .update(JSON.stringify([sorted(c.cells), sorted(c.narrative), sorted(c.annotations)]))
    .digest('hex');
}

/** Cells whose value differs from the system figure (allowed only with an annotation). */
export function overriddenCells(t: Template, cells: Cells, figures: Record<string, FigureValue>): string[] {
  const out: string[] = [];
  for (const c of allCells(t)) {
    if (!c.system) continue;
    const f = figures[c.system];
    if (f && cells[c.ref] !== undefined && cells[c.ref] !== null && cells[c.ref] !== f.value) out.push(c.ref);
  }
  return out;
}

/** What an actor may do next on a submission (for the UI; the service checks again). */
export function allowedActions(status: SubmissionStatus, can: { edit: boolean; sign: boolean; receive: boolean }): SubmissionAction[] {
  const a: SubmissionAction[] = [];
  if (can.edit && ['not_started', 'draft', 'returned', 'signed'].includes(status)) a.push('save', 'prefill', 'import');
  if (can.sign && ['draft', 'returned'].includes(status)) a.push('sign');
  if (can.edit && status === 'signed') a.push('submit');
  if (can.receive && status === 'submitted') a.push('return', 'accept');
  return a;
}

/**
 * The leader's digital signature on the report (issue 19 §5, Nghị định 09/2019): the report's PDF
 * signed as PAdES with the leader's own certificate, through the signatures module's public port
 * (wired in reports.module.ts).
 */
export interface ReportSigning {
  /** Signs the PDF as `actor` (visible block of Nghị định 30/2020) and stores it; throws AppError (422/503) when it cannot. */
  sign(actor: Actor, pdf: Buffer, reason: string): Promise<{ key: string; sha256: string; data: Buffer }>;
  /** Verifies the stored signed PDF and keeps its verdict (in the caller's transaction). */
  check(tx: Executor, f: { sha256: string; data: Buffer }): Promise<{ status: string; verdict: string } | null>;
  verdicts(hashes: string[]): Promise<Map<string, { status: string; verdict: string }>>;
  file(key: string): Promise<Buffer>;
}

/** `calendar`: the province's working calendar, built once by the composition root (deps.calendar). */
export function createReportsService(deps: {
  database: Database;
  clock: { now(): Date };
  calendar: Pick<CalendarService, 'calendarFor'>;
  signing?: ReportSigning;
  /** The app's QĐ 766 and tasks services (deps.quality, deps.tasks) for the pre-filled system figures (reports.figures.ts). */
  quality?: FigureSources['quality'];
  tasks?: FigureSources['tasks'];
}) {
  const { database, clock, calendar } = deps;
  const db = database.db;

  async function workingDayFn(): Promise<(d: string) => boolean> {
    const cal = await calendar.calendarFor(null);
    return (d: string) => cal.isWorkingDay(dayNumber(d));
  }

  // ---- regimes --------------------------------------------------------------------------------

  function checkRegime(d: repo.RegimeData): void {
    const problems = templateProblems(d.template, SYSTEM_FIGURE_KEYS);
    for (const f of d.frequencies) {
      if (f === 'ad_hoc') continue;
      const rule = d.deadlines[f];
      if (!rule) problems.push(`Thiếu quy định hạn gửi báo cáo cho tần suất "${f}".`);
      else {
        const p = deadlineRuleProblem(rule, f);
        if (p) problems.push(`Hạn gửi (${f}): ${p}`);
      }
    }
    for (const k of Object.keys(d.deadlines))
      if (!d.frequencies.includes(k as Frequency)) problems.push(`Hạn gửi cho tần suất "${k}" nhưng chế độ không có tần suất này.`);
    if (!d.reporterKinds.length && !d.reporterAgencyIds.length) problems.push('Chưa xác định đối tượng báo cáo (loại cơ quan hoặc danh sách cơ quan).');
    if (problems.length)
      throw unprocessable(
        'regime_invalid',
        `Chế độ báo cáo chưa hợp lệ: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (và ${problems.length - 5} lỗi khác)` : ''}`,
        { problems },
      );
  }

  async function reporterAgencies(
    x: Executor,
    r: Pick<repo.RegimeRow, 'reporterKinds' | 'reporterAgencyIds' | 'receiverAgencyId'>,
  ): Promise<{ id: string; name: string }[]> {
    const out = new Map<string, string>();
    for (const kind of r.reporterKinds) {
      for (const a of (await listAgencies(x, { kind, current: true, limit: 500, offset: 0 })).items) out.set(a.id, a.shortName);
    }
    for (const id of r.reporterAgencyIds) {
      const a = await getAgency(x, id);
      if (a && a.validTo === null) out.set(a.id, a.shortName);
    }
    out.delete(r.receiverAgencyId);
    return [...out].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async function regimeView(r: repo.RegimeRow) {
    const receiver = await getAgency(db, r.receiverAgencyId);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      legalBasis: r.legalBasis,
      issuer: r.issuer,
      receiver: { id: r.receiverAgencyId, name: receiver?.name ?? '' },
      reporterKinds: r.reporterKinds,
      reporterAgencyIds: r.reporterAgencyIds,
      reporters: await reporterAgencies(db, r),
      frequencies: r.frequencies,
      deadlines: r.deadlines as Record<string, DeadlineRule>,
      dayOffRule: r.dayOffRule,
      reminderDays: r.reminderDays,
      sendingMethod: r.sendingMethod,
      nationalCode: r.nationalCode,
      template: r.template,
      active: r.active,
      version: r.version,
      updatedAt: vnIso(r.updatedAt),
    };
  }

  const regimeData = (r: repo.RegimeRow): repo.RegimeData => {
    const { id: _i, version: _v, updatedAt: _u, ...d } = r;
    return d;
  };

  async function loadRegime(id: string): Promise<repo.RegimeRow> {
    const r = await repo.getRegime(db, id);
    if (!r) throw notFound('chế độ báo cáo');
    return r;
  }

  /** Managing a regime: admin, or the receiving office's own staff. */
  function assertManages(actor: Actor, receiverAgencyId: string): void {
    if (actor.roles.includes('admin')) return;
    if (hasAnyRole(actor, RECEIVER_ROLES) && actor.agencyId === receiverAgencyId) return;
    throw forbidden('Chỉ cơ quan nhận báo cáo (hoặc quản trị hệ thống) được quản lý chế độ báo cáo này.');
  }

  function isReceiver(actor: Actor, receiverAgencyId: string): boolean {
    return actor.roles.includes('admin') || (hasAnyRole(actor, RECEIVER_ROLES) && actor.agencyId === receiverAgencyId);
  }

  // ---- periods --------------------------------------------------------------------------------

  async function dueFor(r: Pick<repo.RegimeData, 'deadlines' | 'dayOffRule'>, w: PeriodWindow, working: (d: string) => boolean): Promise<string> {
    const rule = r.deadlines[w.frequency] as DeadlineRule | undefined;
    if (!rule) throw unprocessable('no_deadline_rule', `Chế độ báo cáo chưa quy định hạn gửi cho tần suất ${w.frequency}.`);
    return dueDate(w, rule, working, r.dayOffRule);
  }

  /** Creates a period (if new) and one submission per reporting agency. */
  async function openPeriodTx(tx: Executor, ctx: RequestContext, r: repo.RegimeRow, w: PeriodWindow, dueOn: string): Promise<{ id: string; created: boolean }> {
    const p = await repo.insertPeriod(tx, {
      regimeId: r.id,
      regimeVersion: r.version,
      frequency: w.frequency,
      key: w.key,
      label: w.label,
      year: w.year,
      cutoffFrom: w.cutoffFrom,
      cutoffTo: w.cutoffTo,
      dueOn,
      openedBy: ctx.actor?.username ?? 'system',
    });
    if (!p.created) return p;
    const reporters = await reporterAgencies(tx, r);
    for (const a of reporters) await repo.insertSubmission(tx, p.id, a.id);
    await recordAudit(tx, ctx, {
      action: 'report.period.open',
      entity: 'report_period',
      entityId: p.id,
      summary: { regime: r.code, period: w.key, cutoffFrom: w.cutoffFrom, cutoffTo: w.cutoffTo, dueOn, reporters: reporters.length },
    });
    await enqueue(tx, {
      topic: 'reports.period.opened',
      aggregateKey: `report_period:${p.id}`,
      payload: { periodId: p.id, regime: r.code, period: w.key, label: w.label, dueOn, agencyIds: reporters.map((a) => a.id) },
    });
    return p;
  }

  async function periodView(p: repo.PeriodRow, counts?: { counts: Record<string, number>; late: number; missing: number }) {
    const c = counts ?? (await repo.periodCounts(db, [p.id], vnToday(clock.now()))).get(p.id) ?? { counts: {}, late: 0, missing: 0 };
    return {
      id: p.id,
      regime: { id: p.regimeId, code: p.regimeCode, name: p.regimeName, receiverAgencyId: p.receiverAgencyId },
      regimeVersion: p.regimeVersion,
      frequency: p.frequency,
      key: p.key,
      label: p.label,
      year: p.year,
      cutoffFrom: p.cutoffFrom,
      cutoffTo: p.cutoffTo,
      dueOn: p.dueOn,
      openedAt: vnIso(p.openedAt),
      counts: c.counts,
      late: c.late,
      missing: c.missing,
    };
  }

  async function templateOf(p: repo.PeriodRow): Promise<{ template: Template; regime: repo.RegimeData }> {
    const v = await repo.getRegimeVersion(db, p.regimeId, p.regimeVersion);
    if (!v) throw new Error(`regime version ${p.regimeId}@${p.regimeVersion} missing`);
    return { template: v.template, regime: v };
  }

  // ---- submissions ----------------------------------------------------------------------------

  async function loadSubmission(x: Executor, id: string, forUpdate = false) {
    const s = await repo.getSubmission(x, id, forUpdate);
    if (!s) throw notFound('báo cáo');
    const p = (await repo.getPeriod(x, s.periodId))!;
    return { s, p };
  }

  async function canSee(actor: Actor, s: repo.SubmissionRow, p: repo.PeriodRow): Promise<boolean> {
    if (isReceiver(actor, p.receiverAgencyId)) return true;
    return inScope(await agencyScope(db, actor), s.agencyId);
  }

  async function canEdit(actor: Actor, s: repo.SubmissionRow): Promise<boolean> {
    if (!hasAnyRole(actor, REPORTER_ROLES) || !actor.agencyId) return false;
    const scope = await agencyScope(db, { ...actor, roles: actor.roles.filter((r) => REPORTER_ROLES.includes(r)) });
    return inScope(scope, s.agencyId);
  }

  async function assertEdit(actor: Actor, s: repo.SubmissionRow): Promise<void> {
    if (!(await canEdit(actor, s))) throw forbidden('Chỉ cán bộ của cơ quan báo cáo được nhập, ký và gửi báo cáo này.');
  }

  function assertStatus(s: repo.SubmissionRow, allowed: SubmissionStatus[], what: string): void {
    if (!allowed.includes(s.status)) {
      throw conflict('invalid_transition', `Không thể ${what} khi báo cáo đang ở trạng thái "${STATUS_VI[s.status]}".`, { status: s.status });
    }
  }

  function assertVersion(s: repo.SubmissionRow, version: number): void {
    if (s.version !== version)
      throw conflict('stale_version', 'Báo cáo vừa được người khác cập nhật. Vui lòng tải lại và thử lại.', { currentVersion: s.version });
  }

  const actorFields = (ctx: RequestContext) => ({
    actorId: ctx.actor?.id ?? null,
    actorUsername: ctx.actor?.username ?? 'system',
    actorName: ctx.actor?.fullName ?? 'Hệ thống',
    actorRole: ctx.actor?.roles.join(',') ?? null,
    agencyId: ctx.actor?.agencyId ?? null,
  });

  async function logChange(
    tx: Executor,
    ctx: RequestContext,
    s: repo.SubmissionRow,
    p: repo.PeriodRow,
    type: LoggedAction,
    to: SubmissionStatus,
    payload: Record<string, unknown>,
    idemKey?: string,
  ): Promise<void> {
    await repo.appendAction(tx, {
      submissionId: s.id,
      type,
      ...actorFields(ctx),
      fromStatus: s.status,
      toStatus: to,
      payload,
      idempotencyKey: idemKey ?? null,
    });
    await recordAudit(tx, ctx, {
      action: `report.${type}`,
      entity: 'report_submission',
      entityId: s.id,
      summary: { regime: p.regimeCode, period: p.key, agencyId: s.agencyId, from: s.status, to, ...payload },
    });
    await enqueue(tx, {
      topic: 'reports.submission.changed',
      aggregateKey: `report_submission:${s.id}`,
      payload: {
        submissionId: s.id,
        type,
        from: s.status,
        to,
        regime: p.regimeCode,
        regimeName: p.regimeName,
        period: p.label,
        agencyId: s.agencyId,
        agencyName: s.agencyName,
        receiverAgencyId: p.receiverAgencyId,
      },
    });
  }

  async function update(tx: Executor, s: repo.SubmissionRow, patch: repo.SubmissionPatch): Promise<void> {
    if (!(await repo.updateSubmission(tx, s.id, s.version, patch)))
      throw conflict('stale_version', 'Báo cáo vừa được người khác cập nhật. Vui lòng tải lại và thử lại.');
  }

  async function summaryView(s: repo.SubmissionRow, p: repo.PeriodRow) {
    const today = vnToday(clock.now());
    const overdue = s.firstSubmittedAt === null && today > p.dueOn;
    const daysLate = s.firstSubmittedAt
      ? s.late
        ? Math.max(1, daysBetween(p.dueOn, vnToday(s.firstSubmittedAt)))
        : null
      : overdue
        ? daysBetween(p.dueOn, today)
        : null;
    return {
      id: s.id,
      periodId: p.id,
      periodLabel: p.label,
      regimeCode: p.regimeCode,
      regimeName: p.regimeName,
      agency: { id: s.agencyId, name: s.agencyName },
      status: s.status,
      statusName: STATUS_VI[s.status],
      dueOn: p.dueOn,
      cutoffFrom: p.cutoffFrom,
      cutoffTo: p.cutoffTo,
      submittedVersions: s.submittedVersions,
      firstSubmittedAt: vnIsoOrNull(s.firstSubmittedAt),
      lastSubmittedAt: vnIsoOrNull(s.lastSubmittedAt),
      acceptedAt: vnIsoOrNull(s.acceptedAt),
      late: s.late,
      overdue,
      daysLate,
      version: s.version,
    };
  }

  /** The signed PDFs of a report (current and versions) with the verdicts of their signatures, as checked when stored: one query for all. */
  async function signedPdfViews(fs: ({ sha256: string } | null)[]): Promise<({ sha256: string; status: string; verdict: string } | null)[]> {
    const hashes = fs.flatMap((f) => (f ? [f.sha256] : []));
    const m = deps.signing && hashes.length ? await deps.signing.verdicts(hashes) : new Map<string, { status: string; verdict: string }>();
    return fs.map((f) => (f ? { sha256: f.sha256, status: m.get(f.sha256)?.status ?? 'none', verdict: m.get(f.sha256)?.verdict ?? '' } : null));
  }

  /** The report as a PDF in the administrative layout (the current content, or a submitted version's). */
  async function renderPdf(s: repo.SubmissionRow, p: repo.PeriodRow, o: { signedByName: string | null; version?: repo.VersionRow | null }): Promise<Buffer> {
    const { template, regime } = await templateOf(p);
    const agency = await getAgency(db, s.agencyId);
    const parent = agency?.parentId ? await getAgency(db, agency.parentId) : null;
    const receiver = await getAgency(db, regime.receiverAgencyId);
    const v = o.version ?? null;
    return submissionPdf({
      regimeName: regime.name,
      legalBasis: regime.legalBasis,
      receiverName: receiver?.name ?? '',
      periodLabel: p.label,
      cutoffFrom: p.cutoffFrom,
      cutoffTo: p.cutoffTo,
      template,
      cells: v?.cells ?? s.cells,
      narrative: v?.narrative ?? s.narrative,
      annotations: v?.annotations ?? s.annotations,
      systemRefs: new Set(
        allCells(template)
          .filter((c) => c.system)
          .map((c) => c.ref),
      ),
      agency: agency?.name ?? s.agencyName,
      parent: parent?.name ?? null,
      signedByName: o.signedByName,
      versionNo: v?.versionNo ?? null,
      at: clock.now(),
    });
  }

  async function fullView(x: Executor, actor: Actor, s: repo.SubmissionRow, p: repo.PeriodRow) {
    const { template, regime } = await templateOf(p);
    const [versions, actions] = await Promise.all([repo.listVersions(x, s.id), repo.listActions(x, s.id)]);
    const edit = await canEdit(actor, s);
    const sign = edit && hasAnyRole(actor, SIGNER_ROLES);
    const pdfViews = await signedPdfViews([s.signedPdf, ...versions.map((v) => v.signedPdf)]);
    return {
      ...(await summaryView(s, p)),
      period: await periodView(p),
      regime: {
        code: regime.code,
        name: regime.name,
        legalBasis: regime.legalBasis,
        issuer: regime.issuer,
        receiverAgencyId: regime.receiverAgencyId,
        sendingMethod: regime.sendingMethod,
      },
      template,
      cells: s.cells,
      narrative: s.narrative,
      annotations: s.annotations,
      systemFigures: s.systemFigures,
      systemFiguresAt: vnIsoOrNull(s.systemFiguresAt),
      overridden: overriddenCells(template, s.cells, s.systemFigures),
      signedByName: s.signedByName,
      signedAt: vnIsoOrNull(s.signedAt),
      signedPdf: pdfViews[0] ?? null,
      reviewComment: s.reviewComment,
      cellComments: s.cellComments,
      issues: validateReport(template, s.cells, s.narrative, s.status !== 'not_started' && s.status !== 'draft' && s.status !== 'returned'),
      versions: versions.map((v, i) => ({
        versionNo: v.versionNo,
        submittedAt: vnIso(v.submittedAt),
        submittedBy: v.submittedBy,
        signedByName: v.signedByName,
        late: v.late,
        contentHash: v.contentHash,
        signedPdf: pdfViews[i + 1] ?? null,
      })),
      actions: actions.map((a) => ({ ...a, at: vnIso(a.at) })),
      allowedActions: allowedActions(s.status, { edit, sign, receive: isReceiver(actor, p.receiverAgencyId) }),
    };
  }

  /** Checks a patch of cells against the template and the system figures; returns the merged content. */
  function mergeContent(
    template: Template,
    s: repo.SubmissionRow,
    input: { cells?: Cells; narrative?: Record<string, string>; annotations?: Record<string, string> },
  ) {
    const index = cellIndex(template);
    const unknown = Object.keys(input.cells ?? {}).filter((k) => !index.has(k));
    if (unknown.length) throw badRequest('unknown_cell', `Ô không có trong mẫu báo cáo: ${unknown.slice(0, 5).join(', ')}.`, { cells: unknown });
    const unknownAnn = Object.keys(input.annotations ?? {}).filter((k) => !index.has(k));
    if (unknownAnn.length) throw badRequest('unknown_cell', `Ghi chú cho ô không có trong mẫu: ${unknownAnn.slice(0, 5).join(', ')}.`, { cells: unknownAnn });
    const sections = new Set(template.sections.map((x) => x.id));
    const unknownSec = Object.keys(input.narrative ?? {}).filter((k) => !sections.has(k));
    if (unknownSec.length) throw badRequest('unknown_section', `Đề mục không có trong đề cương: ${unknownSec.join(', ')}.`, { sections: unknownSec });
    const cells: Cells = { ...s.cells };
    for (const [k, v] of Object.entries(input.cells ?? {})) {
      if (v === null || v === '') delete cells[k];
      else cells[k] = typeof v === 'string' ? v.normalize('NFC') : v;
    }
    const narrative = { ...s.narrative };
    for (const [k, v] of Object.entries(input.narrative ?? {})) {
      if (v.trim() === '') delete narrative[k];
      else narrative[k] = v.normalize('NFC');
    }
    const annotations = { ...s.annotations };
    for (const [k, v] of Object.entries(input.annotations ?? {})) {
      if (v.trim() === '') delete annotations[k];
      else annotations[k] = v.normalize('NFC').trim();
    }
    // A value of the wrong type is bad input (400), whatever else is wrong.
    const typeErrors = validateReport(template, cells, narrative, false).filter((i) => i.code === 'cell_type');
    if (typeErrors.length)
      throw badRequest(
        'cell_invalid',
        typeErrors
          .slice(0, 3)
          .map((i) => i.message)
          .join(' '),
        { issues: typeErrors },
      );
    // A system figure may be corrected only with a written explanation (never silently).
    const silent: string[] = [];
    for (const ref of overriddenCells(template, cells, s.systemFigures)) {
      if (!annotations[ref]) silent.push(ref);
    }
    if (silent.length) {
      const c = index.get(silent[0])!;
      const f = s.systemFigures[c.system!];
      throw unprocessable(
        'system_figure_overwrite',
        `${cellLabel(c)} là số liệu hệ thống (${f.value.toLocaleString('vi-VN')}, ${f.basis}); muốn ghi số khác phải kèm ghi chú giải trình cho ô này.`,
        { cells: silent },
      );
    }
    return { cells, narrative, annotations };
  }

  async function figuresFor(s: repo.SubmissionRow, p: repo.PeriodRow, template: Template): Promise<Record<string, FigureValue>> {
    const keys = [
      ...new Set(
        allCells(template)
          .map((c) => c.system)
          .filter((k): k is string => !!k),
      ),
    ];
    if (!keys.length) return {};
    const agencyIds = await agencySubtree(db, s.agencyId);
    return computeFigures(
      { database, quality: deps.quality, tasks: deps.tasks },
      { agencyId: s.agencyId, agencyIds, cutoffFrom: p.cutoffFrom, cutoffTo: p.cutoffTo, keys, now: clock.now() },
    );
  }

  /** Applies new system figures: cells that held the old figure (or nothing) take the new one; annotated corrections stay. */
  function applyFigures(
    template: Template,
    cells: Cells,
    annotations: Record<string, string>,
    old: Record<string, FigureValue>,
    fresh: Record<string, FigureValue>,
  ): Cells {
    const out = { ...cells };
    for (const c of allCells(template)) {
      if (!c.system || !fresh[c.system]) continue;
      const cur = out[c.ref];
      // An annotated correction of the previous figure stays; everything else takes the new figure.
      const correction = !!annotations[c.ref] && cur !== undefined && cur !== null && (!old[c.system] || cur !== old[c.system].value);
      if (!correction) out[c.ref] = fresh[c.system].value;
    }
    return out;
  }

  const service = {
    // ---- regimes ----
    async listRegimes(q: { q?: string; active?: boolean; limit: number; offset: number }) {
      const r = await repo.listRegimes(db, q);
      return { total: r.total, items: await Promise.all(r.items.map(regimeView)) };
    },
    async getRegime(id: string) {
      const r = await loadRegime(id);
      return {
        ...(await regimeView(r)),
        versions: (await repo.listRegimeVersions(db, id)).map((v) => ({ version: v.version, createdAt: vnIso(v.createdAt), createdBy: v.createdBy })),
      };
    },
    async createRegime(ctx: RequestContext, input: RegimeCreate, idemKey?: string) {
      const actor = ctx.actor!;
      assertManages(actor, input.receiverAgencyId);
      const d: repo.RegimeData = {
        ...input,
        frequencies: input.frequencies as Frequency[],
        deadlines: input.deadlines as repo.RegimeData['deadlines'],
        dayOffRule: input.dayOffRule as repo.RegimeData['dayOffRule'],
        template: input.template as Template,
        active: true,
        nationalCode: input.nationalCode ?? null,
      };
      checkRegime(d);
      const id = (
        await withIdempotency(database, { operation: 'reports.regime.create', principal: actor.id, key: idemKey, request: input }, async (tx) => {
          if (!(await getAgency(tx, d.receiverAgencyId))) throw unprocessable('agency_not_found', 'Cơ quan nhận báo cáo không tồn tại.');
          for (const a of d.reporterAgencyIds) if (!(await getAgency(tx, a))) throw unprocessable('agency_not_found', `Cơ quan báo cáo ${a} không tồn tại.`);
          if (await repo.getRegimeByCode(tx, d.code)) throw conflict('regime_code_taken', `Mã chế độ báo cáo ${d.code} đã tồn tại.`);
          const newId = await repo.insertRegime(tx, d);
          await repo.insertRegimeVersion(tx, newId, 1, d, actor.username);
          await recordAudit(tx, ctx, { action: 'report.regime.create', entity: 'report_regime', entityId: newId, summary: { code: d.code, name: d.name } });
          await enqueue(tx, { topic: 'reports.regime.changed', aggregateKey: `report_regime:${newId}`, payload: { id: newId, version: 1, change: 'created' } });
          return { status: 201, body: newId };
        })
      ).body;
      return service.getRegime(id);
    },
    async updateRegime(ctx: RequestContext, id: string, patch: RegimeUpdate) {
      const actor = ctx.actor!;
      await database.transaction(async (tx) => {
        const before = await repo.getRegime(tx, id);
        if (!before) throw notFound('chế độ báo cáo');
        assertManages(actor, before.receiverAgencyId);
        if (patch.receiverAgencyId) assertManages(actor, patch.receiverAgencyId);
        if (patch.version !== before.version)
          throw conflict('stale_version', 'Chế độ báo cáo đã được người khác sửa. Vui lòng tải lại.', { currentVersion: before.version });
        const { version: _v, ...rest } = patch;
        const d: repo.RegimeData = { ...regimeData(before), ...(rest as Partial<repo.RegimeData>) };
        checkRegime(d);
        if (!(await repo.updateRegime(tx, id, d, before.version))) throw conflict('stale_version', 'Chế độ báo cáo đã được người khác sửa. Vui lòng tải lại.');
        await repo.insertRegimeVersion(tx, id, before.version + 1, d, actor.username);
        await recordAudit(tx, ctx, {
          action: 'report.regime.update',
          entity: 'report_regime',
          entityId: id,
          summary: { fields: Object.keys(rest), version: before.version + 1 },
        });
        await enqueue(tx, {
          topic: 'reports.regime.changed',
          aggregateKey: `report_regime:${id}`,
          payload: { id, version: before.version + 1, change: 'updated' },
        });
      });
      return service.getRegime(id);
    },
    /** The periods of a year with cut-off windows and due dates (no change). */
    async previewPeriods(id: string, year: number) {
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badRequest('invalid_year', 'Năm phải từ 2000 đến 2100.');
      const r = await loadRegime(id);
      const working = await workingDayFn();
      const out = [];
      for (const f of r.frequencies) {
        if (f === 'ad_hoc') continue;
        for (const w of periodsOfYear(f, year))
          out.push({ frequency: f, key: w.key, label: w.label, cutoffFrom: w.cutoffFrom, cutoffTo: w.cutoffTo, dueOn: await dueFor(r, w, working) });
      }
      return { items: out, total: out.length };
    },

    // ---- periods ----
    async openPeriod(ctx: RequestContext, regimeId: string, input: PeriodOpen, idemKey?: string) {
      const r = await loadRegime(regimeId);
      assertManages(ctx.actor!, r.receiverAgencyId);
      let w: PeriodWindow;
      let dueOn: string;
      if (input.frequency === 'ad_hoc') {
        const a = input as Extract<PeriodOpen, { frequency: 'ad_hoc' }>;
        for (const d of [a.cutoffFrom, a.cutoffTo, a.dueOn]) if (!isIsoDate(d)) throw badRequest('invalid_date', `Ngày ${d} không hợp lệ.`);
        if (a.cutoffTo < a.cutoffFrom) throw badRequest('invalid_range', 'Ngày kết thúc chốt số liệu phải sau ngày bắt đầu.');
        if (a.dueOn <= a.cutoffTo) throw unprocessable('due_before_cutoff', 'Hạn gửi báo cáo phải sau ngày chốt số liệu (Điều 8 khoản 5 Nghị định 09/2019).');
        const year = Number(a.cutoffTo.slice(0, 4));
        w = {
          frequency: 'ad_hoc',
          year,
          index: 1,
          key: `${year}-DX-${a.cutoffFrom}-${a.cutoffTo}`,
          label: a.label.normalize('NFC'),
          cutoffFrom: a.cutoffFrom,
          cutoffTo: a.cutoffTo,
        };
        dueOn = a.dueOn;
      } else {
        const s = input as { frequency: string; year: number; index?: number };
        if (!r.frequencies.includes(s.frequency as Frequency))
          throw unprocessable('frequency_not_in_regime', `Chế độ báo cáo ${r.code} không có kỳ báo cáo "${s.frequency}".`);
        try {
          w = periodWindow(s.frequency as ScheduledFrequency, s.year, s.index ?? 1);
        } catch (e) {
          throw badRequest('invalid_period', (e as Error).message);
        }
        dueOn = await dueFor(r, w, await workingDayFn());
      }
      const p = (
        await withIdempotency(
          database,
          { operation: 'reports.period.open', principal: ctx.actor?.id, key: idemKey, request: { regimeId, input } },
          async (tx) => ({ status: 201, body: await openPeriodTx(tx, ctx, r, w, dueOn) }),
        )
      ).body;
      if (!p.created && input.frequency !== 'ad_hoc' && !idemKey) {
        // Opening twice is harmless: the existing period is returned.
      }
      return service.getPeriod(ctx.actor!, p.id);
    },
    /** The scheduler: opens the periods due on `today` for every active regime. */
    async openDuePeriods(today = vnToday(clock.now())): Promise<number> {
      const working = await workingDayFn();
      let n = 0;
      for (const r of await repo.activeRegimes(db)) {
        for (const f of r.frequencies) {
          if (f === 'ad_hoc' || !r.deadlines[f]) continue;
          const due = (w: PeriodWindow) => dueDate(w, r.deadlines[f]!, working, r.dayOffRule);
          for (const { window, dueOn } of periodsToOpen(f, today, due)) {
            const p = await database.transaction((tx) => openPeriodTx(tx, { actor: null, requestId: 'job:reports.open-periods', ip: null }, r, window, dueOn));
            if (p.created) n++;
          }
        }
      }
      return n;
    },
    async listPeriods(actor: Actor, q: { regimeId?: string; frequency?: string; year?: number; limit: number; offset: number }) {
      const scope = await agencyScope(db, actor);
      const vis = actor.roles.includes('admin') || scope === 'all' ? {} : { receiverIn: actor.agencyId ? [actor.agencyId] : [], reporterIn: scope };
      const r = await repo.listPeriods(db, { ...q, ...vis });
      const counts = await repo.periodCounts(
        db,
        r.items.map((p) => p.id),
        vnToday(clock.now()),
      );
      return { total: r.total, items: await Promise.all(r.items.map((p) => periodView(p, counts.get(p.id) ?? { counts: {}, late: 0, missing: 0 }))) };
    },
    async getPeriod(actor: Actor, id: string) {
      const p = await repo.getPeriod(db, id);
      if (!p) throw notFound('kỳ báo cáo');
      const scope = await agencyScope(db, actor);
      const receiver = isReceiver(actor, p.receiverAgencyId) || scope === 'all';
      const subs = await repo.listSubmissions(db, { periodId: id, agencyIds: receiver ? null : (scope as string[]), limit: 500, offset: 0 });
      if (!receiver && subs.total === 0) throw forbidden('Cơ quan của bạn không thuộc đối tượng của kỳ báo cáo này.');
      const consolidation = await repo.getConsolidation(db, id);
      return {
        ...(await periodView(p)),
        submissions: await Promise.all(subs.items.map((s) => summaryView(s, p))),
        consolidation: consolidation ? { ...consolidation, sentAt: vnIsoOrNull(consolidation.sentAt) } : null,
        canReceive: isReceiver(actor, p.receiverAgencyId),
      };
    },

    // ---- submissions ----
    async listSubmissions(
      actor: Actor,
      q: { periodId?: string; regimeId?: string; status?: string; mine?: boolean; lateOrMissing?: boolean; limit: number; offset: number },
    ) {
      const scope = await agencyScope(db, actor);
      const admin = actor.roles.includes('admin');
      let agencyIds: string[] | null = null;
      let receiverIn: string[] | null = null;
      if (q.mine) agencyIds = actor.agencyId ? (scope === 'all' ? [actor.agencyId] : scope) : [];
      else if (!admin && scope !== 'all') {
        agencyIds = scope;
        receiverIn = actor.agencyId ? [actor.agencyId] : [];
      }
      const r = await repo.listSubmissions(db, {
        periodId: q.periodId,
        regimeId: q.regimeId,
        status: q.status,
        agencyIds,
        receiverIn,
        lateOrMissing: q.lateOrMissing ? { today: vnToday(clock.now()) } : undefined,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: r.total, items: await Promise.all(r.items.map((s) => summaryView(s, s.period))) };
    },
    async getSubmission(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      return fullView(db, actor, s, p);
    },
    async getVersion(actor: Actor, id: string, versionNo: number) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const v = await repo.getVersion(db, id, versionNo);
      if (!v) throw notFound(`phiên bản ${versionNo} của báo cáo`);
      return {
        versionNo: v.versionNo,
        cells: v.cells,
        narrative: v.narrative,
        annotations: v.annotations,
        systemFigures: v.systemFigures,
        contentHash: v.contentHash,
        signedByName: v.signedByName,
        signedAt: vnIsoOrNull(v.signedAt),
        submittedAt: vnIso(v.submittedAt),
        submittedBy: v.submittedBy,
        late: v.late,
      };
    },

    async save(ctx: RequestContext, id: string, input: SaveData, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.save', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s);
        assertStatus(s, ['not_started', 'draft', 'returned', 'signed'], 'sửa');
        assertVersion(s, input.version);
        const { template } = await templateOf(p);
        const merged = mergeContent(template, s, input);
        const changed = contentHash(merged) !== contentHash(s);
        const to: SubmissionStatus = s.status === 'signed' ? (changed ? 'draft' : 'signed') : 'draft';
        await update(tx, s, { ...merged, status: to, ...(s.status === 'signed' && changed ? { signature: null } : {}) });
        await logChange(tx, ctx, s, p, 'save', to, {
          cells: Object.keys(input.cells ?? {}).length,
          sections: Object.keys(input.narrative ?? {}),
          annotations: Object.keys(input.annotations ?? {}),
          signatureCleared: s.status === 'signed' && changed,
        });
        return { status: 200, body: { id } };
      });
      return service.getSubmission(actor, id);
    },

    async prefill(ctx: RequestContext, id: string, input: Transition) {
      const actor = ctx.actor!;
      const pre = await loadSubmission(db, id);
      await assertEdit(actor, pre.s);
      const { template } = await templateOf(pre.p);
      const fresh = await figuresFor(pre.s, pre.p, template);
      await database.transaction(async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        assertStatus(s, ['not_started', 'draft', 'returned', 'signed'], 'lấy số liệu hệ thống');
        assertVersion(s, input.version);
        const cells = applyFigures(template, s.cells, s.annotations, s.systemFigures, fresh);
        const changed = contentHash({ ...s, cells }) !== contentHash(s);
        const to: SubmissionStatus = s.status === 'signed' && !changed ? 'signed' : 'draft';
        await update(tx, s, {
          cells,
          systemFigures: fresh,
          systemFiguresAt: clock.now(),
          status: to,
          ...(s.status === 'signed' && changed ? { signature: null } : {}),
        });
        await logChange(tx, ctx, s, p, 'prefill', to, { figures: Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, v.value])) });
      });
      return service.getSubmission(actor, id);
    },

    async sign(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      // The digital signature is made before the transaction (a remote signer may wait for the
      // leader's confirmation on their phone), on the content as it is now; the transaction then
      // checks that nothing changed meanwhile. Only when every check of the sign-off would pass.
      let signed: { key: string; sha256: string; data: Buffer; contentHash: string } | null = null;
      if (deps.signing) {
        const pre = await loadSubmission(db, id);
        const { template } = await templateOf(pre.p);
        const ready =
          ['draft', 'returned'].includes(pre.s.status) &&
          pre.s.version === input.version &&
          hasAnyRole(actor, SIGNER_ROLES) &&
          (await canEdit(actor, pre.s)) &&
          blocking(validateReport(template, pre.s.cells, pre.s.narrative, true)).length === 0;
        if (ready) {
          const pdf = await renderPdf(pre.s, pre.p, { signedByName: actor.fullName });
          signed = { ...(await deps.signing.sign(actor, pdf, `Ky duyet bao cao ${pre.p.label}`)), contentHash: contentHash(pre.s) };
        }
      }
      await withIdempotency(database, { operation: 'reports.sign', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s);
        if (!hasAnyRole(actor, SIGNER_ROLES)) throw forbidden('Chỉ lãnh đạo cơ quan được ký duyệt báo cáo.');
        assertStatus(s, ['draft', 'returned'], 'ký duyệt');
        assertVersion(s, input.version);
        const { template } = await templateOf(p);
        const issues = blocking(validateReport(template, s.cells, s.narrative, true));
        if (issues.length)
          throw unprocessable(
            'report_invalid',
            `Báo cáo chưa hợp lệ: ${issues
              .slice(0, 3)
              .map((i) => i.message)
              .join(' ')}${issues.length > 3 ? ` (và ${issues.length - 3} lỗi khác)` : ''}`,
            { issues },
          );
        const hash = contentHash(s);
        let pdf: { key: string; sha256: string } | null = null;
        let verdict: string | null = null;
        if (deps.signing) {
          if (!signed || signed.contentHash !== hash) throw conflict('stale_version', 'Báo cáo vừa được người khác sửa trong lúc ký; hãy tải lại và ký lại.');
          const v = await deps.signing.check(tx, { sha256: signed.sha256, data: signed.data });
          if (v?.status !== 'valid') throw unprocessable('signature_invalid', `Chữ ký số trên báo cáo không hợp lệ: ${v?.verdict ?? 'không kiểm tra được'}.`);
          pdf = { key: signed.key, sha256: signed.sha256 };
          verdict = v.verdict;
        }
        await update(tx, s, { status: 'signed', signature: { by: actor.id, name: actor.fullName, at: clock.now(), hash, pdf } });
        await logChange(
          tx,
          ctx,
          s,
          p,
          'sign',
          'signed',
          { contentHash: hash, comment: input.comment ?? null, signedPdfSha256: pdf?.sha256 ?? null, verdict },
          idemKey,
        );
        return { status: 200, body: { id } };
      });
      return service.getSubmission(actor, id);
    },

    async submit(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.submit', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        await assertEdit(actor, s);
        assertStatus(s, ['signed'], 'gửi');
        assertVersion(s, input.version);
        if (s.signedHash !== contentHash(s)) throw conflict('signature_mismatch', 'Nội dung báo cáo đã thay đổi sau khi lãnh đạo ký duyệt; cần ký duyệt lại.');
        const { template } = await templateOf(p);
        const issues = blocking(validateReport(template, s.cells, s.narrative, true));
        if (issues.length)
          throw unprocessable(
            'report_invalid',
            `Báo cáo chưa hợp lệ: ${issues
              .slice(0, 3)
              .map((i) => i.message)
              .join(' ')}`,
            { issues },
          );
        const now = clock.now();
        const firstTime = s.firstSubmittedAt === null;
        const late = firstTime ? now.getTime() >= endOfVnDay(p.dueOn).getTime() : s.late;
        const versionNo = s.submittedVersions + 1;
        await repo.insertSubmissionVersion(tx, {
          submissionId: s.id,
          versionNo,
          cells: s.cells,
          narrative: s.narrative,
          annotations: s.annotations,
          systemFigures: s.systemFigures,
          contentHash: s.signedHash!,
          signedByName: s.signedByName,
          signedAt: s.signedAt,
          submittedAt: now,
          submittedBy: actor.fullName,
          late,
          signedPdf: s.signedPdf,
        });
        await update(tx, s, { status: 'submitted', submitted: { at: now, late, firstTime }, review: { comment: null, cellComments: {} } });
        await logChange(tx, ctx, s, p, 'submit', 'submitted', { versionNo, late, dueOn: p.dueOn, comment: input.comment ?? null }, idemKey);
        return { status: 200, body: { id } };
      });
      return service.getSubmission(actor, id);
    },

    async returnReport(ctx: RequestContext, id: string, input: ReturnIn, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.return', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        if (!isReceiver(actor, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được trả lại báo cáo này.');
        assertStatus(s, ['submitted'], 'trả lại');
        assertVersion(s, input.version);
        const { template } = await templateOf(p);
        const index = cellIndex(template);
        const unknown = Object.keys(input.cellComments ?? {}).filter((k) => !index.has(k));
        if (unknown.length) throw badRequest('unknown_cell', `Ô không có trong mẫu báo cáo: ${unknown.join(', ')}.`);
        await update(tx, s, {
          status: 'returned',
          signature: null,
          review: { comment: input.comment.normalize('NFC'), cellComments: input.cellComments ?? {} },
        });
        await logChange(
          tx,
          ctx,
          s,
          p,
          'return',
          'returned',
          { versionNo: s.submittedVersions, comment: input.comment, cellComments: input.cellComments ?? {} },
          idemKey,
        );
        return { status: 200, body: { id } };
      });
      return service.getSubmission(actor, id);
    },

    async accept(ctx: RequestContext, id: string, input: Transition, idemKey?: string) {
      const actor = ctx.actor!;
      await withIdempotency(database, { operation: 'reports.accept', principal: ctx.actor?.id, key: idemKey, request: { id, input } }, async (tx) => {
        const { s, p } = await loadSubmission(tx, id, true);
        if (!isReceiver(actor, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được tiếp nhận báo cáo này.');
        assertStatus(s, ['submitted'], 'tiếp nhận');
        assertVersion(s, input.version);
        await update(tx, s, { status: 'accepted', acceptedAt: clock.now(), review: { comment: input.comment?.normalize('NFC') ?? null, cellComments: {} } });
        await logChange(tx, ctx, s, p, 'accept', 'accepted', { versionNo: s.submittedVersions, comment: input.comment ?? null }, idemKey);
        return { status: 200, body: { id } };
      });
      return service.getSubmission(actor, id);
    },

    /** For XLSX import: the template and the current content of an editable submission. */
    async forImport(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      await assertEdit(actor, s);
      return { s, p, template: (await templateOf(p)).template };
    },
    /** The report as a PDF (current content or a submitted version), for anyone who may see it. */
    async reportPdf(actor: Actor, id: string, versionNo?: number): Promise<Buffer> {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const v = versionNo ? (await repo.listVersions(db, s.id)).find((x) => x.versionNo === versionNo) : null;
      if (versionNo && !v) throw notFound('phiên bản báo cáo');
      return renderPdf(s, p, { signedByName: v?.signedByName ?? s.signedByName, version: v });
    },

    /** The PDF the leader signed digitally (the current sign-off, or the one a submitted version was sent with). */
    async signedPdf(actor: Actor, id: string, versionNo?: number): Promise<{ data: Buffer; sha256: string }> {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const f = versionNo ? (await repo.listVersions(db, s.id)).find((x) => x.versionNo === versionNo)?.signedPdf : s.signedPdf;
      if (!f || !deps.signing) throw notFound('bản báo cáo đã ký số');
      return { data: await deps.signing.file(f.key), sha256: f.sha256 };
    },

    async forExport(actor: Actor, id: string) {
      const { s, p } = await loadSubmission(db, id);
      if (!(await canSee(actor, s, p))) throw forbidden('Bạn không được xem báo cáo của cơ quan khác.');
      const { template, regime } = await templateOf(p);
      const agency = await getAgency(db, s.agencyId);
      const parent = agency?.parentId ? await getAgency(db, agency.parentId) : null;
      return { s, p, template, regime, agency, parent };
    },

    // ---- aggregation ----
    async aggregatePeriod(actor: Actor, periodId: string, include: 'accepted' | 'submitted' = 'accepted') {
      const p = await repo.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      const scope = await agencyScope(db, actor);
      if (!isReceiver(actor, p.receiverAgencyId) && scope !== 'all') throw forbidden('Chỉ cơ quan nhận báo cáo xem được số liệu tổng hợp.');
      const { template, regime } = await templateOf(p);
      const statuses: SubmissionStatus[] = include === 'submitted' ? ['submitted', 'accepted'] : ['accepted'];
      const versions = await repo.latestVersionsOfPeriod(db, periodId, statuses);
      const all = await repo.listSubmissions(db, { periodId, limit: 500, offset: 0 });
      const included = new Set(versions.map((v) => v.agencyId));
      return {
        period: await periodView(p),
        regime: { code: regime.code, name: regime.name, legalBasis: regime.legalBasis, issuer: regime.issuer, receiverAgencyId: regime.receiverAgencyId },
        template,
        include,
        agencies: versions.map((v) => ({
          agencyId: v.agencyId,
          agencyName: v.agencyName,
          submissionId: v.submissionId,
          versionNo: v.versionNo,
          status: v.status,
          late: v.late,
        })),
        notIncluded: all.items
          .filter((s) => !included.has(s.agencyId))
          .map((s) => ({ agencyId: s.agencyId, agencyName: s.agencyName, status: s.status, statusName: STATUS_VI[s.status] })),
        cells: aggregate(
          template,
          versions.map((v) => ({ agencyId: v.agencyId, agencyName: v.agencyName, cells: v.cells })),
        ),
        narratives: versions.map((v) => ({ agencyName: v.agencyName, narrative: v.narrative })),
        consolidation: await repo.getConsolidation(db, periodId),
      };
    },
    /** One regime's aggregate across the periods of a frequency and year (numeric cells). */
    async series(actor: Actor, regimeId: string, q: { frequency: string; fromYear: number; toYear: number; include?: 'accepted' | 'submitted' }) {
      const r = await loadRegime(regimeId);
      const scope = await agencyScope(db, actor);
      if (!isReceiver(actor, r.receiverAgencyId) && scope !== 'all') throw forbidden('Chỉ cơ quan nhận báo cáo xem được số liệu tổng hợp.');
      if (q.toYear < q.fromYear || q.toYear - q.fromYear > 10) throw badRequest('invalid_range', 'Khoảng năm không hợp lệ (tối đa 10 năm).');
      const periods = [];
      for (let y = q.fromYear; y <= q.toYear; y++)
        periods.push(...(await repo.listPeriods(db, { regimeId, frequency: q.frequency, year: y, limit: 500, offset: 0 })).items);
      periods.sort((a, b) => a.cutoffTo.localeCompare(b.cutoffTo));
      const out = [];
      for (const p of periods) {
        const a = await service.aggregatePeriod(actor, p.id, q.include ?? 'accepted');
        const values: Record<string, number | null> = {};
        for (const [ref, c] of Object.entries(a.cells)) if (c.mode !== 'list' && c.mode !== 'none') values[ref] = c.value;
        out.push({ periodId: p.id, key: p.key, label: p.label, cutoffFrom: p.cutoffFrom, cutoffTo: p.cutoffTo, agencies: a.agencies.length, values });
      }
      return { regime: { id: r.id, code: r.code, name: r.name }, frequency: q.frequency, template: r.template, items: out, total: out.length };
    },

    // ---- consolidation (the receiver's report to the level above) ----
    async saveConsolidation(ctx: RequestContext, periodId: string, input: ConsolidationIn) {
      const p = await repo.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      if (!isReceiver(ctx.actor!, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được lập báo cáo tổng hợp.');
      const { template } = await templateOf(p);
      const sections = new Set(template.sections.map((s) => s.id));
      const unknown = Object.keys(input.narrative ?? {}).filter((k) => !sections.has(k));
      if (unknown.length) throw badRequest('unknown_section', `Đề mục không có trong đề cương: ${unknown.join(', ')}.`);
      await database.transaction(async (tx) => {
        await repo.ensureConsolidation(tx, periodId);
        const c = (await repo.getConsolidation(tx, periodId))!;
        if (c.status === 'sent') throw conflict('consolidation_sent', 'Báo cáo tổng hợp đã gửi lên cấp trên, không sửa được.');
        if (c.version !== input.version)
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa. Vui lòng tải lại.', { currentVersion: c.version });
        const narrative = input.narrative
          ? Object.fromEntries(
              Object.entries({ ...c.narrative, ...input.narrative })
                .filter(([, v]) => v.trim() !== '')
                .map(([k, v]) => [k, v.normalize('NFC')]),
            )
          : undefined;
        if (
          !(await repo.updateConsolidation(tx, periodId, c.version, {
            number: input.number,
            narrative,
            signerTitle: input.signerTitle,
            signerName: input.signerName,
          }))
        )
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa.');
        await recordAudit(tx, ctx, {
          action: 'report.consolidation.save',
          entity: 'report_period',
          entityId: periodId,
          summary: { fields: Object.keys(input).filter((k) => k !== 'version') },
        });
        await enqueue(tx, { topic: 'reports.consolidation.changed', aggregateKey: `report_period:${periodId}`, payload: { periodId, change: 'saved' } });
      });
      return repo.getConsolidation(db, periodId);
    },
    async sendConsolidation(ctx: RequestContext, periodId: string, input: Transition) {
      const p = await repo.getPeriod(db, periodId);
      if (!p) throw notFound('kỳ báo cáo');
      if (!isReceiver(ctx.actor!, p.receiverAgencyId)) throw forbidden('Chỉ cơ quan nhận báo cáo được gửi báo cáo tổng hợp.');
      const agg = await service.aggregatePeriod(ctx.actor!, periodId, 'accepted');
      if (!agg.agencies.length) throw unprocessable('nothing_to_send', 'Chưa có báo cáo nào được tiếp nhận để tổng hợp.');
      await database.transaction(async (tx) => {
        await repo.ensureConsolidation(tx, periodId);
        const c = (await repo.getConsolidation(tx, periodId))!;
        if (c.status === 'sent') throw conflict('consolidation_sent', 'Báo cáo tổng hợp đã được gửi.');
        if (c.version !== input.version)
          throw conflict('stale_version', 'Báo cáo tổng hợp vừa được người khác sửa. Vui lòng tải lại.', { currentVersion: c.version });
        await repo.updateConsolidation(tx, periodId, c.version, { sent: { at: clock.now(), by: ctx.actor!.fullName } });
        await recordAudit(tx, ctx, {
          action: 'report.consolidation.send',
          entity: 'report_period',
          entityId: periodId,
          summary: { agencies: agg.agencies.length },
        });
        const values: Record<string, number | null> = {};
        for (const [ref, cell] of Object.entries(agg.cells)) if (cell.mode !== 'list') values[ref] = cell.value;
        await enqueue(tx, {
          topic: 'reports.national.send',
          aggregateKey: `report_period:${periodId}`,
          payload: {
            periodId,
            regimeCode: p.regimeCode,
            period: p.key,
            label: p.label,
            cutoffFrom: p.cutoffFrom,
            cutoffTo: p.cutoffTo,
            number: c.number,
            narrative: c.narrative,
            values,
            agencies: agg.agencies.length,
          },
        });
      });
      return repo.getConsolidation(db, periodId);
    },

    // ---- reminders (daily job) ----
    async sendReminders(today = vnToday(clock.now())): Promise<number> {
      const regimes = new Map((await repo.activeRegimes(db)).map((r) => [r.id, r]));
      const horizon = new Date(Date.parse(today + 'T00:00:00Z') + 31 * 86_400_000).toISOString().slice(0, 10);
      const open = await repo.openSubmissionsDueBy(db, horizon);
      let n = 0;
      for (const s of open) {
        const r = regimes.get(s.period.regimeId);
        if (!r) continue;
        const left = daysBetween(today, s.period.dueOn);
        let kind: string | null = null;
        if (left < 0) kind = 'overdue';
        else {
          const d = [...r.reminderDays].sort((a, b) => a - b).find((x) => left <= x);
          if (d !== undefined) kind = `due_in_${d}`;
        }
        if (!kind) continue;
        await database.transaction(async (tx) => {
          if (!(await repo.insertReminder(tx, s.id, kind!, today))) return;
          n++;
          const text =
            kind === 'overdue'
              ? `${s.agencyName} chưa gửi ${r.name} — ${s.period.label}; hạn gửi ${vnDay(s.period.dueOn)} đã qua ${-left} ngày.`
              : `Nhắc hạn: ${r.name} — ${s.period.label} của ${s.agencyName} phải gửi trước hết ngày ${vnDay(s.period.dueOn)} (còn ${left} ngày).`;
          await enqueue(tx, {
            topic: 'reports.reminder',
            aggregateKey: `report_submission:${s.id}`,
            payload: { submissionId: s.id, kind, agencyId: s.agencyId, receiverAgencyId: r.receiverAgencyId, dueOn: s.period.dueOn, text },
          });
        });
      }
      return n;
    },
  };
  return service;
}

export type ReportsService = ReturnType<typeof createReportsService>;
export type { Issue };
