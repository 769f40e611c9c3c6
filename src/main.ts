import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { buildApp } from './app.js';
import { seed } from './seed.js';
import { webDist } from './platform/http/server.js';

/** `npm start`: build the web app if missing, open the database, migrate, seed, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!existsSync(path.join(webDist, 'index.html'))) {
    console.log('[motcua] Building the web app (web/dist is missing)…');
    const { build } = await import('vite');
    await build({ configFile: path.resolve(webDist, '../../vite.config.ts'), logLevel: 'warn' });
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(database);
  if (applied.length) console.log(`[motcua] Applied ${applied.length} migration(s).`);
  await seed(database, config);
  const { app, deps } = await buildApp(config, database);
  if (config.workers) {
    deps.outbox.start();
    await deps.jobs.start();
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    try {
      await app.close();
      await deps.outbox.stop();
      await deps.jobs.stop();
      await database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`MotCua ${config.version} on http://localhost:${config.port} (db: ${database.kind}${config.demo ? ', demo data' : ''})`);
}

main().catch((err) => {
  console.error('[motcua] failed to start:', err);
  process.exit(1);
});
