import { readFileSync } from 'node:fs';
import path from 'node:path';

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
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} phải là số (nhận được "${raw}")`);
  return n;
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
  };
}
