/**
 * One server process of the front-office bench on PostgreSQL (bench/frontoffice.bench.ts starts
 * several on the same database): the whole app, its clock set to a working morning so the centre
 * is open, on a free port. Tells the parent its port over IPC and answers `cpu` with its own CPU
 * time (process.cpuUsage), so the bench counts the servers' CPU without the load generator's.
 */
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { buildApp } from '../src/app.js';

const generous = {
  RATE_LIMIT_PUBLIC_WRITE: 'off',
  RATE_LIMIT_SURVEY: 'off',
  RATE_LIMIT_PUBLIC_LOOKUP: 'off',
  ANON_UPLOAD_MB_PER_CLIENT_DAY: 'off',
  ANON_UPLOAD_MB_PER_DAY: 'off',
};
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...generous }), workers: false };
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null, poolSize: 8 });
const { app, deps } = await buildApp(config, database, { logger: false });
const offset = Number(process.env.BENCH_FO_CLOCK_OFFSET_MS ?? 0);
deps.clock.now = () => new Date(Date.now() + offset);
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port });
process.on('message', (m: unknown) => {
  if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  if (m === 'stop')
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
});
