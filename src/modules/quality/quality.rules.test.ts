/** Table tests of the QĐ 766 formulas on small hand-computed datasets. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkCalendar } from '../calendar/calendar.public.js';
import {
  GROUPS, INDICATORS, contributions, counterDelta, evaluate, factOf, monthPeriod, publicUpdateOnTime, scoreOf, timelinessFromCounts, toPoints,
  type DossierHistory, type Fact, type IndicatorDef, type Period,
} from './quality.rules.js';

const cal = buildWorkCalendar({ fromYear: 2024, toYear: 2027 });
const at = (s: string) => new Date(s);
const def = (code: string) => INDICATORS.find((d) => d.code === code)!;

function h(x: Partial<DossierHistory>): DossierHistory {
  return {
    dossierId: x.dossierId ?? 'd1', code: 'X', agencyId: 'A', procedureCode: '1.000001', channel: 'counter',
    receivedAt: at('2026-03-02T08:00:00+07:00'), appointmentOriginal: at('2026-03-06T08:00:00+07:00'), pauses: [], endedAt: null,
    processingSupplements: 0, feeTotal: 0, paidOnline: false, hasResult: false, resultFile: false, allDigitised: false, reused: false, fullOnlineEligible: false,
    ...x,
  };
}

/** Sums the counters for a period the way the repository does (cumulative before the end, period sums). */
function timeliness(facts: Fact[], p: Period, nowIsPast = true) {
  const sum = (col: string, pred: (day: string) => boolean) => facts.flatMap((f) => contributions(f).counters).filter((c) => c.column === col && pred(c.day)).length;
  const beforeEnd = (d: string) => d < p.toExcl;
  const inP = (d: string) => d >= p.from && d < p.toExcl;
  assert.ok(nowIsPast);
  return timelinessFromCounts({
    receivedBeforeEnd: sum('received', beforeEnd), endedBeforeStart: sum('ended', (d) => d < p.from), endedBeforeEnd: sum('ended', beforeEnd),
    finEarly: sum('fin_early', inP), finOnTime: sum('fin_on_time', inP), finLate: sum('fin_late', inP),
    openOverdue: sum('k_cnt', beforeEnd) - sum('ke_cnt', beforeEnd),
  });
}

describe('indicator table', () => {
  test('the maxima add up to 100 and to each group maximum (18/20/12/10/22/18)', () => {
    assert.equal(INDICATORS.reduce((s, d) => s + d.maxPoints, 0), 100);
    for (const [g, info] of Object.entries(GROUPS)) assert.equal(INDICATORS.filter((d) => d.group === g).reduce((s, d) => s + d.maxPoints, 0), info.maxPoints, g);
    assert.equal(new Set(INDICATORS.map((d) => d.code)).size, INDICATORS.length);
  });

  const cases: [string, number, number, number][] = [
    ['DVC_PROGRESS', 180, 200, 18],          // linear 20 × 0.9
    ['DVC_PROGRESS', 0, 50, 0],               // all late
    ['DVC_PROGRESS', 50, 50, 20],
    ['REUSED_DIGITIZED_DATA', 40, 100, 1],    // threshold 80: 2 × 40/80
    ['REUSED_DIGITIZED_DATA', 85, 100, 2],    // above the threshold: full
    ['FEE_INTEGRATED', 3, 5, 1.5],            // threshold 80: 2 × 60/80
    ['DOSSIER_ONLINE_PAYMENT', 1, 3, 2],      // linear 6 × 1/3
    ['PUBLISH_ON_TIME', 2, 3, 4],
  ];
  for (const [code, n, d, pts] of cases) {
    test(`${code}: ${n}/${d} → ${pts} points`, () => assert.equal(toPoints(def(code), n, d), pts));
  }

  test('no dossiers: dossier indicators are not applicable (no points, not counted); feedback gets full points', () => {
    const v = evaluate(def('DVC_PROGRESS'), { numerator: 0, denominator: 0 });
    assert.equal(v.points, null);
    assert.equal(v.status, 'not_applicable');
    const fb = evaluate(def('PETITION_PROCESSING_ON_TIME'), { numerator: 0, denominator: 0 });
    assert.equal(fb.points, 6);
  });

  test('indicators without data are marked, never scored (satisfaction 5.4 has no ratings yet)', () => {
    const v = evaluate(def('DOSSIER_RECEIVING_SATISFACTION'), { numerator: 10, denominator: 10 });
    assert.equal(v.status, 'no_data');
    assert.equal(v.points, null);
  });

  test('score: the sum of points out of 100 as the portal counts it (no data = 0); the scaled figure is secondary', () => {
    const only = (code: string, n: number, d: number) => evaluate(def(code), { numerator: n, denominator: d });
    const values = [only('DVC_PROGRESS', 15, 20), only('DOSSIER_ONLINE_PAYMENT', 1, 2), evaluate(def('DOSSIER_SYNC'), null)];
    const s = scoreOf(values);
    assert.equal(s.total, 18); // 15 + 3; DOSSIER_SYNC has no data: 0 points, not left out
    assert.equal(s.maxPoints, 100);
    assert.equal(s.outOf100, 18);
    assert.equal(s.maxWithData, 26);
    assert.equal(s.scaledOverData, 69.23); // 18 / 26, shown only as a labelled secondary figure
    assert.equal(s.band, 'yeu', 'bands use the headline (18/100), not the scaled figure');
    assert.equal(s.bandProvisional, true);
    assert.equal(scoreOf([only('DVC_PROGRESS', 20, 20)]).outOf100, 20);
    assert.equal(scoreOf([only('DVC_PROGRESS', 20, 20)]).band, 'yeu', 'one indicator full is still 20/100');
    assert.equal(scoreOf([]).total, 0);
    assert.equal(scoreOf([]).scaledOverData, null);
    // Every indicator at its maximum is 100 and "Tốt".
    const full = INDICATORS.map((d) => ({ ...evaluate(d, { numerator: 1, denominator: 1 }), points: d.maxPoints, status: 'ok' as const }));
    assert.equal(scoreOf(full).total, 100);
    assert.equal(scoreOf(full).band, 'tot');
  });

  test('1.2 made public on time: 5 working days counted from the day after the decision (BLDS 2015 Điều 147)', () => {
    // Decision Monday 2026-03-02; public the next Monday morning 2026-03-09 09:00 (+07): on time.
    assert.equal(publicUpdateOnTime(cal, '2026-03-02', new Date('2026-03-09T09:00:00+07:00')), true);
    // ... at the end of that Monday still on time; the Tuesday after, late.
    assert.equal(publicUpdateOnTime(cal, '2026-03-02', new Date('2026-03-09T17:00:00+07:00')), true);
    assert.equal(publicUpdateOnTime(cal, '2026-03-02', new Date('2026-03-10T09:00:00+07:00')), false);
    // Made public the same day as the decision: on time.
    assert.equal(publicUpdateOnTime(cal, '2026-03-02', new Date('2026-03-02T15:00:00+07:00')), true);
    assert.equal(publicUpdateOnTime(cal, '2026-03-02', null), false);
  });
});

describe('dossier facts (QĐ 766 §1.4)', () => {
  test('finished before the appointment day: early; on the day before the moment: on time; after: late', () => {
    assert.equal(factOf(h({ endedAt: at('2026-03-05T10:00:00+07:00') }), cal).outcome, 'early');
    assert.equal(factOf(h({ endedAt: at('2026-03-06T07:30:00+07:00') }), cal).outcome, 'on_time');
    assert.equal(factOf(h({ endedAt: at('2026-03-06T08:01:00+07:00') }), cal).outcome, 'late');
  });

  test('paused time (supplement) is subtracted: the due moment moves by the paused working time', () => {
    // Paused Tue 03/03 08:00 → Thu 05/03 08:00 = 2 working days; due Fri 06/03 08:00 → Tue 10/03 08:00.
    const f = factOf(h({ pauses: [{ from: at('2026-03-03T08:00:00+07:00'), to: at('2026-03-05T08:00:00+07:00') }], processingSupplements: 1, endedAt: at('2026-03-09T16:00:00+07:00') }), cal);
    assert.equal(f.dueAt!.toISOString(), at('2026-03-10T08:00:00+07:00').toISOString());
    assert.equal(f.outcome, 'early');
  });

  test('a supplement outstanding at the applicant: the end is the moment of the request', () => {
    const f = factOf(h({ pauses: [{ from: at('2026-03-04T09:00:00+07:00'), to: null }], processingSupplements: 1 }), cal);
    assert.equal(f.waitingApplicant, true);
    assert.equal(f.endAt!.toISOString(), at('2026-03-04T09:00:00+07:00').toISOString());
    assert.equal(f.outcome, 'early');
  });

  test('asked to supplement more than once: late, even when finished early', () => {
    const f = factOf(h({ processingSupplements: 2, endedAt: at('2026-03-03T08:00:00+07:00') }), cal);
    assert.equal(f.outcome, 'late');
    assert.equal(f.kDay, f.rDay);
  });

  test('not accepted (refused, withdrawn before receipt): no contribution', () => {
    const f = factOf(h({ receivedAt: null, appointmentOriginal: null }), cal);
    assert.equal(f.accepted, false);
    assert.deepEqual(contributions(f), { counters: [], procs: [] });
  });

  test('counter delta: the change from one fact to the next; the same fact twice changes nothing', () => {
    const open = factOf(h({}), cal);
    const done = factOf(h({ endedAt: at('2026-03-10T08:00:00+07:00') }), cal);
    assert.equal(counterDelta(done, done).counters.size, 0);
    const d = counterDelta(open, done).counters;
    assert.equal(d.get('A|2026-03-10|fin_late'), 1);
    assert.equal(d.get('A|2026-03-10|ended'), 1);
    assert.equal(d.get('A|2026-03-02|received'), undefined, 'unchanged receipt count is not touched');
  });
});

describe('2.1 over periods from counters (hand-computed)', () => {
  const D = (id: string, recv: string, due: string, end: string | null, x: Partial<DossierHistory> = {}) =>
    factOf(h({ dossierId: id, receivedAt: at(recv + '+07:00'), appointmentOriginal: at(due + '+07:00'), endedAt: end ? at(end + '+07:00') : null, ...x }), cal);
  const facts = [
    D('a', '2026-02-25T09:00:00', '2026-03-04T09:00:00', '2026-03-03T10:00:00'), // crosses Feb→Mar, early in March
    D('b', '2026-02-26T09:00:00', '2026-03-02T09:00:00', '2026-03-05T10:00:00'), // crosses, late in March (open & overdue at end of Feb? no: due 02/03)
    D('c', '2026-03-10T09:00:00', '2026-03-20T09:00:00', null),                  // open at the end of March, overdue
    D('d', '2026-03-25T09:00:00', '2026-04-06T09:00:00', null),                  // open at the end of March, within time
    D('e', '2026-03-12T09:00:00', '2026-03-19T09:00:00', '2026-03-19T08:00:00'), // on time
    D('f', '2026-01-05T09:00:00', '2026-01-09T09:00:00', '2026-01-20T09:00:00'), // January only
  ];

  test('February: a and b carried into the month, still open at the end and within time', () => {
    const r = timeliness(facts, monthPeriod('2026-02'));
    assert.deepEqual([r.total, r.onTime, r.late, r.openWithinTime], [2, 2, 0, 2]);
  });

  test('March: a, b carried over + c, d, e received; a early, e on time, d within time; b late, c overdue', () => {
    const r = timeliness(facts, monthPeriod('2026-03'));
    assert.deepEqual([r.total, r.finishedEarly, r.finishedOnTime, r.finishedLate, r.openWithinTime, r.openOverdue, r.onTime, r.late], [5, 1, 1, 1, 1, 1, 3, 2]);
  });

  test('the first quarter counts each dossier once', () => {
    const r = timeliness(facts, { from: '2026-01-01', to: '2026-03-31', toExcl: '2026-04-01' });
    assert.deepEqual([r.total, r.onTime, r.late], [6, 3, 3]);
  });

  test('a month without dossiers: nothing to count', () => {
    const r = timeliness(facts, monthPeriod('2025-06'));
    assert.deepEqual([r.total, r.onTime, r.late], [0, 0, 0]);
  });

  test('all late', () => {
    const late = [D('x', '2026-05-04T09:00:00', '2026-05-05T09:00:00', '2026-05-08T09:00:00'), D('y', '2026-05-04T09:00:00', '2026-05-05T09:00:00', null)];
    const r = timeliness(late, monthPeriod('2026-05'));
    assert.deepEqual([r.total, r.onTime, r.late], [2, 0, 2]);
    assert.equal(toPoints(def('DVC_PROGRESS') as IndicatorDef, r.onTime, r.total), 0);
  });
});
