import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';

/** Shared helpers for benchmarks: spawn a server, wait for it, load it, read its peak RSS. */
export async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

let compiled: string | null = null;

/** The node flags of `npm start` (package.json), e.g. the heap limit, so benches run the server with them. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((a) => a.startsWith('--'));
}

/**
 * Spawns a TypeScript entry under tsx, except the MotCua server itself (`src/main.ts`), which runs
 * as `npm start` runs it: compiled once per bench run to dist/server.js (scripts/build-server.mjs)
 * and started with plain node and the flags of `npm start`, so the benches measure the server people run.
 * `nodeFlags` are added to node's own (e.g. --cpu-prof for a profile of that same server); `baseEnv`
 * replaces process.env as the environment `env` is added to.
 */
export function spawnServer(args: string[], env: Record<string, string>, extra: { nodeFlags?: string[]; baseEnv?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const nodeFlags = extra.nodeFlags ?? [];
  const opts = { env: { ...(extra.baseEnv ?? process.env), ...env }, stdio: ['ignore', 'ignore', 'inherit'] as ['ignore', 'ignore', 'inherit'] };
  if (args[0] === 'src/main.ts') {
    if (!compiled) {
      execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'ignore' });
      compiled = 'dist/server.js';
    }
    return spawn(process.execPath, [...startFlags(), ...nodeFlags, compiled, ...args.slice(1)], opts);
  }
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], opts);
}

export async function stopServer(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  await new Promise<void>((r) => {
    p.once('exit', () => r());
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), 15_000).unref();
  });
}

/** Peak resident set size of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Current resident set size of a process (VmRSS), in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Samples a process's RSS every 100 ms while `work` runs; returns the work's result and the maximum seen. */
export async function withRssSampling<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; maxRssMb: number }> {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    max = Math.max(max, rssMb(pid));
  }, 100);
  try {
    const result = await work();
    return { result, maxRssMb: Math.max(max, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

export async function load(
  url: string,
  opts: { seconds?: number; connections?: number; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
): Promise<{ rps: number; p99: number; errors: number; non2xx: number; total: number }> {
  const r = await autocannon({
    url,
    duration: opts.seconds ?? 5,
    connections: opts.connections ?? 20,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.headers,
  });
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, total: r.requests.total };
}

export const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A fresh database beside the one `base` (a PostgreSQL URL) names, for one bench run: its name and
 * URL, an open client on `base` (for pg_stat_activity and the like), and drop() — which ends that
 * client too.
 */
export async function scratchDatabase(base: string, prefix: string): Promise<{ name: string; url: string; admin: pg.Client; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = '/' + name;
  return {
    name,
    url: u.toString(),
    admin,
    drop: async () => {
      // A pooled client of the bench that is still closing is terminated by the forced drop (57P01); that is expected here.
      const ignoreTerminated = (e: unknown) => {
        if ((e as { code?: string }).code !== '57P01') throw e;
      };
      process.on('uncaughtException', ignoreTerminated);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await new Promise((r) => setTimeout(r, 200));
      } finally {
        process.off('uncaughtException', ignoreTerminated);
        await admin.end();
      }
    },
  };
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
/** utime + stime of a local process from /proc, ms; `missing` when it is gone or not readable (e.g. a remote database). */
export function procCpuMs(pid: number, missing = 0): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return missing;
  }
}

/** One HTTP request on a keep-alive agent: the status and the body as text. */
export function httpRequest(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const h = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The demo's catalogue, agencies and staff without its dossiers, history or certifications: what a bench generates its own dossiers on. */
export function demoWithoutDossiers(): void {
  process.env.DEMO_DOSSIERS = '0';
  process.env.DEMO_HISTORY = '0';
  process.env.DEMO_CERTIFICATIONS = '0';
}
