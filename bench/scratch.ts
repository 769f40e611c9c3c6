import { migrationSources } from '../src/modules.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seed } from '../src/seed.js';
import { loadConfig } from '../src/platform/config.js';
import { demoWithoutDossiers, scratchDatabase } from './lib.js';

/**
 * A scratch PostgreSQL database beside `base`, migrated and seeded with the demo's catalogue,
 * agencies and staff but none of its dossiers: what the in-process benches generate their dossiers
 * on. `close()` closes it and drops it (also when the set-up itself failed).
 */
export async function seededScratchDatabase(base: string, prefix: string): Promise<{ database: Database; close: () => Promise<void> }> {
  const { url, drop } = await scratchDatabase(base, prefix);
  demoWithoutDossiers();
  const database = await openDatabase({ databaseUrl: url, dataDir: null });
  const close = async () => {
    await database.close();
    await drop();
  };
  try {
    await migrate(database, migrationSources());
    await seed(database, { ...loadConfig(), demo: true });
  } catch (e) {
    await close();
    throw e;
  }
  return { database, close };
}
