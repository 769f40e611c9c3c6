import { migrationSources } from '../src/modules.js';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { OutboxWorker } from '../src/platform/outbox.js';
import { fmt, scratchDatabase } from './lib.js';

/**
 * `npm run bench -- outbox` (PostgreSQL: DATABASE_URL). Issue 25: a worker's claim must not cost
 * more as a backlog grows. One scratch database; for each backlog (rows due now, rows backing off
 * after a failure, rows of another consumer) the claim of 20 rows is timed against the same claim
 * on a nearly empty outbox, side by side in this run, with its plan (EXPLAIN ANALYZE, BUFFERS).
 */
const SMALL = 100;
const LARGE = Number(process.env.BENCH_OUTBOX_ROWS ?? 100_000);
const CLAIMS = 25;

const quiet = { error: () => {}, warn: () => {} };

async function reset(database: Database): Promise<void> {
  await sql`TRUNCATE outbox RESTART IDENTITY`.execute(database.db);
}

/** `n` rows of `topic`, one aggregate key each (named after `keys`), due now or in an hour. */
async function fill(database: Database, topic: string, n: number, due: boolean, keys = topic): Promise<void> {
  await sql`INSERT INTO outbox (topic, aggregate_key, payload, available_at)
            SELECT ${topic}, ${keys} || ':' || g, jsonb_build_object('n', g), now() + (CASE WHEN ${due} THEN interval '0' ELSE interval '1 hour' END)
            FROM generate_series(1, ${n}) g`.execute(database.db);
  await sql`ANALYZE outbox`.execute(database.db);
}

/** p50 and p95 of `CLAIMS` claims, each lease released after it (outside the timing). */
async function timeClaims(database: Database, worker: OutboxWorker): Promise<{ p50: number; p95: number; claimed: number }> {
  const times: number[] = [];
  let claimed = 0;
  for (let i = 0; i < CLAIMS; i++) {
    const t0 = performance.now();
    const rows = await worker.claim();
    times.push(performance.now() - t0);
    claimed = rows.length;
    await sql`UPDATE outbox SET locked_by = NULL, locked_until = NULL, attempts = 0 WHERE locked_by IS NOT NULL`.execute(database.db);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], claimed };
}

/** The claim's plan, run for real (EXPLAIN ANALYZE) in a transaction that is rolled back. */
async function plan(database: Database, worker: OutboxWorker): Promise<string> {
  const statement = worker.claimStatement()!;
  let text = '';
  const rollback = new Error('rollback');
  await database.db
    .transaction()
    .execute(async (tx) => {
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement}`.execute(tx);
      text = rows.map((r) => '    ' + r['QUERY PLAN']).join('\n');
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return text;
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('outbox bench: set DATABASE_URL to a PostgreSQL server (the claim is measured where several processes share one database)');
    return;
  }
  const { url, drop } = await scratchDatabase(base, 'bench_outbox');
  const database = await openDatabase({ databaseUrl: url, dataDir: null });
  try {
    await migrate(database, migrationSources());
    const worker = new OutboxWorker(database, { log: quiet, batchSize: 20 });
    // The worker of the QĐ 766 read model; the backlog of another consumer is the national portal's.
    worker.register('quality.dossier_changed', async () => {});
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores; claims of 20 rows, ${CLAIMS} per case`,
    );
    const cases: { name: string; setup: (n: number) => Promise<void> }[] = [
      { name: 'due rows of this consumer', setup: (n) => fill(database, 'quality.dossier_changed', n, true) },
      {
        name: 'rows backing off (due in 1 h) + 40 due',
        setup: async (n) => {
          await fill(database, 'quality.dossier_changed', n, false);
          await fill(database, 'quality.dossier_changed', 40, true, 'due');
        },
      },
      {
        name: "another consumer's rows + 40 due",
        setup: async (n) => {
          await fill(database, 'national.sync', n, true);
          await fill(database, 'quality.dossier_changed', 40, true);
        },
      },
    ];
    for (const c of cases) {
      const results = [];
      for (const n of [SMALL, LARGE]) {
        await reset(database);
        await c.setup(n);
        await timeClaims(database, worker); // warm the plan and the cache
        const r = await timeClaims(database, worker);
        const p = await plan(database, worker);
        results.push({ n, ...r, p });
      }
      const [s, l] = results;
      console.log(
        `\n${c.name}: backlog ${fmt(s.n)} → p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms (${s.claimed} claimed); backlog ${fmt(l.n)} → p50 ${l.p50.toFixed(2)} ms, p95 ${l.p95.toFixed(2)} ms (${l.claimed} claimed); ratio p50 ${(l.p50 / s.p50).toFixed(1)}×`,
      );
      console.log(`  plan at ${fmt(l.n)}:\n${l.p}`);
    }
  } finally {
    await database.close();
    await drop();
  }
}
