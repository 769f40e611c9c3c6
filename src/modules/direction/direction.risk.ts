/**
 * The late-risk estimate of open dossiers (issue 21 §2) and its backtest: reads history through
 * the dossiers module's public file, measures working time on the province's working calendar,
 * and applies the pure rules of direction.rules.ts.
 */
import type { Database, Executor } from '../../platform/db/database.js';
import { leadSteps, openForRisk, riskHistory } from '../dossiers/dossiers.public.js';
import { getProcedureVersion } from '../catalog/catalog.public.js';
import { workingMinutesBetween, type CalendarService, type WorkCalendar } from '../calendar/calendar.public.js';
import {
  backtest,
  DEFAULT_RISK_THRESHOLD,
  estimateLateRisk,
  isFlagged,
  median,
  riskReason,
  type BacktestCase,
  type BacktestResult,
  type RiskEstimate,
  WORKING_DAY_MINUTES,
} from './direction.rules.js';
import * as repo from './direction.repo.js';
import { vnYear } from '../../platform/vn-time.js';

const HISTORY_DAYS = 365;

type History = Awaited<ReturnType<typeof riskHistory>>;

/** Samples (remaining working minutes) per "procedure|step" (step −1: from reception). */
export function samplesOf(cal: WorkCalendar, history: History): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (k: string, v: number) => {
    const a = out.get(k);
    if (a) a.push(v);
    else out.set(k, [v]);
  };
  for (const h of history) {
    add(`${h.procedureCode}|-1`, workingMinutesBetween(cal, h.receivedAt, h.endedAt));
    for (const s of h.steps) if (s.at <= h.endedAt) add(`${h.procedureCode}|${s.step}`, workingMinutesBetween(cal, s.at, h.endedAt));
  }
  return out;
}

/**
 * Durations (working minutes) of each processing step per "procedure|step": from its first entry
 * to the entry of the next step recorded, or to the end of processing for the last one.
 */
export function stepDurationsOf(cal: WorkCalendar, history: History): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const h of history) {
    const steps = [...h.steps].filter((s) => s.at <= h.endedAt).sort((a, b) => a.step - b.step);
    steps.forEach((s, i) => {
      const k = `${h.procedureCode}|${s.step}`;
      const v = workingMinutesBetween(cal, s.at, steps[i + 1]?.at ?? h.endedAt);
      const a = out.get(k);
      if (a) a.push(v);
      else out.set(k, [v]);
    });
  }
  return out;
}

/** One step of the workflow still ahead (or under way), with its typical duration in the history. */
export interface StepAhead {
  index: number;
  name: string;
  /** Median working minutes of the step in finished dossiers of the same procedure; null: no history. */
  typicalMinutes: number | null;
  samples: number;
  current: boolean;
}

export interface OpenPosition {
  procedureCode: string;
  step: number | null;
  stepEnteredAt: Date | null;
  receivedAt: Date;
  appointmentAt: Date;
}

/** Estimate for one open dossier at `now`: by its step's history, or from reception when that history is thin. */
export function estimateAt(
  cal: WorkCalendar,
  samples: ReadonlyMap<string, number[]>,
  d: OpenPosition,
  now: Date,
): { estimate: RiskEstimate; usedStep: boolean; left: number } {
  const left = workingMinutesBetween(cal, now, d.appointmentAt);
  if (d.step !== null && d.stepEnteredAt) {
    const e = estimateLateRisk({ samples: samples.get(`${d.procedureCode}|${d.step}`) ?? [], elapsed: workingMinutesBetween(cal, d.stepEnteredAt, now), left });
    if (e.probability !== null) return { estimate: e, usedStep: true, left };
  }
  return {
    estimate: estimateLateRisk({ samples: samples.get(`${d.procedureCode}|-1`) ?? [], elapsed: workingMinutesBetween(cal, d.receivedAt, now), left }),
    usedStep: false,
    left,
  };
}

export function createRiskEngine(database: Database, opts: { calendar: CalendarService; clock: () => Date; threshold?: number }) {
  const db = database.db;
  const calendar = opts.calendar;
  const now = opts.clock;
  const threshold = opts.threshold ?? DEFAULT_RISK_THRESHOLD;

  const stepNames = new Map<string, string[] | null>();
  /** The lead agency's steps (one-stop and liên thông steps left out), as a dossier's `currentStep` counts them. */
  async function leadStepNames(exec: Executor, versionId: string, caseKey: string): Promise<string[] | null> {
    const key = `${versionId}|${caseKey}`;
    if (!stepNames.has(key)) {
      const v = await getProcedureVersion(exec, versionId).catch(() => null);
      const c = v?.content.cases.find((x) => x.key === caseKey) ?? v?.content.cases[0];
      stepNames.set(key, c ? leadSteps(c).map((s) => s.name) : null);
    }
    return stepNames.get(key) ?? null;
  }
  async function stepName(exec: Executor, versionId: string, caseKey: string, step: number | null): Promise<string | null> {
    if (step === null) return null;
    return (await leadStepNames(exec, versionId, caseKey))?.[step] ?? `Bước ${step + 1}`;
  }

  async function estimates(ids?: string[]): Promise<repo.RiskRow[]> {
    const at = now();
    const cal = await calendar.calendarFor(null);
    const open = await openForRisk(db, ids ? { ids } : {});
    const procs = [...new Set(open.map((o) => o.procedureCode))];
    if (!procs.length) return [];
    const history = await riskHistory(db, { since: new Date(at.getTime() - HISTORY_DAYS * 86_400_000), until: at, procedureCodes: procs });
    const samples = samplesOf(cal, history);
    const out: repo.RiskRow[] = [];
    for (const o of open) {
      const { estimate, usedStep, left } = estimateAt(cal, samples, o, at);
      const name = usedStep ? await stepName(db, o.procedureVersionId, o.caseKey, o.step) : null;
      out.push({
        dossierId: o.id,
        agencyId: o.agencyId,
        procedureCode: o.procedureCode,
        step: usedStep ? o.step : null,
        dueAt: o.appointmentAt,
        probability: estimate.probability,
        samples: estimate.comparable,
        flagged: isFlagged(estimate, threshold),
        reason: riskReason(estimate, name, left),
        computedAt: at,
      });
    }
    return out;
  }

  return {
    /** Recomputes every open dossier's estimate and replaces the stored ones (job direction.risk). */
    async refresh(): Promise<{ dossiers: number; flagged: number }> {
      const rows = await estimates();
      await database.transaction((tx) => repo.replaceRisks(tx, rows));
      return { dossiers: rows.length, flagged: rows.filter((r) => r.flagged).length };
    },

    /** The estimate of one open dossier, computed now (dossier detail); null when it is not open. */
    async forDossier(id: string): Promise<repo.RiskRow | null> {
      return (await estimates([id]))[0] ?? null;
    },

    /**
     * The estimate of one open dossier with the steps still ahead of it (the one under way first)
     * and each one's typical duration in the history of the same procedure (dossier detail).
     */
    async detail(id: string): Promise<(repo.RiskRow & { stepName: string | null; typicalRemainingMinutes: number | null; steps: StepAhead[] }) | null> {
      const at = now();
      const cal = await calendar.calendarFor(null);
      const [o] = await openForRisk(db, { ids: [id] });
      if (!o) return null;
      const history = await riskHistory(db, { since: new Date(at.getTime() - HISTORY_DAYS * 86_400_000), until: at, procedureCodes: [o.procedureCode] });
      const { estimate, usedStep, left } = estimateAt(cal, samplesOf(cal, history), o, at);
      const durations = stepDurationsOf(cal, history);
      const names = (await leadStepNames(db, o.procedureVersionId, o.caseKey)) ?? [];
      const from = o.step ?? 0;
      const count = Math.max(names.length, from + 1);
      const steps: StepAhead[] = [];
      for (let i = from; i < count; i++) {
        const xs = durations.get(`${o.procedureCode}|${i}`) ?? [];
        steps.push({ index: i, name: names[i] ?? `Bước ${i + 1}`, typicalMinutes: median(xs), samples: xs.length, current: o.step === i });
      }
      const current = await stepName(db, o.procedureVersionId, o.caseKey, o.step);
      return {
        dossierId: o.id,
        agencyId: o.agencyId,
        procedureCode: o.procedureCode,
        step: o.step,
        dueAt: o.appointmentAt,
        probability: estimate.probability,
        samples: estimate.comparable,
        flagged: isFlagged(estimate, threshold),
        reason: riskReason(estimate, usedStep ? current : null, left),
        computedAt: at,
        stepName: current,
        typicalRemainingMinutes: estimate.typicalRemaining,
        steps,
      };
    },

    /**
     * Backtest on history: dossiers finished in [since, until) are split at the `trainShare`
     * quantile of their end; the earlier ones are the history, and each later one with an
     * appointment is estimated as it stood `daysBefore` working days before its appointment
     * (still open then). Flagged = probability ≥ threshold.
     */
    async backtest(q: {
      since: Date;
      until: Date;
      daysBefore: number;
      trainShare?: number;
      threshold?: number;
    }): Promise<BacktestResult & { daysBefore: number; threshold: number; trainEndsAt: string | null }> {
      const cal = await calendar.calendarFor(null);
      const all = (await riskHistory(db, { since: q.since, until: q.until })).sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
      const th = q.threshold ?? threshold;
      if (all.length < 2) return { ...backtest([]), daysBefore: q.daysBefore, threshold: th, trainEndsAt: null };
      const cut = all[Math.floor(all.length * (q.trainShare ?? 0.7))].endedAt;
      const samples = samplesOf(
        cal,
        all.filter((h) => h.endedAt < cut),
      );
      const cases: BacktestCase[] = [];
      for (const h of all) {
        if (!h.appointmentAt) continue;
        const pos = cal.position(h.appointmentAt.getTime()) - q.daysBefore * WORKING_DAY_MINUTES * 60_000;
        const checkpoint = new Date(cal.instantAt(pos, 'due', vnYear(h.appointmentAt)));
        if (checkpoint < cut || h.receivedAt >= checkpoint || h.endedAt <= checkpoint) continue; // only dossiers still open at the checkpoint, after the history
        const entered = h.steps.filter((s) => s.at <= checkpoint).pop() ?? null;
        const { estimate } = estimateAt(
          cal,
          samples,
          {
            procedureCode: h.procedureCode,
            step: entered?.step ?? null,
            stepEnteredAt: entered?.at ?? null,
            receivedAt: h.receivedAt,
            appointmentAt: h.appointmentAt,
          },
          checkpoint,
        );
        cases.push({ probability: estimate.probability, flagged: isFlagged(estimate, th), late: h.endedAt > h.appointmentAt });
      }
      return { ...backtest(cases), daysBefore: q.daysBefore, threshold: th, trainEndsAt: cut.toISOString() };
    },
  };
}

export type RiskEngine = ReturnType<typeof createRiskEngine>;
