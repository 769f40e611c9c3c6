import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { migrationSources } from '../modules.js';

/** `npm run migrate`: apply pending migrations and exit (refused while the server holds PGlite). */
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  pgliteSharedBuffers: config.pgliteSharedBuffers,
  preparedStatements: config.pgPreparedStatements,
});
try {
  const applied = await migrate(database, migrationSources());
  console.log(applied.length ? applied.map((m) => `applied ${m.module}/${m.name}`).join('\n') : 'Nothing to apply: the database is up to date.');
} finally {
  await database.close();
}
