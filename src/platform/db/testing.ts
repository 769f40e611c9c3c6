import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './database.js';

/**
 * A fresh, empty database for one test file: a new PostgreSQL database when DATABASE_URL is
 * set (dropped on close), otherwise an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<Database & { url: string | null }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ databaseUrl: null, dataDir: null });
    return Object.assign(db, { url: null });
  }
  const name = `motcua_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = '/' + name;
  const url = u.toString();
  const db = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 8 });
  const close = db.close;
  return Object.assign(db, {
    url,
    close: async () => {
      await close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}
