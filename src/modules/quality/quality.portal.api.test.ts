/**
 * Issue 18 §1 over HTTP, with hand-computed expected values: 5.4 from ratings, 5.2 with the
 * portal's scope and limits, 5.1 classes, 4.1/4.2 and 3.6 as the portal defines them; and the
 * rating without an account (signed link/QR, counter screen).
 *
 * The indicator part uses a month long before the demo dossiers (March 2024) and one agency: its
 * dossier facts are made by the real rules (`factOf`) and written with the read model's own
 * incremental writer (the path the outbox handler takes), so the expected numbers are exact.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { buildWorkCalendar } from '../calendar/calendar.public.js';
import { ratingToken } from '../dossiers/dossiers.public.js';
import { applyCounterDelta, applyProcDelta, upsertFacts } from './quality.repo.js';
import { counterDelta, factOf, type DossierHistory } from './quality.rules.js';

let t: TestApp;
const tokens: Record<string, string> = {};
let A = '';
const cal = buildWorkCalendar({ fromYear: 2023, toYear: 2027 });
const at = (s: string) => new Date(s + '+07:00');
const ids = Array.from({ length: 10 }, () => randomUUID());

before(async () => {
  t = await startTestApp({ demoDossiers: 240 });
  for (const r of ['admin', 'one_stop_officer', 'citizen']) tokens[r] = await t.login(r);
  const db = t.database.db;
  A = (
    await sql<{
      id: string;
    }>`SELECT id FROM agency WHERE valid_to IS NULL AND parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agency c WHERE c.parent_id = agency.id) ORDER BY code LIMIT 1`.execute(
      db,
    )
  ).rows[0].id;

  // Ten dossiers received Mon 04/03/2024 08:00, appointment Fri 08/03/2024 08:00.
  const h = (i: number, x: Partial<DossierHistory>): DossierHistory => ({
    dossierId: ids[i],
    code: `T-${i}`,
    agencyId: A,
    procedureCode: 'T.766',
    channel: 'counter',
    receivedAt: at('2024-03-04T08:00:00'),
    appointmentOriginal: at('2024-03-08T08:00:00'),
    pauses: [],
    endedAt: at('2024-03-06T10:00:00'),
    processingSupplements: 0,
    feeTotal: 0,
    paidOnline: false,
    hasResult: false,
    resultFile: false,
    returnsDocument: true,
    allDigitised: false,
    reused: false,
    fullOnlineEligible: false,
    ...x,
  });
  const histories = [
    h(0, { endedAt: at('2024-03-12T10:00:00') }), // finished late
    h(1, { endedAt: null }), // open, overdue at the end of March
    h(2, { hasResult: true, resultFile: true, allDigitised: true, feeTotal: 50_000, paidOnline: true }),
    h(3, { hasResult: true, resultFile: true, allDigitised: true, feeTotal: 50_000 }),
    h(4, { allDigitised: true, feeTotal: 25_000 }), // digitised but no result file yet: not counted in 4.2
    h(5, { allDigitised: true, feeTotal: 25_000 }),
    h(6, {}),
    h(7, {}),
    h(8, { returnsDocument: false, allDigitised: true }),
    h(9, { returnsDocument: false, allDigitised: true }),
  ];
  const facts = histories.map((x) => factOf(x, cal));
  await t.database.transaction(async (tx) => {
    const counters = new Map<string, number>();
    const procs = new Map<string, number>();
    for (const f of facts) {
      const d = counterDelta(null, f);
      for (const [k, v] of d.counters) counters.set(k, (counters.get(k) ?? 0) + v);
      for (const [k, v] of d.procs) procs.set(k, (procs.get(k) ?? 0) + v);
    }
    await applyCounterDelta(tx, counters);
    await applyProcDelta(tx, procs);
    await upsertFacts(tx, facts);
    // Ratings: d0 very dissatisfied (late as well: subtracted twice), d2 dissatisfied, d3 neutral, d4 very satisfied.
    const rate = (i: number, overall: number, channel: string) =>
      sql`INSERT INTO dossier_rating (dossier_id, dossier_code, owner_id, channel, procedure_code, receiving_agency_id, agency_ids, answers, overall, editable_until)
      VALUES (${ids[i]}, ${`T-${i}`}, NULL, ${channel}, 'T.766', ${A}, ${[A]}::uuid[], ${JSON.stringify({ overall })}::jsonb, ${overall}, now())`.execute(tx);
    await rate(0, 1, 'counter');
    await rate(2, 2, 'link');
    await rate(3, 3, 'account');
    await rate(4, 5, 'link');
    // Feedback of March 2024 for the agency (Fri 01/03 is the first day).
    let n = 0;
    const fb = (x: { status: string; closeReason?: string; topic?: string; received: string; forwarded?: string; answered?: string; published?: string }) =>
      sql`INSERT INTO feedback (code, channel, kind, topic, title, content, receiving_agency_id, agency_id, status, close_reason, received_at, classify_due_at, forwarded_at, answered_at, published_at)
        VALUES (${`PAKN-TEST-${++n}`}, 'counter', 'feedback', ${x.topic ?? null}, 'Thử', 'Nội dung thử', ${A}, ${A}, ${x.status}, ${x.closeReason ?? null}, ${at(x.received)}, ${at(x.received)},
          ${x.forwarded ? at(x.forwarded) : null}, ${x.answered ? at(x.answered) : null}, ${x.published ? at(x.published) : null})`.execute(tx);
    await fb({ status: 'received', received: '2024-03-04T09:00:00' }); // being classified: excluded
    await fb({ status: 'closed', closeReason: 'not_accepted', received: '2024-03-04T09:00:00' }); // not accepted: excluded
    await fb({ status: 'published', topic: 'regulation', received: '2024-03-04T09:00:00', answered: '2024-03-15T09:00:00', published: '2024-03-18T09:00:00' }); // 9 + 1 working days: on time
    await fb({
      status: 'published',
      topic: 'officer_conduct',
      received: '2024-03-04T09:00:00',
      answered: '2024-03-26T09:00:00',
      published: '2024-03-26T10:00:00',
    }); // after 15 working days: late
    await fb({ status: 'forwarded', topic: 'procedure_handling', received: '2024-03-04T09:00:00', forwarded: '2024-03-05T09:00:00' }); // pending > 15 working days at the end: overdue
    await fb({ status: 'forwarded', received: '2024-03-28T09:00:00', forwarded: '2024-03-28T10:00:00' }); // pending, 2 working days old: in time
  });
});
after(async () => t?.close());

const get = (url: string, token?: string) => t.request({ method: 'GET', url, token });
type Ind = { code: string; numerator: number; denominator: number; points: number | null; status: string; note: string | null };

describe('QĐ 766 indicators as the national portal counts them (hand-computed, March 2024)', () => {
  let b: {
    indicators: Ind[];
    satisfaction: Record<string, number>;
    feedback: Record<string, number>;
    information: { feedbackClassification: Record<string, number | null>; averageResolution: unknown[] };
    timeliness: { total: number; late: number };
  };
  const ind = (code: string) => b.indicators.find((i) => i.code === code)!;
  before(async () => {
    const r = await get(`/api/v1/quality/indicators?from=2024-03-01&to=2024-03-31&agency=${A}`);
    assert.equal(r.statusCode, 200, r.body);
    b = r.json();
  });

  test('2.1: 10 dossiers, 2 late → 16 points (the population 5.4 uses)', () => {
    assert.deepEqual([b.timeliness.total, b.timeliness.late], [10, 2]);
    assert.equal(ind('DVC_PROGRESS').points, 16);
  });

  test('5.4: 100% − (2 late + 2 rated dissatisfied)/10 = 60% → 6 × 60/90 = 4 points', () => {
    assert.deepEqual(b.satisfaction, { received: 10, late: 2, rated: 4, dissatisfied: 2, numerator: 6 });
    const v = ind('DOSSIER_RECEIVING_SATISFACTION');
    assert.deepEqual([v.numerator, v.denominator, v.points, v.status], [6, 10, 4, 'ok']);
    assert.match(v.note!, /90%/);
    assert.doesNotMatch(v.note!, /chưa được triển khai/);
  });

  test('5.2: 6 items, 2 outside the competence; of 4: 1 on time + 1 in time → 6 × 2/4 = 3 points', () => {
    assert.deepEqual(b.feedback, { total: 4, excluded: 2, onTime: 1, late: 1, inTime: 1, overdue: 1 });
    const v = ind('PETITION_PROCESSING_ON_TIME');
    assert.deepEqual([v.numerator, v.denominator, v.points], [2, 4, 3]);
    assert.match(v.note!, /15/);
  });

  test('5.1 (information only): 2 of 6 about procedures, 1 about officials', () => {
    assert.deepEqual(b.information.feedbackClassification, {
      total: 6,
      procedures: 2,
      staff: 1,
      unclassified: 3,
      proceduresPercent: 33.33,
      staffPercent: 16.67,
    });
    assert.ok(Array.isArray(b.information.averageResolution));
  });

  test('4.1: 8 dossiers of procedures returning a document (open ones included), 2 with an e-result → 6 × 2/8 = 1.5', () => {
    const v = ind('ORIGINAL_RESULT_AVAILABLE');
    assert.deepEqual([v.numerator, v.denominator, v.points], [2, 8, 1.5]);
  });

  test('4.2: digitised and, where a document is returned, the result file attached: 4 of 10 → 4 × 0.4 = 1.6', () => {
    const v = ind('SO_HOA_GIAY_TO_GIAI_QUYET');
    assert.deepEqual([v.numerator, v.denominator, v.points], [4, 10, 1.6]);
  });

  test('3.6: 4 dossiers with a net amount due, 1 paid online → 6 × 1/4 = 1.5', () => {
    const v = ind('DOSSIER_ONLINE_PAYMENT');
    assert.deepEqual([v.numerator, v.denominator, v.points], [1, 4, 1.5]);
  });

  test('the dashboard row of the agency carries the same 5.4 and 5.2 points', async () => {
    const d = (await get('/api/v1/quality/dashboard?from=2024-03-01&to=2024-03-31')).json();
    const row = d.items.find((x: { agency: { id: string } }) => x.agency.id === A);
    const p = (code: string) => row.indicators.find((i: { code: string }) => i.code === code).points;
    assert.equal(p('DOSSIER_RECEIVING_SATISFACTION'), 4);
    assert.equal(p('PETITION_PROCESSING_ON_TIME'), 3);
  });
});

describe('rating without an account: signed link/QR and the counter screen', () => {
  let dossier: { id: string; code: string; r_day: string; agency_id: string };
  let other: { id: string };
  before(async () => {
    const db = t.database.db;
    const officerAgency = (await sql<{ agency_id: string }>`SELECT agency_id FROM app_user WHERE username = 'one_stop_officer'`.execute(db)).rows[0].agency_id;
    const rows = (
      await sql<{
        id: string;
        code: string;
        r_day: string;
        agency_id: string;
      }>`SELECT d.id, d.code, f.r_day::text AS r_day, f.agency_id FROM dossier d JOIN quality_dossier_fact f ON f.dossier_id = d.id
      WHERE d.received_at IS NOT NULL AND d.status <> 3 AND d.receiving_agency_id = ${officerAgency} AND f.accepted
        AND NOT EXISTS (SELECT 1 FROM dossier_rating r WHERE r.dossier_id = d.id) ORDER BY d.code LIMIT 2`.execute(db)
    ).rows;
    assert.equal(rows.length, 2);
    [dossier, other] = rows;
  });

  test('the counter screen: officer gets a token; anonymous 401, citizen 403; rating is public, once, and the choice is not echoed', async () => {
    const url = '/api/v1/ratings/counter';
    assert.equal((await t.request({ method: 'POST', url, body: { dossierId: dossier.id } })).statusCode, 401);
    assert.equal((await t.request({ method: 'POST', url, token: tokens.citizen, body: { dossierId: dossier.id } })).statusCode, 403);
    const tk = await t.request({ method: 'POST', url, token: tokens.one_stop_officer, body: { dossierId: dossier.id } });
    assert.equal(tk.statusCode, 200, tk.body);
    const token = tk.json().token as string;
    assert.match(token, /^c\./);

    const indUrl = `/api/v1/quality/indicators?from=${dossier.r_day}&to=${dossier.r_day}&agency=${dossier.agency_id}`;
    const before = (await get(indUrl)).json().satisfaction;

    const form = await get(`/api/v1/ratings/${token}`);
    assert.equal(form.statusCode, 200, form.body);
    assert.deepEqual([form.json().dossier.code, form.json().canRate, form.json().channel], [dossier.code, true, 'counter']);

    const bad = await t.request({ method: 'POST', url: `/api/v1/ratings/${token}`, body: { answers: { speed: 3 } } });
    assert.equal(bad.statusCode, 400, bad.body);
    const r = await t.request({ method: 'POST', url: `/api/v1/ratings/${token}`, body: { answers: { overall: 2, attitude: 1 } } });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json(), { rated: true, dossierCode: dossier.code }, 'the answer is not sent back to the screen');
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/ratings/${token}`, body: { answers: { overall: 5 } } })).statusCode, 409);
    assert.equal((await get(`/api/v1/ratings/${token}`)).json().canRate, false);

    const row = (
      await sql<{
        owner_id: string | null;
        channel: string;
        overall: number;
      }>`SELECT owner_id, channel, overall FROM dossier_rating WHERE dossier_id = ${dossier.id}`.execute(t.database.db)
    ).rows[0];
    assert.deepEqual(row, { owner_id: null, channel: 'counter', overall: 2 });
    const audit = (
      await sql<{
        actor_id: string | null;
        summary: Record<string, unknown>;
      }>`SELECT actor_id, summary FROM audit_log WHERE entity_id = ${dossier.id} AND action = 'citizen.rating.create'`.execute(t.database.db)
    ).rows;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_id, null, 'not attributed to the officer');
    assert.equal(audit[0].summary.overall, undefined, 'the audit trail does not show what was chosen');

    const after = (await get(indUrl)).json().satisfaction;
    assert.equal(after.rated, before.rated + 1);
    assert.equal(after.dissatisfied, before.dissatisfied + 1, 'level 2 counts as dissatisfied in 5.4');
    assert.equal(
      (await t.request({ method: 'POST', url, token: tokens.one_stop_officer, body: { dossierId: dossier.id } })).statusCode,
      409,
      'already rated: no new counter session',
    );
  });

  test('the link/QR on the receipt: signed per dossier; a forged or altered token is refused', async () => {
    const token = await ratingToken(t.database.db, other.id);
    assert.match(token, /^l\./);
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    assert.equal((await get(`/api/v1/ratings/${forged}`)).statusCode, 404);
    assert.equal((await get(`/api/v1/ratings/l.${dossier.id}.${token.split('.')[2]}`)).statusCode, 404, 'a signature is valid for its dossier only');
    assert.equal((await get('/api/v1/ratings/not-a-token-at-all-xxxxxx')).statusCode, 400);
    const r = await t.request({ method: 'POST', url: `/api/v1/ratings/${token}`, body: { answers: { overall: 5 }, comment: 'Nhanh' } });
    assert.equal(r.statusCode, 201, r.body);
    const row = (await sql<{ channel: string }>`SELECT channel FROM dossier_rating WHERE dossier_id = ${other.id}`.execute(t.database.db)).rows[0];
    assert.equal(row.channel, 'link');
  });

  test('the receipt PDF is still produced with the rating QR block', async () => {
    const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/${dossier.id}/documents/receipt`, token: tokens.admin });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    assert.equal(r.rawPayload.subarray(0, 4).toString(), '%PDF');
  });
});
