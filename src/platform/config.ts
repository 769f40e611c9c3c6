import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from './paths.js';
import { DEFAULT_PGLITE_SHARED_BUFFERS } from './db/database.js';

/** All configuration comes from environment variables; this is the one place that reads them. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  filesDir: string;
  production: boolean;
  demo: boolean;
  sessionSecret: string | null;
  sessionTtlHours: number;
  logLevel: string;
  bodyLimitBytes: number;
  version: string;
  workers: boolean;
  publicBaseUrl: string;
  /** PostgreSQL shared_buffers inside embedded PGlite (ignored with DATABASE_URL). */
  pgliteSharedBuffers: string;
  /** PostgreSQL: hot statements as named prepared statements (src/platform/db/prepared.ts); off e.g. behind a pooler that cannot keep them. */
  pgPreparedStatements: boolean;

  // ---- Outbox monitoring (issue 17 §1) ----
  /**
   * OUTBOX_ALERT_SECONDS: /api/health reports `degraded` when an outbox row has waited longer than
   * this without being delivered (a consumer failing or missing, workers off or overloaded), and the
   * admin outbox screen marks the topic. Default 900 (15 minutes).
   */
  outboxAlertSeconds: number;
}

const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} phải là số (nhận được "${raw}")`);
  return n;
}

function positiveIntEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = intEnv(env, name, fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} phải là số nguyên dương (nhận được "${env[name]}")`);
  return n;
}

function memoryEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(raw)) throw new Error(`${name} phải là dung lượng dạng 16MB, 512kB hoặc 1GB (nhận được "${raw}")`);
  return raw;
}

function onOffEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`${name} phải là on hoặc off (nhận được "${raw}")`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const port = intEnv(env, 'PORT', 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null,
    dataDir,
    filesDir: path.resolve(env.FILES_DIR ?? path.join(dataDir, 'files')),
    production,
    demo: !production,
    sessionSecret: env.SESSION_SECRET && env.SESSION_SECRET !== '' ? env.SESSION_SECRET : null,
    sessionTtlHours: intEnv(env, 'SESSION_TTL_HOURS', 12),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: intEnv(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    version: pkg.version,
    workers: env.WORKERS !== 'off',
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    pgliteSharedBuffers: memoryEnv(env, 'PGLITE_SHARED_BUFFERS', DEFAULT_PGLITE_SHARED_BUFFERS),
    pgPreparedStatements: onOffEnv(env, 'PG_PREPARED_STATEMENTS', true),
    outboxAlertSeconds: positiveIntEnv(env, 'OUTBOX_ALERT_SECONDS', 900),
  };
}
