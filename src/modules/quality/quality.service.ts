import { vnIso } from '../../platform/vn-time.js';
import type ExcelJS from 'exceljs';
import { excel } from '../../platform/doclibs.js';
import { tableSheet } from '../../platform/xlsx.js';
import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { isProvinceWide } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { pendingCount, pendingPayloadValues } from '../../platform/outbox.admin.js';
import type { QueuedTopic } from '../../platform/outbox.topics.js';
import type { LatePublished } from './quality.schemas.js';
import { systemContext } from '../../platform/context.js';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { nfc } from '../../platform/text.js';
import { agencyScope, agencySubtree } from '../org/org.public.js';
import { feedbackStats, type FeedbackStatsRow } from '../feedback/feedback.public.js';
import { tabletRatingsOfDossiers } from '../frontoffice/frontoffice.public.js';
import { agenciesProvidingCertifiedCopies } from '../certification/certification.public.js';
import { localIsoDate, type CalendarService, type WorkCalendar } from '../calendar/calendar.public.js';
import * as repo from './quality.repo.js';
import { dossierIdsAfter, loadActions, loadSnapshots, loadStatics, type LogAction } from '../dossiers/dossiers.public.js';
import { historyFromLog, historyFromSnapshot } from './quality.history.js';
import {
  tabletLevelOnFive,
  certifiedCopyProvision,
  BANDS,
  INDICATORS,
  INDICATOR_BY_CODE,
  averageResolution,
  counterDelta,
  feedbackClassification,
  portalFeedbackCounts,
  satisfactionCounts,
  evaluate,
  factOf,
  isValidDate,
  monthPeriod,
  monthsBack,
  nextDay,
  publicUpdateOnTime,
  publishedOnTime,
  scoreOf,
  timelinessFromCounts,
  type AverageResolution,
  type Fact,
  type FeedbackClassification,
  type IndicatorValue,
  type PortalFeedbackCounts,
  type SatisfactionCounts,
  type Period,
  type Score,
  type Timeliness,
} from './quality.rules.js';

export interface QualityDeps {
  database: Database;
  /** The app's one calendar service (deps.calendar, built by the composition root). */
  calendar: CalendarService;
  /** "Now" of the service (deps.clock); tests move it. */
  clock: { now(): Date };
}

export const CAUSES = ['workload', 'complex_case', 'inter_agency', 'applicant', 'system', 'staff', 'other'] as const;
export const CAUSE_NAMES_VI: Record<(typeof CAUSES)[number], string> = {
  workload: 'Khối lượng hồ sơ lớn, thiếu nhân lực',
  complex_case: 'Hồ sơ phức tạp, cần xác minh',
  inter_agency: 'Chậm do cơ quan phối hợp (liên thông)',
  applicant: 'Do người nộp hồ sơ',
  system: 'Sự cố hệ thống, phần mềm',
  staff: 'Do cán bộ, công chức xử lý chậm',
  other: 'Lý do khác',
};

/** Drill-down kinds per indicator: which dossiers "cost" the points. */
export const DRILL_OF: Readonly<Record<string, repo.DrillKind>> = {
  DVC_PROGRESS: 'late',
  ONLINE_FULL_DOSSIER: 'not_online',
  DOSSIER_ONLINE_PAYMENT: 'not_paid_online',
  ORIGINAL_RESULT_AVAILABLE: 'no_e_result',
  SO_HOA_GIAY_TO_GIAI_QUYET: 'not_digitised',
  REUSED_DIGITIZED_DATA: 'not_reused',
};

export interface Scope {
  /** null = the whole province. */
  agencyIds: string[] | null;
  label: string;
  agencyId: string | null;
  adminUnit: string | null;
  level: string | null;
}

export interface IndicatorsResult {
  period: { from: string; to: string };
  scope: { agencyId: string | null; adminUnit: string | null; level: string | null; label: string };
  indicators: IndicatorValue[];
  score: Score;
  timeliness: Timeliness;
  /** The counts behind 5.4 and 5.2 (the portal's scope), shown with the indicators. */
  satisfaction: SatisfactionCounts;
  feedback: PortalFeedbackCounts;
  /** Information-only indicators (0 points): 2.2 average resolution time per procedure, 5.1 feedback classes. */
  information: { averageResolution: AverageResolution[]; feedbackClassification: FeedbackClassification };
  computedAt: string;
}

const RECOMPUTE_CHUNK = 2000;

/** The outbox topic that feeds the read model (the dossier service writes one row per action). */
export const FEED_TOPIC: QueuedTopic = 'quality.dossier_changed';

export interface ConsistencyReport {
  drift: boolean;
  /** Dossiers whose pending changes were applied first (so that only real drift is reported). */
  refreshedPending: number;
  before: { counters: { rows: number; digest: string }; facts: { rows: number; digest: string } };
  after: { counters: { rows: number; digest: string }; facts: { rows: number; digest: string } };
  dossiers: number;
  ms: number;
}

/**
 * Every rating 5.4 counts for the dossiers received in the period: the applicants' own (account,
 * link/QR, counter screen) and the front office's tablets for tickets linked to a dossier, the
 * tablet's four levels read on the five-level scale (quality.rules.ts tabletLevelOnFive).
 */
export async function satisfactionRatings(
  db: Executor,
  q: { agencyIds: readonly string[] | null; from: string; toExcl: string },
): Promise<{ agencyId: string; dossierId: string; level: number; source: string }[]> {
  const own = await repo.ratingsOfReceived(db, q);
  const tablet = await tabletRatingsOfDossiers(db, new Date(`${q.from}T00:00:00+07:00`));
  if (!tablet.length) return own;
  const received = await repo.receivedAmong(db, [...new Set(tablet.map((r) => r.dossierId))], q);
  const fromTablet = tablet
    .filter((r) => received.has(r.dossierId))
    .map((r) => ({ agencyId: received.get(r.dossierId)!, dossierId: r.dossierId, level: tabletLevelOnFive(r.level), source: 'tablet' }));
  return [...own, ...fromTablet];
}

export function createQualityService(deps: QualityDeps) {
  const { database } = deps;
  const db = database.db;
  const { calendar, clock } = deps;

  /** x: the transaction the caller reads the dossiers in (the calendar is read in it too). */
  async function calendars(x: Executor, agencyIds: Iterable<string>): Promise<Map<string, WorkCalendar>> {
    const m = new Map<string, WorkCalendar>();
    for (const a of new Set(agencyIds)) m.set(a, await calendar.calendarFor(a, x));
    return m;
  }

  // -------------------------------------------------------------------------------------------
  // The read model: incremental refresh and full recomputation
  // -------------------------------------------------------------------------------------------

  /** Recomputes the facts of these dossiers from their snapshots and applies the net change to the counters. */
  async function refreshDossiers(tx: Executor, ids: readonly string[]): Promise<number> {
    if (!ids.length) return 0;
    await repo.lockReadModel(tx);
    const snaps = await loadSnapshots(tx, ids);
    const old = await repo.loadFacts(tx, ids);
    const cals = await calendars(
      tx,
      snaps.map((s) => s.receivingAgencyId),
    );
    const counters = new Map<string, number>();
    const procs = new Map<string, number>();
    const facts: Fact[] = [];
    for (const s of snaps) {
      const f = factOf(historyFromSnapshot(s), cals.get(s.receivingAgencyId)!);
      const delta = counterDelta(old.get(s.id) ?? null, f);
      for (const [k, v] of delta.counters) counters.set(k, (counters.get(k) ?? 0) + v);
      for (const [k, v] of delta.procs) procs.set(k, (procs.get(k) ?? 0) + v);
      facts.push(f);
    }
    await repo.applyCounterDelta(tx, counters);
    await repo.applyProcDelta(tx, procs);
    await repo.upsertFacts(tx, facts);
    return facts.length;
  }

  /**
   * Full recomputation from the action log: every fact is rebuilt by folding the dossier's log,
   * and the counters by one GROUP BY over the facts. One transaction (readers see the old model
   * until it commits).
   */
  async function recomputeFromLog(): Promise<{ dossiers: number; ms: number }> {
    const t0 = Date.now();
    let n = 0;
    await database.transaction(async (tx) => {
      await repo.lockReadModel(tx);
      await repo.clearReadModel(tx);
      let after: string | null = null;
      for (;;) {
        const ids = await dossierIdsAfter(tx, after, RECOMPUTE_CHUNK);
        if (!ids.length) break;
        after = ids[ids.length - 1];
        const [statics, actions] = await Promise.all([loadStatics(tx, ids), loadActions(tx, ids)]);
        const byDossier = new Map<string, LogAction[]>();
        for (const a of actions) {
          const list = byDossier.get(a.dossierId);
          if (list) list.push(a);
          else byDossier.set(a.dossierId, [a]);
        }
        const cals = await calendars(
          tx,
          statics.map((s) => s.receivingAgencyId),
        );
        const facts = statics.map((s) => factOf(historyFromLog(s, byDossier.get(s.id) ?? []), cals.get(s.receivingAgencyId)!));
        await repo.upsertFacts(tx, facts);
        n += facts.length;
      }
      await repo.aggregateCountersFromFacts(tx);
    });
    return { dossiers: n, ms: Date.now() - t0 };
  }

  /** How far the read model is behind: dossier changes written but not yet applied to it (issue 17 §2). */
  async function pendingChanges(): Promise<number> {
    return pendingCount(db, [FEED_TOPIC]);
  }

  /**
   * The nightly consistency check: the incremental counters and facts are compared with a rebuild
   * from the action log, which replaces them (the repair). The changes still waiting in the outbox
   * are applied first (a delivery is idempotent, so their later delivery changes nothing), so that
   * only real drift is reported; a drift is recorded in the audit log and returned for the log.
   * A dossier changed during the check itself can show as a drift (harmless: the rebuild is right).
   */
  async function checkConsistency(): Promise<ConsistencyReport> {
    const t0 = Date.now();
    const ids = await pendingPayloadValues(db, FEED_TOPIC, 'dossierId');
    const refreshedPending = ids.length ? await database.transaction((tx) => refreshDossiers(tx, ids)) : 0;
    const digests = async () => ({ counters: await repo.counterDigest(db), facts: await repo.factDigest(db) });
    const before = await digests();
    const r = await recomputeFromLog();
    const after = await digests();
    const drift = before.counters.digest !== after.counters.digest || before.facts.digest !== after.facts.digest;
    const report = { drift, refreshedPending, before, after, dossiers: r.dossiers, ms: Date.now() - t0 };
    if (drift) {
      await database.transaction((tx) =>
        recordAudit(tx, systemContext('quality-consistency'), {
          action: 'quality.drift_repaired',
          entity: 'quality_read_model',
          entityId: null,
          summary: { ...report },
        }),
      );
    }
    return report;
  }

  // -------------------------------------------------------------------------------------------
  // Scopes and periods
  // -------------------------------------------------------------------------------------------

  function parsePeriod(from: string, to: string): Period {
    if (!isValidDate(from) || !isValidDate(to)) throw badRequest('invalid_date', 'Ngày phải có dạng YYYY-MM-DD hợp lệ.');
    if (from > to) throw badRequest('invalid_period', '"from" phải trước hoặc bằng "to".');
    if (from < '2000-01-01' || to > '2100-12-31') throw badRequest('invalid_period', 'Kỳ đánh giá phải nằm trong khoảng 2000–2100.');
    return { from, to, toExcl: nextDay(to) };
  }

  function parseMonth(month: string): Period {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest('invalid_month', 'Tháng phải có dạng YYYY-MM.');
    return monthPeriod(month);
  }

  async function resolveScope(q: { agency?: string; adminUnit?: string; level?: string }): Promise<Scope> {
    const all = await repo.agencies(db);
    if (q.agency) {
      const a = all.find((x) => x.id === q.agency);
      if (!a) throw notFound('cơ quan');
      return { agencyIds: await agencySubtree(db, a.id), label: a.name, agencyId: a.id, adminUnit: null, level: null };
    }
    if (q.adminUnit) {
      const list = all.filter((x) => x.unitCode === q.adminUnit);
      if (!list.length) throw notFound('đơn vị hành chính có cơ quan trên hệ thống');
      return { agencyIds: list.map((x) => x.id), label: list[0].unitName ?? q.adminUnit, agencyId: null, adminUnit: q.adminUnit, level: null };
    }
    if (q.level) {
      const list = all.filter((x) => x.unitLevel === q.level);
      return {
        agencyIds: list.map((x) => x.id),
        label: q.level === 'province' ? 'Cấp tỉnh' : q.level === 'commune' ? 'Cấp xã' : 'Cấp huyện (trước 01/7/2025)',
        agencyId: null,
        adminUnit: null,
        level: q.level,
      };
    }
    return { agencyIds: null, label: 'Toàn tỉnh', agencyId: null, adminUnit: null, level: null };
  }

  /** Staff outside the province-wide roles may only look inside their agency subtree. */
  async function restrictToActor(actor: Actor, scope: Scope): Promise<Scope> {
    if (isProvinceWide(actor)) return scope;
    const mine = await agencyScope(db, actor);
    if (mine === 'all') return scope;
    if (scope.agencyIds === null) return { ...scope, agencyIds: mine, label: actor.agency?.name ?? scope.label, agencyId: actor.agencyId };
    if (!scope.agencyIds.every((a) => mine.includes(a))) throw forbidden('Bạn chỉ xem được hồ sơ của cơ quan, đơn vị mình.');
    return scope;
  }

  // -------------------------------------------------------------------------------------------
  // Indicators
  // -------------------------------------------------------------------------------------------

  interface Inputs {
    sums: repo.CounterSums;
    openOverdue: number;
    procs: { procedureCode: string; fee: number; paidOnline: number }[];
    feeProcedures: Set<string>;
    catalog: repo.CatalogVersion[];
    feedback: Pick<FeedbackStatsRow, 'total' | 'onTime' | 'inTime' | 'late' | 'overdue' | 'followUps'> | null;
    /** 5.2 under the portal's scope and limits (null: the feedback tables could not be read). */
    portalFeedback: PortalFeedbackCounts | null;
    satisfaction: SatisfactionCounts;
    /** 4.x: communes providing electronic certified copies / communes in scope. */
    certifiedCopies: { numerator: number; denominator: number };
  }

  const EMPTY_SUMS: repo.CounterSums = {
    agencyId: null,
    receivedBeforeEnd: 0,
    endedBeforeStart: 0,
    endedBeforeEnd: 0,
    finEarly: 0,
    finOnTime: 0,
    finLate: 0,
    kBeforeEnd: 0,
    keBeforeEnd: 0,
    received: 0,
    eligibleFull: 0,
    onlineFull: 0,
    fee: 0,
    paidOnline: 0,
    docResult: 0,
    eResult: 0,
    digitised: 0,
    reused: 0,
  };

  function valuesOf(p: Period, inp: Inputs, cal: WorkCalendar): { values: IndicatorValue[]; timeliness: Timeliness } {
    const s = inp.sums;
    const timeliness = timelinessFromCounts({
      receivedBeforeEnd: s.receivedBeforeEnd,
      endedBeforeStart: s.endedBeforeStart,
      endedBeforeEnd: s.endedBeforeEnd,
      finEarly: s.finEarly,
      finOnTime: s.finOnTime,
      finLate: s.finLate,
      openOverdue: inp.openOverdue,
    });
    const inPeriod = (day: string | null) => day !== null && day >= p.from && day <= p.to;
    const published = inp.catalog.filter((v) => v.decisionDate && inPeriod(v.decisionDate) && v.effectiveFrom);
    const today = localIsoDate(clock.now());
    const inForce = inp.catalog.filter(
      (v) => v.status === 'published' && v.effectiveFrom && v.effectiveFrom <= today && (!v.effectiveTo || v.effectiveTo >= today),
    );
    const distinct = (xs: repo.CatalogVersion[], pred: (v: repo.CatalogVersion) => boolean) => {
      // A procedure in several decisions counts once; one late publication makes it late (§1.3).
      const by = new Map<string, boolean>();
      for (const v of xs) by.set(v.code, (by.get(v.code) ?? true) && pred(v));
      return { n: [...by.values()].filter(Boolean).length, d: by.size };
    };
    const pub = distinct(published, (v) => publishedOnTime(cal, v.decisionDate!, v.effectiveFrom!));
    const upd = distinct(published, (v) => publicUpdateOnTime(cal, v.decisionDate!, v.publishedAt));
    const full = distinct(inForce, (v) => v.complete);
    const feeWith = inp.procs.filter((x) => x.fee > 0 && inp.feeProcedures.has(x.procedureCode)).length;
    const paidWith = inp.procs.filter((x) => x.paidOnline > 0 && inp.feeProcedures.has(x.procedureCode)).length;
    const fb = inp.feedback;
    const counts: Record<string, { numerator: number; denominator: number } | null> = {
      PUBLISH_ON_TIME: { numerator: pub.n, denominator: pub.d },
      PUBLIC_UPDATE_ON_TIME: { numerator: upd.n, denominator: upd.d },
      PUBLIC_CONTENT_FULL: { numerator: full.n, denominator: full.d },
      DVC_PROGRESS: { numerator: timeliness.onTime, denominator: timeliness.total },
      ONLINE_FULL_DOSSIER: { numerator: s.onlineFull, denominator: s.eligibleFull },
      FEE_INTEGRATED: { numerator: feeWith, denominator: inp.feeProcedures.size },
      FORMALITY_ONLINE_PAYMENT: { numerator: paidWith, denominator: inp.feeProcedures.size },
      DOSSIER_ONLINE_PAYMENT: { numerator: s.paidOnline, denominator: s.fee },
      ORIGINAL_RESULT_AVAILABLE: { numerator: s.eResult, denominator: s.docResult },
      SO_HOA_GIAY_TO_GIAI_QUYET: { numerator: s.digitised, denominator: s.received },
      REUSED_DIGITIZED_DATA: { numerator: s.reused, denominator: s.received },
      PETITION_PROCESSING_ON_TIME: inp.portalFeedback
        ? { numerator: inp.portalFeedback.onTime + inp.portalFeedback.inTime, denominator: inp.portalFeedback.total }
        : null,
      PETITION_HANDLING_SATISFACTION: fb ? { numerator: Math.max(0, fb.total - fb.late - fb.overdue - fb.followUps), denominator: fb.total } : null,
      DOSSIER_RECEIVING_SATISFACTION: { numerator: inp.satisfaction.numerator, denominator: inp.satisfaction.received },
      ELECTRONIC_CERTIFIED_COPY: inp.certifiedCopies,
    };
    return { values: INDICATORS.map((def) => evaluate(def, def.source === 'none' ? null : (counts[def.code] ?? null))), timeliness };
  }

  /** The catalogue versions relevant to a scope (agencies named in them, or of a kind they serve). */
  function catalogFor(all: repo.CatalogVersion[], scope: string[] | null, kinds: Map<string, string>): repo.CatalogVersion[] {
    if (scope === null) return all;
    const ks = new Set(scope.map((a) => kinds.get(a)).filter(Boolean) as string[]);
    return all.filter((v) => v.agencyIds.some((a) => scope.includes(a)) || v.genericKinds.some((k) => ks.has(k)));
  }

  const isFuture = (p: Period) => p.toExcl > localIsoDate(clock.now());

  async function openOverdueFor(p: Period, agencyIds: string[] | null, sums: repo.CounterSums[]): Promise<Map<string | null, number>> {
    const out = new Map<string | null, number>();
    if (isFuture(p)) {
      const now = await repo.openOverdueNow(db, agencyIds, clock.now());
      for (const s of sums) out.set(s.agencyId, s.agencyId === null ? [...now.values()].reduce((a, b) => a + b, 0) : (now.get(s.agencyId) ?? 0));
    } else for (const s of sums) out.set(s.agencyId, s.kBeforeEnd - s.keBeforeEnd);
    return out;
  }

  async function feedbackFor(p: Period, scope: Scope): Promise<Inputs['feedback']> {
    try {
      const st = await feedbackStats(database, { from: p.from, to: p.to, agencyId: scope.agencyId ?? undefined }, clock);
      if (scope.agencyIds === null || scope.agencyId) return st.total;
      const rows = st.byAgency.filter((r) => r.agency && scope.agencyIds!.includes((r.agency as { id: string }).id));
      const sum = (k: 'total' | 'onTime' | 'inTime' | 'late' | 'overdue' | 'followUps') => rows.reduce((a, r) => a + r[k], 0);
      return { total: sum('total'), onTime: sum('onTime'), inTime: sum('inTime'), late: sum('late'), overdue: sum('overdue'), followUps: sum('followUps') };
    } catch {
      return null;
    }
  }

  /** The instant a period is judged at: its end, or now while it is not over. */
  const judgedAt = (p: Period) => {
    const end = new Date(`${p.toExcl}T00:00:00+07:00`);
    return end.getTime() < clock.now().getTime() ? end : clock.now();
  };

  /** 5.4's counts by agency (dossiers received in the period, the late ones, their ratings). */
  async function satisfactionBy(p: Period, agencyIds: readonly string[] | null): Promise<{ by: Map<string, SatisfactionCounts>; all: SatisfactionCounts }> {
    const [rl, ratings] = await Promise.all([
      repo.receivedAndLate(db, { agencyIds, from: p.from, toExcl: p.toExcl, now: clock.now() }),
      satisfactionRatings(db, { agencyIds, from: p.from, toExcl: p.toExcl }),
    ]);
    const by = new Map<string, SatisfactionCounts>();
    for (const [agencyId, c] of rl)
      by.set(
        agencyId,
        satisfactionCounts(
          c.received,
          c.late,
          ratings.filter((r) => r.agencyId === agencyId),
        ),
      );
    const received = [...rl.values()].reduce((s, c) => s + c.received, 0);
    const late = [...rl.values()].reduce((s, c) => s + c.late, 0);
    return { by, all: satisfactionCounts(received, late, ratings) };
  }

  /** 5.2 with the portal's scope and limits, by agency; 5.1's classes for the whole scope. */
  async function portalFeedbackBy(p: Period, agencyIds: readonly string[] | null, cal: WorkCalendar) {
    const rows = await repo.feedbackRows(db, { agencyIds, from: p.from, toExcl: p.toExcl });
    const at = judgedAt(p);
    const agencies = new Set(rows.map((r) => r.agencyId));
    const by = new Map(
      [...agencies].map((a) => [
        a,
        portalFeedbackCounts(
          cal,
          rows.filter((r) => r.agencyId === a),
          at,
        ),
      ]),
    );
    const byTopic: Record<string, number> = {};
    for (const r of rows) byTopic[r.topic ?? 'unclassified'] = (byTopic[r.topic ?? 'unclassified'] ?? 0) + 1;
    return { by, all: portalFeedbackCounts(cal, rows, at), classification: feedbackClassification(byTopic) };
  }

  /** 4.x: the agencies that certified an electronic copy in the period (Vietnam days), through certification's public file. */
  const certifyingIn = (p: Period) => agenciesProvidingCertifiedCopies(db, new Date(`${p.from}T00:00:00+07:00`), new Date(`${p.toExcl}T00:00:00+07:00`));

  /** `information`: also the information-only 2.2 (one row per finished dossier; only the indicators endpoint asks for it). */
  async function computeFor(
    p: Period,
    scope: Scope,
    shared?: { catalog: repo.CatalogVersion[]; kinds: Map<string, string> },
    information = false,
  ): Promise<IndicatorsResult> {
    const all = await repo.agencies(db);
    const kinds = shared?.kinds ?? new Map(all.map((a) => [a.id, a.kind]));
    const catalogAll = shared?.catalog ?? (await repo.catalogVersions(db));
    const cal = await calendar.calendarFor(null);
    const [sumsRows, procs, feedback, sat, pf, finished] = await Promise.all([
      repo.counterSums(db, { agencyIds: scope.agencyIds, from: p.from, toExcl: p.toExcl, byAgency: false }),
      repo.procedureCounts(db, { agencyIds: scope.agencyIds, from: p.from, toExcl: p.toExcl }),
      feedbackFor(p, scope),
      satisfactionBy(p, scope.agencyIds),
      portalFeedbackBy(p, scope.agencyIds, cal).catch(() => null),
      information ? repo.finishedInPeriod(db, { agencyIds: scope.agencyIds, from: p.from, toExcl: p.toExcl }) : Promise.resolve([]),
    ]);
    const sums = sumsRows[0] ?? EMPTY_SUMS;
    const overdue = await openOverdueFor(p, scope.agencyIds, [sums]);
    const catalog = catalogFor(catalogAll, scope.agencyIds, kinds);
    const feeProcedures = new Set(catalog.filter((v) => v.status === 'published' && v.hasFee).map((v) => v.code));
    const byProc = new Map<string, { procedureCode: string; fee: number; paidOnline: number }>();
    for (const x of procs) {
      const e = byProc.get(x.procedureCode) ?? { procedureCode: x.procedureCode, fee: 0, paidOnline: 0 };
      e.fee += x.fee;
      e.paidOnline += x.paidOnline;
      byProc.set(x.procedureCode, e);
    }
    const providing = await certifyingIn(p);
    const { values, timeliness } = valuesOf(
      p,
      {
        sums,
        openOverdue: overdue.get(null) ?? 0,
        procs: [...byProc.values()],
        feeProcedures,
        catalog,
        feedback,
        portalFeedback: pf?.all ?? null,
        satisfaction: sat.all,
        certifiedCopies: certifiedCopyProvision(all, scope.agencyIds, providing),
      },
      cal,
    );
    return {
      period: { from: p.from, to: p.to },
      scope: { agencyId: scope.agencyId, adminUnit: scope.adminUnit, level: scope.level, label: scope.label },
      indicators: values,
      score: scoreOf(values),
      timeliness,
      satisfaction: sat.all,
      feedback: pf?.all ?? { total: 0, excluded: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 },
      information: { averageResolution: averageResolution(cal, finished), feedbackClassification: pf?.classification ?? feedbackClassification({}) },
      computedAt: vnIso(clock.now()),
    };
  }

  async function indicators(q: {
    from: string;
    to: string;
    agency?: string;
    adminUnit?: string;
    level?: string;
  }): Promise<IndicatorsResult & { pendingChanges: number }> {
    const p = parsePeriod(q.from, q.to);
    return { ...(await computeFor(p, await resolveScope(q), undefined, true)), pendingChanges: await pendingChanges() };
  }

  /** Score and rank of every agency with dossiers in the period (and its trend vs the previous period of equal length). */
  async function dashboard(q: { from: string; to: string; level?: string; adminUnit?: string }) {
    const p = parsePeriod(q.from, q.to);
    const scope = await resolveScope({ level: q.level, adminUnit: q.adminUnit });
    const all = await repo.agencies(db);
    const byId = new Map(all.map((a) => [a.id, a]));
    const kinds = new Map(all.map((a) => [a.id, a.kind]));
    const catalogAll = await repo.catalogVersions(db);
    const cal = await calendar.calendarFor(null);
    const days = Math.round((Date.parse(p.toExcl) - Date.parse(p.from)) / 86_400_000);
    const prevTo = new Date(Date.parse(p.from) - 86_400_000).toISOString().slice(0, 10);
    const prevFrom = new Date(Date.parse(p.from) - days * 86_400_000).toISOString().slice(0, 10);
    const prev: Period = { from: prevFrom, to: prevTo, toExcl: p.from };

    const rowsFor = async (period: Period) => {
      const [sums, procs, fb, sat, pf] = await Promise.all([
        repo.counterSums(db, { agencyIds: scope.agencyIds, from: period.from, toExcl: period.toExcl, byAgency: true }),
        repo.procedureCounts(db, { agencyIds: scope.agencyIds, from: period.from, toExcl: period.toExcl }),
        feedbackStats(database, { from: period.from, to: period.to }, clock).catch(() => null),
        satisfactionBy(period, scope.agencyIds),
        portalFeedbackBy(period, scope.agencyIds, cal).catch(() => null),
      ]);
      const NO_FB: PortalFeedbackCounts = { total: 0, excluded: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 };
      const overdue = await openOverdueFor(period, scope.agencyIds, sums);
      const providing = await certifyingIn(period);
      return sums
        .filter((s) => s.agencyId && s.receivedBeforeEnd - s.endedBeforeStart > 0)
        .map((s) => {
          const catalog = catalogFor(catalogAll, [s.agencyId!], kinds);
          const feeProcedures = new Set(catalog.filter((v) => v.status === 'published' && v.hasFee).map((v) => v.code));
          const fbRow = fb?.byAgency.find((r) => (r.agency as { id: string } | null)?.id === s.agencyId) ?? null;
          const feedback = fb ? (fbRow ?? { total: 0, onTime: 0, inTime: 0, late: 0, overdue: 0, followUps: 0 }) : null;
          const { values, timeliness } = valuesOf(
            period,
            {
              sums: s,
              openOverdue: overdue.get(s.agencyId) ?? 0,
              procs: procs.filter((x) => x.agencyId === s.agencyId),
              feeProcedures,
              catalog,
              feedback,
              portalFeedback: pf ? (pf.by.get(s.agencyId!) ?? NO_FB) : null,
              satisfaction: sat.by.get(s.agencyId!) ?? satisfactionCounts(0, 0, []),
              certifiedCopies: certifiedCopyProvision(all, [s.agencyId!], providing),
            },
            cal,
          );
          return { agencyId: s.agencyId!, values, timeliness, score: scoreOf(values) };
        });
    };
    const [cur, before] = await Promise.all([rowsFor(p), rowsFor(prev)]);
    const prevScore = new Map(before.map((r) => [r.agencyId, r.score.outOf100]));
    const items = cur
      .map((r) => {
        const a = byId.get(r.agencyId);
        return {
          agency: {
            id: r.agencyId,
            code: a?.code ?? '',
            name: a?.name ?? r.agencyId,
            unitCode: a?.unitCode ?? null,
            unitName: a?.unitName ?? null,
            level: a?.unitLevel ?? null,
          },
          score: r.score,
          previousOutOf100: prevScore.get(r.agencyId) ?? null,
          timeliness: r.timeliness,
          indicators: r.values.map((v) => ({
            code: v.code,
            points: v.points,
            maxPoints: v.maxPoints,
            numerator: v.numerator,
            denominator: v.denominator,
            status: v.status,
          })),
          rank: 0,
        };
      })
      .sort((x, y) => (y.score.outOf100 ?? -1) - (x.score.outOf100 ?? -1) || y.score.total - x.score.total || x.agency.name.localeCompare(y.agency.name, 'vi'));
    items.forEach((it, i) => (it.rank = i > 0 && items[i - 1].score.outOf100 === it.score.outOf100 ? items[i - 1].rank : i + 1));
    const province = await computeFor(p, scope, { catalog: catalogAll, kinds });
    return {
      period: { from: p.from, to: p.to },
      previousPeriod: { from: prev.from, to: prev.to },
      scope: province.scope,
      summary: { score: province.score, timeliness: province.timeliness },
      items,
      total: items.length,
      pendingChanges: await pendingChanges(),
    };
  }

  /** Monthly score of a scope for the `months` months ending at `to` (YYYY-MM). */
  async function trend(q: { to: string; months: number; agency?: string; adminUnit?: string; level?: string }) {
    parseMonth(q.to);
    const scope = await resolveScope(q);
    const all = await repo.agencies(db);
    const shared = { catalog: await repo.catalogVersions(db), kinds: new Map(all.map((a) => [a.id, a.kind])) };
    const out = [];
    for (const m of monthsBack(q.to, q.months)) {
      const r = await computeFor(monthPeriod(m), scope, shared);
      out.push({
        month: m,
        total: r.score.total,
        outOf100: r.score.outOf100,
        band: r.score.band,
        onTimeRate: r.timeliness.total ? Math.round((r.timeliness.onTime / r.timeliness.total) * 10000) / 100 : null,
        dossiers: r.timeliness.total,
        late: r.timeliness.late,
      });
    }
    return { scope: { label: scope.label, agencyId: scope.agencyId, adminUnit: scope.adminUnit, level: scope.level }, items: out };
  }

  // -------------------------------------------------------------------------------------------
  // Drill-down
  // -------------------------------------------------------------------------------------------

  async function drillDown(
    ctx: RequestContext,
    code: string,
    q: { from: string; to: string; agency?: string; adminUnit?: string; kind?: string; limit: number; offset: number },
  ) {
    const def = INDICATOR_BY_CODE.get(code);
    if (!def) throw notFound('chỉ số');
    const kind = (q.kind as repo.DrillKind | undefined) ?? DRILL_OF[code];
    if (!kind)
      throw unprocessable(
        'no_dossier_drilldown',
        `Chỉ số ${def.no} không tính theo hồ sơ (${def.source === 'none' ? 'chưa có dữ liệu' : 'tính theo thủ tục hoặc phản ánh'}).`,
      );
    const p = parsePeriod(q.from, q.to);
    const scope = await restrictToActor(ctx.actor!, await resolveScope(q));
    const r = await repo.drill(db, { kind, agencyIds: scope.agencyIds, from: p.from, toExcl: p.toExcl, now: clock.now(), limit: q.limit, offset: q.offset });
    const names = new Map((await repo.agencies(db)).map((a) => [a.id, a.name]));
    return {
      indicator: { code: def.code, no: def.no, name: def.name },
      kind,
      total: r.total,
      items: r.items.map((x) => ({
        id: x.id,
        code: x.code,
        procedureCode: x.procedureCode,
        procedureName: x.procedureName,
        agency: { id: x.agencyId, name: names.get(x.agencyId) ?? '' },
        receivedAt: x.receivedAt ? vnIso(x.receivedAt) : null,
        dueAt: x.dueAt ? vnIso(x.dueAt) : null,
        endedAt: x.endAt ? vnIso(x.endAt) : null,
        outcome: x.outcome,
        waitingApplicant: x.waitingApplicant,
        reason: x.forcedLate
          ? 'Yêu cầu bổ sung hồ sơ nhiều hơn một lần'
          : x.outcome === 'late'
            ? 'Kết thúc xử lý sau hạn'
            : x.endAt === null && kind === 'late'
              ? 'Đang xử lý, đã quá hạn'
              : null,
        status: x.status,
        assignee: x.assigneeId ? { id: x.assigneeId, name: x.assigneeName } : null,
        explained: x.explained,
      })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Late lists and explanations (Nghị quyết 131/NQ-CP)
  // -------------------------------------------------------------------------------------------

  async function lateList(ctx: RequestContext, month: string, q: { agency?: string }) {
    const p = parseMonth(month);
    const scope = await restrictToActor(ctx.actor!, await resolveScope({ agency: q.agency }));
    return buildLate(p, month, scope);
  }

  async function buildLate(p: Period, month: string, scope: Scope) {
    const groups = await repo.lateGroups(db, { agencyIds: scope.agencyIds, from: p.from, toExcl: p.toExcl, now: clock.now() });
    const names = new Map((await repo.agencies(db)).map((a) => [a.id, a.name]));
    const agencies = new Map<string, { agency: { id: string; name: string }; late: number; explained: number; missing: number; open: number }>();
    for (const g of groups) {
      const a = agencies.get(g.agencyId) ?? { agency: { id: g.agencyId, name: names.get(g.agencyId) ?? '' }, late: 0, explained: 0, missing: 0, open: 0 };
      a.late += g.late;
      a.explained += g.explained;
      a.missing += g.late - g.explained;
      a.open += g.open;
      agencies.set(g.agencyId, a);
    }
    const officers = groups
      .filter((g) => g.assigneeId)
      .map((g) => ({
        officer: { id: g.assigneeId!, name: g.assigneeName ?? '' },
        agency: { id: g.agencyId, name: names.get(g.agencyId) ?? '' },
        late: g.late,
        explained: g.explained,
        missing: g.late - g.explained,
      }))
      .sort((a, b) => b.late - a.late || a.officer.name.localeCompare(b.officer.name, 'vi'));
    const list = [...agencies.values()].sort((a, b) => b.late - a.late || a.agency.name.localeCompare(b.agency.name, 'vi'));
    const published = await repo.getPublication(db, month);
    return {
      month,
      period: { from: p.from, to: p.to },
      agencies: list,
      officers,
      totals: {
        late: list.reduce((s, a) => s + a.late, 0),
        explained: list.reduce((s, a) => s + a.explained, 0),
        missing: list.reduce((s, a) => s + a.missing, 0),
      },
      published: published ? { at: vnIso(published.publishedAt), by: published.publishedBy } : null,
    };
  }

  async function explain(
    ctx: RequestContext,
    dossierId: string,
    body: { cause: string; reason: string; remedy?: string | null; responsibleUserId?: string | null },
  ) {
    const actor = ctx.actor!;
    const fact = /^[0-9a-f-]{36}$/i.test(dossierId) ? await repo.getFact(db, dossierId) : null;
    if (!fact) throw notFound('hồ sơ');
    const scope = await agencyScope(db, actor);
    if (scope !== 'all' && !scope.includes(fact.agencyId)) throw forbidden('Chỉ cơ quan giải quyết hồ sơ mới giải trình hồ sơ này.');
    const overdueOpen = fact.accepted && fact.endAt === null && (fact.forcedLate || (fact.dueAt !== null && fact.dueAt < clock.now()));
    if (fact.outcome !== 'late' && !overdueOpen) throw unprocessable('not_late', 'Hồ sơ không trễ hạn theo QĐ 766 nên không cần giải trình.');
    const reason = nfc(body.reason.trim());
    if (reason.length < 10) throw badRequest('reason_too_short', 'Nội dung giải trình phải nêu rõ nguyên nhân (ít nhất 10 ký tự).');
    const now = clock.now();
    return database.transaction(async (tx) => {
      const before = await repo.getExplanation(tx, dossierId);
      const e = await repo.upsertExplanation(
        tx,
        {
          dossierId,
          agencyId: fact.agencyId,
          cause: body.cause,
          reason,
          remedy: body.remedy ? nfc(body.remedy.trim()) : null,
          responsibleUserId: body.responsibleUserId ?? null,
          explainedBy: actor.id,
          explainedByName: actor.fullName,
        },
        now,
      );
      await recordAudit(tx, ctx, {
        action: before ? 'quality.explanation_updated' : 'quality.explanation_created',
        entity: 'dossier',
        entityId: dossierId,
        summary: { code: fact.code, cause: body.cause },
      });
      await enqueue(tx, {
        topic: 'quality.late_explained',
        aggregateKey: `quality:${dossierId}`,
        payload: { dossierId, code: fact.code, agencyId: fact.agencyId, cause: body.cause, version: e.version },
      });
      return viewExplanation(e, fact.code);
    });
  }

  function viewExplanation(e: repo.Explanation, code: string) {
    return {
      dossierId: e.dossierId,
      code,
      agencyId: e.agencyId,
      cause: e.cause,
      causeName: CAUSE_NAMES_VI[e.cause as 'other'] ?? e.cause,
      reason: e.reason,
      remedy: e.remedy,
      responsibleUserId: e.responsibleUserId,
      explainedBy: e.explainedByName,
      explainedAt: vnIso(e.explainedAt),
      version: e.version,
    };
  }

  async function getExplanation(ctx: RequestContext, dossierId: string) {
    const fact = /^[0-9a-f-]{36}$/i.test(dossierId) ? await repo.getFact(db, dossierId) : null;
    if (!fact) throw notFound('hồ sơ');
    const scope = await agencyScope(db, ctx.actor);
    if (scope !== 'all' && !scope.includes(fact.agencyId)) throw forbidden('Hồ sơ không thuộc cơ quan của bạn.');
    const e = await repo.getExplanation(db, dossierId);
    if (!e) throw notFound('báo cáo giải trình của hồ sơ này');
    return viewExplanation(e, fact.code);
  }

  /** Freezes the month's list and makes it public (once per month; a closed month only). */
  async function publishLate(ctx: RequestContext, month: string) {
    const p = parseMonth(month);
    if (p.toExcl > localIsoDate(clock.now())) throw unprocessable('month_not_closed', 'Chỉ công khai danh sách của tháng đã kết thúc.');
    const list = await buildLate(p, month, await resolveScope({}));
    const now = clock.now();
    return database.transaction(async (tx) => {
      const ok = await repo.insertPublication(
        tx,
        {
          month,
          publishedBy: ctx.actor?.fullName ?? null,
          agencies: list.agencies.map((a) => ({ agency: a.agency, late: a.late, explained: a.explained })),
          officers: list.officers.map((o) => ({ officer: { name: o.officer.name }, agency: o.agency, late: o.late })),
          totals: list.totals,
        },
        now,
      );
      if (!ok) throw unprocessable('already_published', `Danh sách tháng ${month} đã được công khai.`);
      await recordAudit(tx, ctx, { action: 'quality.late_published', entity: 'quality_late_publication', entityId: month, summary: list.totals });
      await enqueue(tx, { topic: 'quality.late_published', aggregateKey: `quality:late:${month}`, payload: { month, totals: list.totals } });
      return publicLate(await repo.getPublication(tx, month));
    });
  }

  function publicLate(p: repo.Publication | null) {
    if (!p) throw notFound('danh sách đã công khai của tháng này');
    // The snapshot stored at publication (jsonb), as publishLate wrote it.
    const snap = { agencies: p.agencies, officers: p.officers, totals: p.totals } as Pick<LatePublished, 'agencies' | 'officers' | 'totals'>;
    return { month: p.month, publishedAt: vnIso(p.publishedAt), ...snap };
  }

  async function publishedLate(month: string) {
    parseMonth(month);
    return publicLate(await repo.getPublication(db, month));
  }

  async function rebuild(ctx: RequestContext) {
    const r = await recomputeFromLog();
    await database.transaction(async (tx) => {
      await recordAudit(tx, ctx, { action: 'quality.rebuilt', entity: 'quality_read_model', entityId: null, summary: r });
      await enqueue(tx, { topic: 'quality.rebuilt', aggregateKey: 'quality:read_model', payload: r });
    });
    return r;
  }

  // -------------------------------------------------------------------------------------------
  // Export
  // -------------------------------------------------------------------------------------------

  /**
   * The ranking and the indicators as XLSX. `step` is awaited before each of its three parts
   * (0: the ranking, 1: the indicators, 2: writing the file) — the export job's progress.
   */
  async function exportXlsx(
    q: { from: string; to: string; level?: string },
    step: (done: number, phase: 'ranking' | 'indicators' | 'writing') => Promise<void> = async () => undefined,
  ): Promise<{ data: Buffer; agencies: number }> {
    await step(0, 'ranking');
    const d = await dashboard(q);
    const wb = new (excel().Workbook)();
    wb.creator = 'MotCua';
    const head = (ws: ExcelJS.Worksheet, title: string) => {
      ws.addRow([title]).font = { bold: true, size: 13 };
      ws.addRow([`Kỳ đánh giá: ${fmt(d.period.from)} – ${fmt(d.period.to)}. Xếp loại tạm tính (ngưỡng chưa được công bố chính thức).`]);
      ws.addRow([]);
    };
    const ws = wb.addWorksheet('Xếp hạng');
    head(ws, 'BẢNG XẾP HẠNG CHẤT LƯỢNG PHỤC VỤ (QĐ 766/QĐ-TTg)');
    const groups = d.summary.score.groups;
    const ranking = tableSheet(ws, [
      { header: 'Hạng', width: 7, kind: 'int' },
      { header: 'Cơ quan, đơn vị', width: 55 },
      { header: 'Điểm đạt', width: 10, kind: 'number' },
      { header: 'Điểm tối đa có dữ liệu', width: 12, kind: 'number' },
      { header: 'Quy đổi /100', width: 10, kind: 'number' },
      { header: 'Xếp loại (tạm tính)', width: 16 },
      { header: 'Kỳ trước /100', width: 10, kind: 'number' },
      ...groups.map((g) => ({ header: `${g.name} (${g.maxPoints})`, width: 18, kind: 'number' as const })),
      { header: 'Hồ sơ (2.1)', width: 10, kind: 'int' },
      { header: 'Đúng hạn', width: 10, kind: 'int' },
      { header: 'Trễ hạn', width: 10, kind: 'int' },
    ]);
    for (const it of d.items) {
      ranking.add([
        it.rank,
        it.agency.name,
        it.score.total,
        it.score.maxPoints,
        it.score.outOf100,
        it.score.bandName,
        it.previousOutOf100,
        ...it.score.groups.map((g) => g.points),
        it.timeliness.total,
        it.timeliness.onTime,
        it.timeliness.late,
      ]);
    }
    const wi = wb.addWorksheet('Chỉ số toàn tỉnh');
    head(wi, `CHỈ SỐ QĐ 766 — ${d.scope.label.toUpperCase()}`);
    const table = tableSheet(wi, [
      { header: 'Số', width: 6 },
      { header: 'Mã chỉ số', width: 11 },
      { header: 'Chỉ số', width: 70 },
      { header: 'Nhóm', width: 22 },
      { header: 'Tử số', width: 10, kind: 'int' },
      { header: 'Mẫu số', width: 10, kind: 'int' },
      { header: 'Tỷ lệ (%)', width: 10, kind: 'number' },
      { header: 'Điểm', width: 10, kind: 'number' },
      { header: 'Điểm tối đa', width: 10, kind: 'number' },
      { header: 'Ghi chú', width: 50 },
    ]);
    await step(1, 'indicators');
    const prov = await indicators({ from: q.from, to: q.to, level: q.level });
    for (const v of prov.indicators)
      table.add([
        v.no,
        v.code,
        v.name,
        v.group,
        v.numerator,
        v.denominator,
        v.ratio,
        v.points ?? (v.status === 'no_data' ? 'Chưa có dữ liệu' : 'Không áp dụng'),
        v.maxPoints,
        v.note ?? '',
      ]);
    table.add(
      [
        '',
        '',
        'Tổng điểm',
        '',
        '',
        '',
        '',
        prov.score.total,
        prov.score.maxPoints,
        `Quy đổi /100: ${prov.score.outOf100 ?? '—'}; xếp loại tạm tính: ${prov.score.bandName ?? '—'}`,
      ],
      { bold: true },
    );
    await step(2, 'writing');
    return { data: Buffer.from(await wb.xlsx.writeBuffer()), agencies: d.items.length };
  }

  return {
    refreshDossiers,
    recomputeFromLog,
    pendingChanges,
    checkConsistency,
    rebuild,
    indicators,
    dashboard,
    trend,
    drillDown,
    lateList,
    explain,
    getExplanation,
    publishLate,
    publishedLate,
    publicationMonths: () => repo.listPublicationMonths(db),
    exportXlsx,
    /** Throws the 400 (`invalid_date`, `invalid_period`) a period would get from the indicators. */
    checkPeriod: (from: string, to: string): void => void parsePeriod(from, to),
    bands: BANDS,
  };
}

const fmt = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export type QualityService = ReturnType<typeof createQualityService>;
