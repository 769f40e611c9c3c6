import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { peakRssMb, rssMb, stopServer } from './lib.js';

/**
 * Issue 25, memory and start: `npm start` exactly as people run it (`node <flags of npm start>
 * scripts/start.mjs`, which builds the web app if missing and compiles the server), on a fresh
 * PGlite data folder (the first start: migrations and demo seed in a child), then stopped and
 * started again (the restart). For each: seconds until /api/health answers 200, the server's peak
 * RSS, and the peak RSS of each child process it ran (setup child, Vite, esbuild), sampled every
 * 50 ms from /proc. Targets: restart healthy < 5 s; first-start child < 500 MB; server < 250 MB.
 * Whether web/dist existed is printed (a fresh clone builds it in a child: scripts/build-web.mjs).
 * Then the restarted server (workers on, as `npm start` runs) is put under load for
 * BENCH_START_LOAD_SECONDS (default 10): officers' dossier lists (10 connections) and counter
 * submissions (4 connections; each one queues outbox rows that the workers deliver meanwhile), with
 * its RSS sampled every 100 ms: the peak under load, against the 250 MB target on PGlite.
 * BENCH_START_DATABASE_URL: the same on PostgreSQL (a database that must be empty).
 */
const PORT = Number(process.env.BENCH_START_PORT ?? 3931);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((a) => path.basename(a))
      .join(' ')
      .slice(0, 60);
  } catch {
    return '?';
  }
}

async function startOnce(env: Record<string, string>): Promise<{ p: ChildProcess; seconds: number; serverMb: number; kids: Map<string, number> }> {
  const flags = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
    .split(/\s+/)
    .filter((a) => a.startsWith('--'));
  const t0 = performance.now();
  const p = spawn(process.execPath, [...flags, 'scripts/start.mjs'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const kids = new Map<string, number>();
  const sample = () => {
    for (const c of children(p.pid!)) {
      let mb = NaN;
      try {
        mb = peakRssMb(c);
      } catch {
        /* the child exited meanwhile (esbuild, the initdb child) */
      }
      if (!Number.isNaN(mb)) kids.set(`${c} ${cmdline(c)}`, Math.max(kids.get(`${c} ${cmdline(c)}`) ?? 0, mb));
    }
  };
  const timer = setInterval(sample, 50);
  try {
    for (;;) {
      if (p.exitCode !== null) throw new Error(`the server exited with ${p.exitCode}`);
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/api/health`);
        if (r.ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
      if (performance.now() - t0 > 1_800_000) {
        await stopServer(p);
        throw new Error('not healthy after 30 min');
      }
    }
  } finally {
    clearInterval(timer);
  }
  return { p, seconds: (performance.now() - t0) / 1000, serverMb: peakRssMb(p.pid!), kids };
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-start-'));
  const env: Record<string, string> = { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (process.env.BENCH_START_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_START_DATABASE_URL;
  else delete process.env.DATABASE_URL; // PGlite unless asked
  console.log(
    `engine: ${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; web/dist ${existsSync('web/dist/index.html') ? 'present' : 'missing (built in a child)'}; ${os.cpus().length} cores; load ${load()}`,
  );
  try {
    for (const label of ['first start', 'restart']) {
      const r = await startOnce(env).catch((err: unknown) => {
        console.log(`${label}: ${(err as Error).message}; load ${load()}`);
        throw err;
      });
      const kids = [...r.kids].map(([k, mb]) => `${k.replace(/^\d+ /, '')}: ${mb} MB`).join('; ') || 'none';
      console.log(
        `${label.padEnd(11)}: healthy in ${r.seconds.toFixed(1)} s (target < 5 s for a restart); server peak RSS ${r.serverMb} MB; children: ${kids}; load ${load()}`,
      );
      if (label === 'restart') await underLoad(r.p.pid!);
      await stopServer(r.p);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The restarted server (workers on) under officers' lists and counter submissions: its RSS sampled every 100 ms. */
async function underLoad(pid: number): Promise<void> {
  const base = `http://127.0.0.1:${PORT}`;
  const seconds = Number(process.env.BENCH_START_LOAD_SECONDS ?? 10);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const before = rssMb(pid);
  let max = before;
  const timer = setInterval(() => (max = Math.max(max, rssMb(pid))), 100);
  let n = 0;
  const body = () =>
    JSON.stringify({
      procedureCode: '2.000488',
      channel: 'counter',
      applicant: { kind: 'citizen', name: `Người Đo ${n}`, idNumber: String(39000000000 + n++).padStart(12, '0'), phone: null, email: null, address: null },
    });
  try {
    const [lists, submits] = await Promise.all([
      autocannon({ url: `${base}/api/v1/dossiers?limit=50`, headers, connections: 10, duration: seconds }),
      autocannon({
        url: `${base}/api/v1/dossiers`,
        method: 'POST',
        headers,
        connections: 4,
        duration: seconds,
        setupClient: (c) => c.setBody(body()),
        requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, body: body() }) }],
      }),
    ]);
    clearInterval(timer);
    max = Math.max(max, rssMb(pid));
    const bad = lists.non2xx + submits.non2xx + lists.errors + submits.errors;
    console.log(
      `under load : ${seconds} s of dossier lists (${Math.round(lists.requests.average)}/s, p99 ${lists.latency.p99} ms) and counter submissions (${Math.round(submits.requests.average)}/s, p99 ${submits.latency.p99} ms), ` +
        `workers on; ${bad} non-2xx/errors; server RSS ${before} MB before, peak ${max} MB under load (target < 250 MB on PGlite) → ${max < 250 ? 'met' : 'NOT met'}; load ${load()}`,
    );
  } finally {
    clearInterval(timer);
  }
}
