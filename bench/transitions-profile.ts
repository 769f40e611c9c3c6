import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';
import { scratchDatabase, spawnServer, stopServer, waitFor } from './lib.js';

/**
 * Dossier transitions alone, for profiling: one dossier is created through the API and copied N
 * times in SQL (snapshot and first action row), then all N are forwarded through the API by 10
 * concurrent clients. Prints the rate and the CPU per transition of the server and of PostgreSQL.
 * Not part of `npm run bench` (no baseline: it is a tool for finding where the time goes):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [N=12000] [PROF=/tmp/prof] node --import tsx bench/transitions-profile.ts
 *
 * PROF=<dir>: the compiled server writes a V8 CPU profile there when it stops (open it in Chrome's
 * DevTools, or sum its samples per function). The database server must be on this machine for
 * its CPU to be read from /proc.
 */
const base = process.env.DATABASE_URL;
if (!base) {
  console.log('set DATABASE_URL to a PostgreSQL server');
  process.exit(0);
}
const N = Number(process.env.N ?? 6000);
const PORT = 3921;
const { name, url, admin, drop } = await scratchDatabase(base, 'motcua_tprof');
const env = { PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: url, LOG_LEVEL: 'warn', WORKERS: 'off', DEMO_DOSSIERS: '0', DEMO_HISTORY: '0' };
const server = process.env.PROF
  ? (execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'ignore' }),
    spawn(process.execPath, ['--max-old-space-size=1024', '--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`, 'dist/server.js'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    }))
  : spawnServer(['src/main.ts'], env);
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
const cpuMs = (pid: number) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return NaN;
  }
};
const pool = new pg.Pool({ connectionString: url, max: 4 });
try {
  const api = `http://127.0.0.1:${PORT}`;
  await waitFor(`${api}/api/health`);
  const login = (await (
    await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }),
    })
  ).json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.token}` };
  const first = (await (
    await fetch(`${api}/api/v1/dossiers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Người Đo', idNumber: '038000000001', phone: null, email: null, address: null },
      }),
    })
  ).json()) as { id: string };
  const columns = async (table: string, skip: string[]) =>
    (
      await pool.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )
    ).rows
      .map((r) => r.column_name as string)
      .filter((c) => !skip.includes(c));
  const dcols = await columns('dossier', ['id', 'code']);
  const acols = await columns('dossier_action', ['id', 'dossier_id']);
  await pool.query(
    `WITH ids AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, ${N}) g),
       d AS (INSERT INTO dossier (id, code, ${dcols.join(', ')}) SELECT ids.id, src.code || '-P' || ids.g, ${dcols.map((c) => 'src.' + c).join(', ')} FROM ids, dossier src WHERE src.id = $1 RETURNING id)
     INSERT INTO dossier_action (dossier_id, ${acols.join(', ')}) SELECT d.id, ${acols.map((c) => 'a.' + c).join(', ')} FROM d, dossier_action a WHERE a.dossier_id = $1`,
    [first.id],
  );
  const ids = (await pool.query(`SELECT id FROM dossier WHERE code LIKE '%-P%'`)).rows.map((r) => r.id as string);
  const backends = async () => (await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map((r) => Number(r.pid));
  const dbCpu = async () => (await backends()).reduce((a, p) => a + cpuMs(p), 0);

  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const post = (path: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: PORT, path, method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let k = 0;
  const [s0, d0, t0] = [cpuMs(server.pid!), await dbCpu(), Date.now()];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let id = ids[k++]; id; id = ids[k++]) {
        const r = await post(`/api/v1/dossiers/${id}/actions`, JSON.stringify({ type: 'forward', version: 1 }));
        if (r.status !== 200) throw new Error(`forward ${r.status} ${r.text}`);
      }
    }),
  );
  const [s1, d1, t1] = [cpuMs(server.pid!), await dbCpu(), Date.now()];
  agent.destroy();
  console.log(
    `transitions: ${ids.length} in ${t1 - t0} ms → ${Math.round((ids.length / (t1 - t0)) * 1000)}/s; CPU per transition: server ${((s1 - s0) / ids.length).toFixed(3)} ms, PostgreSQL ${((d1 - d0) / ids.length).toFixed(3)} ms`,
  );
} finally {
  await pool.end();
  await stopServer(server);
  await drop();
}
