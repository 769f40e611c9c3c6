import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SETUP_LOCK, withSetupLock } from './setup-lock.js';

const url = process.env.DATABASE_URL ?? null;

/** Sessions waiting for the setup lock (read from pg_locks: a readiness check, not a timer). */
async function waiting(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 2`,
    [...SETUP_LOCK],
  );
  return rows[0].n;
}

test('PGlite: no setup lock is needed (the data folder admits one process)', async () => {
  assert.equal(await withSetupLock(null, async () => 'ran'), 'ran');
});

test('PostgreSQL: a second process sets up only after the first is done', { skip: url ? false : 'PostgreSQL only (DATABASE_URL)' }, async () => {
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const firstIn = new Promise<void>((r) => (entered = r));
  const first = withSetupLock(url, async () => {
    order.push('first in');
    entered();
    await gate;
    order.push('first out');
  });
  await firstIn;
  const second = withSetupLock(url, async () => {
    order.push('second in');
  });
  const probe = new pg.Client({ connectionString: url! });
  await probe.connect();
  try {
    // Until the second waits for the lock — or, were there no lock, has already run.
    while ((await waiting(probe)) === 0 && !order.includes('second in')) await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['first in'], 'the second waits while the first holds the lock');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first in', 'first out', 'second in']);
    assert.equal(await waiting(probe), 0);
  } finally {
    release();
    await probe.end();
  }
});

test('PostgreSQL: the lock is released when setup fails', { skip: url ? false : 'PostgreSQL only (DATABASE_URL)' }, async () => {
  await assert.rejects(
    withSetupLock(url, async () => {
      throw new Error('seed failed');
    }),
    /seed failed/,
  );
  assert.equal(await withSetupLock(url, async () => 'next process sets up'), 'next process sets up');
});
