import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate, pendingMigrations } from './platform/db/migrate.js';
import { buildApp } from './app.js';
import { seed } from './seed.js';
import { withSetupLock } from './platform/db/setup-lock.js';
import { migrationSources } from './modules.js';
import { webDist } from './platform/http/server.js';
import { shutDown } from './platform/http/drain.js';

/**
 * `npm start` (compiled to dist/server.js) and `npm run dev` (under tsx): build the web app if
 * missing (Vite in a child process), open the database, migrate, seed, serve.
 *
 * When migrations are pending (a first start, or an upgrade), migrating and seeding run in a
 * short-lived child process (`--setup`) before the server opens the database: a first demo start
 * generates hundreds of dossiers, and the memory that takes (WASM heap of PGlite, which never
 * shrinks, and V8's heap) would otherwise stay with the server for its whole life. The child holds
 * the PGlite lock while it runs and releases it when it exits.
 */
const SETUP_FLAG = '--setup';
/** Creates a new PGlite data folder (initdb) and exits: see createPgliteInChild. */
const INITDB_FLAG = '--initdb';
const NO_WEB_BUILD_FLAG = '--no-web-build';
/** On SIGTERM: keep answering 503 until no new connection for 500 ms (at most 10 s), then close. */
const SHUTDOWN_DRAIN = { quietMs: 500, maxMs: 10_000 };

const open = (config: Config): Promise<Database> =>
  openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteSharedBuffers: config.pgliteSharedBuffers,
    preparedStatements: config.pgPreparedStatements,
  });

async function setup(config: Config, database: Database): Promise<void> {
  // Several processes started at once on one PostgreSQL set up one after the other (setup-lock.ts).
  await withSetupLock(config.databaseUrl, async () => {
    const applied = await migrate(database, migrationSources());
    if (applied.length) console.log(`[motcua] Applied ${applied.length} migration(s).`);
    await seed(database, config);
  });
}

/** Runs node with `args` in a child process; resolves when it exits with 0. */
function runChild(args: string[], cwd: string | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: process.env, cwd });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed: ${signal ?? `exit code ${code}`}`))));
  });
}

/** Runs `--setup` in a child process of the same program (the bundle, or src/main.ts under tsx). */
function setupInChild(): Promise<void> {
  return runChild([...process.execArgv, fileURLToPath(import.meta.url), SETUP_FLAG], undefined, 'setup (migrations and seed)');
}

/**
 * Creates a new PGlite data folder in a child process of its own, before the setup child opens it.
 * PGlite 0.5 runs initdb in a second WASM instance beside the main one and copies that instance's
 * heap (each at least 128 MB, the WASM module's declared minimum); the process keeps about 450 MB of
 * WASM memory afterwards, closed or not (measured: `external` stays at 453 MB after close and a full
 * GC). In its own process that memory is gone before migrations and the demo seed start, so the
 * setup child holds only what they need (docs/operations.md, "Start and restart").
 */
function createPgliteInChild(): Promise<void> {
  return runChild([...process.execArgv, fileURLToPath(import.meta.url), INITDB_FLAG], undefined, 'PGlite data folder creation (initdb)');
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv.includes(INITDB_FLAG)) {
    await (await open(config)).close();
    return;
  }
  if (process.argv.includes(SETUP_FLAG)) {
    const database = await open(config);
    try {
      await setup(config, database);
    } finally {
      await database.close();
    }
    return;
  }
  // --no-web-build: an API-only start (the crash test), which must not spend its time building the web app.
  // `npm start` has built it already (scripts/build-web.mjs); `npm run dev` on a fresh clone builds it
  // here, with Vite in a child process too, so the server never holds Vite's memory (issue 25).
  if (!process.argv.includes(NO_WEB_BUILD_FLAG) && !existsSync(path.join(webDist, 'index.html'))) {
    console.log('[motcua] Building the web app (web/dist is missing)…');
    const root = path.resolve(webDist, '../..');
    await runChild([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], root, 'web build');
  }
  // A new PGlite folder is created (initdb) by the child too, so the server never holds its memory.
  const newPglite = !config.databaseUrl && !existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'));
  let database = newPglite ? null : await open(config);
  if (!database || (await pendingMigrations(database, migrationSources())).length > 0) {
    await database?.close();
    console.log('[motcua] Preparing the database (migrations and seed data)…');
    if (newPglite) await createPgliteInChild();
    await setupInChild();
    database = await open(config);
  }
  // Already migrated: seeding is idempotent and cheap (each seeder checks its own marker).
  await setup(config, database);
  const { app, deps } = await buildApp(config, database);
  if (config.workers) {
    deps.outbox.start();
    await deps.jobs.start();
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining (new requests get 503 Retry-After), finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    try {
      await shutDown(
        {
          app,
          stopWorkers: async () => {
            await deps.outbox.stop();
            await deps.jobs.stop();
          },
          closeDatabase: () => database.close(),
        },
        SHUTDOWN_DRAIN,
      );
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `MotCua ${config.version} on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (db: ${database.kind}${config.demo ? ', demo data' : ''})`,
  );
}

main().catch((err) => {
  console.error('[motcua] failed to start:', err);
  process.exit(1);
});
