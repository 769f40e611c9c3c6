import { migrationSources } from '../src/modules.js';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seed } from '../src/seed.js';
import { loadConfig } from '../src/platform/config.js';
import { fmt, httpRequest, procCpuMs, scratchDatabase, spawnServer, stopServer, waitFor } from './lib.js';

/**
 * `npm run bench -- processes` (issue 25, "more than one machine"): 1, 2 and 4 MotCua server
 * processes (`npm start`'s compiled server, workers on: every process runs the outbox worker and the
 * job scheduler) on one PostgreSQL database, driven by one mix of requests spread over the processes
 * in turn: officers' dossier lists (40%), citizens' public lookups with the key (40%), counter
 * submissions (10%) and the forward transition of a dossier submitted earlier (10%). For each
 * count: requests/s, p50/p95 of the whole mix, the ratio to one process, and the CPU the servers,
 * PostgreSQL's backends and this load generator used (from /proc), as a share of the machine's cores;
 * with the load average. After each run: the outbox rows written during it that are still undelivered
 * once the processes have stopped taking requests for a moment (the workers of several processes
 * share them through FOR UPDATE SKIP LOCKED; none may be delivered twice: outbox.test.ts).
 *
 * BENCH_PROC_COUNTS (default "1,2,4"), BENCH_PROC_SECONDS (default 15), BENCH_PROC_CONNECTIONS
 * (default 16: requests in flight, whatever the process count). Needs DATABASE_URL (a scratch
 * database is created beside it and dropped afterwards).
 */
const COUNTS = (process.env.BENCH_PROC_COUNTS ?? '1,2,4').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PROC_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_PROC_CONNECTIONS ?? 16);
const PORT0 = Number(process.env.BENCH_PROC_PORT ?? 3941);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log(
      'processes bench: skipped — set DATABASE_URL to a PostgreSQL server (several processes share one PostgreSQL database; PGlite is one process by design).',
    );
    return;
  }
  const { name, url, admin, drop } = await scratchDatabase(base, 'motcua_bench_proc');
  const servers: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  try {
    // Migrations and the demo seed once, here (a server process finds the database ready).
    const demo = { DEMO_DOSSIERS: '120', DEMO_HISTORY: '0', DEMO_CERTIFICATIONS: '0' };
    Object.assign(process.env, demo);
    const database = await openDatabase({ databaseUrl: url, dataDir: null });
    await migrate(database, migrationSources());
    await seed(database, { ...loadConfig({ ...process.env, DATABASE_URL: url }), demo: true });
    await database.close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    closers.push(() => db.end());
    const { rows: picks } = await db.query<{ code: string; k: string }>(`SELECT code, lookup_secret AS k FROM dossier LIMIT 50`);
    const pgPids = async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map((r) => Number(r.pid));
    const maxConn = (await admin.query<{ max_connections: string }>('SHOW max_connections')).rows[0].max_connections;
    console.log(`PostgreSQL max_connections ${maxConn}; ${os.cpus().length} cores; ${CONNECTIONS} requests in flight; ${SECONDS} s per count; load ${load()}`);
    const results: { n: number; rps: number }[] = [];
    for (const n of COUNTS) {
      const ports = Array.from({ length: n }, (_, i) => PORT0 + i);
      // One at a time: each start checks the seed markers, which several starting together need not race for.
      for (const port of ports) {
        servers.push(
          spawnServer(['src/main.ts'], {
            PORT: String(port),
            HOST: '127.0.0.1',
            DATABASE_URL: url,
            LOG_LEVEL: 'warn',
            ...demo,
            RATE_LIMIT_PUBLIC_LOOKUP: 'off',
            RATE_LIMIT_PUBLIC_WRITE: 'off',
          }),
        );
        await waitFor(`http://127.0.0.1:${port}/api/health`);
      }
      const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
      const login = JSON.parse(
        (
          await httpRequest(
            agents[0],
            ports[0],
            'POST',
            '/api/v1/auth/login',
            { 'content-type': 'application/json' },
            JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }),
          )
        ).text,
      ) as { token: string };
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.token}` };
      const firstOutbox = Number((await db.query<{ m: string }>('SELECT coalesce(max(id), 0) AS m FROM outbox')).rows[0].m);

      const submitted: { id: string; port: number }[] = [];
      let seq = 0;
      let next = 0;
      const lat: number[] = [];
      const byKind = new Map<string, { n: number; bad: number }>();
      let bad = 0;
      const one = async (): Promise<void> => {
        const k = next++;
        const i = k % n;
        const port = ports[i];
        const agent = agents[i];
        const r = k % 10;
        let kind: string;
        const t0 = performance.now();
        let rep: Awaited<ReturnType<typeof httpRequest>>;
        if (r < 4) {
          kind = 'list';
          rep = await httpRequest(agent, port, 'GET', '/api/v1/dossiers?limit=50', headers);
        } else if (r < 8) {
          kind = 'lookup';
          const p = picks[k % picks.length];
          rep = await httpRequest(agent, port, 'GET', `/api/v1/public/dossiers/${encodeURIComponent(p.code)}?key=${p.k}`, {});
        } else if (r === 8 || submitted.length === 0) {
          kind = 'submit';
          const s = seq++;
          rep = await httpRequest(
            agent,
            port,
            'POST',
            '/api/v1/dossiers',
            headers,
            JSON.stringify({
              procedureCode: '2.000488',
              channel: 'counter',
              applicant: {
                kind: 'citizen',
                name: `Người Đo ${s}`,
                idNumber: String(37000000000 + s).padStart(12, '0'),
                phone: null,
                email: null,
                address: null,
              },
            }),
          );
          if (rep.status === 201) submitted.push({ id: (JSON.parse(rep.text) as { id: string }).id, port });
        } else {
          kind = 'forward';
          const d = submitted.shift()!;
          rep = await httpRequest(agent, port, 'POST', `/api/v1/dossiers/${d.id}/actions`, headers, JSON.stringify({ type: 'forward', version: 1 }));
        }
        lat.push(performance.now() - t0);
        const e = byKind.get(kind) ?? { n: 0, bad: 0 };
        e.n++;
        if (rep.status >= 300) {
          e.bad++;
          bad++;
          if (bad <= 3) console.log(`  ${kind} → ${rep.status} ${rep.text.slice(0, 200)}`);
        }
        byKind.set(kind, e);
      };
      // Warm-up (JIT, connection pools, prepared statements) on every process.
      const warmEnd = Date.now() + 3000;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (Date.now() < warmEnd) await one();
        }),
      );
      lat.length = 0;
      byKind.clear();
      bad = 0;

      const pids = await pgPids();
      const cpu0 = { servers: servers.reduce((a, p) => a + procCpuMs(p.pid!), 0), pg: pids.reduce((a, p) => a + procCpuMs(p), 0), self: process.cpuUsage() };
      const t0 = performance.now();
      const end = Date.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (Date.now() < end) await one();
        }),
      );
      const wall = performance.now() - t0;
      const pids1 = new Set([...pids, ...(await pgPids())]);
      const self = process.cpuUsage(cpu0.self);
      const cpu = {
        servers: servers.reduce((a, p) => a + procCpuMs(p.pid!), 0) - cpu0.servers,
        pg: [...pids1].reduce((a, p) => a + procCpuMs(p), 0) - cpu0.pg,
        self: (self.user + self.system) / 1000,
      };
      const la = load();
      lat.sort((a, b) => a - b);
      const rps = lat.length / (wall / 1000);
      results.push({ n, rps });
      const share = (ms: number) => `${((ms / wall / os.cpus().length) * 100).toFixed(0)}%`;
      const kinds = [...byKind].map(([kk, v]) => `${kk} ${v.n}${v.bad ? ` (${v.bad} failed)` : ''}`).join(', ');
      console.log(
        `${n} process${n > 1 ? 'es' : '  '}: ${fmt(Math.round(rps))} req/s (×${(rps / results[0].rps).toFixed(2)} of 1 process), p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms; ${kinds}; ` +
          `CPU of the 2 cores: servers ${share(cpu.servers)}, PostgreSQL ${share(cpu.pg)}, load generator ${share(cpu.self)} (sum ${share(cpu.servers + cpu.pg + cpu.self)}); load ${la}`,
      );

      // The workers keep delivering the run's outbox rows: how many are left, and how long until none.
      const left = async () =>
        Number(
          (await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE id > $1 AND delivered_at IS NULL AND dead_at IS NULL', [firstOutbox])).rows[0]
            .n,
        );
      const { rows: written } = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE id > $1', [firstOutbox]);
      const leftAtEnd = await left();
      const d0 = performance.now();
      while ((await left()) > 0 && performance.now() - d0 < 120_000) await new Promise((r) => setTimeout(r, 200));
      const { rows: workers } = await db.query<{ w: string; n: string }>(
        `SELECT split_part(locked_by, '-', 1) AS w, count(*) AS n FROM outbox WHERE id > $1 AND delivered_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
        [firstOutbox],
      );
      console.log(
        `   outbox: ${fmt(Number(written[0].n))} rows written in the run, ${fmt(leftAtEnd)} undelivered when it ended, ${await left()} after ${((performance.now() - d0) / 1000).toFixed(1)} s more; delivered by ${workers.length} process(es) (${workers.map((w) => w.n).join(' / ')} rows)`,
      );
      for (const a of agents) a.destroy();
      await Promise.all(servers.splice(0).map((p) => stopServer(p)));
    }
  } finally {
    await Promise.all(servers.map((p) => stopServer(p)));
    for (const c of closers) await c();
    await drop();
  }
}
