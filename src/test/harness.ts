// First: a fixed "now" (MOTCUA_TEST_NOW) must be in place before anything reads the clock.
import './test-now.js';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { fromRoot } from '../platform/paths.js';
import { loadConfig, type Config } from '../platform/config.js';
import { openTestDatabase } from '../platform/db/testing.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { buildApp } from '../app.js';
import { seed } from '../seed.js';
import { migrationSources } from '../modules.js';
import type { App } from '../platform/http/server.js';
import type { Deps } from '../platform/deps.js';
import { ContractChecker } from '../platform/http/openapi.contract.js';
import { vnIso } from '../platform/vn-time.js';

const SRC = fromRoot('src');
const TEST_DIR = fromRoot('src/test');
let sourcesHash: string | null = null;

/** A hash of everything a migrated and seeded database is made from: src/ without tests, and the PGlite version. */
function hashSources(): string {
  if (sourcesHash) return sourcesHash;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== TEST_DIR) walk(p);
      } else if (!e.name.includes('.test.')) {
        h.update(path.relative(SRC, p)).update('\0').update(readFileSync(p)).update('\0');
      }
    }
  };
  walk(SRC);
  h.update(readFileSync(fromRoot('node_modules/@electric-sql/pglite/package.json')));
  return (sourcesHash = h.digest('hex'));
}

/**
 * The template key of a seeded database: the sources, the seed options and the Vietnamese date and
 * hour (demo data is placed relative to now: a template is reused for at most the hour it was made in).
 */
function templateKey(options: Record<string, unknown>, filesDir: string): string {
  const vnHour = vnIso(Date.now()).slice(0, 13);
  return createHash('sha256').update(hashSources()).update(JSON.stringify(options)).update(vnHour).update(filesEpoch(filesDir)).digest('hex').slice(0, 32);
}

/**
 * The seed stores files (warehouse documents, results) in the files folder, and a template holds
 * rows that point at them. Templates outlive a run (in $TMPDIR, or as PostgreSQL databases), so a
 * template is tied to the files folder that holds its files: a random mark kept in that folder. A
 * clone in another folder, or a files folder that was deleted, gets a new mark and so new templates.
 */
function filesEpoch(filesDir: string): string {
  mkdirSync(filesDir, { recursive: true });
  const mark = path.join(filesDir, '.test-template-epoch');
  try {
    writeFileSync(mark, randomBytes(8).toString('hex'), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return `${path.resolve(filesDir)}:${readFileSync(mark, 'utf8')}`;
}

/**
 * A whole MotCua server on a fresh database (PGlite in memory, or a new PostgreSQL database when
 * DATABASE_URL is set), exercised over HTTP with Fastify's inject. The database is a copy of a
 * migrated and seeded template shared by the test files that ask for the same seed options
 * (src/platform/db/testing.ts).
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
  /** The contract check of every response against /openapi.json (null when the test turned it off). */
  contract: ContractChecker | null;
  request(opts: {
    method: string;
    url: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    payload?: string | Buffer;
  }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * `contract` (on unless a test passes false) checks every response the app sends against the
 * operation's documented responses in /openapi.json (src/platform/http/openapi.contract.ts):
 * close() fails with the list of violations, so the test file fails. MOTCUA_CONTRACT=off turns it off.
 *
 * `workers: true` runs the outbox worker loop (as the server does) until close(); without it a test
 * delivers with `deps.outbox.drain()`. Scheduled jobs never run on their own in tests: a test runs
 * one with `deps.jobs.runNow(name)`.
 */
export async function startTestApp(
  opts: {
    demo?: boolean;
    env?: Record<string, string>;
    demoDossiers?: number;
    demoHistory?: number;
    demoCertifications?: number;
    demoReformActivity?: boolean;
    production?: boolean;
    webDist?: string;
    workers?: boolean;
    logStream?: NodeJS.WritableStream;
    contract?: boolean;
  } = {},
): Promise<TestApp> {
  // production: true (or env NODE_ENV=production) gives a production-mode server (no demo data; sandboxes only as SANDBOX names them).
  const production = opts.production ?? opts.env?.NODE_ENV === 'production';
  // Tests send many anonymous requests from one address: the per-client limits are off unless a test sets them.
  const generous = {
    RATE_LIMIT_PUBLIC_WRITE: 'off',
    RATE_LIMIT_SURVEY: 'off',
    RATE_LIMIT_PUBLIC_LOOKUP: 'off',
    ANON_UPLOAD_MB_PER_CLIENT_DAY: 'off',
    ANON_UPLOAD_MB_PER_DAY: 'off',
  };
  // Demo dossiers are generated only where a test asks for them (they take seconds to build); so are
  // the demo province's year of imported history (history.seed.ts), the demo certified copies
  // (certification.seed.ts: a seal key per certifying section) and the reform module's demo SIPAS
  // responses and plans of the current year (they would shift other tests' counts).
  const demoCounts = {
    DEMO_DOSSIERS: String(opts.demoDossiers ?? 0),
    DEMO_HISTORY: String(opts.demoHistory ?? 0),
    DEMO_CERTIFICATIONS: String(opts.demoCertifications ?? 0),
    DEMO_REFORM_ACTIVITY: opts.demoReformActivity ? '1' : '0',
  };
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...generous, ...opts.env, ...demoCounts }),
    demo: opts.demo ?? !production,
    production,
    workers: false,
  };
  // A copy of a migrated and seeded database shared by every test file with the same options.
  const database = await openTestDatabase({
    key: templateKey(
      {
        demo: config.demo,
        production,
        demoDossiers: opts.demoDossiers ?? 0,
        demoHistory: opts.demoHistory ?? 0,
        demoCertifications: opts.demoCertifications ?? 0,
        demoReformActivity: !!opts.demoReformActivity,
        env: opts.env ?? {},
      },
      config.filesDir,
    ),
    async build(db) {
      await migrate(db, migrationSources());
      await seed(db, config);
    },
  });
  // Transaction joining (src/platform/db/tx-guard.ts), set after the template was built: an implicit
  // nested database.transaction() inside an open one, and a query on the root handle from inside an
  // open transaction, fail the test (pass the transaction: { tx } / opts.tx / the executor argument).
  // MOTCUA_TX_STRICT=record (with MOTCUA_TX_STRICT_LOG=<file>) joins and lists the sites instead;
  // =allow joins silently, as production does (docs/architecture.md).
  if (process.env.MOTCUA_TX_STRICT === undefined) database.txJoins.setMode('throw');
  // The template may be older than OUTBOX_ALERT_SECONDS when a slow run reaches this file: the
  // messages its seed left waiting (workers are off in tests) are as young as this copy of it, so
  // /api/health does not call the copy degraded for the template's age.
  await sql`UPDATE outbox SET created_at = now() WHERE delivered_at IS NULL AND dead_at IS NULL AND created_at < now()`.execute(database.db);
  // The server's configuration names the database this test really uses (a module that opens its
  // own connection, e.g. the front office's LISTEN, must reach the same database).
  if (database.url) config.databaseUrl = database.url;
  // MOTCUA_CONTRACT=off turns it off for a whole run (e.g. to see other failures first).
  const contract = opts.contract === false || process.env.MOTCUA_CONTRACT === 'off' ? null : new ContractChecker();
  const { app, deps } = await buildApp(config, database, {
    ...(opts.logStream ? { logStream: opts.logStream } : { logger: false }),
    webDist: opts.webDist,
    ...(contract ? { contract } : {}),
  });
  if (opts.workers) deps.outbox.start();
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
    contract,
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
      await deps.outbox.stop();
      await app.close();
      await database.close();
      const violations = contract?.report();
      if (violations) throw new Error(`responses that do not match /openapi.json (src/platform/http/openapi.contract.ts):\n${violations}`);
    },
  };
}
