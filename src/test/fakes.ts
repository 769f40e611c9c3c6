/**
 * Typed fakes for service-level tests that need no database (the Immich model): a service's store
 * (its repository and platform writes) and the Database handle it opens transactions on.
 */
import type { Database } from '../platform/db/database.js';

/**
 * An object of type T whose listed members are the given implementations; touching any other
 * member throws, naming it, so a test states exactly which reads and writes a rule makes.
 */
export function fakeOf<T extends object>(name: string, impl: Partial<T>): T {
  return new Proxy(impl, {
    get(target, prop, receiver) {
      if (prop in target || typeof prop === 'symbol' || prop === 'then') return Reflect.get(target, prop, receiver);
      throw new Error(`${name}.${String(prop)} is not faked in this test`);
    },
  }) as T;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * A Database whose executors are markers (a fake store receives them and may check which one it
 * got); `transaction` runs the function at once and records it in `events`.
 */
export function fakeDatabase(events: string[] = []): { database: Database; root: Database['db']; tx: Tx } {
  const root = Object.freeze({ fake: 'root executor' }) as unknown as Database['db'];
  const tx = Object.freeze({ fake: 'transaction' }) as unknown as Tx;
  const database = fakeOf<Database>('database', {
    kind: 'pglite',
    db: root,
    async transaction<T>(fn: (t: Tx) => Promise<T>): Promise<T> {
      events.push('transaction');
      return fn(tx);
    },
  });
  return { database, root, tx };
}
