/** Table tests of the QĐ 766 formulas on small hand-computed datasets. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkCalendar } from '../calendar/calendar.public.js';
import { catalogueObligation, historyFromLog, historyFromSnapshot, netFees, returnsDocument } from './quality.history.js';
import type { SnapshotInput } from './quality.repo.js';
import {
  certifiedCopyProvision,
  GROUPS,
  INDICATORS,
  averageResolution,
  contributions,
  counterDelta,
  evaluate,
  factOf,
  feedbackClassification,
  monthPeriod,
  portalFeedbackClass,
  portalFeedbackCounts,
  publicUpdateOnTime,
  satisfactionCounts,
  scoreOf,
  timelinessFromCounts,
  toPoints,
  type DossierHistory,
  type FeedbackItem,
  type Fact,
  type IndicatorDef,
  type Period,
  isDissatisfied,
  tabletLevelOnFive,
} from './quality.rules.js';

const cal = buildWorkCalendar({ fromYear: 2024, toYear: 2027 });
const at = (s: string) => new Date(s);
const def = (code: string) => INDICATORS.find((d) => d.code === code)!;

function h(x: Partial<DossierHistory>): DossierHistory {
  return {
    dossierId: x.dossierId ?? 'd1',
    code: 'X',
    agencyId: 'A',
    procedureCode: '1.000001',
    channel: 'counter',
    receivedAt: at('2026-03-02T08:00:00+07:00'),
    appointmentOriginal: at('2026-03-06T08:00:00+07:00'),
    pauses: [],
    endedAt: null,
    processingSupplements: 0,
    feeTotal: 0,
    paidOnline: false,
    hasResult: false,
    resultFile: false,
    returnsDocument: false,
    allDigitised: false,
    reused: false,
    fullOnlineEligible: false,
    ...x,
  };
}

/** Sums the counters for a period the way the repository does (cumulative before the end, period sums). */
function timeliness(facts: Fact[], p: Period, nowIsPast = true) {
  const sum = (col: string, pred: (day: string) => boolean) =>
    facts.flatMap((f) => contributions(f).counters).filter((c) => c.column === col && pred(c.day)).length;
  const beforeEnd = (d: string) => d < p.toExcl;
  const inP = (d: string) => d >= p.from && d < p.toExcl;
  assert.ok(nowIsPast);
  return timelinessFromCounts({
    receivedBeforeEnd: sum('received', beforeEnd),
    endedBeforeStart: sum('ended', (d) => d < p.from),
    endedBeforeEnd: sum('ended', beforeEnd),
    finEarly: sum('fin_early', inP),
    finOnTime: sum('fin_on_time', inP),
    finLate: sum('fin_late', inP),
    openOverdue: sum('k_cnt', beforeEnd) - sum('ke_cnt', beforeEnd),
  });
}

describe('indicator table', () => {
  test('the maxima add up to 100 and to each group maximum (18/20/12/10/22/18)', () => {
    assert.equal(
      INDICATORS.reduce((s, d) => s + d.maxPoints, 0),
      100,
    );
    for (const [g, info] of Object.entries(GROUPS))
      assert.equal(
        INDICATORS.filter((d) => d.group === g).reduce((s, d) => s + d.maxPoints, 0),
        info.maxPoints,
        g,
      );
    assert.equal(new Set(INDICATORS.map((d) => d.code)).size, INDICATORS.length);
  });

  const cases: [string, number, number, number][] = [
    ['DVC_PROGRESS', 180, 200, 18], // linear 20 × 0.9
    ['DVC_PROGRESS', 0, 50, 0], // all late
    ['DVC_PROGRESS', 50, 50, 20],
    ['REUSED_DIGITIZED_DATA', 40, 100, 1], // threshold 80: 2 × 40/80
    ['REUSED_DIGITIZED_DATA', 85, 100, 2], // above the threshold: full
    ['FEE_INTEGRATED', 3, 5, 1.5], // threshold 80: 2 × 60/80
    ['DOSSIER_ONLINE_PAYMENT', 1, 3, 2], // linear 6 × 1/3
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

  test('indicators without a data source are marked, never scored (1.4 sync confirmation)', () => {
    const v = evaluate(def('DOSSIER_SYNC'), { numerator: 10, denominator: 10 });
    assert.equal(v.status, 'no_data');
    assert.equal(v.points, null);
  });

  // 5.4: threshold 90 (Nghị quyết 76/NQ-CP): 6 × min(1, R/90).
  const satisfaction: [string, number, number, number, number][] = [
    // [case, received, late, dissatisfied, expected points]
    ['no late, no dislike: 100% → 6', 20, 0, 0, 6],
    ['exactly 90% → full 6', 20, 1, 1, 6],
    ['85% → 6 × 85/90 = 5.67', 20, 2, 1, 5.67],
    ['45% → 3', 20, 9, 2, 3],
    ['more late and disliked than received → 0, never negative', 4, 3, 3, 0],
  ];
  for (const [name, received, late, bad, pts] of satisfaction) {
    test(`5.4 ${name}`, () => {
      const ratings = Array.from({ length: bad }, (_, i) => ({ dossierId: `r${i}`, level: 1 + (i % 2), source: 'link' }));
      const c = satisfactionCounts(received, late, ratings);
      assert.equal(c.dissatisfied, bad);
      assert.equal(evaluate(def('DOSSIER_RECEIVING_SATISFACTION'), { numerator: c.numerator, denominator: c.received }).points, pts);
    });
  }

  test('5.4 what counts as "không hài lòng": levels 1–2 only; a dossier counts once across sources (seam for tablets)', () => {
    const rows = [
      { dossierId: 'a', level: 2, source: 'account' },
      { dossierId: 'a', level: 1, source: 'tablet' }, // the same dossier from the front office's tablets: once
      { dossierId: 'b', level: 3, source: 'counter' }, // bình thường: not dissatisfied
      { dossierId: 'c', level: 5, source: 'link' },
      { dossierId: 'd', level: 4, source: 'link' },
    ];
    const c = satisfactionCounts(10, 2, rows);
    assert.deepEqual(c, { received: 10, late: 2, rated: 4, dissatisfied: 1, numerator: 7 });
    assert.equal(evaluate(def('DOSSIER_RECEIVING_SATISFACTION'), { numerator: 7, denominator: 10 }).points, 4.67); // 6 × 70/90
    assert.equal(evaluate(def('DOSSIER_RECEIVING_SATISFACTION'), { numerator: 0, denominator: 0 }).status, 'not_applicable');
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
    const f = factOf(
      h({
        pauses: [{ from: at('2026-03-03T08:00:00+07:00'), to: at('2026-03-05T08:00:00+07:00') }],
        processingSupplements: 1,
        endedAt: at('2026-03-09T16:00:00+07:00'),
      }),
      cal,
    );
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
    D('c', '2026-03-10T09:00:00', '2026-03-20T09:00:00', null), // open at the end of March, overdue
    D('d', '2026-03-25T09:00:00', '2026-04-06T09:00:00', null), // open at the end of March, within time
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

describe('5.2 with the portal scope and limits (hand-computed, working days)', () => {
  // Received Mon 2026-03-02 09:00 (+07). 15 working days later: Mon 2026-03-23 09:00. Publish ≤ 2 working days after the answer.
  const base: FeedbackItem = {
    status: 'published',
    closeReason: null,
    receivedAt: at('2026-03-02T09:00:00+07:00'),
    forwardedAt: null,
    answeredAt: null,
    publishedAt: null,
  };
  const end = at('2026-04-01T00:00:00+07:00');
  const cases: [string, Partial<FeedbackItem>, string][] = [
    ['still being classified: outside the competence', { status: 'received' }, 'excluded'],
    ['closed at classification (not accepted)', { status: 'closed', closeReason: 'not_accepted' }, 'excluded'],
    ['closed as redirected to a complaint', { status: 'closed', closeReason: 'complaint_redirected' }, 'excluded'],
    [
      'answered on day 15 and published 2 working days later: on time',
      { answeredAt: at('2026-03-23T08:00:00+07:00'), publishedAt: at('2026-03-25T08:00:00+07:00') },
      'on_time',
    ],
    [
      'answered on day 15, published 3 working days later: late',
      { answeredAt: at('2026-03-23T08:00:00+07:00'), publishedAt: at('2026-03-26T10:00:00+07:00') },
      'late',
    ],
    ['answered after 15 working days: late', { answeredAt: at('2026-03-23T10:00:00+07:00'), publishedAt: at('2026-03-23T11:00:00+07:00') }, 'late'],
    [
      'counted from the latest transfer: answered 16 working days after receipt but 10 after transfer',
      { forwardedAt: at('2026-03-09T09:00:00+07:00'), answeredAt: at('2026-03-24T08:00:00+07:00'), publishedAt: at('2026-03-24T09:00:00+07:00') },
      'on_time',
    ],
    ['answered, not published, 2-day window passed at the period end: late', { status: 'answered', answeredAt: at('2026-03-10T09:00:00+07:00') }, 'late'],
    ['still being handled, older than 15 working days at the end: overdue', { status: 'forwarded' }, 'overdue'],
  ];
  for (const [name, x, want] of cases) test(name, () => assert.equal(portalFeedbackClass(cal, { ...base, ...x }, end), want));

  test('a pending item ≤ 15 working days old is in time (judged at the period end)', () => {
    assert.equal(portalFeedbackClass(cal, { ...base, status: 'forwarded', receivedAt: at('2026-03-20T09:00:00+07:00') }, end), 'in_time');
  });

  test('counts: excluded items are out of the denominator; 5.2 = (on time + in time) / counted', () => {
    const items: FeedbackItem[] = cases.map(([, x]) => ({ ...base, ...x }));
    const c = portalFeedbackCounts(cal, items, end);
    assert.deepEqual(c, { total: 6, excluded: 3, onTime: 2, late: 3, inTime: 0, overdue: 1 });
    assert.equal(evaluate(def('PETITION_PROCESSING_ON_TIME'), { numerator: c.onTime + c.inTime, denominator: c.total }).points, 2); // 6 × 2/6
  });
});

describe('information-only indicators 2.2 and 5.1', () => {
  test('2.2: average working days per procedure', () => {
    const rows = [
      { procedureCode: 'P1', procedureName: 'Một', receivedAt: at('2026-03-02T08:00:00+07:00'), endAt: at('2026-03-04T08:00:00+07:00') }, // 2 days
      { procedureCode: 'P1', procedureName: 'Một', receivedAt: at('2026-03-06T08:00:00+07:00'), endAt: at('2026-03-10T08:00:00+07:00') }, // Fri → Tue: 2 days
      { procedureCode: 'P1', procedureName: 'Một', receivedAt: at('2026-03-02T08:00:00+07:00'), endAt: at('2026-03-07T08:00:00+07:00') }, // Mon → Sat: 5 days
      { procedureCode: 'P2', procedureName: 'Hai', receivedAt: at('2026-03-02T08:00:00+07:00'), endAt: at('2026-03-02T12:00:00+07:00') }, // 08:00–11:30 = 3.5 h of 8 (office hours 07:00–11:30, 13:30–17:00) → 0.4
    ];
    assert.deepEqual(averageResolution(cal, rows), [
      { procedureCode: 'P1', procedureName: 'Một', dossiers: 3, averageWorkingDays: 3 },
      { procedureCode: 'P2', procedureName: 'Hai', dossiers: 1, averageWorkingDays: 0.4 },
    ]);
  });

  test('5.1: shares about procedures (regulation + procedure handling) and about officials', () => {
    assert.deepEqual(feedbackClassification({ regulation: 2, procedure_handling: 3, officer_conduct: 4, unclassified: 1 }), {
      total: 10,
      procedures: 5,
      staff: 4,
      unclassified: 1,
      proceduresPercent: 50,
      staffPercent: 40,
    });
    assert.deepEqual(feedbackClassification({}), { total: 0, procedures: 0, staff: 0, unclassified: 0, proceduresPercent: null, staffPercent: null });
  });
});

describe('4.1, 4.2 and fees as the portal defines them (per dossier)', () => {
  test('4.1: every dossier of a procedure returning a document is in the denominator, with or without a result', () => {
    const open = factOf(h({ returnsDocument: true }), cal);
    assert.equal(open.docResult, true);
    assert.equal(open.eResult, false);
    const withFile = factOf(h({ returnsDocument: true, hasResult: true, resultFile: true }), cal);
    assert.equal(withFile.eResult, true);
    const noDoc = factOf(h({ returnsDocument: false, hasResult: true, resultFile: true }), cal);
    assert.equal(noDoc.docResult, false);
    assert.equal(noDoc.eResult, false);
  });

  test('4.2: all components digitised and, where the procedure returns a document, the result file attached', () => {
    assert.equal(factOf(h({ allDigitised: true, returnsDocument: false }), cal).digitised, true);
    assert.equal(factOf(h({ allDigitised: true, returnsDocument: true }), cal).digitised, false, 'no result file yet');
    assert.equal(factOf(h({ allDigitised: true, returnsDocument: true, hasResult: true, resultFile: true }), cal).digitised, true);
    assert.equal(factOf(h({ allDigitised: false, returnsDocument: true, hasResult: true, resultFile: true }), cal).digitised, false);
  });

  test('a result name in the catalogue is a document; none (or "Không") is not', () => {
    assert.equal(returnsDocument('Giấy chứng nhận đăng ký hộ kinh doanh'), true);
    assert.equal(returnsDocument(''), false);
    assert.equal(returnsDocument(null), false);
    assert.equal(returnsDocument('Không có kết quả bằng văn bản'), false);
  });

  test('fees: the net amount due (reductions applied), never the gross', () => {
    assert.equal(
      netFees([
        { name: 'Lệ phí', amount: 100_000, reductionPercent: 50, due: 50_000 },
        { name: 'Phí', amount: 20_000 },
      ]),
      70_000,
    );
    assert.equal(netFees([{ name: 'Lệ phí', amount: 100_000, reductionPercent: 100, due: 0 }]), 0);
  });

  const lines = [
    { name: 'Lệ phí (mức chung)', amountVnd: 50_000, alternativeGroup: 'lp' },
    { name: 'Lệ phí (người có công: miễn)', amountVnd: 0, alternativeGroup: 'lp', appliesTo: ['meritorious'] },
    { name: 'Phí bản sao (khi yêu cầu)', amountVnd: 8_000, onRequest: true },
  ] as unknown as NonNullable<SnapshotInput['caseFees']>;
  test('fees before any payment request (collected at the counter at intake): the catalogue line that applies, alternatives never summed', () => {
    assert.deepEqual(catalogueObligation(lines, []), { total: 50_000, unknown: false });
    assert.deepEqual(catalogueObligation(lines, ['meritorious']), { total: 0, unknown: false }, 'exempt: no obligation');
    assert.deepEqual(catalogueObligation([{ name: 'Lệ phí do HĐND quy định', amountVnd: null }] as unknown as Parameters<typeof catalogueObligation>[0], []), {
      total: 0,
      unknown: true,
    });
    assert.deepEqual(catalogueObligation(null, []), { total: 0, unknown: false });
  });

  const snap = (x: Partial<SnapshotInput> = {}): SnapshotInput => ({
    id: 'd1',
    code: 'X',
    receivingAgencyId: 'A',
    leadAgencyId: null,
    procedureCode: 'P',
    channel: 'counter',
    status: 4,
    state: {},
    components: [],
    onlineLevel: null,
    caseFees: lines,
    applicantGroups: [],
    resultName: 'Giấy phép',
    ...x,
  });
  test('3.6 denominator: a fee-bearing dossier counts without any payment request (snapshot and log agree); an exempt one does not', () => {
    const state = { receivedAt: '2026-03-02T01:00:00.000Z', appointment: { original: '2026-03-06T01:00:00.000Z' } };
    const fromSnap = historyFromSnapshot({ ...snap(), state });
    const fromLog = historyFromLog(snap(), [
      {
        dossierId: 'd1',
        seq: 1,
        type: 'receive',
        at: new Date(state.receivedAt),
        fromStatus: null,
        toStatus: 2,
        payload: { appointment: state.appointment.original },
        events: [],
      },
    ]);
    assert.equal(fromSnap.feeTotal, 50_000);
    assert.equal(fromLog.feeTotal, 50_000);
    assert.equal(factOf(fromSnap, cal).fee, true);
    assert.equal(factOf(historyFromSnapshot({ ...snap({ applicantGroups: ['meritorious'] }), state }), cal).fee, false);
    // A payment request replaces the catalogue amount by the net amount asked (here fully reduced: no obligation).
    const paid = historyFromSnapshot({
      ...snap(),
      state: { ...state, payments: [{ items: [{ name: 'Lệ phí', amount: 50_000, reductionPercent: 100, due: 0 }], paidOnline: null }] },
    });
    assert.equal(paid.feeTotal, 0);
    assert.equal(factOf(paid, cal).fee, false);
  });
});

test('5.4 reads a front-office tablet level on the five-level scale: only its 1 is "không hài lòng"', () => {
  assert.deepEqual([1, 2, 3, 4].map(tabletLevelOnFive), [2, 3, 4, 5]);
  assert.deepEqual(
    [1, 2, 3, 4].map((l) => isDissatisfied(tabletLevelOnFive(l))),
    [true, false, false, false],
  );
});

test('4.x electronic certified copies: communes (by administrative unit) with a copy certified in the period / communes in scope', () => {
  const agencies = [
    { id: 'a1', kind: 'commune_people_committee', unitCode: 'X1', current: true },
    { id: 'a2', kind: 'commune_service_centre', unitCode: 'X1', current: true }, // same commune
    { id: 'b1', kind: 'commune_people_committee', unitCode: 'X2', current: true },
    { id: 'c1', kind: 'commune_people_committee', unitCode: 'X3', current: false }, // closed
    { id: 'd1', kind: 'department', unitCode: 'P', current: true }, // not a commune
  ];
  assert.deepEqual(certifiedCopyProvision(agencies, null, new Set(['a2', 'd1'])), { numerator: 1, denominator: 2 });
  assert.deepEqual(certifiedCopyProvision(agencies, null, new Set()), { numerator: 0, denominator: 2 });
  assert.deepEqual(certifiedCopyProvision(agencies, ['b1'], new Set(['b1'])), { numerator: 1, denominator: 1 });
  assert.deepEqual(
    certifiedCopyProvision(agencies, ['d1'], new Set(['d1'])),
    { numerator: 0, denominator: 0 },
    'a department manages no commune: not applicable',
  );
  assert.equal(evaluate(def('ELECTRONIC_CERTIFIED_COPY'), { numerator: 1, denominator: 2 }).points, 1, 'linear: 2 × 1/2');
  assert.equal(evaluate(def('ELECTRONIC_CERTIFIED_COPY'), { numerator: 0, denominator: 0 }).status, 'not_applicable');
});
