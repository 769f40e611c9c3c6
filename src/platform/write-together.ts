import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './db/database.js';

/**
 * Several writes sent to the database as ONE statement (PostgreSQL data-modifying CTEs):
 *
 *   WITH w0 AS (INSERT INTO dossier_action …), w1 AS (INSERT INTO audit_log …), w2 AS (INSERT INTO outbox …)
 *   INSERT INTO dossier … RETURNING *
 *
 * One round trip instead of one per write, and atomic by itself: every row is written or none
 * (inside a transaction it commits or rolls back with it). Foreign keys between the parts are
 * checked at the end of the statement, so a child row may reference a parent inserted by `main`.
 * All parts run on one snapshot in no specified order, so a part must not need another's rows
 * (plain INSERT … VALUES with values computed beforehand). The result is `main`'s RETURNING rows.
 */
export async function writeTogether<R>(x: Executor, main: RawBuilder<R>, parts: RawBuilder<unknown>[]): Promise<R[]> {
  if (parts.length === 0) return (await main.execute(x)).rows;
  const ctes = parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p})`);
  return (await sql<R>`WITH ${sql.join(ctes)} ${main}`.execute(x)).rows;
}
