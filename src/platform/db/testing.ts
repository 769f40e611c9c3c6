import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './database.js';
import { DataDirLockedError, lockDataDir } from './datadir-lock.js';

/**
 * A prepared database state shared by test files: `key` names its content (the caller hashes
 * everything the state depends on: migrations, seed code and data, options); `build` makes it on
 * an empty database. The first test file that needs a key builds it once; every other one starts
 * from a copy — `CREATE DATABASE … TEMPLATE` on PostgreSQL, a dumped data folder loaded into a new
 * in-memory PGlite — so a file pays only for what it needs, and files stay isolated (each has its
 * own copy).
 */
export interface TestTemplate {
  key: string;
  build(database: Database): Promise<void>;
}

/** Where PGlite templates are kept (gzipped data folders named by key). */
export const PGLITE_TEMPLATE_DIR = path.join(tmpdir(), 'motcua-test-templates');

/**
 * A fresh database for one test file: a new PostgreSQL database when DATABASE_URL is set
 * (dropped on close), otherwise an in-memory PGlite — empty, or a copy of `template`.
 */
export async function openTestDatabase(template?: TestTemplate): Promise<Database & { url: string | null }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (template) return Object.assign(await pgliteFromTemplate(template), { url: null });
    const db = await openDatabase({ databaseUrl: null, dataDir: null });
    return Object.assign(db, { url: null });
  }
  const name = `motcua_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    if (template) await createFromTemplate(admin, base, name, template);
    else await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlOf(base, name);
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

function urlOf(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = '/' + name;
  return u.toString();
}

const safeKey = (key: string) => {
  if (!/^[a-z0-9]{8,40}$/.test(key)) throw new Error(`template key must be 8–40 lowercase letters or digits: ${key}`);
  return key;
};

/**
 * PostgreSQL: `motcua_tpl_<key>` is built once (under an advisory lock, in a scratch database
 * renamed into place when complete, so a crashed build never leaves a half-made template), then
 * copied with CREATE DATABASE … TEMPLATE (under the same lock: PostgreSQL refuses to copy a
 * database another session is connected to).
 */
async function createFromTemplate(admin: pg.Client, base: string, name: string, template: TestTemplate): Promise<void> {
  const tpl = `motcua_tpl_${safeKey(template.key)}`;
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [tpl]);
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [tpl])).rowCount! > 0;
    if (!exists) {
      // Scratch databases of builds that died (their builder no longer holds the lock).
      const stale = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${tpl}_b%`]);
      for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      const scratch = `${tpl}_b${process.pid}`;
      await admin.query(`CREATE DATABASE ${scratch}`);
      const db = await openDatabase({ databaseUrl: urlOf(base, scratch), dataDir: null, poolSize: 4 });
      try {
        await template.build(db);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${scratch} RENAME TO ${tpl}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [tpl]);
  }
}

/**
 * PGlite: the template is a gzipped data folder in PGLITE_TEMPLATE_DIR, written atomically
 * (temporary file, then rename). One process builds it while holding a lock the kernel releases if
 * it dies; the others wait for the file (they poll for it: a readiness condition, not a duration)
 * or take over the build if the builder died. The builder keeps the database it built.
 */
async function pgliteFromTemplate(template: TestTemplate): Promise<Database> {
  const key = safeKey(template.key);
  mkdirSync(PGLITE_TEMPLATE_DIR, { recursive: true });
  const file = path.join(PGLITE_TEMPLATE_DIR, `${key}.tar.gz`);
  const lockDir = path.join(PGLITE_TEMPLATE_DIR, `${key}.lock`);
  mkdirSync(lockDir, { recursive: true });
  for (;;) {
    if (existsSync(file)) return openDatabase({ databaseUrl: null, dataDir: null, pgliteLoadDataDir: new Blob([readFileSync(file)]) });
    let release: (() => Promise<void>) | null = null;
    try {
      release = await lockDataDir(lockDir);
    } catch (err) {
      if (!(err instanceof DataDirLockedError)) throw err;
    }
    if (!release) {
      await new Promise((r) => setTimeout(r, 250)); // another process is building it
      continue;
    }
    try {
      if (existsSync(file)) continue; // built while we waited for the lock
      const db = await openDatabase({ databaseUrl: null, dataDir: null });
      try {
        await template.build(db);
        const dump = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, dump);
        renameSync(tmp, file);
      } catch (err) {
        await db.close();
        throw err;
      }
      return db;
    } finally {
      await release();
    }
  }
}

/** Removes this machine's PGlite templates (e.g. to measure a cold run). */
export function clearPgliteTemplates(): void {
  rmSync(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
}
