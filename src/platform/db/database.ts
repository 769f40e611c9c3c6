import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type Dialect, type Selectable, type Transaction } from 'kysely';
import { ReentrantDriver, pgTxContext } from './reentrant-driver.js';
import pg from 'pg';
import { DataDirLockedError, lockDataDir } from './datadir-lock.js';
import { preparingClient } from './prepared.js';

export { prepared } from './prepared.js';
import { Mutex, PGliteDialect, SCRIPT_MARKER, pgliteTxContext } from './pglite-dialect.js';
import type { DB } from './schema.js';
import { TxJoinGuard, type TxJoinMode } from './tx-guard.js';

export type { DB } from './schema.js';
export { TxJoinError, type TxJoinMode } from './tx-guard.js';

/**
 * The query executor repositories receive: the root database or an open transaction, typed with the
 * tables of src/platform/db/schema.ts (generated from the migrations by `npm run gen:db`).
 */
export type Executor = Kysely<DB> | Transaction<DB>;

/** An open transaction, as a service method receives it from its caller (`opts.tx`). */
export type Tx = Transaction<DB>;

/**
 * A row of table T as read (generated columns resolved, timestamptz → Date). Repositories type their
 * raw-SQL rows with it (`sql<Pick<TableRow<'notification'>, 'id' | 'kind'>>`), so a renamed or removed
 * column breaks compilation of every reader.
 */
export type TableRow<T extends keyof DB> = Selectable<DB[T]>;

export type EngineKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: EngineKind;
  readonly db: Kysely<DB>;
  /**
   * Runs fn in one transaction (serialised on PGlite, pooled connection on PostgreSQL). With
   * `opts.tx` (an open transaction handed down by a caller in another module or service), fn runs in
   * that one instead: the pattern every service that can be called inside a transaction follows
   * (`create(ctx, input, opts?: { tx?: Transaction<DB> })` → `database.transaction(fn, opts)`).
   */
  transaction<T>(fn: (tx: Transaction<DB>) => Promise<T>, opts?: { tx?: Transaction<DB> }): Promise<T>;
  /** What a root-handle query or an implicit nested transaction inside an open transaction does (tx-guard.ts). */
  readonly txJoins: TxJoinGuard;
  /** Runs a multi-statement SQL script (migrations) on the given executor. */
  execScript(exec: Executor, script: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data folder as a gzipped tarball (openDatabase's pgliteLoadDataDir reads it back; test templates). */
  dumpDataDir?: () => Promise<Blob>;
}

// Align type parsing of the two drivers (stack-notes §1.7): int8 → number, date and
// timestamp-without-zone → the literal string; timestamptz → Date on both; numeric stays a string.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(1114, (v) => v);
const pgliteParsers = {
  [pgliteTypes.INT8]: (v: string) => Number(v),
  [pgliteTypes.DATE]: (v: string) => v,
  [pgliteTypes.TIMESTAMP]: (v: string) => v,
};

function wrap(kind: EngineKind, db: Kysely<DB>, guard: TxJoinGuard, onClose: () => Promise<void>): Database {
  return {
    kind,
    db,
    txJoins: guard,
    transaction: (fn, opts) => {
      // The caller's open transaction, passed explicitly: fn is part of it.
      if (opts?.tx) return fn(opts.tx);
      if (kind !== 'pglite') {
        // A transaction started inside another one without it being passed: it joins it (same
        // connection; see reentrant-driver.ts) unless the guard refuses that.
        const outer = pgTxContext.getStore();
        if (outer?.conn) {
          guard.join('nested-transaction');
          return fn(db as Transaction<DB>);
        }
        return pgTxContext.run({ depth: 0 }, () => db.transaction().execute(fn));
      }
      // PGlite: the same (one session; see pglite-dialect.ts).
      const outer = pgliteTxContext.getStore();
      if (outer?.held) {
        guard.join('nested-transaction');
        return fn(db as Transaction<DB>);
      }
      return pgliteTxContext.run({ held: false }, () => db.transaction().execute(fn));
    },
    execScript: async (exec, script) => {
      await sql.raw(SCRIPT_MARKER + '\n' + script).execute(exec);
    },
    close: async () => {
      await db.destroy();
      await onClose();
    },
  };
}

// PGlite's own start parameters (its defaultStartParams), kept as they are; we add shared_buffers.
const PGLITE_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
];

/**
 * PostgreSQL's shared buffers inside PGlite. Its initdb sets 128MB, which the WASM heap keeps once
 * touched and never gives back; 16MB keeps an embedded server's resident memory near 300 MB
 * (docs/operations.md, "Memory") while pages beyond it are still cached by the operating system.
 * `PGLITE_SHARED_BUFFERS` changes it (e.g. `64MB` on a larger single-user installation).
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '16MB';

async function openPGlite(dataDir: string | null, sharedBuffers: string, loadDataDir?: Blob): Promise<{ client: PGlite; release: () => Promise<void> }> {
  let release = async () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    // Only one process may open a PGlite data folder: a second one silently loses writes.
    try {
      release = await lockDataDir(dataDir);
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
      throw new Error(
        `Thư mục dữ liệu ${dataDir} đang được một tiến trình MotCua khác sử dụng (PGlite chỉ cho phép một tiến trình). ` +
          `Dừng tiến trình kia hoặc đặt DATA_DIR khác. (${(err as Error).message})`,
      );
    }
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ? path.join(dataDir, 'pglite') : undefined, {
      parsers: pgliteParsers,
      extensions: { unaccent, pg_trgm },
      startParams: [...PGLITE_START_PARAMS, '-c', `shared_buffers=${sharedBuffers}`],
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (err) {
    await release();
    throw err;
  }
  return { client, release };
}

/** Opens the configured engine: PostgreSQL when a URL is given, else PGlite in dataDir. */
export async function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string | null;
  poolSize?: number;
  pgliteSharedBuffers?: string;
  /** PostgreSQL: run the statements repositories mark with prepared() as named prepared statements (default true; see prepared.ts). */
  preparedStatements?: boolean;
  /** PGlite: start from this dumped data folder (dumpDataDir) instead of an empty one. */
  pgliteLoadDataDir?: Blob;
  /** Transaction joining (tx-guard.ts); default from MOTCUA_TX_STRICT, else allowed. Can be changed later (database.txJoins.setMode). */
  txJoin?: TxJoinMode;
}): Promise<Database> {
  const guard = new TxJoinGuard(opts.txJoin);
  if (opts.databaseUrl) {
    const Client = preparingClient({ enabled: opts.preparedStatements ?? true, inTransaction: () => pgTxContext.getStore()?.conn !== undefined });
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, Client });
    // An idle pooled connection can be closed by the server (restart, failover, a dropped test
    // database). pg reports that as an 'error' event; without a listener it would end the process.
    // The pool discards that client and opens a new one on the next query.
    pool.on('error', (err) => {
      if (process.env.NODE_ENV !== 'test') console.warn(`[motcua] idle PostgreSQL connection closed: ${err.message}`);
    });
    const base = new PostgresDialect({ pool });
    const dialect: Dialect = {
      createAdapter: () => base.createAdapter(),
      createDriver: () => new ReentrantDriver(base.createDriver(), guard),
      createQueryCompiler: () => base.createQueryCompiler(),
      createIntrospector: (k) => base.createIntrospector(k),
    };
    const db = new Kysely<DB>({ dialect });
    await sql`select 1`.execute(db);
    return wrap('postgres', db, guard, async () => {});
  }
  const { client, release } = await openPGlite(opts.dataDir, opts.pgliteSharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS, opts.pgliteLoadDataDir);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client, new Mutex(), guard) });
  const database = wrap('pglite', db, guard, async () => {
    await client.close();
    await release();
  });
  return Object.assign(database, { dumpDataDir: () => client.dumpDataDir('gzip') });
}
