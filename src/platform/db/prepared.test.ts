import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, prepared, type Database } from './database.js';
import { openTestDatabase } from './testing.js';
import { PREPARED_MARK } from './prepared.js';
import { loadConfig } from '../config.js';

const onPostgres = { skip: process.env.DATABASE_URL ? false : 'PostgreSQL only (set DATABASE_URL): PGlite runs every statement unnamed' };

test('a statement marked prepared() gives the same rows as unmarked, on either engine', async () => {
  const db = await openTestDatabase();
  try {
    await sql`CREATE TABLE p (id int PRIMARY KEY, name text)`.execute(db.db);
    await sql`INSERT INTO p VALUES (1, 'Hà Nội'), (2, 'Huế')`.execute(db.db);
    for (let i = 0; i < 7; i++) {
      // Seven runs: PostgreSQL may switch a prepared statement to a generic plan after the fifth.
      const marked = await prepared(sql<{ id: number; name: string }>`SELECT id, name FROM p WHERE id = ${1 + (i % 2)}`).execute(db.db);
      const plain = await sql<{ id: number; name: string }>`SELECT id, name FROM p WHERE id = ${1 + (i % 2)}`.execute(db.db);
      assert.deepEqual(marked.rows, plain.rows);
    }
    const compiled = prepared(sql`SELECT 1`).compile(db.db);
    assert.ok(compiled.sql.startsWith(PREPARED_MARK), 'the mark leads the statement');
  } finally {
    await db.close();
  }
});

/** A scratch PostgreSQL database with a one-connection pool, so pg_prepared_statements shows that connection's statements. */
async function onePool(opts: { preparedStatements?: boolean } = {}): Promise<{ db: Database; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  const name = `motcua_p_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = '/' + name;
  const db = await openDatabase({ databaseUrl: u.toString(), dataDir: null, poolSize: 1, ...opts });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const preparedNames = async (db: Database) =>
  (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(db.db)).rows.map((r) => r.name);

test('PostgreSQL: a marked statement is prepared once per connection under a name from its text; unmarked ones are not', onPostgres, async () => {
  const { db, drop } = await onePool();
  try {
    await sql`CREATE TABLE p (id int PRIMARY KEY)`.execute(db.db);
    for (let i = 0; i < 3; i++) await prepared(sql`SELECT id FROM p WHERE id = ${i}`).execute(db.db);
    await sql`SELECT id FROM p WHERE id = ${1}`.execute(db.db);
    const names = await preparedNames(db);
    assert.equal(names.length, 1, `one prepared statement, got ${names.join(', ')}`);
    assert.match(names[0], /^mc0_[0-9a-f]{24}$/);
    await prepared(sql`SELECT id FROM p WHERE id = ${1} OR id = ${2}`).execute(db.db);
    assert.equal((await preparedNames(db)).length, 2, 'another text, another name');
  } finally {
    await drop();
  }
});

test('PostgreSQL: PG_PREPARED_STATEMENTS=off sends marked statements unnamed', onPostgres, async () => {
  const { db, drop } = await onePool({ preparedStatements: false });
  try {
    await prepared(sql`SELECT ${1}::int AS one`).execute(db.db);
    assert.deepEqual(await preparedNames(db), []);
  } finally {
    await drop();
  }
});

test(
  'PostgreSQL: a prepared SELECT * still answers after a migration adds a column (prepared afresh); inside a transaction the error stands',
  onPostgres,
  async () => {
    const { db, drop } = await onePool();
    try {
      await sql`CREATE TABLE p (id int PRIMARY KEY)`.execute(db.db);
      await sql`INSERT INTO p VALUES (1)`.execute(db.db);
      const read = () => prepared(sql<Record<string, unknown>>`SELECT * FROM p WHERE id = ${1}`).execute(db.db);
      assert.deepEqual((await read()).rows, [{ id: 1 }]);
      await sql`ALTER TABLE p ADD COLUMN note text DEFAULT 'mới'`.execute(db.db);
      assert.deepEqual((await read()).rows, [{ id: 1, note: 'mới' }], 'the stale plan is replaced and the statement run again');
      assert.ok(
        (await preparedNames(db)).some((n) => n.startsWith('mc1_')),
        'under the next generation of names',
      );

      await sql`ALTER TABLE p ADD COLUMN extra int`.execute(db.db);
      await assert.rejects(
        db.transaction(async () => read()),
        /cached plan must not change result type/,
      );
      assert.deepEqual((await read()).rows, [{ id: 1, note: 'mới', extra: null }], 'after the transaction, the next run is prepared afresh');
    } finally {
      await drop();
    }
  },
);

test('PostgreSQL: past the limit of distinct texts, further marked statements run unnamed (with one warning)', onPostgres, async () => {
  const { preparingClient } = await import('./prepared.js');
  const Client = preparingClient({ enabled: true, inTransaction: () => false, maxTexts: 2 });
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(m);
  try {
    for (const n of [1, 2, 3, 4]) {
      const r = await c.query(`${PREPARED_MARK} SELECT $1::int + ${n} AS v`, [1]);
      assert.equal(r.rows[0].v, 1 + n);
    }
    const names = (await c.query('SELECT name FROM pg_prepared_statements')).rows;
    assert.equal(names.length, 2);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /more than 2 distinct prepared statement texts/);
  } finally {
    console.warn = warn;
    await c.end();
  }
});

test('PG_PREPARED_STATEMENTS is on by default and takes only on or off', () => {
  assert.equal(loadConfig({}).pgPreparedStatements, true);
  assert.equal(loadConfig({ PG_PREPARED_STATEMENTS: 'off' }).pgPreparedStatements, false);
  assert.equal(loadConfig({ PG_PREPARED_STATEMENTS: 'on' }).pgPreparedStatements, true);
  assert.throws(() => loadConfig({ PG_PREPARED_STATEMENTS: 'no' }), /PG_PREPARED_STATEMENTS phải là on hoặc off/);
});
