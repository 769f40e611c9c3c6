import { migrationSources } from '../modules.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openTestDatabase } from './db/testing.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { backoffSeconds, enqueue, OutboxWorker } from './outbox.js';
import { JobScheduler, nextCronRun } from './jobs.js';
import { declareTopicsForTest, type QueuedTopic } from './outbox.topics.js';

// The worker is exercised with topics of its own (declared at run time; the application's are in outbox.topics.ts).
declareTopicsForTest(
  Object.fromEntries(['t.a', 't.order', 't.dead', 'test.record', 'test.hang', 't.other', 't.free', 't.batch'].map((t) => [t, { consumer: t, module: 'test' }])),
);
// Two topics of one consumer (ordered together per key).
declareTopicsForTest({ 't.c1': { consumer: 't.c', module: 'test' }, 't.c2': { consumer: 't.c', module: 'test' } });
const T = (t: string) => t as QueuedTopic;

let database: Database & { url: string | null };
before(async () => {
  database = await openTestDatabase();
  await migrate(database, migrationSources());
  await sql`CREATE TABLE outbox_test_delivery (outbox_id bigint NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT now())`.execute(database.db);
});
after(async () => {
  await database.close();
});

const pending = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL`.execute(database.db)).rows[0].n;

describe('outbox, one process', () => {
  test('a row enqueued in a rolled-back transaction does not exist', async () => {
    const before = await pending();
    await assert.rejects(
      database.transaction(async (tx) => {
        await enqueue(tx, { topic: T('t.a'), aggregateKey: 'k', payload: {} });
        throw new Error('rollback');
      }),
    );
    assert.equal(await pending(), before);
  });

  test('delivers in order per aggregate key, retries failures with backoff, then succeeds', async () => {
    const w = new OutboxWorker(database, { pollMs: 10 });
    const seen: string[] = [];
    let failOnce = true;
    w.register(T('t.order'), async (m) => {
      if (m.payload.n === 2 && failOnce) {
        failOnce = false;
        throw new Error('endpoint down');
      }
      seen.push(`${m.aggregateKey}:${m.payload.n}`);
    });
    await database.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueue(tx, { topic: T('t.order'), aggregateKey: 'hs-1', payload: { n } });
      await enqueue(tx, { topic: T('t.order'), aggregateKey: 'hs-2', payload: { n: 1 } });
    });
    // One row per key per pass (a row waits for the earlier rows of its key).
    for (let i = 0; i < 4; i++) await w.runOnce();
    // hs-1:1 delivered, hs-1:2 failed, hs-1:3 must wait behind it; hs-2 is independent.
    assert.deepEqual(seen.sort(), ['hs-1:1', 'hs-2:1']);
    const { rows } = await sql<{
      attempts: number;
      last_error: string;
      wait: number;
    }>`SELECT attempts, last_error, extract(epoch FROM available_at - now())::float AS wait FROM outbox WHERE payload->>'n' = '2' AND topic = 't.order'`.execute(
      database.db,
    );
    assert.equal(rows[0].attempts, 1);
    assert.equal(rows[0].last_error, 'endpoint down');
    assert.ok(rows[0].wait > 0, 'retry scheduled in the future');
    await w.runOnce();
    assert.equal(seen.length, 2, 'nothing more before the backoff elapses');
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 't.order'`.execute(database.db);
    for (let i = 0; i < 3; i++) await w.runOnce();
    assert.deepEqual(seen.slice(2), ['hs-1:2', 'hs-1:3']);
  });

  test("a batch handler gets a pass's rows in one call; when it fails, the rows are delivered one by one and only the bad one is retried", async () => {
    const w = new OutboxWorker(database, { pollMs: 10 });
    const calls: string[][] = [];
    let failBatch = false;
    w.registerBatch(T('t.batch'), {
      batch: async (ms) => {
        if (failBatch) throw new Error('batch refused');
        calls.push(ms.map((m) => String(m.payload.n)));
      },
      single: async (m) => {
        if (m.payload.n === 'bad') throw new Error('bad row');
        calls.push([`single:${String(m.payload.n)}`]);
      },
    });
    await database.transaction(async (tx) => {
      for (const n of ['1', '2', '3']) await enqueue(tx, { topic: T('t.batch'), aggregateKey: `b-${n}`, payload: { n } });
    });
    assert.equal(await w.runOnce(), 3);
    assert.deepEqual(calls, [['1', '2', '3']]);
    const delivered = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 't.batch' AND delivered_at IS NOT NULL AND locked_until IS NULL`.execute(
          database.db,
        )
      ).rows[0].n;
    assert.equal(await delivered(), 3, 'all three marked delivered');
    calls.length = 0;
    failBatch = true;
    await database.transaction(async (tx) => {
      for (const n of ['4', 'bad', '5']) await enqueue(tx, { topic: T('t.batch'), aggregateKey: `b-${n}`, payload: { n } });
    });
    await w.runOnce();
    assert.deepEqual(calls, [['single:4'], ['single:5']]);
    assert.equal(await delivered(), 5);
    const { rows } = await sql<{
      attempts: number;
      last_error: string;
    }>`SELECT attempts, last_error FROM outbox WHERE topic = 't.batch' AND delivered_at IS NULL`.execute(database.db);
    assert.deepEqual(rows, [{ attempts: 1, last_error: 'bad row' }]);
    await sql`DELETE FROM outbox WHERE topic = 't.batch'`.execute(database.db);
  });

  test('a row that keeps failing is marked dead after max attempts', async () => {
    const w = new OutboxWorker(database, { pollMs: 10 });
    w.register(T('t.dead'), async () => {
      throw new Error('rejected');
    });
    await enqueue(database.db, { topic: T('t.dead'), aggregateKey: 'd', payload: {}, maxAttempts: 2 });
    await w.runOnce();
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 't.dead'`.execute(database.db);
    await w.runOnce();
    const { rows } = await sql<{ dead: boolean }>`SELECT dead_at IS NOT NULL AS dead FROM outbox WHERE topic = 't.dead'`.execute(database.db);
    assert.equal(rows[0].dead, true);
  });

  test('a row of another consumer never blocks a row of the same key; rows of one consumer stay in order', async () => {
    const log: { msg: string; obj: Record<string, unknown> }[] = [];
    const w = new OutboxWorker(database, { log: { error: (obj, msg) => log.push({ obj, msg }), warn: () => {} } });
    const seen: string[] = [];
    // t.other has no handler here and its row stays undelivered; t.free shares its key.
    w.register(T('t.free'), async (m) => void seen.push(`free:${m.payload.n}`));
    let failC1 = true;
    w.register(T('t.c1'), async (m) => {
      if (failC1) throw new Error('c1 down');
      seen.push(`c1:${m.payload.n}`);
    });
    w.register(T('t.c2'), async (m) => void seen.push(`c2:${m.payload.n}`));
    await database.transaction(async (tx) => {
      await enqueue(tx, { topic: T('t.other'), aggregateKey: 'shared', payload: {} });
      await enqueue(tx, { topic: T('t.free'), aggregateKey: 'shared', payload: { n: 1 } });
      await enqueue(tx, { topic: T('t.c1'), aggregateKey: 'shared', payload: { n: 2 } });
      await enqueue(tx, { topic: T('t.c2'), aggregateKey: 'shared', payload: { n: 3 } });
    });
    await w.drain();
    assert.deepEqual(seen, ['free:1'], 'free delivered despite the older t.other row; c2 waits behind c1 (same consumer)');
    // The failure is logged with its topic, id and attempt, never swallowed.
    assert.equal(log.length, 1);
    assert.equal(log[0].obj.topic, 't.c1');
    assert.equal(log[0].obj.attempt, 1);
    assert.equal(typeof log[0].obj.outboxId, 'number');
    assert.match(String((log[0].obj.err as { message: string }).message), /c1 down/);
    failC1 = false;
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 't.c1'`.execute(database.db);
    await w.drain();
    assert.deepEqual(seen, ['free:1', 'c1:2', 'c2:3']);
    await sql`DELETE FROM outbox WHERE topic = 't.other'`.execute(database.db);
  });

  test('an audit-only topic writes no row; an undeclared topic is refused', async () => {
    const before = await pending();
    assert.equal(await enqueue(database.db, { topic: 'tasks.task.assigned', aggregateKey: 'task:x', payload: {} }), null);
    assert.equal(await pending(), before);
    await assert.rejects(enqueue(database.db, { topic: 'no.such.topic' as QueuedTopic, aggregateKey: 'k', payload: {} }), /not declared/);
    const w = new OutboxWorker(database);
    assert.throws(() => w.register('tasks.task.assigned' as QueuedTopic, async () => {}), /audit-only/);
    assert.ok(w.unhandledTopics().includes('national.sync'), 'a queued topic without a handler is reported');
  });

  test('migration platform/002 removes the undelivered rows of unconsumed topics, with an audit row per topic', async () => {
    const ids: number[] = [];
    for (const topic of ['tasks.task.assigned', 'tasks.task.assigned', 'org.user.changed', 'tasks.reminder']) {
      const { rows } = await sql<{ id: number }>`INSERT INTO outbox (topic, aggregate_key, payload) VALUES (${topic}, 'mig', '{}'::jsonb) RETURNING id`.execute(
        database.db,
      );
      ids.push(Number(rows[0].id));
    }
    const text = readFileSync(fileURLToPath(new URL('./migrations/002_outbox_unconsumed_rows.sql', import.meta.url)), 'utf8').replace(/CREATE INDEX[^;]*;/, '');
    await database.transaction((tx) => database.execScript(tx, text));
    const left = (await sql<{ topic: string }>`SELECT topic FROM outbox WHERE aggregate_key = 'mig'`.execute(database.db)).rows.map((r) => r.topic);
    assert.deepEqual(left, ['tasks.reminder'], 'the consumed topic stays');
    const audit = (
      await sql<{
        entity_id: string;
        summary: { rows: number; reason: string };
      }>`SELECT entity_id, summary FROM audit_log WHERE action = 'outbox.unconsumed_removed' ORDER BY entity_id`.execute(database.db)
    ).rows;
    assert.deepEqual(
      audit.map((a) => [a.entity_id, a.summary.rows]),
      [
        ['org.user.changed', 1],
        ['tasks.task.assigned', 2],
      ],
    );
    assert.match(audit[0].summary.reason, /không có nơi nhận/);
    await sql`DELETE FROM outbox WHERE aggregate_key = 'mig'`.execute(database.db);
  });

  test('a failing job is logged and keeps its error', async () => {
    const log: Record<string, unknown>[] = [];
    const s = new JobScheduler(database, { log: { error: (obj) => log.push(obj), warn: () => {} } });
    s.define('test-failing-job', '0 7 * * 1', async () => {
      throw new Error('job broke');
    });
    await s.sync();
    await sql`UPDATE scheduled_job SET next_run_at = now() - interval '1 minute' WHERE name = 'test-failing-job'`.execute(database.db);
    assert.deepEqual(await s.runDue(), ['test-failing-job']);
    assert.equal(log.length, 1);
    assert.equal(log[0].job, 'test-failing-job');
    const { rows } = await sql<{
      last_status: string;
      last_error: string;
    }>`SELECT last_status, last_error FROM scheduled_job WHERE name = 'test-failing-job'`.execute(database.db);
    assert.deepEqual(rows[0], { last_status: 'error', last_error: 'job broke' });
  });

  test('backoff grows exponentially and is capped', () => {
    assert.equal(
      backoffSeconds(1, () => 0.5),
      2,
    );
    assert.equal(
      backoffSeconds(5, () => 0.5),
      32,
    );
    assert.equal(
      backoffSeconds(30, () => 0.5),
      3600,
    );
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
  const proc = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, DATABASE_URL: database.url!, WORKER_ID: id, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
const stop = (p: ChildProcess) =>
  new Promise<void>((r) => {
    if (p.exitCode !== null || p.signalCode !== null) return r();
    p.once('exit', () => r());
    p.kill('SIGTERM');
  });

describe(
  'outbox, several server processes on one PostgreSQL',
  { skip: !process.env.DATABASE_URL && 'needs PostgreSQL: PGlite is single-process by design (the data folder is locked)' },
  () => {
    test('two processes deliver each row exactly once', async () => {
      await database.transaction(async (tx) => {
        for (let i = 0; i < 300; i++) await enqueue(tx, { topic: T('test.record'), aggregateKey: `k${i % 37}`, payload: { i } });
      });
      const a = spawnWorker('A');
      const b = spawnWorker('B');
      await Promise.all([a.ready, b.ready]);
      await until(
        async () =>
          (await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'test.record' AND delivered_at IS NULL`.execute(database.db)).rows[0]
            .n === 0,
      );
      await Promise.all([stop(a.proc), stop(b.proc)]);
      const { rows } = await sql<{ outbox_id: number; n: number }>`SELECT outbox_id, count(*)::int AS n FROM outbox_test_delivery GROUP BY outbox_id`.execute(
        database.db,
      );
      assert.equal(rows.length, 300);
      assert.ok(
        rows.every((r) => r.n === 1),
        'no row delivered twice',
      );
      const { rows: byWorker } = await sql<{ worker: string; n: number }>`SELECT worker, count(*)::int AS n FROM outbox_test_delivery GROUP BY worker`.execute(
        database.db,
      );
      assert.equal(byWorker.length, 2, 'both processes took part');
    });

    test('a worker killed mid-delivery does not lose the row: another picks it up after the lease', async () => {
      const id = await enqueue(database.db, { topic: T('test.hang'), aggregateKey: 'crash', payload: {} });
      const hanging = spawnWorker('H', { LEASE: '2' });
      await hanging.ready;
      await until(async () => hanging.lines.includes(`claimed ${id}`));
      hanging.proc.kill('SIGKILL');
      await new Promise((r) => hanging.proc.once('exit', r));
      // Re-route the row to a topic the next worker completes, as a fixed endpoint would.
      await sql`UPDATE outbox SET topic = 'test.record' WHERE id = ${id}`.execute(database.db);
      const rescuer = spawnWorker('R');
      await rescuer.ready;
      await until(
        async () => (await sql<{ d: boolean }>`SELECT delivered_at IS NOT NULL AS d FROM outbox WHERE id = ${id}`.execute(database.db)).rows[0].d,
        20_000,
      );
      await stop(rescuer.proc);
      const { rows } = await sql<{ worker: string }>`SELECT worker FROM outbox_test_delivery WHERE outbox_id = ${id}`.execute(database.db);
      assert.deepEqual(
        rows.map((r) => r.worker),
        ['R'],
      );
    });
  },
);

describe(
  'scheduled jobs, several server processes on one PostgreSQL',
  { skip: !process.env.DATABASE_URL && 'needs PostgreSQL: PGlite is single-process by design (the data folder is locked)' },
  () => {
    test('a due job runs in one process only, even when every process polls at the same moment', async () => {
      // Four schedulers, each with its own connection pool, as four server processes have.
      const { openDatabase } = await import('./db/database.js');
      const pools = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: database.url, dataDir: null, poolSize: 2 })));
      try {
        const runs: string[] = [];
        let release!: () => void;
        const schedulers = pools.map((db, i) => {
          const s = new JobScheduler(db);
          s.define('test-shared-job', '0 7 * * 1', async () => {
            runs.push(`s${i}`);
            // Hold the job while the other schedulers poll: they must not start it too.
            await new Promise<void>((r) => (release = r));
          });
          return s;
        });
        await schedulers[0].sync();
        for (let round = 0; round < 10; round++) {
          await sql`UPDATE scheduled_job SET next_run_at = now() - interval '1 minute' WHERE name = 'test-shared-job'`.execute(database.db);
          const before = runs.length;
          let settled = 0;
          const passes = schedulers.map((s) => s.runDue().finally(() => settled++));
          // One scheduler runs the job and holds it; the other three finish their pass meanwhile
          // (had one of them started the job too, it would wait for a release that never comes).
          await until(async () => runs.length > before && settled === 3, 20_000);
          release();
          const ran = (await Promise.all(passes)).flat();
          assert.deepEqual(ran, ['test-shared-job'], `round ${round}: the job ran once, in one process`);
          assert.equal(runs.length, before + 1);
        }
        const { rows } = await sql<{
          locked_by: string | null;
          next: boolean;
        }>`SELECT locked_by, next_run_at > now() AS next FROM scheduled_job WHERE name = 'test-shared-job'`.execute(database.db);
        assert.deepEqual(rows[0], { locked_by: null, next: true });
      } finally {
        await Promise.all(pools.map((p) => p.close()));
      }
    });
  },
);
