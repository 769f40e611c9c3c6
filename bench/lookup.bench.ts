import os from 'node:os';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { fmt, load, procCpuMs, scratchDatabase, spawnServer, stopServer, waitFor } from './lib.js';

/**
 * The public lookup (issue 25: "≥ 0.8 of a minimal Fastify + pg server running the same query and
 * returning the same bytes"), side by side in one run: the MotCua server against bench/bare-server.ts,
 * which sends the same statement (dossiers.repo.ts publicLookupQuery, prepared), builds the answer
 * with the same function (public-lookup.ts) and serialises it from the same schema — the bytes are
 * compared before measuring. Both log one access line per request at the default level (info).
 *
 * `npm run bench -- lookup` runs it alone on a small database of its own (one dossier received
 * and forwarded through the API); bench/dossiers.bench.ts runs the same measurement
 * (lookupSideBySide) at the end of its own run, on the dossiers it created.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * The MotCua server's environment for a lookup measurement: as people run it (issue 25: the outbox
 * workers and scheduled jobs on, the default log level — LOG_LEVEL and WORKERS deliberately not
 * set, nor taken from the caller's environment), with the public lookup's per-client limit ON but
 * too high to trip (one load generator is one client): its cost is in the figures, as in production.
 */
export function lookupServerEnv(port: number, databaseUrl: string): { env: Record<string, string>; baseEnv: NodeJS.ProcessEnv } {
  const { LOG_LEVEL: _l, WORKERS: _w, ...baseEnv } = process.env;
  return {
    baseEnv,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DEMO_DOSSIERS: '0',
      DEMO_HISTORY: '0',
      RATE_LIMIT_PUBLIC_LOOKUP: '9999999/1s',
      RATE_LIMIT_PUBLIC_WRITE: 'off',
    },
  };
}

/** The bare server for the lookup, logging as the MotCua server does (BARE_LOG=off: not at all, for comparison). */
export function spawnBare(port: number, databaseUrl: string): ChildProcess {
  return spawnServer(['bench/bare-server.ts'], { PORT: String(port), BARE_DATABASE_URL: databaseUrl, BARE_LOG: process.env.BARE_LOG ?? 'info' });
}

export interface LookupSide {
  rps: number;
  p99: number;
  non2xx: number;
  /** CPU ms of the server process per request (utime + stime over the slices / requests answered). */
  cpuMs: number;
}
export interface LookupResult {
  bytes: number;
  api: LookupSide;
  bare: LookupSide;
  ratio: number;
  load: string;
}

/**
 * Checks both servers answer `path` with the same bytes, warms both up, then measures ROUNDS
 * alternating slices (A B, B A, …) of SECONDS / ROUNDS each: on a shared machine a burst of other
 * work falls on both sides instead of skewing the ratio. The CPU each server process spends per
 * request is measured too: it moves much less with the machine's load than the rate.
 */
export async function lookupSideBySide(
  path: string,
  api: { port: number; pid: number },
  bare: { port: number; pid: number },
  opts: { seconds?: number; rounds?: number } = {},
): Promise<LookupResult> {
  const seconds = opts.seconds ?? SECONDS;
  const rounds = opts.rounds ?? ROUNDS;
  const sides = { api: { url: `http://127.0.0.1:${api.port}${path}`, pid: api.pid }, bare: { url: `http://127.0.0.1:${bare.port}${path}`, pid: bare.pid } };
  const [ours, theirs] = await Promise.all([fetch(sides.api.url), fetch(sides.bare.url)].map(async (r) => (await r).text()));
  if (ours !== theirs) throw new Error(`the bare server's lookup answers other bytes:\n  API : ${ours}\n  bare: ${theirs}`);
  for (const s of Object.values(sides)) await load(s.url, { seconds: 1 });
  const acc = { api: { rps: 0, p99: 0, non2xx: 0, cpu: 0, total: 0 }, bare: { rps: 0, p99: 0, non2xx: 0, cpu: 0, total: 0 } };
  for (let r = 0; r < rounds; r++) {
    for (const side of (r % 2 === 0 ? ['api', 'bare'] : ['bare', 'api']) as (keyof typeof sides)[]) {
      const before = procCpuMs(sides[side].pid, NaN);
      const x = await load(sides[side].url, { seconds: Math.max(1, Math.round(seconds / rounds)) });
      acc[side].cpu += procCpuMs(sides[side].pid, NaN) - before;
      acc[side].total += x.total;
      acc[side].rps += x.rps / rounds;
      acc[side].p99 = Math.max(acc[side].p99, x.p99);
      acc[side].non2xx += x.non2xx;
    }
  }
  const side = (a: typeof acc.api): LookupSide => ({ rps: Math.round(a.rps), p99: a.p99, non2xx: a.non2xx, cpuMs: a.cpu / a.total });
  return {
    bytes: Buffer.byteLength(ours),
    api: side(acc.api),
    bare: side(acc.bare),
    ratio: acc.api.rps / acc.bare.rps,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

export function reportLookup(r: LookupResult): void {
  const cpu = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '?');
  console.log(
    `public lookup (one statement, ${r.bytes} bytes, the same from both): API ${fmt(r.api.rps)}/s (p99 ${r.api.p99} ms, non-2xx ${r.api.non2xx})  vs bare Fastify + pg ${fmt(r.bare.rps)}/s (p99 ${r.bare.p99} ms, non-2xx ${r.bare.non2xx})  → ratio ${r.ratio.toFixed(2)} (target ≥ 0.8); load average ${r.load}`,
  );
  console.log(
    `   server CPU ms per lookup: API ${cpu(r.api.cpuMs)} vs bare ${cpu(r.bare.cpuMs)} → ratio ${(r.bare.cpuMs / r.api.cpuMs).toFixed(2)} (bare logging: ${process.env.BARE_LOG ?? 'info'})`,
  );
}

/**
 * One dossier received at the counter and forwarded through the API (the answer the dossiers bench
 * measures, about 950 bytes): the path of its public lookup with its key.
 */
export async function lookupPathOfNewDossier(api: string, databaseUrl: string): Promise<string> {
  const login = await fetch(`${api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }),
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const created = await fetch(`${api}/api/v1/dossiers`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      procedureCode: '2.000488',
      channel: 'counter',
      applicant: { kind: 'citizen', name: 'Người Đo Tra Cứu', idNumber: '038000000001', phone: null, email: null, address: null },
    }),
  });
  if (created.status !== 201) throw new Error(`submit ${created.status} ${await created.text()}`);
  const { id, code } = (await created.json()) as { id: string; code: string };
  const fwd = await fetch(`${api}/api/v1/dossiers/${id}/actions`, { method: 'POST', headers, body: JSON.stringify({ type: 'forward', version: 1 }) });
  if (fwd.status !== 200) throw new Error(`forward ${fwd.status} ${await fwd.text()}`);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const secret = (await c.query('SELECT lookup_secret FROM dossier WHERE id = $1', [id])).rows[0].lookup_secret as string;
    return `/api/v1/public/dossiers/${encodeURIComponent(code)}?key=${secret}`;
  } finally {
    await c.end();
  }
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('lookup bench: skipped — set DATABASE_URL to a PostgreSQL server (the target is measured on PostgreSQL).');
    return;
  }
  const { url, drop } = await scratchDatabase(base, 'motcua_bench_lookup');
  const { env, baseEnv } = lookupServerEnv(3921, url);
  // BENCH_CPU_PROF=<dir>: the MotCua server writes a V8 CPU profile there when it stops.
  const server = spawnServer(['src/main.ts'], env, {
    nodeFlags: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
    baseEnv,
  });
  const bare = spawnBare(3922, url);
  try {
    await waitFor('http://127.0.0.1:3921/api/health', 600_000);
    await waitFor('http://127.0.0.1:3922/api/health');
    const path = await lookupPathOfNewDossier('http://127.0.0.1:3921', url);
    const r = await lookupSideBySide(path, { port: 3921, pid: server.pid! }, { port: 3922, pid: bare.pid! });
    console.log(`\n## Public lookup on PostgreSQL (20 connections, ${SECONDS} s each side in ${ROUNDS} alternating slices, after 1 s of warm-up each)`);
    console.log('(the server with its outbox workers and jobs on, the default log level and the lookup rate limit on but not reached)');
    reportLookup(r);
  } finally {
    await Promise.all([stopServer(server), stopServer(bare)]);
    await drop();
  }
}
