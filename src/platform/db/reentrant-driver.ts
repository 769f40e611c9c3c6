import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import type { TxJoinGuard } from './tx-guard.js';

/**
 * PostgreSQL: a query issued on the root database from inside a transaction's async chain runs
 * on the transaction's own connection, as it does on PGlite. Without this, a service that reads a
 * setting through the root handle while a transaction is open takes a second pool connection —
 * and a burst of such requests exhausts the pool with every transaction waiting for a second
 * connection (a deadlock measured with 20 concurrent submissions and a pool of 10).
 *
 * Code should not rely on it: pass the transaction (`opts.tx`, docs/architecture.md "Transactions
 * across modules"). The TxJoinGuard (tx-guard.ts) records or refuses each such join
 * (MOTCUA_TX_STRICT), so the remaining sites can be found and fixed; production allows it.
 */
export const pgTxContext = new AsyncLocalStorage<{ conn?: DatabaseConnection; depth: number }>();

export class ReentrantDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly guard?: TxJoinGuard,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const s = pgTxContext.getStore();
    if (s?.conn) {
      // Only a root-handle query gets here with the scope holding a connection: a Transaction's own
      // queries run on the connection it acquired once, without asking the driver again.
      this.guard?.join('root-query');
      s.depth++;
      return s.conn;
    }
    const c = await this.inner.acquireConnection();
    if (s) s.conn = c; // the first connection taken in a transaction scope is the transaction's
    return c;
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const s = pgTxContext.getStore();
    if (s && s.conn === c) {
      if (s.depth > 0) {
        s.depth--;
        return;
      }
      s.conn = undefined;
    }
    return this.inner.releaseConnection(c);
  }
  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(c, settings);
  }
  commitTransaction(c: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(c);
  }
  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(c);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
