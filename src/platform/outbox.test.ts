import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openTestDatabase } from './db/testing.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { backoffSeconds, enqueue, OutboxWorker } from './outbox.js';
import { JobScheduler, nextCronRun } from './jobs.js';

let database: Database & { url: string | null };
before(async () => {
  database = await openTestDatabase();
  await migrate(database);
  await sql`CREATE TABLE outbox_test_delivery (outbox_id bigint NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT now())`.execute(database.db);
});
after(async () => {
  await database.close();
});

const pending = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL`.execute(database.db)).rows[0].n;

describe('outbox, one process', () => {
  test('a row enqueued in a rolled-back transaction does not exist', async () => {
    const before = await pending();
    await assert.rejects(database.transaction(async (tx) => {
      await enqueue(tx, { topic: 't.a', aggregateKey: 'k', payload: {} });
      throw new Error('rollback');
    }));
    assert.equal(await pending(), before);
  });

  test('delivers in order per aggregate key, retries failures with backoff, then succeeds', async () => {
    const w = new OutboxWorker(database, { pollMs: 10 });
    const seen: string[] = [];
    let failOnce = true;
    w.register('t.order', async (m) => {
      if (m.payload.n === 2 && failOnce) {
        failOnce = false;
        throw new Error('endpoint down');
      }
      seen.push(`${m.aggregateKey}:${m.payload.n}`);
    });
    await database.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueue(tx, { topic: 't.order', aggregateKey: 'hs-1', payload: { n } });
      await enqueue(tx, { topic: 't.order', aggregateKey: 'hs-2', payload: { n: 1 } });
    });
    // One row per key per pass (a row waits for the earlier rows of its key).
    for (let i = 0; i < 4; i++) await w.runOnce();
    // hs-1:1 delivered, hs-1:2 failed, hs-1:3 must wait behind it; hs-2 is independent.
    assert.deepEqual(seen.sort(), ['hs-1:1', 'hs-2:1']);
    const { rows } = await sql<{ attempts: number; last_error: string; wait: number }>`SELECT attempts, last_error, extract(epoch FROM available_at - now())::float AS wait FROM outbox WHERE payload->>'n' = '2' AND topic = 't.order'`.execute(database.db);
    assert.equal(rows[0].attempts, 1);
    assert.equal(rows[0].last_error, 'endpoint down');
    assert.ok(rows[0].wait > 0, 'retry scheduled in the future');
    await w.runOnce();
    assert.equal(seen.length, 2, 'nothing more before the backoff elapses');
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 't.order'`.execute(database.db);
    for (let i = 0; i < 3; i++) await w.runOnce();
    assert.deepEqual(seen.slice(2), ['hs-1:2', 'hs-1:3']);
  });

  test('a row that keeps failing is marked dead after max attempts', async () => {
    const w = new OutboxWorker(database, { pollMs: 10 });
    w.register('t.dead', async () => {
      throw new Error('rejected');
    });
    await enqueue(database.db, { topic: 't.dead', aggregateKey: 'd', payload: {}, maxAttempts: 2 });
    await w.runOnce();
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 't.dead'`.execute(database.db);
    await w.runOnce();
    const { rows } = await sql<{ dead: boolean }>`SELECT dead_at IS NOT NULL AS dead FROM outbox WHERE topic = 't.dead'`.execute(database.db);
    assert.equal(rows[0].dead, true);
  });

  test('backoff grows exponentially and is capped', () => {
    assert.equal(backoffSeconds(1, () => 0.5), 2);
    assert.equal(backoffSeconds(5, () => 0.5), 32);
    assert.equal(backoffSeconds(30, () => 0.5), 3600);
    for (let a = 1; a < 20; a++) assert.ok(backoffSeconds(a + 1, () => 0.5) >= backoffSeconds(a, () => 0.5));
  });

  test('scheduled jobs run when due, once, and are rescheduled by their cron', async () => {
    const s = new JobScheduler(database);
    let runs = 0;
    s.define('test-job', '0 7 * * 1', async () => {
      runs++;
    });
    await s.sync();
    assert.deepEqual(await s.runDue(), []);
    await sql`UPDATE scheduled_job SET next_run_at = now() - interval '1 minute' WHERE name = 'test-job'`.execute(database.db);
    assert.deepEqual(await s.runDue(), ['test-job']);
    assert.deepEqual(await s.runDue(), []);
    assert.equal(runs, 1);
    const { rows } = await sql<{ next_run_at: Date }>`SELECT next_run_at FROM scheduled_job WHERE name = 'test-job'`.execute(database.db);
    const next = rows[0].next_run_at;
    // Monday 07:00 in Asia/Ho_Chi_Minh is Monday 00:00 UTC.
    assert.equal(next.getUTCDay(), 1);
    assert.equal(next.getUTCHours(), 0);
    assert.ok(next > new Date());
    assert.deepEqual(nextCronRun('0 7 1 * *', new Date('2026-11-23T00:00:00Z')).toISOString(), '2026-12-01T00:00:00.000Z');
  });
});

const child = fileURLToPath(new URL('../test/outbox-worker.child.ts', import.meta.url));
function spawnWorker(id: string, env: Record<string, string> = {}): { proc: ChildProcess; ready: Promise<void>; lines: string[] } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, DATABASE_URL: database.url!, WORKER_ID: id, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const ready = new Promise<void>((resolve) => {
    proc.stdout!.on('data', (d: Buffer) => {
      for (const l of d.toString().split('\n').filter(Boolean)) {
        lines.push(l);
        if (l === 'ready') resolve();
      }
    });
  });
  return { proc, ready, lines };
}
const until = async (cond: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
};
const stop = (p: ChildProcess) => new Promise<void>((r) => {
  if (p.exitCode !== null || p.signalCode !== null) return r();
  p.once('exit', () => r());
  p.kill('SIGTERM');
});

describe('outbox, several server processes on one PostgreSQL', { skip: !process.env.DATABASE_URL && 'needs PostgreSQL: PGlite is single-process by design (the data folder is locked)' }, () => {
  test('two processes deliver each row exactly once', async () => {
    await database.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await enqueue(tx, { topic: 'test.record', aggregateKey: `k${i % 37}`, payload: { i } });
    });
    const a = spawnWorker('A');
    const b = spawnWorker('B');
    await Promise.all([a.ready, b.ready]);
    await until(async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'test.record' AND delivered_at IS NULL`.execute(database.db)).rows[0].n === 0);
    await Promise.all([stop(a.proc), stop(b.proc)]);
    const { rows } = await sql<{ outbox_id: number; n: number }>`SELECT outbox_id, count(*)::int AS n FROM outbox_test_delivery GROUP BY outbox_id`.execute(database.db);
    assert.equal(rows.length, 300);
    assert.ok(rows.every((r) => r.n === 1), 'no row delivered twice');
    const { rows: byWorker } = await sql<{ worker: string; n: number }>`SELECT worker, count(*)::int AS n FROM outbox_test_delivery GROUP BY worker`.execute(database.db);
    assert.equal(byWorker.length, 2, 'both processes took part');
  });

  test('a worker killed mid-delivery does not lose the row: another picks it up after the lease', async () => {
    const id = await enqueue(database.db, { topic: 'test.hang', aggregateKey: 'crash', payload: {} });
    const hanging = spawnWorker('H', { LEASE: '2' });
    await hanging.ready;
    await until(async () => hanging.lines.includes(`claimed ${id}`));
    hanging.proc.kill('SIGKILL');
    await new Promise((r) => hanging.proc.once('exit', r));
    // Re-route the row to a topic the next worker completes, as a fixed endpoint would.
    await sql`UPDATE outbox SET topic = 'test.record' WHERE id = ${id}`.execute(database.db);
    const rescuer = spawnWorker('R');
    await rescuer.ready;
    await until(async () => (await sql<{ d: boolean }>`SELECT delivered_at IS NOT NULL AS d FROM outbox WHERE id = ${id}`.execute(database.db)).rows[0].d, 20_000);
    await stop(rescuer.proc);
    const { rows } = await sql<{ worker: string }>`SELECT worker FROM outbox_test_delivery WHERE outbox_id = ${id}`.execute(database.db);
    assert.deepEqual(rows.map((r) => r.worker), ['R']);
  });
});
