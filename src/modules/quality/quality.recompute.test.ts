/**
 * Incremental counters vs full recomputation from the action log, on generated dossiers with a
 * realistic mix (set-based SQL generator, bench/dossier-generator.ts) processed in shuffled batches, with
 * repeats and a later wave of actions; then the period sums read from the counters vs a direct
 * count over the facts for a month, a quarter and a year. The size test (100,000 dossiers) is a
 * benchmark: `npm run bench -- quality-recompute`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { createQualityService, type QualityService } from './quality.service.js';
import { compareIncrementalWithRebuild } from '../../../bench/quality-recompute-check.js';

const N = Number(process.env.QUALITY_TEST_DOSSIERS ?? 3_000);
const NOW = new Date('2026-06-30T10:00:00+07:00');
let t: TestApp;
let q: QualityService;

before(async () => {
  t = await startTestApp();
  q = createQualityService({ database: t.database, calendar: t.deps.calendar, clock: { now: () => NOW } });
});
after(async () => t?.close());

describe(`incremental vs full recomputation (${N} dossiers)`, () => {
  // The timeout only guards against a hang (a loaded machine is slow, not wrong).
  test('counters maintained dossier by dossier equal the recomputation from the action log', { timeout: 20 * 60_000 }, async () => {
    // Small batches, so that the incremental path also merges into counters other batches wrote.
    const r = await compareIncrementalWithRebuild(t.database, q, { count: N, now: NOW, batch: 250 });
    assert.ok(r.generated >= N * 0.99, `generated ${r.generated}`);
    assert.ok(r.touched > N / 1000, `touched ${r.touched}`);
    assert.ok(r.rebuilt.dossiers >= r.generated, `rebuilt ${r.rebuilt.dossiers}`);
    assert.equal(r.incremental.facts.rows, r.rebuilt.facts.rows);
    assert.equal(r.incremental.facts.digest, r.rebuilt.facts.digest, 'facts from snapshots = facts from the action log');
    assert.equal(r.incremental.counters.rows, r.rebuilt.counters.rows);
    assert.equal(r.incremental.counters.digest, r.rebuilt.counters.digest, 'incremental counters = GROUP BY recomputation');
    assert.ok(r.late > N * 0.1 && r.waiting > 0, `realistic mix: ${r.late} late, ${r.waiting} waiting for the applicant`);
  });

  for (const [from, to] of [
    ['2026-03-01', '2026-03-31'],
    ['2025-10-01', '2025-12-31'],
    ['2025-01-01', '2025-12-31'],
    ['2026-06-01', '2026-06-30'],
  ] as const) {
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
