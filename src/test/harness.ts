import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../platform/config.js';
import { openTestDatabase } from '../platform/db/testing.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { buildApp } from '../app.js';
import { seed } from '../seed.js';
import type { App } from '../platform/http/server.js';
import type { Deps } from '../platform/deps.js';

/**
 * A whole MotCua server on a fresh database (PGlite in memory, or a new PostgreSQL database when
 * DATABASE_URL is set), exercised over HTTP with Fastify's inject.
 */
export interface TestApp {
  app: App;
  deps: Deps;
  database: Database;
  config: Config;
  login(username: string, password?: string): Promise<string>;
  /** Session tokens of several demo users, by username. */
  logins(usernames: readonly string[]): Promise<Record<string, string>>;
  /** The id of the current agency with exactly this name (fails the test if there is none). */
  agencyId(name: string): Promise<string>;
  request(opts: { method: string; url: string; token?: string; body?: unknown; headers?: Record<string, string>; payload?: string | Buffer }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(opts: { demo?: boolean; env?: Record<string, string>; demoDossiers?: number; demoReformActivity?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  // Demo dossiers are generated only where a test asks for them (they take seconds to build).
  process.env.DEMO_DOSSIERS = String(opts.demoDossiers ?? 0);
  // So are the reform module's demo SIPAS responses and plans of the current year (they would shift other tests' counts).
  process.env.DEMO_REFORM_ACTIVITY = opts.demoReformActivity ? '1' : '0';
  const database = await openTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...opts.env }), demo: opts.demo ?? true, production: false, workers: false };
  await migrate(database);
  await seed(database, config);
  const { app, deps } = await buildApp(config, database, opts.logStream ? { logStream: opts.logStream } : { logger: false });
  const request: TestApp['request'] = async ({ method, url, token, body, headers, payload }) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: payload ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
  const login: TestApp['login'] = async (username, password = 'demo12345') => {
    const r = await request({ method: 'POST', url: '/api/v1/auth/login', body: { username, password } });
    if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
    return (r.json() as { token: string }).token;
  };
  return {
    app,
    deps,
    database,
    config,
    request,
    login,
    async logins(usernames) {
      const tokens: Record<string, string> = {};
      for (const u of usernames) tokens[u] = await login(u);
      return tokens;
    },
    async agencyId(name) {
      const r = await request({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent(name)}&current=true` });
      const a = (r.json() as { items: { id: string; name: string }[] }).items.find((x) => x.name === name);
      if (!a) throw new Error(`no current agency named ${name}`);
      return a.id;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
