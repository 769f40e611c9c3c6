/**
 * What every reports sub-service shares (Nghị định 09/2019/NĐ-CP): the dependencies (database,
 * clock, calendar, the leader's signing port, and the store of reads and writes), the roles and
 * the pure rules on a report's content, who may see, edit and receive a submission, the loaders,
 * the action log written with every state change (action row, audit row and outbox row in the
 * transaction of the change), and the period and submission summaries several sub-domains show.
 * The sub-services (reports.<regimes|periods|submissions|drafting|workflow|documents|aggregation|
 * consolidation|reminders>.service.ts) are composed into one service object by reports.service.ts.
 */
import { createHash } from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.js';
import { hasAnyRole, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { agencyScope, agencySubtree, getAgency, inScope, listAgencies } from '../org/org.public.js';
import type { CalendarService } from '../calendar/calendar.public.js';
import { vnIso } from '../../platform/vn-time.js';
import { daysBetween, dueDate, dayNumber, vnToday, type DeadlineRule, type PeriodWindow } from './reports.periods.js';
import { allCells, type Cells, type Template } from './reports.template.js';
import type { FigureSources, FigureValue } from './reports.figures.js';
import * as reportsRepo from './reports.repo.js';
import type * as repo from './reports.repo.js';
import { STATUS_VI, type LoggedAction, type SubmissionAction, type SubmissionStatus } from './reports.schemas.js';

/** Who fills and sends a report for their agency. */
export const REPORTER_ROLES: readonly Role[] = ['specialist', 'unit_leader', 'one_stop_officer'];
/** Who signs a report off before it is sent (the agency's leader). */
export const SIGNER_ROLES: readonly Role[] = ['unit_leader'];
/** Who manages regimes and receives reports (the receiving office; admin everywhere). */
export const RECEIVER_ROLES: readonly Role[] = ['provincial_office', 'home_affairs', 'admin'];

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

/**
 * Every read and write of the reports services: the module's repository, the agency directory and
 * scope they read (org), and the audit and outbox rows they write. Passed in (default: the real
 * ones) so a service-level test can run a rule against a typed fake with no database.
 */
export const reportsStore = { ...reportsRepo, agencyScope, agencySubtree, getAgency, listAgencies, recordAudit, enqueue };
export type ReportsStore = typeof reportsStore;

export interface ReportsDeps {
  database: Database;
  clock: { now(): Date };
  /** The province's working calendar, built once by the composition root (deps.calendar). */
  calendar: Pick<CalendarService, 'calendarFor'>;
  /** The leader's digital signature (none: a sign-off without a signed PDF). */
  signing?: ReportSigning;
  /** Default: reportsStore. */
  store?: ReportsStore;
  /** The app's QĐ 766 and tasks services (deps.quality, deps.tasks) for the pre-filled system figures (reports.figures.ts). */
  quality?: FigureSources['quality'];
  tasks?: FigureSources['tasks'];
}

export const vnIsoOrNull = (t: Date | null) => (t ? vnIso(t) : null);

export function createReportsCore(deps: ReportsDeps) {
  const { database, clock, calendar, signing } = deps;
  const db = database.db;
  const store = deps.store ?? reportsStore;

  async function workingDayFn(): Promise<(d: string) => boolean> {
    const cal = await calendar.calendarFor(null);
    return (d: string) => cal.isWorkingDay(dayNumber(d));
  }

  async function reporterAgencies(
    x: Executor,
    r: Pick<repo.RegimeRow, 'reporterKinds' | 'reporterAgencyIds' | 'receiverAgencyId'>,
  ): Promise<{ id: string; name: string }[]> {
    const out = new Map<string, string>();
    for (const kind of r.reporterKinds) {
      for (const a of (await store.listAgencies(x, { kind, current: true, limit: 500, offset: 0 })).items) out.set(a.id, a.shortName);
    }
    for (const id of r.reporterAgencyIds) {
      const a = await store.getAgency(x, id);
      if (a && a.validTo === null) out.set(a.id, a.shortName);
    }
    out.delete(r.receiverAgencyId);
    return [...out].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async function loadRegime(id: string): Promise<repo.RegimeRow> {
    const r = await store.getRegime(db, id);
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

  async function dueFor(r: Pick<repo.RegimeData, 'deadlines' | 'dayOffRule'>, w: PeriodWindow, working: (d: string) => boolean): Promise<string> {
    const rule = r.deadlines[w.frequency] as DeadlineRule | undefined;
    if (!rule) throw unprocessable('no_deadline_rule', `Chế độ báo cáo chưa quy định hạn gửi cho tần suất ${w.frequency}.`);
    return dueDate(w, rule, working, r.dayOffRule);
  }

  async function periodView(p: repo.PeriodRow, counts?: { counts: Record<string, number>; late: number; missing: number }) {
    const c = counts ?? (await store.periodCounts(db, [p.id], vnToday(clock.now()))).get(p.id) ?? { counts: {}, late: 0, missing: 0 };
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

  /** `x`: the transaction when called inside one (every read of a transaction runs on it). */
  async function templateOf(p: repo.PeriodRow, x: Executor = db): Promise<{ template: Template; regime: repo.RegimeData }> {
    const v = await store.getRegimeVersion(x, p.regimeId, p.regimeVersion);
    if (!v) throw new Error(`regime version ${p.regimeId}@${p.regimeVersion} missing`);
    return { template: v.template, regime: v };
  }

  async function loadSubmission(x: Executor, id: string, forUpdate = false) {
    const s = await store.getSubmission(x, id, forUpdate);
    if (!s) throw notFound('báo cáo');
    const p = (await store.getPeriod(x, s.periodId))!;
    return { s, p };
  }

  async function canSee(actor: Actor, s: repo.SubmissionRow, p: repo.PeriodRow, x: Executor = db): Promise<boolean> {
    if (isReceiver(actor, p.receiverAgencyId)) return true;
    return inScope(await store.agencyScope(x, actor), s.agencyId);
  }

  async function canEdit(actor: Actor, s: repo.SubmissionRow, x: Executor = db): Promise<boolean> {
    if (!hasAnyRole(actor, REPORTER_ROLES) || !actor.agencyId) return false;
    const scope = await store.agencyScope(x, { ...actor, roles: actor.roles.filter((r) => REPORTER_ROLES.includes(r)) });
    return inScope(scope, s.agencyId);
  }

  async function assertEdit(actor: Actor, s: repo.SubmissionRow, x: Executor = db): Promise<void> {
    if (!(await canEdit(actor, s, x))) throw forbidden('Chỉ cán bộ của cơ quan báo cáo được nhập, ký và gửi báo cáo này.');
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
    await store.appendAction(tx, {
      submissionId: s.id,
      type,
      ...actorFields(ctx),
      fromStatus: s.status,
      toStatus: to,
      payload,
      idempotencyKey: idemKey ?? null,
    });
    await store.recordAudit(tx, ctx, {
      action: `report.${type}`,
      entity: 'report_submission',
      entityId: s.id,
      summary: { regime: p.regimeCode, period: p.key, agencyId: s.agencyId, from: s.status, to, ...payload },
    });
    await store.enqueue(tx, {
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
    if (!(await store.updateSubmission(tx, s.id, s.version, patch)))
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

  return {
    database,
    db,
    store,
    clock,
    signing,
    /** The figure sources of the system figures (reports.drafting.service.ts). */
    figureSources: { quality: deps.quality, tasks: deps.tasks },
    workingDayFn,
    dueFor,
    reporterAgencies,
    loadRegime,
    assertManages,
    isReceiver,
    periodView,
    templateOf,
    loadSubmission,
    canSee,
    canEdit,
    assertEdit,
    assertStatus,
    assertVersion,
    logChange,
    update,
    summaryView,
  };
}

export type ReportsCore = ReturnType<typeof createReportsCore>;
