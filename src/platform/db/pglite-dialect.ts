import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { TxJoinGuard } from './tx-guard.js';

/**
 * A Kysely dialect for in-process PGlite.
 *
 * PGlite is one single-session Postgres. A raw `BEGIN` issued by one request would swallow the
 * writes of any other request that runs while it awaits (measured during the stack evaluation),
 * so this driver exposes PGlite as a pool of exactly one connection guarded by a FIFO mutex:
 * a transaction holds the mutex from BEGIN to COMMIT/ROLLBACK, and every other query waits.
 * We do not use `kysely-pglite` (incompatible with Kysely ≥0.28 and commits rolled-back
 * transactions, see stack-notes §2.2).
 */
/** Prefix that marks a multi-statement SQL script (see Database.execScript). */
export const SCRIPT_MARKER = '/*script*/';

/**
 * The transaction an async call chain is inside of (set by Database.transaction on PGlite).
 * A query issued on the root database from inside that chain — a service reading a setting, or a
 * helper that was handed the root executor — joins the open transaction instead of waiting for
 * the mutex the transaction itself holds (which would deadlock the single session). The TxJoinGuard
 * (tx-guard.ts, MOTCUA_TX_STRICT) records or refuses such a join — refusing throws, it never waits.
 */
export const pgliteTxContext = new AsyncLocalStorage<{ held: boolean }>();

export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly db: PGlite) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (q.sql.startsWith(SCRIPT_MARKER)) {
      // A multi-statement script (migrations): the simple-query protocol, last result kept.
      const results = await this.db.exec(q.sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as R[] };
    }
    const r = await this.db.query<R>(q.sql, q.parameters as unknown[]);
    return {
      rows: r.rows,
      numAffectedRows: r.affectedRows != null ? BigInt(r.affectedRows) : undefined,
    };
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite: streaming queries are not supported');
  }
}

class PGliteDriver implements Driver {
  readonly #conn: PGliteConnection;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  #release: (() => void) | undefined;
  constructor(
    private readonly db: PGlite,
    private readonly mutex: Mutex,
    private readonly guard?: TxJoinGuard,
  ) {
    this.#conn = new PGliteConnection(db);
  }
  async init(): Promise<void> {}
  #reentered = 0;
  #owner: { held: boolean } | undefined;
  async acquireConnection(): Promise<DatabaseConnection> {
    const t = pgliteTxContext.getStore();
    if (t?.held && t === this.#owner) {
      // A root-handle query from inside the transaction (its own queries do not come back here).
      // Strict mode throws rather than waiting for the mutex the transaction holds (a deadlock).
      this.guard?.join('root-query');
      this.#reentered++;
      return this.#conn;
    }
    this.#release = await this.mutex.lock();
    this.#owner = t;
    if (t) t.held = true;
    return this.#conn;
  }
  async releaseConnection(): Promise<void> {
    if (this.#reentered > 0) {
      this.#reentered--;
      return;
    }
    if (this.#owner) this.#owner.held = false;
    this.#owner = undefined;
    const r = this.#release;
    this.#release = undefined;
    r?.();
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('BEGIN'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }
  async destroy(): Promise<void> {
    void this.#releases;
  }
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly db: PGlite,
    private readonly mutex: Mutex,
    private readonly guard?: TxJoinGuard,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.db, this.mutex, this.guard);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new PostgresIntrospector(db);
  }
}
