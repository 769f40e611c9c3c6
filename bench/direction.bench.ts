import os from 'node:os';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../src/test/harness.js';
import { generateDossiers } from './dossier-generator.js';
import { createRiskEngine } from '../src/modules/direction/direction.public.js';
import { directionDossierCounts } from '../src/modules/dossiers/dossiers.public.js';
import { createQualityService } from '../src/modules/quality/quality.public.js';
import { fmt } from './lib.js';

/**
 * Issue 21: the direction centre at a province's size, and the late-risk backtest.
 * - the 240 demo dossiers (made through the real dossier service: their action log has the
 *   processing steps) and BENCH_DIRECTION_HISTORY (default 1,500) dossiers of the demo province's
 *   generated year of history (history.demo.ts: step durations that depend on the procedure, the
 *   agency, the step and the season), imported through the history importer like a province's
 *   file, so their action log has the steps too; then BENCH_DIRECTION_DOSSIERS more (default 1,000,000 on PostgreSQL,
 *   100,000 on PGlite) from the scale bench's generator (bench/dossier-generator.ts; its action log has no
 *   per-step rows, so estimates for those dossiers fall back to "from reception"), VACUUM ANALYZE;
 * - GET /api/v1/direction/centre (in-process inject, the server's own time) as the province leader
 *   and a unit leader, p50/p95 of BENCH_DIRECTION_RUNS requests at both sizes (target < 300 ms);
 * - the late-risk job (every open dossier) timed at both sizes;
 * - the backtest: dossiers finished in the last year split 70/30 by end; each later one estimated
 *   as it stood N working days before its appointment (N = 1, 2, 3): precision, recall, base rate.
 */
const PG = !!process.env.DATABASE_URL;
const N = Number(process.env.BENCH_DIRECTION_DOSSIERS ?? (PG ? 1_000_000 : 100_000));
const RUNS = Number(process.env.BENCH_DIRECTION_RUNS ?? 20);
const HISTORY = Number(process.env.BENCH_DIRECTION_HISTORY ?? 1500);
const CHUNK = 200_000;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

async function centreTimes(t: TestApp, token: string): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 2; i++) await t.request({ method: 'GET', url: '/api/v1/direction/centre', token });
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await t.request({ method: 'GET', url: '/api/v1/direction/centre', token });
    ts.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`centre: HTTP ${r.statusCode} ${r.body.slice(0, 300)}`);
  }
  ts.sort((a, b) => a - b);
  return { p50: ts[Math.floor(ts.length / 2)], p95: ts[Math.min(ts.length - 1, Math.ceil(ts.length * 0.95) - 1)] };
}

async function backtests(t: TestApp, label: string, thresholds = [0.5, 0.3]): Promise<void> {
  const risk = createRiskEngine(t.database, { calendar: t.deps.calendar, clock: () => t.deps.clock.now() });
  const now = t.deps.clock.now();
  const year = (
    await sql<{
      n: number;
      late: number;
    }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE processing_ended_at > appointment_current)::int AS late FROM dossier
    WHERE status IN (9, 10) AND processing_ended_at >= ${new Date(now.getTime() - 365 * 86_400_000)}`.execute(t.database.db)
  ).rows[0];
  console.log(`  ${label}: ${fmt(year.n)} dossiers finished in the last year, ${pct(year.n ? year.late / year.n : null)} of them after their appointment`);
  for (const threshold of thresholds) {
    for (const days of [1, 2, 3]) {
      const t0 = performance.now();
      const b = await risk.backtest({ since: new Date(now.getTime() - 365 * 86_400_000), until: now, daysBefore: days, threshold });
      console.log(
        `  ${label} backtest N=${days} working days before the appointment: ${fmt(b.cases)} cases, ${fmt(b.estimated)} estimated, ${fmt(b.flagged)} flagged, ${fmt(b.late)} late, ${fmt(b.truePositives)} flagged and late → precision ${pct(b.precision)}, recall ${pct(b.recall)} (base rate of late ${pct(b.baseRate)}; threshold ${b.threshold}); ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
}

/** Where the centre's time goes: the dossier counts (this month, the same span of the previous one) and the QĐ 766 ranking computed afresh (the centre reuses it, see docs/direction.md). */
async function profile(t: TestApp, label: string): Promise<void> {
  const db = t.database.db;
  const now = t.deps.clock.now();
  const from = new Date(`${new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 7)}-01T00:00:00+07:00`);
  const quality = createQualityService({ database: t.database, calendar: t.deps.calendar, clock: { now: () => now } });
  const today = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const time = async (f: () => Promise<unknown>) => {
    await f();
    const ts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await f();
      ts.push(performance.now() - t0);
    }
    return ts.sort((a, b) => a - b)[2].toFixed(1);
  };
  const counts = await time(() => directionDossierCounts(db, { from, to: now, now, agencyIds: null }));
  const dash = await time(() => quality.dashboard({ from: today.slice(0, 8) + '01', to: today }));
  console.log(
    `  ${label} profile (median of 5): dossier counts month-to-date ${counts} ms (twice per centre: this month and the previous one); QĐ 766 ranking computed afresh ${dash} ms (reused by the centre); load ${load()}`,
  );
}

async function refresh(t: TestApp, label: string): Promise<void> {
  const risk = createRiskEngine(t.database, { calendar: t.deps.calendar, clock: () => t.deps.clock.now() });
  const t0 = performance.now();
  const r = await risk.refresh();
  console.log(
    `  ${label} late-risk job: ${fmt(r.dossiers)} open dossiers estimated, ${fmt(r.flagged)} flagged, in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`,
  );
}

export async function run(): Promise<void> {
  console.log(`engine: ${PG ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores; load average ${load()}`);
  const t0 = performance.now();
  const t = await startTestApp({ demoDossiers: 240, demoHistory: HISTORY });
  console.log(
    `seeded (demo + ${fmt(HISTORY)} dossiers of imported history; or the template of this hour) in ${((performance.now() - t0) / 1000).toFixed(0)} s; load ${load()}`,
  );
  try {
    const tokens = await t.logins(['province_leader', 'unit_leader']);
    const db = t.database.db;
    const count = async () =>
      (await sql<{ n: number; open: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN (2, 4, 5, 6))::int AS open FROM dossier`.execute(db))
        .rows[0];
    await sql`VACUUM ANALYZE`.execute(db);
    const small = await count();
    console.log(`demo size: ${fmt(small.n)} dossiers (${fmt(small.open)} open); load ${load()}`);
    await refresh(t, 'demo');
    await backtests(t, 'demo');
    await profile(t, 'demo');
    const demo = { leader: await centreTimes(t, tokens.province_leader), unit: await centreTimes(t, tokens.unit_leader) };

    const g0 = performance.now();
    const now = t.deps.clock.now();
    const start = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    let made = 0;
    for (let k = 0; made < N; k++) {
      const n = Math.min(CHUNK, N - made);
      made += await t.database.transaction((tx) => generateDossiers(tx, { count: n, start, spanDays: 365, now, seed: 0.3 + k / 100, codePrefix: `D${k}` }));
      console.log(`  generated ${fmt(made)} (${((performance.now() - g0) / 1000).toFixed(0)} s, load ${load()})`);
    }
    await sql`VACUUM ANALYZE`.execute(db);
    const big = await count();
    console.log(
      `large size: ${fmt(big.n)} dossiers (${fmt(big.open)} open), generated + VACUUM ANALYZE in ${((performance.now() - g0) / 1000).toFixed(0)} s; load ${load()}`,
    );
    await refresh(t, 'large');
    await profile(t, 'large');
    const large = { leader: await centreTimes(t, tokens.province_leader), unit: await centreTimes(t, tokens.unit_leader) };
    console.log(`\nGET /api/v1/direction/centre, in-process, ${RUNS} runs (target < 300 ms at 1,000,000):`);
    console.log(
      `  province_leader: demo p50 ${demo.leader.p50.toFixed(1)} / p95 ${demo.leader.p95.toFixed(1)} ms → ${fmt(big.n)} dossiers p50 ${large.leader.p50.toFixed(1)} / p95 ${large.leader.p95.toFixed(1)} ms`,
    );
    console.log(
      `  unit_leader:     demo p50 ${demo.unit.p50.toFixed(1)} / p95 ${demo.unit.p95.toFixed(1)} ms → ${fmt(big.n)} dossiers p50 ${large.unit.p50.toFixed(1)} / p95 ${large.unit.p95.toFixed(1)} ms; load ${load()}`,
    );
    await backtests(t, 'large', [0.5]);
    console.log(`\npeak RSS of the bench process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load ${load()}`);
  } finally {
    await t.close();
  }
}
