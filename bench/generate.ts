/**
 * Fills a MotCua database with generated dossiers (bench/dossier-generator.ts: every
 * state field the screens read) over the last year, then VACUUM ANALYZE — for looking at the staff
 * screens at a province's scale (bench/scale-screens.ts). The database must have been started
 * once with the demo data (`npm start`: migrations, agencies, procedures, demo staff).
 *
 *   DATABASE_URL=postgres://…/motcua_big node --import tsx bench/generate.ts 1000000
 * Without DATABASE_URL it writes into the PGlite folder of DATA_DIR (the server must be stopped).
 */
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { generateDossiers } from './dossier-generator.js';
import { fmt } from './lib.js';

const N = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 200_000;
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  pgliteSharedBuffers: config.pgliteSharedBuffers,
  preparedStatements: false,
});
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
try {
  const t0 = performance.now();
  const now = new Date();
  const start = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const runId = Date.now().toString(36).toUpperCase();
  let made = 0;
  for (let k = 0; made < N; k++) {
    const n = Math.min(CHUNK, N - made);
    made += await database.transaction((tx) => generateDossiers(tx, { count: n, start, spanDays: 365, now, seed: 0.1 + k / 100, codePrefix: `G${runId}${k}` }));
    console.log(`generated ${fmt(made)} (${((performance.now() - t0) / 1000).toFixed(0)} s, load ${load()})`);
  }
  await sql`VACUUM ANALYZE`.execute(database.db);
  const c = (
    await sql<{ n: number; open: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN (1, 2, 4, 5, 6))::int AS open FROM dossier`.execute(
      database.db,
    )
  ).rows[0];
  console.log(`${fmt(c.n)} dossiers (${fmt(c.open)} open) after VACUUM ANALYZE, ${((performance.now() - t0) / 1000).toFixed(0)} s; load ${load()}`);
} finally {
  await database.close();
}
