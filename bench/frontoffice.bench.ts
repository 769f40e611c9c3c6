import { migrationSources } from '../src/modules.js';
import { fork, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import pg from 'pg';
import { startTestApp } from '../src/test/harness.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seed } from '../src/seed.js';
import { loadConfig } from '../src/platform/config.js';
import { fromRoot } from '../src/platform/paths.js';
import { DEMO_CENTRE, DEMO_DEVICE_TOKENS } from '../src/modules/frontoffice/frontoffice.seed.js';

/**
 * `npm run bench -- frontoffice`: a centre of 30 counters taking 2,000 tickets a day, driven at ten
 * times its peak rate. The peak hour is taken as 20% of the day's tickets (400 an hour); ten times
 * that is 4,000 tickets and 4,000 calls an hour, about 1.1 of each per second. Each call is made over
 * HTTP; a call screen connected over SSE receives it. Prints the call-to-screen latency (from the
 * moment the officer's call request is sent to the moment the screen has the event) p50/p95/max,
 * and the CPU per call of the process (process.cpuUsage), which here also runs the load generator
 * and the SSE client: an upper bound for the server alone.
 *
 * PGlite by default (one process). With DATABASE_URL it runs on PostgreSQL with several server
 * processes on one database (issue 22: "several server processes on one PostgreSQL must deliver
 * the same calls"): a scratch database `motcua_bench_fo` is (re)created on that server, migrated
 * and seeded, BENCH_FO_PROCESSES (default 3) server processes are started on it
 * (bench/frontoffice-server.ts), calls go to them in turn, and one call screen is connected to
 * each process: every call must reach every screen, most of them through LISTEN/NOTIFY from
 * another process. The CPU per call is then the servers' own (their process.cpuUsage, summed),
 * without the load generator. BENCH_FO_CALLS (default 120) sets how many calls are measured.
 */
const P = '/api/v1/front-office';
const COUNTERS = 30;
const PER_HOUR = (2000 * 0.2 * 10) / 3600; // tickets (and calls) per second at ten times peak

/**
 * Connects a call screen to `base` and hands each `call` event's key (counter * 100 000 + number)
 * to `onCall` as it arrives; the stream ends with `signal`.
 */
async function onCallEvents(base: string, signal: AbortSignal, onCall: (key: number) => void): Promise<void> {
  const res = await fetch(`${base}${P}/screen/events?token=${DEMO_DEVICE_TOKENS.call_screen}`, { signal });
  const reader = res.body!.getReader();
  void (async () => {
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.includes('event: call')) continue;
        const data = JSON.parse(
          block
            .split('\n')
            .find((l) => l.startsWith('data: '))!
            .slice(6),
        ) as { number: number; counterNumber: number };
        onCall(data.counterNumber * 100_000 + data.number);
      }
    }
  })();
}

export async function run(): Promise<void> {
  if (process.env.DATABASE_URL) return runOnPostgres(process.env.DATABASE_URL);
  const calls = Number(process.env.BENCH_FO_CALLS ?? 120);
  const t = await startTestApp();
  // A working morning, so the centre is open.
  t.deps.clock.now = () => new Date(Date.UTC(2026, 11, 8, 2, 0, 0) + (Date.now() % 3_600_000));
  try {
    const centre = await t.agencyId(DEMO_CENTRE);
    const admin = await t.login('admin');
    const areas = (await t.request({ method: 'GET', url: `${P}/areas?agencyId=${centre}`, token: admin })).json().items as { id: string }[];
    // 30 counters (the demo has 10) spread over the 3 areas, one officer each.
    for (let n = 11; n <= COUNTERS; n++) await t.request({ method: 'POST', url: `${P}/counters`, token: admin, body: { areaId: areas[n % 3].id, number: n } });
    const counters = (await t.request({ method: 'GET', url: `${P}/counters?agencyId=${centre}`, token: admin })).json().items as {
      id: string;
      number: number;
      areaId: string;
    }[];
    const officers: { token: string; counter: { id: string; areaId: string } }[] = [];
    for (const c of counters) {
      const u = `bench.officer${c.number}`;
      await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
        SELECT ${u}, ${'Cán bộ quầy ' + c.number}, kind, password_hash, agency_id, roles FROM app_user WHERE username = 'one_stop_officer'`.execute(
        t.database.db,
      );
      const token = await t.login(u);
      await t.request({ method: 'POST', url: `${P}/counters/${c.id}/open`, token, body: {} });
      officers.push({ token, counter: c });
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));

    // The call screen.
    const sent = new Map<number, number>();
    const latencies: number[] = [];
    let resolveAll!: () => void;
    const allArrived = new Promise<void>((r) => (resolveAll = r));
    const ac = new AbortController();
    await onCallEvents(base, ac.signal, (key) => {
      const at = sent.get(key);
      if (at === undefined) return;
      latencies.push(performance.now() - at);
      sent.delete(key);
      if (latencies.length >= calls) resolveAll();
    });

    const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };
    // A few tickets already waiting, then tickets and calls at the same rate.
    for (let i = 0; i < 20; i++) await post(`${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const intervalMs = 1000 / PER_HOUR;
    let busy = 0;
    for (let i = 0; i < calls; i++) {
      const due = wall0 + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await post(`${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
      // The next officer of that area finishes their ticket (if any) and calls.
      const ofArea = officers.filter((x) => x.counter.areaId === areas[i % 3].id);
      const o = ofArea[Math.floor(i / 3) % ofArea.length];
      const v = await fetch(`${base}${P}/counters/${o.counter.id}/view`, { headers: { authorization: `Bearer ${o.token}` } }).then(
        (r) => r.json() as Promise<{ current: { id: string } | null; counter: { number: number } }>,
      );
      if (v.current) await post(`${P}/tickets/${v.current.id}/finish`, {}, { authorization: `Bearer ${o.token}` });
      const started = performance.now();
      const r = await post(`${P}/counters/${o.counter.id}/call-next`, {}, { authorization: `Bearer ${o.token}` });
      if (r.status !== 200 || !r.body.ticket) {
        busy++;
        continue;
      }
      const key = v.counter.number * 100_000 + (r.body.ticket as { number: number }).number;
      // Arrival may come before the response: the screen compares to the request's start.
      sent.set(key, started);
    }
    const expected = calls - busy;
    if (latencies.length < expected) await Promise.race([allArrived, new Promise((r) => setTimeout(r, 15_000))]);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    ac.abort();
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    console.log(
      `\n## front office: ${COUNTERS} counters, ${expected} calls at ${PER_HOUR.toFixed(2)}/s (ten times a 400-ticket peak hour), engine ${t.database.kind}`,
    );
    console.log(
      `call → screen latency: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (${latencies.length}/${expected} calls seen on the screen) → p95 ${q(0.95) < 1000 ? 'under' : 'OVER'} 1 s`,
    );
    console.log(
      `CPU of the process per call (ticket + view + finish + call + SSE push, load generator included): ${((cpu.user + cpu.system) / 1000 / Math.max(1, expected)).toFixed(1)} ms; CPU busy ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% of one core over ${(wall / 1000).toFixed(0)} s`,
    );
    if (busy) console.log(`(${busy} calls found no waiting ticket)`);
  } finally {
    await t.close();
  }
}

// ---- PostgreSQL: several server processes on one database -----------------------------------------

const BENCH_DB = 'motcua_bench_fo';
/** A working Tuesday morning (09:xx in Asia/Ho_Chi_Minh), so the centre is open. */
const clockOffset = () => Date.UTC(2026, 11, 8, 2, 0, 0) + (Date.now() % 3_600_000) - Date.now();

interface Server {
  child: ChildProcess;
  base: string;
}

function startServer(url: string, offset: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = fork(fromRoot('bench/frontoffice-server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', BENCH_FO_CLOCK_OFFSET_MS: String(offset) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.once('message', (m) => resolve({ child, base: `http://127.0.0.1:${(m as { port: number }).port}` }));
  });
}

const cpuOf = (s: Server) =>
  new Promise<NodeJS.CpuUsage>((resolve) => {
    const on = (m: unknown) => {
      const c = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!c) return;
      s.child.off('message', on);
      resolve(c);
    };
    s.child.on('message', on);
    s.child.send('cpu');
  });

async function adminQuery(base: string, q: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

async function runOnPostgres(baseUrl: string): Promise<void> {
  const calls = Number(process.env.BENCH_FO_CALLS ?? 120);
  const nProc = Math.max(2, Number(process.env.BENCH_FO_PROCESSES ?? 3));
  const u = new URL(baseUrl);
  u.pathname = '/' + BENCH_DB;
  const url = u.toString();
  await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await adminQuery(baseUrl, `CREATE DATABASE ${BENCH_DB}`);
  const database = await openDatabase({ databaseUrl: url, dataDir: null, poolSize: 4 });
  const servers: Server[] = [];
  const ac = new AbortController();
  try {
    await migrate(database, migrationSources());
    await seed(database, { ...loadConfig(), demo: true });
    const offset = clockOffset();
    // One after the other: the first start stores the session key the others then read.
    for (let i = 0; i < nProc; i++) servers.push(await startServer(url, offset));
    const req = async (s: Server, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const r = await fetch(s.base + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    };
    const login = async (s: Server, username: string) => (await req(s, 'POST', '/api/v1/auth/login', { username, password: 'demo12345' })).body.token as string;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    const s0 = servers[0];
    const { rows: ag } = await sql<{ id: string }>`SELECT id FROM agency WHERE name = ${DEMO_CENTRE} AND valid_to IS NULL LIMIT 1`.execute(database.db);
    const centre = ag[0].id;
    const admin = await login(s0, 'admin');
    const areas = (await req(s0, 'GET', `${P}/areas?agencyId=${centre}`, undefined, bearer(admin))).body.items as { id: string }[];
    for (let n = 11; n <= COUNTERS; n++) await req(s0, 'POST', `${P}/counters`, { areaId: areas[n % 3].id, number: n }, bearer(admin));
    const counters = (await req(s0, 'GET', `${P}/counters?agencyId=${centre}`, undefined, bearer(admin))).body.items as {
      id: string;
      number: number;
      areaId: string;
    }[];
    // One officer per counter, each working through one of the processes.
    const officers: { token: string; counter: { id: string; number: number; areaId: string }; server: Server }[] = [];
    for (const [i, c] of counters.entries()) {
      const name = `bench.officer${c.number}`;
      await sql`INSERT INTO app_user (username, full_name, kind, password_hash, agency_id, roles)
        SELECT ${name}, ${'Cán bộ quầy ' + c.number}, kind, password_hash, agency_id, roles FROM app_user WHERE username = 'one_stop_officer'`.execute(
        database.db,
      );
      const server = servers[i % nProc];
      const token = await login(server, name);
      await req(server, 'POST', `${P}/counters/${c.id}/open`, {}, bearer(token));
      officers.push({ token, counter: c, server });
    }

    // One call screen on every process.
    const sent = new Map<number, { at: number; server: number }>();
    const seen = servers.map(() => new Map<number, number>());
    const latSame: number[] = [];
    const latOther: number[] = [];
    let waiting: (() => void) | null = null;
    const record = (screen: number, key: number) => {
      const s = sent.get(key);
      if (!s || seen[screen].has(key)) return;
      const ms = performance.now() - s.at;
      seen[screen].set(key, ms);
      (screen === s.server ? latSame : latOther).push(ms);
      if (waiting && latSame.length + latOther.length >= sent.size * nProc) waiting();
    };
    const early = servers.map(() => new Map<number, number>()); // events that came before the call's answer
    for (const [j, s] of servers.entries()) {
      await onCallEvents(s.base, ac.signal, (key) => {
        if (sent.has(key)) record(j, key);
        else early[j].set(key, performance.now());
      });
    }

    const kiosk = { 'x-device-token': DEMO_DEVICE_TOKENS.kiosk };
    for (let i = 0; i < 20; i++) await req(servers[i % nProc], 'POST', `${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
    const cpu0 = await Promise.all(servers.map(cpuOf));
    const wall0 = performance.now();
    const intervalMs = 1000 / PER_HOUR;
    let busy = 0;
    for (let i = 0; i < calls; i++) {
      const due = wall0 + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await req(servers[i % nProc], 'POST', `${P}/kiosk/tickets`, { areaId: areas[i % 3].id }, kiosk);
      const ofArea = officers.filter((x) => x.counter.areaId === areas[i % 3].id);
      const o = ofArea[Math.floor(i / 3) % ofArea.length];
      const v = (await req(o.server, 'GET', `${P}/counters/${o.counter.id}/view`, undefined, bearer(o.token))).body as { current: { id: string } | null };
      if (v.current) await req(o.server, 'POST', `${P}/tickets/${v.current.id}/finish`, {}, bearer(o.token));
      const started = performance.now();
      const r = await req(o.server, 'POST', `${P}/counters/${o.counter.id}/call-next`, {}, bearer(o.token));
      if (r.status !== 200 || !r.body.ticket) {
        busy++;
        continue;
      }
      const key = o.counter.number * 100_000 + (r.body.ticket as { number: number }).number;
      sent.set(key, { at: started, server: servers.indexOf(o.server) });
      // A screen may have the event before the officer has the answer.
      for (const [j, m] of early.entries()) {
        const at = m.get(key);
        if (at === undefined) continue;
        m.delete(key);
        seen[j].set(key, at - started);
        (j === servers.indexOf(o.server) ? latSame : latOther).push(at - started);
      }
    }
    const expected = sent.size * nProc;
    if (latSame.length + latOther.length < expected) {
      await Promise.race([new Promise<void>((r) => (waiting = r)), new Promise((r) => setTimeout(r, 15_000))]);
    }
    const wall = performance.now() - wall0;
    const cpu1 = await Promise.all(servers.map(cpuOf));
    const cpuMs = cpu1.reduce((sum, c, i) => sum + (c.user - cpu0[i].user + c.system - cpu0[i].system) / 1000, 0);
    const all = [...latSame, ...latOther].sort((a, b) => a - b);
    const q = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
    };
    console.log(
      `\n## front office on PostgreSQL: ${nProc} server processes on one database (${BENCH_DB}), ${COUNTERS} counters, ${sent.size} calls at ${PER_HOUR.toFixed(2)}/s (ten times a 400-ticket peak hour), a call screen on every process`,
    );
    console.log(
      `call → screen latency, all screens: p50 ${q(all, 0.5).toFixed(1)} ms, p95 ${q(all, 0.95).toFixed(1)} ms, max ${all.at(-1)?.toFixed(1)} ms (${all.length}/${expected} deliveries) → p95 ${q(all, 0.95) < 1000 ? 'under' : 'OVER'} 1 s`,
    );
    console.log(
      `  screen on the process that made the call: p95 ${q(latSame, 0.95).toFixed(1)} ms (${latSame.length}); on another process (LISTEN/NOTIFY): p95 ${q(latOther, 0.95).toFixed(1)} ms (${latOther.length})`,
    );
    console.log(
      `CPU of the ${nProc} server processes per call (ticket + view + finish + call + SSE push to ${nProc} screens; load generator excluded): ${(cpuMs / Math.max(1, sent.size)).toFixed(1)} ms; ${((cpuMs / wall) * 100).toFixed(0)}% of one core over ${(wall / 1000).toFixed(0)} s`,
    );
    if (busy) console.log(`(${busy} calls found no waiting ticket)`);
    if (all.length < expected) process.exitCode = 1;
  } finally {
    ac.abort();
    for (const s of servers) {
      s.child.removeAllListeners('exit');
      s.child.send('stop');
    }
    await Promise.all(servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
    await database.close();
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
}
