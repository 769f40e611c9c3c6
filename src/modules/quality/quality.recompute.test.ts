/**
 * Incremental counters vs full recomputation from the action log, on 100,000 generated dossiers
 * (set-based SQL generator, quality.generate.ts) processed in shuffled batches, with repeats and
 * a later wave of actions; then the period sums read from the counters vs a direct count over
 * the facts for a month, a quarter and a year.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { prng } from '../../platform/prng.js';
import { createQualityService, type QualityService } from './quality.service.js';
import { counterDigest, factDigest } from './quality.repo.js';
import { finishSomeOpen, generateDossiers } from './quality.generate.js';

const N = Number(process.env.QUALITY_TEST_DOSSIERS ?? 100_000);
const NOW = new Date('2026-06-30T10:00:00+07:00');
let t: TestApp;
let q: QualityService;

before(async () => {
  t = await startTestApp();
  q = createQualityService({ database: t.database, clock: { now: () => NOW } });
});
after(async () => t?.close());

describe(`incremental vs full recomputation (${N} dossiers)`, () => {
  test('counters maintained dossier by dossier equal the recomputation from the action log', { timeout: 300_000 }, async () => {
    const db = t.database.db;
    const t0 = Date.now();
    const made = await t.database.transaction((tx) => generateDossiers(tx, { count: N, start: '2025-01-01', spanDays: 546, now: NOW }));
    assert.ok(made >= N * 0.99, `generated ${made}`);
    const t1 = Date.now();
    // The read model was built at seed time (empty); now feed every dossier through the incremental path.
    const ids = (await sql<{ id: string }>`SELECT id FROM dossier WHERE code LIKE 'GEN-%'`.execute(db)).rows.map((r) => r.id);
    const rnd = prng(7);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rnd.int(i + 1);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    const repeats = ids.filter(() => rnd.chance(0.05));
    const order = [...ids, ...repeats];
    for (let i = 0; i < order.length; i += 10000) {
      const part = order.slice(i, i + 10000);
      await t.database.transaction((tx) => q.refreshDossiers(tx, part));
    }
    // A later wave: 40% of the dossiers in progress get their result; only those are refreshed.
    const touched = await t.database.transaction((tx) => finishSomeOpen(tx, { fraction: 0.4, at: new Date('2026-06-29T09:00:00+07:00') }));
    assert.ok(touched.length > 100, `touched ${touched.length}`);
    for (let i = 0; i < touched.length; i += 5000) await t.database.transaction((tx) => q.refreshDossiers(tx, touched.slice(i, i + 5000)));
    const t2 = Date.now();
    const incCounters = await counterDigest(db);
    const incFacts = await factDigest(db);
    const full = await q.recomputeFromLog();
    const t3 = Date.now();
    const fullCounters = await counterDigest(db);
    const fullFacts = await factDigest(db);
    console.log(`generate ${t1 - t0} ms, incremental ${t2 - t1} ms, full recomputation ${t3 - t2} ms (${full.dossiers} dossiers), counter rows ${fullCounters.rows}`);
    assert.equal(incFacts.rows, fullFacts.rows);
    assert.equal(incFacts.digest, fullFacts.digest, 'facts from snapshots = facts from the action log');
    assert.equal(incCounters.rows, fullCounters.rows);
    assert.equal(incCounters.digest, fullCounters.digest, 'incremental counters = GROUP BY recomputation');
    const late = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM quality_dossier_fact WHERE outcome = 'late'`.execute(db)).rows[0].n;
    const waiting = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM quality_dossier_fact WHERE waiting_applicant`.execute(db)).rows[0].n;
    assert.ok(late > N * 0.1 && waiting > 0, `realistic mix: ${late} late, ${waiting} waiting for the applicant`);
  });

  for (const [from, to] of [['2026-03-01', '2026-03-31'], ['2025-10-01', '2025-12-31'], ['2025-01-01', '2025-12-31'], ['2026-06-01', '2026-06-30']] as const) {
    test(`2.1 from the counters = a direct count over the facts, ${from}…${to}`, async () => {
      const r = await q.indicators({ from, to });
      const toExcl = new Date(Date.parse(to) + 86_400_000).toISOString().slice(0, 10);
      const p1 = toExcl > '2026-06-30' ? NOW : new Date(toExcl + 'T00:00:00+07:00');
      const { rows } = await sql<{ total: number; on_time: number; late: number }>`SELECT
          count(*)::int AS total,
          count(*) FILTER (WHERE (outcome IN ('early', 'on_time') AND e_day >= ${from}::date) OR ((e_day IS NULL OR e_day >= ${toExcl}::date) AND NOT (forced_late OR due_at < ${p1})))::int AS on_time,
          count(*) FILTER (WHERE (outcome = 'late' AND e_day >= ${from}::date AND e_day < ${toExcl}::date) OR ((e_day IS NULL OR e_day >= ${toExcl}::date) AND (forced_late OR due_at < ${p1})))::int AS late
        FROM quality_dossier_fact WHERE accepted AND r_day < ${toExcl}::date AND (e_day IS NULL OR e_day >= ${from}::date)`.execute(t.database.db);
      assert.equal(r.timeliness.total, rows[0].total);
      assert.equal(r.timeliness.onTime, rows[0].on_time);
      assert.equal(r.timeliness.late, rows[0].late);
      const v = r.indicators.find((i) => i.code === 'DVC_PROGRESS')!;
      assert.equal(v.numerator, rows[0].on_time);
      assert.equal(v.denominator, rows[0].total);
      assert.ok(r.score.total > 0);
    });
  }
});
