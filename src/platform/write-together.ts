import { sql, type RawBuilder } from 'kysely';
import { prepared, type Executor } from './db/database.js';

/**
 * Several writes sent to the database as ONE statement (PostgreSQL data-modifying CTEs):
 *
 *   WITH w0 AS (INSERT INTO dossier_action …), w1 AS (INSERT INTO audit_log …), w2 AS (INSERT INTO outbox …)
 *   INSERT INTO dossier … RETURNING *
 *
 * One round trip instead of one per write, and atomic by itself: every row is written or none
 * (inside a transaction it commits or rolls back with it). Foreign keys between the parts are
 * checked at the end of the statement, so a child row may reference a parent inserted by `main`.
 * The parts run on one snapshot in no specified order, so a part must not need another's rows —
 * except a `named` part, which comes first and which the others may read: a versioned
 *
 *   WITH snap AS (UPDATE dossier … WHERE id = … AND version = … RETURNING *),
 *        w0 AS (INSERT INTO audit_log … SELECT … WHERE EXISTS (SELECT 1 FROM snap)), …
 *   SELECT * FROM snap
 *
 * writes nothing at all when the UPDATE matched no row (someone else changed it first): reading
 * `snap` runs the UPDATE, and each part is written only if it returned its row. The result is
 * `main`'s rows (its RETURNING clause, or the SELECT).
 *
 * The statement is a prepared one on PostgreSQL (db/prepared.ts): its text depends only on the
 * shape of the parts (which tables, how many rows), so each shape is planned once per connection.
 */
export async function writeTogether<R>(
  x: Executor,
  main: RawBuilder<R>,
  parts: RawBuilder<unknown>[],
  named: Record<string, RawBuilder<unknown>> = {},
): Promise<R[]> {
  const ctes = [...Object.entries(named).map(([name, p]) => sql`${sql.id(name)} AS (${p})`), ...parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p})`)];
  if (ctes.length === 0) return (await prepared(main).execute(x)).rows;
  return (await prepared(sql<R>`WITH ${sql.join(ctes)} ${main}`).execute(x)).rows;
}
