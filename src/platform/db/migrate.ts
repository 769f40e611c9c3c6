import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.js';

/**
 * Plain SQL migrations per module, applied in the given order of modules (the manifest's,
 * src/modules.ts `migrationSources`) then file order, each in its own
 * transaction under an advisory lock (so several processes starting together apply each once),
 * and recorded in `schema_migrations` with a checksum. The same files run on PGlite and PostgreSQL.
 */
export interface MigrationSource {
  module: string;
  dir: string;
}

export interface AppliedMigration {
  module: string;
  name: string;
}

/** The migration files not yet recorded in `schema_migrations` (all of them on a new database). */
export async function pendingMigrations(database: Database, sources: readonly MigrationSource[]): Promise<AppliedMigration[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(database.db);
  const done = new Set<string>();
  if (exists.rows[0]?.t) {
    const { rows } = await sql<{ module: string; name: string }>`SELECT module, name FROM schema_migrations`.execute(database.db);
    for (const r of rows) done.add(`${r.module}/${r.name}`);
  }
  return sources.flatMap((src) =>
    readdirSync(src.dir)
      .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
      .sort()
      .filter((f) => !done.has(`${src.module}/${f}`))
      .map((name) => ({ module: src.module, name })),
  );
}

export async function migrate(database: Database, sources: readonly MigrationSource[]): Promise<AppliedMigration[]> {
  await database.execScript(
    database.db,
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       module text NOT NULL, name text NOT NULL, checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, name));`,
  );
  // Every applied migration's checksum in one read: an up-to-date database (every restart) is
  // checked without a transaction per file (32 of them took 1.3 s on PGlite under load, issue 25).
  // A file not applied yet is applied under the lock, which checks again (another process may have
  // applied it meanwhile).
  const { rows: known } = await sql<{ module: string; name: string; checksum: string }>`SELECT module, name, checksum FROM schema_migrations`.execute(
    database.db,
  );
  const appliedSums = new Map(known.map((r) => [`${r.module}/${r.name}`, r.checksum]));
  const edited = (module: string, file: string) =>
    new Error(`Migration ${module}/${file} đã được áp dụng nhưng nội dung đã bị sửa (checksum khác). Hãy viết migration mới.`);
  const applied: AppliedMigration[] = [];
  for (const src of sources) {
    const files = readdirSync(src.dir)
      .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
      .sort();
    for (const file of files) {
      const text = readFileSync(path.join(src.dir, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const sum = appliedSums.get(`${src.module}/${file}`);
      if (sum !== undefined) {
        if (sum !== checksum) throw edited(src.module, file);
        continue;
      }
      await database.transaction(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(7270001)`.execute(tx);
        const { rows } = await sql<{ checksum: string }>`SELECT checksum FROM schema_migrations WHERE module = ${src.module} AND name = ${file}`.execute(tx);
        if (rows.length > 0) {
          if (rows[0].checksum !== checksum) throw edited(src.module, file);
          return;
        }
        await database.execScript(tx, text);
        await sql`INSERT INTO schema_migrations (module, name, checksum) VALUES (${src.module}, ${file}, ${checksum})`.execute(tx);
        applied.push({ module: src.module, name: file });
      });
    }
  }
  return applied;
}
