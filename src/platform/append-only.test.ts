import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from './db/testing.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { migrationSources } from '../modules.js';

/**
 * The append-only logs (platform/migrations/004_append_only.sql): every one is guarded by the one
 * function `append_only_guard()`, which refuses UPDATE, DELETE and TRUNCATE with one message and
 * SQLSTATE. The list is read from the catalogue and must equal the expected set: a log table added
 * without `make_append_only(...)` (or a guard removed) fails here.
 */
const APPEND_ONLY = ['audit_log', 'dossier_action', 'feedback_action', 'payment_callback', 'payment_event', 'report_action', 'task_action', 'warehouse_access'];

/** Tables named like logs that are NOT append-only, and why (a new `*_action`/`*_log`/`*_event` table must be in one of the two lists). */
const NOT_APPEND_ONLY: Record<string, string> = {
  fo_event: 'the queue screens’ change feed, pruned by the front-office cleanup job',
  notification_delivery: 'erased with its notification under the privacy retention rules',
  integration_delivery: 'the sandbox adapters’ delivery record for developers, not a legal log',
};

let database: Database & { url: string | null };
before(async () => {
  database = await openTestDatabase();
  await migrate(database, migrationSources());
});
after(async () => {
  await database.close();
});

const guarded = async () =>
  (
    await sql<{ table: string; row: boolean; truncate: boolean }>`
      SELECT c.relname AS table,
             bool_or((t.tgtype & 1) = 1 AND (t.tgtype & 24) = 24) AS row,
             bool_or((t.tgtype & 32) = 32) AS truncate
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE p.proname = 'append_only_guard' AND NOT t.tgisinternal
       GROUP BY c.relname ORDER BY c.relname`.execute(database.db)
  ).rows;

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A literal of a column's type, for a throw-away row (CHECK constraints are dropped in the same rolled-back transaction). */
const dummy = (type: string): string => {
  if (type === 'uuid') return 'gen_random_uuid()';
  if (type.endsWith('[]')) return `'{}'::${type}`;
  if (type === 'jsonb' || type === 'json') return `'{}'::${type}`;
  if (type === 'boolean') return 'false';
  if (/^(smallint|integer|bigint|numeric|real|double precision)/.test(type)) return `1::${type}`;
  if (/^(timestamp|date)/.test(type)) return `now()::${type}`;
  if (type === 'bytea') return `'\\x00'::bytea`;
  if (type === 'inet') return `'127.0.0.1'::inet`;
  return `'x'::${type}`;
};

/** Puts one row into the (empty) table inside `tx`: foreign keys and the guard are off while it is written (replica role), then on again. */
async function oneRow(tx: Tx, table: string): Promise<void> {
  await sql`SET LOCAL session_replication_role = replica`.execute(tx);
  const checks = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE conrelid = ${table}::regclass AND contype = 'c'`.execute(tx);
  for (const c of checks.rows) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(c.conname)}`.execute(tx);
  const { rows: cols } = await sql<{ name: string; type: string }>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
     WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''`.execute(
    tx,
  );
  const names = sql.join(cols.map((c) => sql.id(c.name)));
  const values = sql.join(cols.map((c) => sql.raw(dummy(c.type))));
  await (cols.length ? sql`INSERT INTO ${sql.table(table)} (${names}) VALUES (${values})` : sql`INSERT INTO ${sql.table(table)} DEFAULT VALUES`).execute(tx);
  await sql`SET LOCAL session_replication_role = origin`.execute(tx);
}

/** Runs `op` on a table holding one row, in a transaction that is always rolled back; resolves to the error it raised (or null). */
const attempt = (table: string, op: 'UPDATE' | 'DELETE' | 'TRUNCATE') =>
  database
    .transaction(async (tx) => {
      await oneRow(tx, table);
      const t = sql.table(table);
      const col = sql.id(
        (await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute WHERE attrelid = ${table}::regclass AND attnum = 1`.execute(tx)).rows[0].name,
      );
      await (op === 'UPDATE' ? sql`UPDATE ${t} SET ${col} = ${col}` : op === 'DELETE' ? sql`DELETE FROM ${t}` : sql`TRUNCATE ${t}`).execute(tx);
      throw new Error('not refused');
    })
    .then(
      () => null,
      (e: unknown) => e as { code?: string; message: string },
    );

describe('append-only logs: one guard', () => {
  test('the tables guarded by append_only_guard() are exactly the expected set, each with its row and TRUNCATE triggers', async () => {
    const rows = await guarded();
    assert.deepEqual(
      rows.map((r) => r.table),
      APPEND_ONLY,
    );
    for (const r of rows)
      assert.deepEqual([r.table, r.row, r.truncate], [r.table, true, true], `${r.table}: BEFORE UPDATE OR DELETE FOR EACH ROW and BEFORE TRUNCATE`);
  });

  test('no other append-only trigger function is left (the seven module copies were dropped)', async () => {
    const { rows } = await sql<{ proname: string }>`SELECT proname FROM pg_proc WHERE proname LIKE '%append_only%' ORDER BY proname`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => r.proname),
      ['append_only_guard', 'make_append_only'],
    );
  });

  test('every table named like a log is either append-only or listed with its reason', async () => {
    const { rows } = await sql<{ relname: string }>`
      SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
         AND relname ~ '_(action|actions|log|logs|event|events|callback|callbacks|access|delivery|deliveries|journal|history)$' ORDER BY relname`.execute(
      database.db,
    );
    const unlisted = rows.map((r) => r.relname).filter((t) => !APPEND_ONLY.includes(t) && !(t in NOT_APPEND_ONLY));
    assert.deepEqual(unlisted, [], 'a new log table: call make_append_only() in its migration, or list it in NOT_APPEND_ONLY with the reason');
  });

  for (const table of APPEND_ONLY) {
    test(`${table}: UPDATE, DELETE and TRUNCATE are refused (42501, "${table} is append-only")`, async () => {
      for (const op of ['UPDATE', 'DELETE', 'TRUNCATE'] as const) {
        const err = await attempt(table, op);
        assert.ok(err, `${table}: ${op} must be refused`);
        assert.equal(err.message, `${table} is append-only (${op} refused)`);
        assert.equal(err.code, '42501', `${table}: ${op}`);
      }
    });
  }
});
