import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, TxJoinError } from './database.js';
import { openTestDatabase } from './testing.js';
import { migrate, pendingMigrations } from './migrate.js';
import { loadConfig } from '../config.js';

test('concurrent transactions on one engine do not swallow each other (rollback stays rolled back)', async () => {
  const db = await openTestDatabase();
  try {
    await sql`CREATE TABLE t (v int)`.execute(db.db);
    const a = db.transaction(async (tx) => {
      await sql`INSERT INTO t VALUES (1)`.execute(tx);
      await new Promise((r) => setTimeout(r, 30));
      throw new Error('rollback A');
    });
    const b = sql`INSERT INTO t VALUES (2)`.execute(db.db);
    await assert.rejects(a);
    await b;
    const { rows } = await sql<{ v: number }>`SELECT v FROM t ORDER BY v`.execute(db.db);
    assert.deepEqual(
      rows.map((r) => r.v),
      [2],
    );
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db.db);
    assert.equal(n.rows[0].n, 1, 'int8 count parsed as a number on both drivers');
    const d = await sql<{ d: string }>`SELECT '2026-04-26'::date AS d`.execute(db.db);
    assert.equal(d.rows[0].d, '2026-04-26', 'dates parsed as strings on both drivers');
  } finally {
    await db.close();
  }
});

test('migrations apply once, are recorded, and an edited applied migration is refused', async () => {
  const db = await openTestDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-mig-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (x int); CREATE TABLE b (y int);');
    const src = [{ module: 'x', dir }];
    assert.equal((await migrate(db, src)).length, 1);
    assert.equal((await migrate(db, src)).length, 0);
    writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (x int, z int);');
    await assert.rejects(migrate(db, src), /checksum/);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pending migrations: all on a new database, the new file after an upgrade, none when up to date', async () => {
  const db = await openTestDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-pending-'));
  try {
    writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE pa (x int);');
    const src = [{ module: 'x', dir }];
    assert.deepEqual(await pendingMigrations(db, src), [{ module: 'x', name: '001_a.sql' }]);
    await migrate(db, src);
    assert.deepEqual(await pendingMigrations(db, src), []);
    writeFileSync(path.join(dir, '002_b.sql'), 'CREATE TABLE pb (y int);');
    assert.deepEqual(await pendingMigrations(db, src), [{ module: 'x', name: '002_b.sql' }]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PGlite runs with the configured shared_buffers (16MB by default), and a malformed value is refused', async () => {
  assert.equal(loadConfig({}).pgliteSharedBuffers, '16MB');
  assert.equal(loadConfig({ PGLITE_SHARED_BUFFERS: '48MB' }).pgliteSharedBuffers, '48MB');
  assert.throws(() => loadConfig({ PGLITE_SHARED_BUFFERS: '48' }), /PGLITE_SHARED_BUFFERS/);
  assert.throws(() => loadConfig({ PGLITE_SHARED_BUFFERS: '1TB; DROP' }), /PGLITE_SHARED_BUFFERS/);
  for (const [given, expected] of [
    [undefined, '16MB'],
    ['24MB', '24MB'],
  ] as const) {
    const db = await openDatabase({ databaseUrl: null, dataDir: null, pgliteSharedBuffers: given });
    try {
      const { rows } = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(db.db);
      assert.equal(rows[0].shared_buffers, expected);
    } finally {
      await db.close();
    }
  }
});

test('transaction joining: strict mode refuses a root-handle query and an implicit nested transaction inside a transaction (no hang on PGlite)', async () => {
  const db = await openTestDatabase();
  try {
    await sql`CREATE TABLE j (v int)`.execute(db.db);
    db.txJoins.setMode('throw');
    // A root-handle query from inside the transaction: refused, and the transaction rolls back.
    await assert.rejects(
      db.transaction(async (tx) => {
        await sql`INSERT INTO j VALUES (1)`.execute(tx);
        await sql`INSERT INTO j VALUES (2)`.execute(db.db);
      }),
      (e: unknown) => e instanceof TxJoinError && e.kind === 'root-query',
    );
    // An implicit nested transaction: refused too.
    await assert.rejects(
      db.transaction(async () => db.transaction(async (inner) => sql`INSERT INTO j VALUES (3)`.execute(inner))),
      (e: unknown) => e instanceof TxJoinError && e.kind === 'nested-transaction',
    );
    // The explicit form: the nested one runs in the outer transaction, and both roll back together.
    await assert.rejects(
      db.transaction(async (tx) => {
        await sql`INSERT INTO j VALUES (4)`.execute(tx);
        await db.transaction((inner) => sql`INSERT INTO j VALUES (5)`.execute(inner), { tx });
        throw new Error('roll back both');
      }),
      /roll back both/,
    );
    await db.transaction(async (tx) => {
      await db.transaction((inner) => sql`INSERT INTO j VALUES (6)`.execute(inner), { tx });
    });
    // Outside any transaction the root handle is fine.
    await sql`INSERT INTO j VALUES (7)`.execute(db.db);
    const { rows } = await sql<{ v: number }>`SELECT v FROM j ORDER BY v`.execute(db.db);
    assert.deepEqual(
      rows.map((r) => r.v),
      [6, 7],
    );
    // Record mode joins and records the site with our own stack frames.
    db.txJoins.setMode('record');
    await db.transaction(async () => {
      await sql`INSERT INTO j VALUES (8)`.execute(db.db);
    });
    assert.equal(db.txJoins.seen.length, 1);
    assert.equal(db.txJoins.seen[0].kind, 'root-query');
    assert.match(db.txJoins.seen[0].stack, /database\.test\.ts/);
  } finally {
    await db.close();
  }
});
