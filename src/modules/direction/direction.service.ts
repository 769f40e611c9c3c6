/**
 * The direction centre (issue 21 §1): indicators with value, trend, target and the agencies
 * behind them; the items behind every number; leaders' recorded prompts (đôn đốc). Other modules
 * are read only through their public files.
 */
import type { Database } from '../../platform/db/database.js';
import { hasAnyRole, type Actor, type RequestContext, type Role } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { idempotencyClaim, replay, withIdempotency } from '../../platform/idempotency.js';
import { agencyScope, listAgencies, staffWithRoles } from '../org/org.public.js';
import { addWorking, localIsoDate, type CalendarService } from '../calendar/calendar.public.js';
import { directionDossierCounts, directionDossierItems } from '../dossiers/dossiers.public.js';
import { directionTaskItems } from '../tasks/tasks.public.js';
import { directionReportItems } from '../reports/reports.public.js';
import { overdueFeedbackItems } from '../feedback/feedback.public.js';
import { indexGaps } from '../reform/reform.public.js';
import type { QualityService } from '../quality/quality.public.js';
import { evaluateFormula, FormulaError, formulaOrder, parseFormula, targetMet, trendOf, type Expr } from './direction.rules.js';
import { createRiskEngine, type RiskEngine } from './direction.risk.js';
import * as repo from './direction.repo.js';

/** Who sees the centre: province-wide leaders and offices, and agency/commune leaders (scoped). */
export const CENTRE_ROLES: Role[] = ['province_leader', 'provincial_office', 'admin', 'home_affairs', 'unit_leader'];
/** Who may send a prompt (đôn đốc). */
export const PROMPT_ROLES: Role[] = ['province_leader', 'provincial_office', 'unit_leader'];
/** Who edits the catalogue of indicators. */
export const CATALOGUE_ROLES: Role[] = ['admin', 'provincial_office'];

export const TOPIC_PROMPT = 'direction.prompt' as const;

const TASK_SOON_DAYS = 7;
const REPORT_OPEN_DAYS = 90;
const ITEM_CAP = 5000;

export interface Options {
  /** "At risk in the next N working days" (default 3). */
  days?: number;
}

export interface PromptResult {
  id: string;
  indicatorCode: string;
  subjectKind: string;
  subjectId: string;
  subjectLabel: string;
  recipients: { id: string; name: string }[];
  message: string;
  createdAt: string;
}

export interface ItemOut {
  kind: 'dossier' | 'task' | 'report' | 'feedback' | 'agency';
  id: string;
  label: string;
  title: string;
  agency: { id: string; name: string } | null;
  responsible: { id: string; name: string } | null;
  dueAt: string | null;
  status: string;
  detail: string | null;
  link: string;
}

type Scope = string[] | null;

interface RankedOut {
  agency: { id: string; name: string };
  level: string | null;
  score: number | null;
  previous: number | null;
  rank: number;
}
export interface QualityOut {
  province: number | null;
  agencies: RankedOut[];
  communes: RankedOut[];
  rankedOf: number;
  computedAt: string;
}

/** How long the month's QĐ 766 ranking is reused as is, and up to when a stale one is served while it is recomputed. */
export const QUALITY_FRESH_MS = 60_000;
export const QUALITY_STALE_MS = 10 * 60_000;

const vnDate = (t: Date) => localIsoDate(t);
const monthStart = (t: Date): Date => new Date(`${vnDate(t).slice(0, 7)}-01T00:00:00+07:00`);
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const iso = (t: Date | null) => (t ? t.toISOString() : null);

export function createDirectionService(
  database: Database,
  opts: {
    /** "Now" (deps.clock). */
    clock: () => Date;
    calendar: CalendarService;
    /** The app's QĐ 766 service (deps.quality), for the month's ranking. */
    quality: Pick<QualityService, 'dashboard'>;
    risk?: RiskEngine;
    /** Milliseconds for the QĐ 766 cache's age (tests inject it). */ ticks?: () => number;
  },
) {
  const db = database.db;
  const { clock, calendar, quality } = opts;
  const risk = opts.risk ?? createRiskEngine(database, { calendar, clock });
  const ticks = opts.ticks ?? (() => Date.now());

  async function scopeOf(actor: Actor | null, agencyId?: string): Promise<Scope> {
    if (!actor || !hasAnyRole(actor, CENTRE_ROLES)) throw forbidden();
    const s = await agencyScope(db, actor);
    if (agencyId) {
      if (s !== 'all' && !s.includes(agencyId)) throw forbidden('Bạn chỉ xem được số liệu của cơ quan mình.');
      return [agencyId];
    }
    return s === 'all' ? null : s;
  }

  // The month's QĐ 766 ranking (quality.public dashboard over its read model) is the same for every
  // leader (scopes filter it afterwards) and costs far more than the rest of the centre at a
  // province's size, so it is shared: reused for QUALITY_FRESH_MS; until QUALITY_STALE_MS the last one
  // is served while one recomputation runs; older (or for another period: a new month) it is
  // computed before answering. One computation at a time per period (concurrent callers share it).
  type Dashboard = Awaited<ReturnType<typeof quality.dashboard>>;
  let qCache: { key: string; at: number; value: Dashboard; computedAt: Date } | null = null;
  let qRunning: { key: string; promise: Promise<Dashboard> } | null = null;
  function computeQuality(key: string, from: string, to: string): Promise<Dashboard> {
    if (qRunning?.key === key) return qRunning.promise;
    const started = ticks();
    const computedAt = clock();
    const promise = quality
      .dashboard({ from, to })
      .then((value) => {
        if (!qCache || qCache.key !== key || qCache.at < started) qCache = { key, at: started, value, computedAt };
        return value;
      })
      .finally(() => {
        if (qRunning?.promise === promise) qRunning = null;
      });
    qRunning = { key, promise };
    return promise;
  }
  async function qualityDashboard(from: string, to: string): Promise<{ value: Dashboard; computedAt: Date }> {
    const key = `${from}|${to}`;
    const age = qCache?.key === key ? ticks() - qCache.at : Infinity;
    if (qCache && age < QUALITY_FRESH_MS) return qCache;
    if (qCache && age < QUALITY_STALE_MS) {
      computeQuality(key, from, to).catch(() => undefined); // refreshed in the background; a failure keeps the last one
      return qCache;
    }
    const computedAt = clock();
    const value = await computeQuality(key, from, to);
    return { value, computedAt: qCache?.key === key && qCache.value === value ? qCache.computedAt : computedAt };
  }

  let names: { at: number; map: Map<string, string> } | null = null;
  async function agencyNames(): Promise<Map<string, string>> {
    if (names && Date.now() - names.at < 60_000) return names.map;
    const { items } = await listAgencies(db, { limit: 100_000, offset: 0 });
    names = { at: Date.now(), map: new Map(items.map((a) => [a.id, a.name])) };
    return names.map;
  }

  async function riskWindow(days: number): Promise<{ from: Date; until: Date }> {
    const now = clock();
    return { from: now, until: addWorking(await calendar.calendarFor(null), now, days, 'working_days') };
  }

  // -------------------------------------------------------------------------------------------
  // The centre
  // -------------------------------------------------------------------------------------------

  type ByAgency = Map<string, number>;
  interface Raw {
    value: number | null;
    previous: number | null;
    byAgency: ByAgency | null;
    note?: string;
  }

  const countBy = <T>(xs: T[], key: (x: T) => string | null): ByAgency => {
    const m: ByAgency = new Map();
    for (const x of xs) {
      const k = key(x) ?? '';
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };

  async function raw(scope: Scope, days: number): Promise<{ values: Map<string, Raw>; quality: QualityOut | null }> {
    const now = clock();
    const today = vnDate(now);
    const from = monthStart(now);
    const prevFrom = monthStart(new Date(from.getTime() - 86_400_000));
    const prevTo = new Date(Math.min(prevFrom.getTime() + (now.getTime() - from.getTime()), from.getTime()));
    const win = await riskWindow(days);
    const [cur, prev, atRisk, tasksOver, tasksSoon, repMissing, repLate, fbOver, gaps, snaps] = await Promise.all([
      directionDossierCounts(db, { from, to: now, now, agencyIds: scope }),
      directionDossierCounts(db, { from: prevFrom, to: prevTo, now, agencyIds: scope }),
      repo.flaggedByAgency(db, { ...win, agencyIds: scope }),
      directionTaskItems(db, { kind: 'overdue', today, until: today, agencyIds: scope, limit: ITEM_CAP }),
      directionTaskItems(db, { kind: 'due_soon', today, until: addDays(today, TASK_SOON_DAYS), agencyIds: scope, limit: ITEM_CAP }),
      directionReportItems(db, { kind: 'missing', today, since: addDays(today, -REPORT_OPEN_DAYS), agencyIds: scope, limit: ITEM_CAP }),
      directionReportItems(db, { kind: 'late', today, since: addDays(today, -REPORT_OPEN_DAYS), agencyIds: scope, limit: ITEM_CAP }),
      overdueFeedbackItems(db, { now, agencyIds: scope, limit: ITEM_CAP }),
      indexGaps(db),
      repo.snapshotsBefore(db, today),
    ]);
    const tot = (rows: typeof cur, f: (c: (typeof cur)[number]) => number) => rows.reduce((a, c) => a + f(c), 0);
    const by = (rows: typeof cur, f: (c: (typeof cur)[number]) => number): ByAgency => new Map(rows.filter((c) => f(c) > 0).map((c) => [c.agencyId, f(c)]));
    const rate = (rows: typeof cur) => {
      const r = tot(rows, (c) => c.resolved);
      return r ? round((100 * tot(rows, (c) => c.resolvedOnTime)) / r) : null;
    };
    const values = new Map<string, Raw>();
    values.set('DOSSIER_RECEIVED', { value: tot(cur, (c) => c.received), previous: tot(prev, (c) => c.received), byAgency: by(cur, (c) => c.received) });
    values.set('DOSSIER_RESOLVED', { value: tot(cur, (c) => c.resolved), previous: tot(prev, (c) => c.resolved), byAgency: by(cur, (c) => c.resolved) });
    values.set('DOSSIER_ON_TIME_RATE', {
      value: rate(cur),
      previous: rate(prev),
      // the agencies behind a low rate: their late dossiers
      byAgency: by(cur, (c) => c.resolvedLate),
    });
    values.set('DOSSIER_OVERDUE', { value: tot(cur, (c) => c.overdue), previous: null, byAgency: by(cur, (c) => c.overdue) });
    values.set('DOSSIER_AT_RISK', { value: atRisk.reduce((a, r) => a + r.n, 0), previous: null, byAgency: new Map(atRisk.map((r) => [r.agencyId, r.n])) });
    const uniq = (xs: { id: string }[]) => new Set(xs.map((x) => x.id)).size;
    values.set('TASK_OVERDUE', { value: uniq(tasksOver), previous: null, byAgency: countBy(tasksOver, (t) => t.agencyId) });
    values.set('TASK_DUE_SOON', { value: uniq(tasksSoon), previous: null, byAgency: countBy(tasksSoon, (t) => t.agencyId) });
    values.set('REPORT_MISSING', { value: repMissing.length, previous: null, byAgency: countBy(repMissing, (r) => r.agencyId) });
    values.set('REPORT_LATE', { value: repLate.length, previous: null, byAgency: countBy(repLate, (r) => r.agencyId) });
    values.set('FEEDBACK_OVERDUE', { value: fbOver.length, previous: null, byAgency: countBy(fbOver, (f) => f.agencyId) });
    for (const g of gaps) {
      const code = `${g.indexCode}_GAP`;
      const value = g.rank !== null && g.targetRank !== null ? g.rank - g.targetRank : null;
      const note =
        g.rank === null
          ? 'Chưa có kết quả công bố.'
          : g.targetRank === null
            ? `Hạng ${g.rank}/${g.outOf} (${g.year}); chưa đặt mục tiêu.`
            : `Hạng ${g.rank}/${g.outOf} (${g.year}); mục tiêu hạng ${g.targetRank} (${g.targetYear}).`;
      values.set(code, { value, previous: null, byAgency: null, note });
    }
    // QĐ 766: the province's (or the scoped agencies') score and the ranking of agencies and communes.
    let qualityOut: QualityOut | null = null;
    try {
      const { value: d, computedAt: qAt } = await qualityDashboard(vnDate(from), today);
      const inScope = (id: string) => scope === null || scope.includes(id);
      const items = d.items.filter((i) => inScope(i.agency.id));
      const score =
        scope === null ? d.summary.score.outOf100 : items.length ? round(items.reduce((a, i) => a + (i.score.outOf100 ?? 0), 0) / items.length) : null;
      const rows = items.map((i) => ({
        agency: { id: i.agency.id, name: i.agency.name },
        level: i.agency.level,
        score: i.score.outOf100,
        previous: i.previousOutOf100,
        rank: i.rank,
      }));
      qualityOut = {
        province: scope === null ? d.summary.score.outOf100 : null,
        agencies: rows.filter((r) => r.level !== 'commune'),
        communes: rows.filter((r) => r.level === 'commune'),
        rankedOf: d.items.length,
        computedAt: qAt.toISOString(),
      };
      values.set('QUALITY_766_SCORE', {
        value: score,
        previous: null,
        byAgency: new Map(items.filter((i) => i.score.outOf100 !== null).map((i) => [i.agency.id, i.score.outOf100 as number])),
      });
    } catch (e) {
      values.set('QUALITY_766_SCORE', { value: null, previous: null, byAgency: null, note: `Không tính được: ${(e as Error).message}` });
    }
    // Snapshot-based trend (yesterday or the last day recorded) for the "now" indicators of the province.
    if (scope === null) for (const [code, v] of values) if (v.previous === null && snaps.has(code)) v.previous = snaps.get(code) ?? null;
    return { values, quality: qualityOut };
  }

  function formulas(inds: repo.IndicatorRow[]): { order: string[]; parsed: Map<string, Expr>; errors: Map<string, string> } {
    const parsed = new Map<string, Expr>();
    const errors = new Map<string, string>();
    for (const i of inds.filter((x) => x.kind === 'formula')) {
      try {
        parsed.set(i.code, parseFormula(i.formula));
      } catch (e) {
        errors.set(i.code, (e as Error).message);
      }
    }
    try {
      return { order: formulaOrder(parsed, new Set(inds.map((i) => i.code))), parsed, errors };
    } catch (e) {
      for (const c of parsed.keys()) errors.set(c, (e as Error).message);
      return { order: [], parsed, errors };
    }
  }

  async function centre(actor: Actor | null, q: { agencyId?: string; days?: number }) {
    const scope = await scopeOf(actor, q.agencyId);
    const days = q.days ?? 3;
    const [inds, { values, quality: qualityOut }, nm] = await Promise.all([repo.listIndicators(db), raw(scope, days), agencyNames()]);
    const f = formulas(inds);
    const cur = new Map<string, number | null>([...values].map(([k, v]) => [k, v.value]));
    const prev = new Map<string, number | null>([...values].map(([k, v]) => [k, v.previous]));
    for (const code of f.order) {
      const e = f.parsed.get(code)!;
      const v = evaluateFormula(e, cur);
      cur.set(code, v === null ? null : round(v, 3));
      const p = evaluateFormula(e, prev);
      prev.set(code, p === null ? null : round(p, 3));
    }
    const items = inds.map((i) => {
      const r = values.get(i.code);
      const value = cur.get(i.code) ?? null;
      const previous = prev.get(i.code) ?? null;
      const by = r?.byAgency ? [...r.byAgency].map(([id, v]) => ({ agency: id ? { id, name: nm.get(id) ?? id } : null, value: v })) : [];
      // worst first: for "up" indicators the lowest values, for "down" the highest
      by.sort((a, b) => (i.direction === 'up' && i.code === 'QUALITY_766_SCORE' ? a.value - b.value : b.value - a.value));
      return {
        code: i.code,
        name: i.nameVi,
        nameEn: i.nameEn,
        definition: i.definition,
        kind: i.kind,
        formula: i.formula,
        source: i.source,
        owner: i.owner,
        refresh: i.refresh,
        unit: i.unit,
        target: i.target,
        direction: i.direction,
        drill: i.drill,
        value,
        previous,
        trend: trendOf(value, previous, i.direction),
        targetMet: targetMet(value, i.target, i.direction),
        agencies: by.slice(0, 10),
        agencyCount: by.length,
        note: f.errors.get(i.code) ?? r?.note ?? (i.kind === 'builtin' && !r ? 'Nguồn số liệu chưa được hệ thống hỗ trợ.' : null),
      };
    });
    return {
      computedAt: clock().toISOString(),
      period: { from: vnDate(monthStart(clock())), to: vnDate(clock()) },
      days,
      scope: scope === null ? 'province' : 'agencies',
      agencyIds: scope,
      indicators: items,
      quality: qualityOut,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Drill-down
  // -------------------------------------------------------------------------------------------

  async function leadersOf(agencyId: string | null): Promise<{ id: string; name: string } | null> {
    if (!agencyId) return null;
    const l = await staffWithRoles(db, agencyId, ['unit_leader']);
    return l[0] ? { id: l[0].id, name: l[0].fullName } : null;
  }

  async function items(
    actor: Actor | null,
    code: string,
    q: { agencyId?: string; days?: number; limit: number; offset: number },
  ): Promise<{ indicator: string; items: ItemOut[]; total: number }> {
    const scope = await scopeOf(actor, q.agencyId);
    const ind = await repo.getIndicator(db, code);
    if (!ind || !ind.active) throw notFound('chỉ số');
    const now = clock();
    const today = vnDate(now);
    const from = monthStart(now);
    let out: ItemOut[] = [];
    let total = 0;
    const page = <T>(xs: T[]) => {
      total = xs.length;
      return xs.slice(q.offset, q.offset + q.limit);
    };
    const dossierOut = async (r: Awaited<ReturnType<typeof directionDossierItems>>['items'], reasons?: Map<string, repo.RiskRow>): Promise<ItemOut[]> => {
      const res: ItemOut[] = [];
      for (const d of r) {
        const rk = reasons?.get(d.id);
        res.push({
          kind: 'dossier',
          id: d.id,
          label: d.code,
          title: d.procedureName,
          agency: { id: d.agencyId, name: d.agencyName },
          responsible: d.assigneeId ? { id: d.assigneeId, name: d.assigneeName ?? '' } : await leadersOf(d.agencyId),
          dueAt: iso(d.appointmentAt),
          status: String(d.status),
          detail: rk ? `${rk.probability === null ? '' : `${Math.round(rk.probability * 100)}% · `}${rk.reason}` : null,
          link: `/mot-cua/ho-so/${d.id}`,
        });
      }
      return res;
    };
    switch (code) {
      case 'DOSSIER_RECEIVED':
      case 'DOSSIER_RESOLVED':
      case 'DOSSIER_ON_TIME_RATE':
      case 'DOSSIER_OVERDUE': {
        const kind =
          code === 'DOSSIER_RECEIVED' ? 'received' : code === 'DOSSIER_RESOLVED' ? 'resolved' : code === 'DOSSIER_ON_TIME_RATE' ? 'resolved_late' : 'overdue';
        const r = await directionDossierItems(db, { kind, from, to: now, now, agencyIds: scope, limit: q.limit, offset: q.offset });
        total = r.total;
        out = await dossierOut(r.items);
        break;
      }
      case 'DOSSIER_AT_RISK': {
        const flagged = await repo.flaggedRisks(db, { ...(await riskWindow(q.days ?? 3)), agencyIds: scope, limit: ITEM_CAP });
        const ids = page(flagged).map((f) => f.dossierId);
        const r = await directionDossierItems(db, { kind: 'ids', ids, from, to: now, now, agencyIds: scope, limit: ids.length || 1, offset: 0 });
        out = await dossierOut(r.items, new Map(flagged.map((f) => [f.dossierId, f])));
        break;
      }
      case 'TASK_OVERDUE':
      case 'TASK_DUE_SOON': {
        const t = await directionTaskItems(db, {
          kind: code === 'TASK_OVERDUE' ? 'overdue' : 'due_soon',
          today,
          until: addDays(today, TASK_SOON_DAYS),
          agencyIds: scope,
          limit: ITEM_CAP,
        });
        // one item per task (a task with several lead agencies names them all; the first answers the prompt)
        const byTask = new Map<string, { x: (typeof t)[number]; leads: string[] }>();
        for (const x of t) {
          const e = byTask.get(x.id);
          if (e) e.leads.push(x.agencyName);
          else byTask.set(x.id, { x, leads: [x.agencyName] });
        }
        const first = (e: { x: (typeof t)[number] }) => e.x;
        for (const e of page([...byTask.values()])) {
          const x = first(e);
          const lead = t.find((y) => y.id === x.id && y.agencyId) ?? x;
          out.push({
            kind: 'task',
            id: x.id,
            label: x.planTitle,
            title: x.content,
            agency: lead.agencyId ? { id: lead.agencyId, name: lead.agencyName } : null,
            responsible: await leadersOf(lead.agencyId),
            dueAt: x.dueOn,
            status: x.status,
            detail: `${x.percent}% · Chủ trì: ${e.leads.join('; ')}`,
            link: `/giam-sat/nhiem-vu/${x.id}`,
          });
        }
        break;
      }
      case 'REPORT_MISSING':
      case 'REPORT_LATE': {
        const r = await directionReportItems(db, {
          kind: code === 'REPORT_MISSING' ? 'missing' : 'late',
          today,
          since: addDays(today, -REPORT_OPEN_DAYS),
          agencyIds: scope,
          limit: ITEM_CAP,
        });
        for (const x of page(r))
          out.push({
            kind: 'report',
            id: x.id,
            label: x.periodLabel,
            title: x.regimeName,
            agency: { id: x.agencyId, name: x.agencyName },
            responsible: await leadersOf(x.agencyId),
            dueAt: x.dueOn,
            status: x.status,
            detail: null,
            link: `/giam-sat/bao-cao/ky/${x.periodId}`,
          });
        break;
      }
      case 'FEEDBACK_OVERDUE': {
        const r = await overdueFeedbackItems(db, { now, agencyIds: scope, limit: ITEM_CAP });
        const stage = { classify: 'Phân loại', handle: 'Xử lý', publish: 'Công khai kết quả' } as const;
        for (const x of page(r))
          out.push({
            kind: 'feedback',
            id: x.id,
            label: x.code,
            title: x.title,
            agency: { id: x.agencyId, name: x.agencyName },
            responsible: await leadersOf(x.agencyId),
            dueAt: iso(x.dueAt),
            status: x.stage,
            detail: `Quá hạn khâu ${stage[x.stage]}`,
            link: `/phan-anh-kien-nghi/${x.id}`,
          });
        break;
      }
      case 'QUALITY_766_SCORE': {
        const c = await centre(actor, { agencyId: q.agencyId });
        const qo = c.quality;
        const all = qo ? [...qo.agencies, ...qo.communes].sort((a, b) => a.rank - b.rank) : [];
        for (const x of page(all))
          out.push({
            kind: 'agency',
            id: x.agency.id,
            label: `Hạng ${x.rank}`,
            title: x.agency.name,
            agency: x.agency,
            responsible: await leadersOf(x.agency.id),
            dueAt: null,
            status: x.level ?? '',
            detail: x.score === null ? null : `${x.score}/100`,
            link: `/chat-luong-phuc-vu?agency=${x.agency.id}`,
          });
        break;
      }
      default:
        total = 0; // formula and index-gap indicators have no item list
    }
    return { indicator: code, items: out, total };
  }

  // -------------------------------------------------------------------------------------------
  // Prompts (đôn đốc)
  // -------------------------------------------------------------------------------------------

  async function prompt(
    ctx: RequestContext,
    body: { indicatorCode: string; subjectKind: ItemOut['kind']; subjectId: string; message: string },
    idemKey?: string,
  ) {
    const actor = ctx.actor;
    if (!actor || !hasAnyRole(actor, PROMPT_ROLES)) throw forbidden();
    if (body.subjectKind === 'agency') throw badRequest('invalid_subject', 'Đôn đốc gửi cho một hồ sơ, nhiệm vụ, báo cáo hoặc phản ánh cụ thể.');
    // A replay answers before the checks below (the subject may have left the indicator since).
    const claim = idempotencyClaim({ operation: 'direction.prompt', principal: actor.id, key: idemKey, request: body });
    const prior = await replay<PromptResult>(db, claim);
    if (prior) return prior;
    // The subject must be one of the items behind the indicator, within the actor's scope.
    const scope = await scopeOf(actor);
    let subject: ItemOut | null = null;
    if (body.subjectKind === 'dossier') {
      const r = await directionDossierItems(db, {
        kind: 'ids',
        ids: [body.subjectId],
        from: new Date(0),
        to: new Date(0),
        now: clock(),
        agencyIds: scope,
        limit: 1,
        offset: 0,
      });
      const d = r.items[0];
      if (d)
        subject = {
          kind: 'dossier',
          id: d.id,
          label: d.code,
          title: d.procedureName,
          agency: { id: d.agencyId, name: d.agencyName },
          responsible: d.assigneeId ? { id: d.assigneeId, name: d.assigneeName ?? '' } : null,
          dueAt: iso(d.appointmentAt),
          status: String(d.status),
          detail: null,
          link: `/mot-cua/ho-so/${d.id}`,
        };
    } else {
      const list = await items(actor, body.indicatorCode, { limit: ITEM_CAP, offset: 0 });
      subject = list.items.find((i) => i.kind === body.subjectKind && i.id === body.subjectId) ?? null;
    }
    const ind = await repo.getIndicator(db, body.indicatorCode);
    if (!ind) throw notFound('chỉ số');
    if (!subject) throw notFound('mục cần đôn đốc trong phạm vi của bạn');
    let recipients: { id: string; fullName: string }[] =
      subject.kind === 'dossier' && subject.responsible ? [{ id: subject.responsible.id, fullName: subject.responsible.name }] : [];
    if (!recipients.length && subject.agency) recipients = await staffWithRoles(db, subject.agency.id, ['unit_leader']);
    if (!recipients.length)
      throw unprocessable('no_recipient', `Cơ quan ${subject.agency?.name ?? ''} chưa có lãnh đạo (tài khoản "Lãnh đạo cơ quan/phòng") nhận đôn đốc.`);
    const message = body.message.trim();
    if (!message) throw badRequest('message_required', 'Nhập nội dung đôn đốc.');
    return withIdempotency(database, claim, async (tx) => {
      const row = await repo.insertPrompt(tx, {
        indicatorCode: ind.code,
        subjectKind: subject.kind as repo.PromptRow['subjectKind'],
        subjectId: subject.id,
        subjectLabel: `${subject.label} — ${subject.title}`.slice(0, 500),
        agencyId: subject.agency?.id ?? null,
        recipientUserIds: recipients.map((r) => r.id),
        message,
        createdBy: actor.id,
      });
      await recordAudit(tx, ctx, {
        action: 'direction.prompt',
        entity: subject.kind,
        entityId: subject.id,
        summary: { promptId: row.id, indicator: ind.code, recipients: recipients.map((r) => r.id), message },
      });
      for (const r of recipients) {
        await enqueue(tx, {
          topic: TOPIC_PROMPT,
          aggregateKey: `prompt:${row.id}`,
          payload: {
            promptId: row.id,
            recipient: { userId: r.id },
            kind: 'direction.prompt',
            title: `Đôn đốc: ${subject.label}`,
            body: `${actor.fullName} đôn đốc (${ind.nameVi}): ${message}`,
            link: subject.link,
            subject: { kind: subject.kind, id: subject.id },
            dedupeKey: `direction.prompt:${row.id}:${r.id}`,
          },
        });
      }
      const out: PromptResult = {
        id: row.id,
        indicatorCode: row.indicatorCode,
        subjectKind: row.subjectKind,
        subjectId: row.subjectId,
        subjectLabel: row.subjectLabel,
        recipients: recipients.map((r) => ({ id: r.id, name: r.fullName })),
        message: row.message,
        createdAt: row.createdAt.toISOString(),
      };
      return { status: 201, body: out };
    });
  }

  async function prompts(actor: Actor | null, q: { subjectKind?: string; subjectId?: string; limit: number }) {
    const scope = await scopeOf(actor);
    const rows = await repo.listPrompts(db, { ...q, agencyIds: scope });
    return {
      items: rows.map((p) => ({
        id: p.id,
        indicatorCode: p.indicatorCode,
        subjectKind: p.subjectKind,
        subjectId: p.subjectId,
        subjectLabel: p.subjectLabel,
        agencyId: p.agencyId,
        recipientUserIds: p.recipientUserIds,
        message: p.message,
        createdBy: { id: p.createdBy, name: p.createdByName },
        createdAt: p.createdAt.toISOString(),
      })),
      total: rows.length,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Catalogue (admin)
  // -------------------------------------------------------------------------------------------

  const outIndicator = (i: repo.IndicatorRow) => ({ ...i });

  async function checkFormula(code: string, formula: string): Promise<void> {
    const all = await repo.listIndicators(db, { all: true });
    const parsed = new Map<string, Expr>();
    try {
      for (const i of all) if (i.kind === 'formula' && i.code !== code) parsed.set(i.code, parseFormula(i.formula));
      parsed.set(code, parseFormula(formula));
      formulaOrder(parsed, new Set(all.map((i) => i.code)));
    } catch (e) {
      if (e instanceof FormulaError) throw badRequest('invalid_formula', e.message);
      throw e;
    }
  }

  async function createIndicator(
    ctx: RequestContext,
    b: {
      code: string;
      nameVi: string;
      nameEn: string;
      definition: string;
      formula: string;
      owner: string;
      refresh?: string;
      unit: repo.IndicatorRow['unit'];
      target?: number | null;
      direction: 'up' | 'down';
      ordinal?: number;
    },
  ) {
    await checkFormula(b.code, b.formula);
    return database.transaction(async (tx) => {
      const ok = await repo.insertIndicator(tx, {
        code: b.code,
        ordinal: b.ordinal ?? 500,
        nameVi: b.nameVi.trim(),
        nameEn: b.nameEn.trim(),
        definition: b.definition.trim(),
        kind: 'formula',
        formula: b.formula.trim(),
        source: 'Công thức trên các chỉ số khác',
        owner: b.owner.trim(),
        refresh: b.refresh?.trim() || 'theo các chỉ số thành phần',
        unit: b.unit,
        target: b.target ?? null,
        direction: b.direction,
        drill: null,
        by: ctx.actor?.id ?? null,
      });
      if (!ok) throw conflict('indicator_exists', `Đã có chỉ số mã ${b.code}.`);
      await recordAudit(tx, ctx, {
        action: 'direction.indicator.create',
        entity: 'direction_indicator',
        entityId: b.code,
        summary: { formula: b.formula, target: b.target ?? null },
      });
      return outIndicator((await repo.getIndicator(tx, b.code))!);
    });
  }

  async function updateIndicator(
    ctx: RequestContext,
    code: string,
    b: {
      version: number;
      nameVi?: string;
      nameEn?: string;
      definition?: string;
      formula?: string;
      owner?: string;
      refresh?: string;
      target?: number | null;
      direction?: 'up' | 'down';
      active?: boolean;
      ordinal?: number;
    },
  ) {
    const cur = await repo.getIndicator(db, code);
    if (!cur) throw notFound('chỉ số');
    if (b.formula !== undefined) {
      if (cur.kind !== 'formula') throw badRequest('builtin_formula', 'Chỉ số có sẵn được hệ thống tính; chỉ sửa được công thức của chỉ số do tỉnh thêm.');
      await checkFormula(code, b.formula);
    }
    return database.transaction(async (tx) => {
      const { version, ...fields } = b;
      if (!(await repo.updateIndicator(tx, code, version, fields, ctx.actor?.id ?? null)))
        throw conflict('version_conflict', 'Chỉ số đã được người khác sửa; hãy tải lại.');
      await recordAudit(tx, ctx, { action: 'direction.indicator.update', entity: 'direction_indicator', entityId: code, summary: fields });
      return outIndicator((await repo.getIndicator(tx, code))!);
    });
  }

  /** Records today's province-wide values (the trend of the "now" indicators); job direction.snapshot. */
  async function snapshot(): Promise<number> {
    const { values } = await raw(null, 3);
    const list = [...values].map(([code, v]) => ({ code, value: v.value }));
    await database.transaction((tx) => repo.upsertSnapshots(tx, vnDate(clock()), list));
    return list.length;
  }

  return {
    centre,
    items,
    prompt,
    prompts,
    createIndicator,
    updateIndicator,
    listIndicators: (all = false) => repo.listIndicators(db, { all }).then((r) => r.map(outIndicator)),
    snapshot,
    risk,
    scopeOf,
    /** The service's "now" (routes that read other modules with it). */
    now: clock,
  };
}

export type DirectionService = ReturnType<typeof createDirectionService>;
