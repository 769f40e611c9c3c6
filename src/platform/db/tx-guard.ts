import { appendFileSync } from 'node:fs';

/**
 * What happens when code relies on transaction joining (see docs/architecture.md, "Transactions
 * across modules: explicit executors"):
 * - a query issued on the root handle (`database.db`) from the async chain of an open transaction;
 * - a `database.transaction(fn)` started inside another one without the outer transaction passed
 *   explicitly (`database.transaction(fn, { tx })`).
 *
 * `allow` joins the open transaction silently (production: see reentrant-driver.ts for why);
 * `record` joins it and records the site with a stack (appended to MOTCUA_TX_STRICT_LOG when set, and
 * kept in `seen`); `throw` refuses it with a TxJoinError (the test harness: a regression fails the suite).
 */
export type TxJoinMode = 'allow' | 'record' | 'throw';
export type TxJoinKind = 'root-query' | 'nested-transaction';

export class TxJoinError extends Error {
  constructor(readonly kind: TxJoinKind) {
    super(
      kind === 'root-query'
        ? 'A query on the root database handle ran inside an open transaction: pass the transaction (tx) to it instead.'
        : 'database.transaction() was called inside an open transaction: pass the outer one (database.transaction(fn, { tx })).',
    );
    this.name = 'TxJoinError';
  }
}

export class TxJoinGuard {
  readonly seen: { kind: TxJoinKind; stack: string }[] = [];
  /** The mode of each kind of join (set both at once with setMode). */
  readonly modes: Record<TxJoinKind, TxJoinMode>;
  constructor(mode: TxJoinMode = modeFromEnv()) {
    this.modes = { 'root-query': mode, 'nested-transaction': mode };
  }
  setMode(mode: TxJoinMode): void {
    this.modes['root-query'] = this.modes['nested-transaction'] = mode;
  }
  /** Called where a join happens; throws in `throw` mode, records in `record` mode. */
  join(kind: TxJoinKind): void {
    const mode = this.modes[kind];
    if (mode === 'allow') return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80; // the first frames are Kysely's: keep enough to reach ours
    const err = new TxJoinError(kind);
    Error.stackTraceLimit = limit;
    if (mode === 'throw') throw err;
    const stack = sourceFrames(err.stack ?? '');
    this.seen.push({ kind, stack });
    const log = process.env.MOTCUA_TX_STRICT_LOG;
    if (log) appendFileSync(log, JSON.stringify({ kind, stack }) + '\n');
  }
}

/** MOTCUA_TX_STRICT: `record` or `1`/`throw`; anything else (or unset) allows the join. */
export function modeFromEnv(env: NodeJS.ProcessEnv = process.env): TxJoinMode {
  const v = env.MOTCUA_TX_STRICT;
  if (v === 'record') return 'record';
  if (v === '1' || v === 'throw') return 'throw';
  return 'allow';
}

/** The stack frames of our own code (src/, not node_modules or node internals). */
function sourceFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((l) => l.includes('/src/') && !/\/src\/platform\/db\/(database|reentrant-driver|pglite-dialect|tx-guard)\.ts/.test(l))
    .map((l) => l.trim())
    .join('\n');
}
