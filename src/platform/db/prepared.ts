import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';

/**
 * Prepared statements for the hot queries (PostgreSQL).
 *
 * A repository marks a statement it runs on every request with prepared(sql`…`). On
 * PostgreSQL each pooled connection then parses and plans that statement once, under a name
 * derived from its text, and afterwards only binds and executes it: for the dossier transition's
 * one write statement (a versioned UPDATE with the action, audit and outbox INSERTs as CTEs) that
 * halves the database's CPU per request (docs/dossiers.md, "Measured"). Unmarked statements are
 * sent unnamed as before, so ad-hoc SQL (searches, reports, IN lists of varying length) never
 * fills a connection with one-off plans.
 *
 * The mark is a leading SQL comment: harmless on PGlite (which runs the statement unnamed) and
 * visible in pg_stat_statements and the server's logs.
 */
export const PREPARED_MARK = '/*motcua:prepared*/';

export function prepared<R>(query: RawBuilder<R>): RawBuilder<R> {
  return sql<R>`${sql.raw(PREPARED_MARK)} ${query}`;
}

/**
 * At most this many distinct marked texts get a name in one process (each connection keeps a plan
 * per name it has run). A marked statement whose text varies without bound — a mistake — is then
 * sent unnamed instead of growing every connection's memory; a warning says so once.
 */
export const MAX_PREPARED_TEXTS = 500;

/** PostgreSQL's answer when a prepared plan's result columns changed under it (e.g. `SELECT *` after a migration added a column). */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

export interface PreparingOptions {
  /** false: every statement is sent unnamed (e.g. behind a pooler that cannot keep prepared statements). */
  enabled: boolean;
  /** Whether the calling async chain is inside a transaction (a failed statement aborts it: no retry then). */
  inTransaction: () => boolean;
  maxTexts?: number;
}

/**
 * A pg.Client class for pg.Pool's `Client` option that runs marked statements as named prepared
 * statements. Names are `mc<generation>_<hash of the text>`: the same text always has the same name,
 * so every connection prepares it on first use (pg remembers per connection what it has parsed).
 * When PostgreSQL reports a stale plan (a migration changed a table under a running server) the
 * generation moves on — every connection prepares the statement afresh under its new name — and the
 * statement is run again once if it was not inside a transaction; inside one the error stands, as
 * any failed statement aborts the transaction.
 */
export function preparingClient(opts: PreparingOptions): typeof pg.Client {
  const max = opts.maxTexts ?? MAX_PREPARED_TEXTS;
  const hashes = new Map<string, string>();
  let generation = 0;
  let warned = false;
  const nameOf = (text: string): string | null => {
    let h = hashes.get(text);
    if (h === undefined) {
      if (hashes.size >= max) {
        if (!warned) {
          warned = true;
          console.warn(
            `[motcua] more than ${max} distinct prepared statement texts: further ones are sent unnamed (a statement marked prepared() whose text varies without bound?)`,
          );
        }
        return null;
      }
      h = createHash('sha1').update(text).digest('hex').slice(0, 24);
      hashes.set(text, h);
    }
    return `mc${generation}_${h}`;
  };

  class PreparingClient extends pg.Client {
    // pg's query() has many overloads; only (text, values) with a marked text — how Kysely calls it — is changed.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const [text, values] = args;
      if (!opts.enabled || args.length > 2 || typeof text !== 'string' || !text.startsWith(PREPARED_MARK)) {
        return (super.query as (...a: unknown[]) => unknown).apply(this, args);
      }
      const run = () => {
        const name = nameOf(text);
        return name === null ? super.query(text, values) : super.query({ name, text, values });
      };
      return run().catch((err: unknown) => {
        if (!isStalePlan(err)) throw err;
        generation++;
        if (opts.inTransaction()) throw err;
        return run();
      });
    }
  }
  return PreparingClient;
}
