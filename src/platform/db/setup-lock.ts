import pg from 'pg';

/**
 * The lock a server takes on PostgreSQL while it migrates and seeds (issue 25: several processes
 * started at once on an empty database). Migrations already lock each file; seeding is idempotent
 * but not safe to run twice at the same moment (two seeders would both see "not seeded yet"). So a
 * process sets up under a session-level advisory lock on a connection of its own, and the others
 * wait for it, then find everything done. On PGlite the data folder admits one process
 * (datadir-lock.ts), so there is nothing to lock.
 */
export const SETUP_LOCK: readonly [number, number] = [0x4d6f7443, 1]; // 'MotC', 1: pg_locks.classid, objid

export async function withSetupLock<T>(databaseUrl: string | null, fn: () => Promise<T>): Promise<T> {
  if (!databaseUrl) return fn();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...SETUP_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases the lock, also when the unlock itself fails.
    await client.query('SELECT pg_advisory_unlock($1, $2)', [...SETUP_LOCK]).catch(() => {});
    await client.end();
  }
}
