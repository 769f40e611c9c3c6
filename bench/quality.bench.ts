import { sql } from 'kysely';
import { createQualityService } from '../src/modules/quality/quality.service.js';
import { createCalendarService } from '../src/modules/calendar/calendar.public.js';
import { generateDossiers } from './dossier-generator.js';
import { seededScratchDatabase } from './scratch.js';

/**
 * QĐ 766 dashboard on PostgreSQL, side by side in one run:
 * - generates BENCH_QUALITY_DOSSIERS (default 1,000,000) dossiers with realistic action histories
 *   (bench/dossier-generator.ts: set-based INSERT … SELECT over generate_series);
 * - builds the read model (full recomputation from the action log; timed);
 * - times the province-wide indicators of one year from the counters (what the dashboard asks)
 *   against the naive aggregate over the action log for the same year (one GROUP BY over the
 *   actions of the dossiers open in that year, not over every year's), median of several runs each;
 * - reports peak RSS of this process.
 * Needs DATABASE_URL (a fresh database is created next to it and dropped afterwards).
 */
const N = Number(process.env.BENCH_QUALITY_DOSSIERS ?? 1_000_000);
const RUNS = 5;
const NOW = new Date('2026-06-30T17:00:00+07:00');

async function median(runs: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log(
      'quality bench: skipped — set DATABASE_URL to a PostgreSQL server (1,000,000 dossiers are generated there; the target is measured on PostgreSQL).',
    );
    return;
  }
  const { database, close } = await seededScratchDatabase(base, 'motcua_bench_quality');
  try {
    const t0 = performance.now();
    const chunk = 250_000;
    let made = 0;
    for (let k = 0; made < N; k++) {
      const n = Math.min(chunk, N - made);
      made += await database.transaction((tx) =>
        generateDossiers(tx, { count: n, start: '2024-07-01', spanDays: 730, now: NOW, seed: 0.1 + k / 100, codePrefix: `B${k}` }),
      );
    }
    await sql`ANALYZE`.execute(database.db);
    const { rows: sz } = await sql<{ a: number }>`SELECT count(*)::int AS a FROM dossier_action`.execute(database.db);
    const tGen = performance.now() - t0;
    console.log(`generated ${made.toLocaleString('en')} dossiers, ${sz[0].a.toLocaleString('en')} actions in ${(tGen / 1000).toFixed(1)} s`);

    const q = createQualityService({ database, calendar: createCalendarService(database), clock: { now: () => NOW } });
    const rebuilt = await q.recomputeFromLog();
    await sql`ANALYZE`.execute(database.db);
    const { rows: cr } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM quality_counter`.execute(database.db);
    console.log(
      `read model: full recomputation from the log ${(rebuilt.ms / 1000).toFixed(1)} s for ${rebuilt.dossiers.toLocaleString('en')} dossiers → ${cr[0].n.toLocaleString('en')} counter rows`,
    );

    const year = { from: '2025-01-01', to: '2025-12-31' };
    const fast = await q.indicators(year);
    const tFast = await median(RUNS, () => q.indicators(year));
    const tDash = await median(3, () => q.dashboard(year));

    // The naive aggregate: the same year straight from the action log (no read model), reading
    // only the actions of the dossiers that belong to the year (received before its end, not ended
    // before its start: the snapshot columns say which), not every year's.
    const naive = () =>
      sql<{ total: number; on_time: number; late: number; received: number; digitised: number }>`
      WITH per AS (
        SELECT a.dossier_id,
          min(a.at) FILTER (WHERE a.type = 'receive') AS r,
          min((a.payload->>'appointment')::timestamptz) FILTER (WHERE a.type = 'receive') AS appt,
          min(a.at) FILTER (WHERE a.events @> '[{"type":"clock","clock":"qd766","effect":"stop"}]') AS e,
          count(*) FILTER (WHERE a.type = 'request_supplement') AS sups,
          coalesce(sum(extract(epoch FROM a.at)) FILTER (WHERE a.type IN ('supplement_received', 'payment_received') AND a.from_status IN (5, 6)), 0)
            - coalesce(sum(extract(epoch FROM a.at)) FILTER (WHERE a.type IN ('request_supplement', 'request_payment')), 0) AS paused_if_closed,
          count(*) FILTER (WHERE a.type IN ('request_supplement', 'request_payment')) - count(*) FILTER (WHERE a.type IN ('supplement_received', 'payment_received') AND a.from_status IN (5, 6)) AS open_pauses,
          max(a.at) FILTER (WHERE a.type IN ('request_supplement', 'request_payment')) AS last_pause
        FROM dossier_action a
        WHERE a.dossier_id IN (SELECT d.id FROM dossier d WHERE d.received_at < ${'2026-01-01'}::date AND (d.processing_ended_at IS NULL OR d.processing_ended_at >= ${year.from}::date))
        GROUP BY a.dossier_id),
      f AS (
        SELECT r, CASE WHEN open_pauses > 0 AND e IS NULL THEN last_pause ELSE e END AS e,
          appt + CASE WHEN open_pauses = 0 THEN paused_if_closed * interval '1 second' ELSE interval '0' END AS due, sups
        FROM per WHERE r IS NOT NULL)
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE sups <= 1 AND ((e IS NOT NULL AND e >= ${year.from}::date AND e <= due) OR (e IS NULL AND due >= ${'2026-01-01'}::date)))::int AS on_time,
        count(*) FILTER (WHERE sups > 1 OR (e IS NOT NULL AND e > due) OR (e IS NULL AND due < ${'2026-01-01'}::date))::int AS late,
        0 AS received, 0 AS digitised
      FROM f WHERE r < ${'2026-01-01'}::date AND (e IS NULL OR e >= ${year.from}::date)`.execute(database.db);
    const slow = (await naive()).rows[0];
    const tNaive = await median(3, naive);
    const p = fast.indicators.find((i) => i.code === 'DVC_PROGRESS')!;
    console.log(
      `province-wide year ${year.from}…${year.to}, indicator 2.1: read model ${p.numerator}/${p.denominator}; naive over the log ${slow.on_time}/${slow.total}` +
        ' (the naive query measures supplement/payment pauses in calendar time, the read model in working time — the full recomputation test proves the read model equals the log fold)',
    );
    console.log(`dashboard query (19 indicators, score, band) from the read model: ${tFast.toFixed(1)} ms median of ${RUNS}`);
    console.log(`per-agency ranking with previous-period trend: ${tDash.toFixed(1)} ms median of 3`);
    console.log(`naive aggregate over the action log (2.1 only): ${tNaive.toFixed(1)} ms median of 3`);
    console.log(`ratio naive / read model: ${(tNaive / tFast).toFixed(0)}× (target ≥ 50×; read model target < 200 ms: ${tFast < 200 ? 'met' : 'NOT met'})`);
    console.log(`peak RSS of the bench process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await close();
  }
}
