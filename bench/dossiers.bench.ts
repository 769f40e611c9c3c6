import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { fmt, httpRequest, procCpuMs, load, peakRssMb, scratchDatabase, spawnServer, stopServer, waitFor } from './lib.js';

/**
 * Dossier throughput on PostgreSQL, side by side in one run:
 * - submissions (counter intake) through the API vs the same writes as raw SQL
 *   (code counter, dossier snapshot, action row, audit row, three outbox rows, in one transaction);
 * - transitions (forward) through the API vs the same writes as raw SQL (read, versioned snapshot
 *   update, action row, audit row, two outbox rows, in one transaction);
 * - public lookups (with the lookup key: the full answer) through the API vs a minimal Fastify + pg
 *   server running the same statement and returning the same bytes (bench/bare-server.ts; checked).
 * Every raw-SQL statement is a named prepared statement (see ps() below).
 * Needs DATABASE_URL (a fresh database is created next to it and dropped afterwards).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 10;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * The raw-SQL sides send every statement as a named prepared statement (parsed and planned once per
 * connection), as the API does with its hot statements (src/platform/db/prepared.ts): the ratio is
 * then the API's own overhead, not a difference in how the SQL reaches PostgreSQL.
 * BENCH_RAW_UNNAMED=1 sends them unnamed instead (how this bench measured before 5 December 2026).
 */
const RAW_UNNAMED = process.env.BENCH_RAW_UNNAMED === '1';
const named = new Map<string, string>();
function ps(text: string, values: unknown[] = []): pg.QueryConfig {
  if (RAW_UNNAMED) return { text, values };
  let name = named.get(text);
  if (!name) {
    name = `bench_${named.size}`;
    named.set(text, name);
  }
  return { name, text, values };
}

/** Runs `op` in `workers` concurrent loops for `seconds` (or until op returns false): operations done and time taken. */
async function timed(workers: number, seconds: number, op: (w: number, i: number) => Promise<boolean | void>): Promise<{ done: number; ms: number }> {
  const start = Date.now();
  const end = start + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        if ((await op(w, i)) === false) return;
        done++;
      }
    }),
  );
  return { done, ms: Date.now() - start };
}

/** CPU time used so far (ms): the MotCua server, the database's backends for the bench database, and this process (load generator / raw-SQL client). */
interface Cpu {
  server: number;
  /** By backend pid: backends come and go (pools close idle connections). */
  db: Map<number, number>;
  client: number;
}
/** CPU of the database between two readings: the backends alive at the second (one that ended in between is not counted, rather than counted negative). */
/** utime + stime of a process (NaN when it is not readable, e.g. a remote database). */
const procCpuMsOrNaN = (pid: number) => procCpuMs(pid, NaN);
const dbDelta = (before: Cpu, after: Cpu) => [...after.db].reduce((a, [pid, ms]) => a + ms - (before.db.get(pid) ?? 0), 0);

type Op = (w: number, i: number) => Promise<boolean | void>;
interface Side {
  rate: number;
  /** CPU ms per operation, by process. */
  cpu: { server: number; db: number; client: number };
}

/**
 * Operations per second of the API side and the raw-SQL sides, measured in ROUNDS slices that add
 * up to SECONDS each, in alternating order (A B C, C B A, A B C …): on a machine shared with other
 * work, a burst of noise then falls on every side instead of skewing a ratio. The CPU time each
 * side costs per operation (server, database, client) is summed over its slices too: unlike the
 * rate, it hardly moves with the machine's other load.
 */
async function sideBySide(
  api: Op,
  raw: Op,
  rawOne: Op,
  cpuNow: () => Promise<Cpu>,
  settleApi: () => Promise<void>,
  clearRaw: () => Promise<void>,
): Promise<{ api: Side; raw: Side; rawOne: Side }> {
  const zero = () => ({ done: 0, ms: 0, cpu: { server: 0, db: 0, client: 0 } });
  const ops = { api, raw, rawOne };
  const t = { api: zero(), raw: zero(), rawOne: zero() };
  const slice = SECONDS / ROUNDS;
  const run = async (side: keyof typeof ops) => {
    const before = await cpuNow();
    const r = await timed(CONCURRENCY, slice, ops[side]);
    // The API's slice ends when the outbox workers have delivered what it queued (national sync,
    // QĐ 766 read model, notifications): their time and CPU are the API's, not the next slice's.
    if (side === 'api') {
      const t0 = Date.now();
      await settleApi();
      r.ms += Date.now() - t0;
    }
    const after = await cpuNow();
    // The raw sides' outbox rows (topics bench.*, no consumer) are marked delivered after their
    // slice, outside its time: left pending, tens of thousands of them made every claim of the
    // server's workers scan them (1–6 s per claim seen on 7 December 2026), a cost of the bench.
    if (side !== 'api') await clearRaw();
    t[side].done += r.done;
    t[side].ms += r.ms;
    t[side].cpu.server += after.server - before.server;
    t[side].cpu.client += after.client - before.client;
    t[side].cpu.db += dbDelta(before, after);
  };
  const order: (keyof typeof ops)[] = ['api', 'raw', 'rawOne'];
  for (let r = 0; r < ROUNDS; r++) for (const side of r % 2 === 0 ? order : [...order].reverse()) await run(side);
  const out = (x: ReturnType<typeof zero>): Side => ({
    rate: x.done / (x.ms / 1000),
    cpu: { server: x.cpu.server / x.done, db: x.cpu.db / x.done, client: x.cpu.client / x.done },
  });
  return { api: out(t.api), raw: out(t.raw), rawOne: out(t.rawOne) };
}

/**
 * The API side's HTTP client: node:http over kept-alive connections. It costs the shared CPUs about
 * less than half of what fetch() costs per request, so less of the machine goes to the load generator.
 */
function httpClient(port: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    post: (path: string, headers: Record<string, string>, body: string) => httpRequest(agent, port, 'POST', path, headers, body),
    close: () => agent.destroy(),
  };
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '?');
function report(label: string, r: { api: Side; raw: Side; rawOne: Side }, target: number): void {
  console.log(
    `${label}: API ${fmt(Math.round(r.api.rate))}/s  vs raw SQL ${fmt(Math.round(r.raw.rate))}/s  → ratio ${(r.api.rate / r.raw.rate).toFixed(2)} (target ≥ 0.5)`,
  );
  console.log(
    `   vs the same rows as raw SQL in the API's statements ${fmt(Math.round(r.rawOne.rate))}/s  → ratio ${(r.api.rate / r.rawOne.rate).toFixed(2)} (issue 25: target ≥ ${target})`,
  );
  console.log(
    `   CPU ms per operation — API: server ${ms(r.api.cpu.server)} + PostgreSQL ${ms(r.api.cpu.db)} + load generator ${ms(r.api.cpu.client)}` +
      ` | raw SQL: PostgreSQL ${ms(r.raw.cpu.db)} + client ${ms(r.raw.cpu.client)} | in the API's statements: PostgreSQL ${ms(r.rawOne.cpu.db)} + client ${ms(r.rawOne.cpu.client)}`,
  );
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('dossiers bench: skipped — set DATABASE_URL to a PostgreSQL server (the target is measured on PostgreSQL).');
    return;
  }
  const { name, url, admin, drop } = await scratchDatabase(base, 'motcua_bench');
  // One load generator is one client: the per-client limits of the public endpoints are off here.
  // The server runs as people run it (issue 25: "users pay for both"): the outbox workers and the
  // scheduled jobs on, and the default log level (info, one access-log line per request). LOG_LEVEL
  // and WORKERS are deliberately not set here, nor taken from the caller's environment.
  const { LOG_LEVEL: _l, WORKERS: _w, ...callerEnv } = process.env;
  const serverEnv = {
    PORT: '3911',
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    DEMO_DOSSIERS: '0',
    DEMO_HISTORY: '0',
    RATE_LIMIT_PUBLIC_LOOKUP: 'off',
    RATE_LIMIT_PUBLIC_WRITE: 'off',
  };
  // BENCH_CPU_PROF=<dir>: the MotCua server (the same compiled bundle) writes a V8 CPU profile there when it stops.
  const server = spawnServer(['src/main.ts'], serverEnv, {
    nodeFlags: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
    baseEnv: callerEnv,
  });
  const bare = spawnServer(['bench/bare-server.ts'], { PORT: '3912', BARE_DATABASE_URL: url });
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const closers: (() => void)[] = [];
  try {
    // A first start migrates and seeds (demo certificates, PDFs): minutes on a loaded machine.
    await waitFor('http://127.0.0.1:3911/api/health', 600_000);
    await waitFor('http://127.0.0.1:3912/api/health');
    const api = 'http://127.0.0.1:3911';
    const cpuNow = async (): Promise<Cpu> => {
      const pids = (await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map((r) => Number(r.pid));
      const self = process.cpuUsage();
      return { server: procCpuMsOrNaN(server.pid!), db: new Map(pids.map((p) => [p, procCpuMsOrNaN(p)])), client: (self.user + self.system) / 1000 };
    };
    const token = (
      (await (
        await fetch(`${api}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }),
        })
      ).json()) as { token: string }
    ).token;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const client = httpClient(3911, CONCURRENCY);
    closers.push(client.close);
    const body = (i: number) =>
      JSON.stringify({
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: `Người Đo ${i}`, idNumber: String(38000000000 + i).padStart(12, '0'), phone: null, email: null, address: null },
      });

    // 1. Submissions.
    let n = 0;
    const created: string[] = [];
    const apiSubmitOp = async () => {
      const r = await client.post('/api/v1/dossiers', headers, body(n++));
      if (r.status !== 201) throw new Error(`submit ${r.status} ${r.text}`);
      created.push((JSON.parse(r.text) as { id: string }).id);
    };
    // The raw-SQL side writes the rows an API submission writes, with the same columns and payload
    // sizes (copied from a dossier the API just created): the code counter, the dossier snapshot,
    // the action row, the audit row and the three outbox rows (national sync, quality, notification).
    // (The first slice is the API's, so a sample exists when the raw side starts.)
    let samples: Promise<{ sample: pg.QueryResultRow; sampleAction: pg.QueryResultRow }> | null = null;
    const sqlSubmitOp = async (w: number, i: number) => {
      samples ??= (async () => {
        const sample = (await pool.query('SELECT * FROM dossier LIMIT 1')).rows[0];
        return { sample, sampleAction: (await pool.query('SELECT * FROM dossier_action WHERE dossier_id = $1 AND seq = 1', [sample.id])).rows[0] };
      })();
      const { sample, sampleAction } = await samples;
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const seq = (
          await c.query(
            ps(
              `INSERT INTO dossier_code_counter (agency_code, day, last) VALUES ('bench', '000000', 1) ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last`,
            ),
          )
        ).rows[0].last;
        const code = `BENCH-${w}-${i}-${seq}`;
        const id = (
          await c.query(
            ps(
              `INSERT INTO dossier (code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id, current_agency_id, assignee_id,
            agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components,
            submitted_at, received_at, appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, created_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, 'counter', 2, $7, NULL, NULL, NULL, $8, NULL, 'citizen', $9, $10, NULL, NULL, NULL, NULL, NULL, '{}'::jsonb, '[]'::jsonb,
            NULL, now(), now() + interval '14 days', now() + interval '14 days', NULL, NULL, false, $11, now(), now()) RETURNING id`,
              [
                code,
                sample.procedure_code,
                sample.procedure_version_id,
                sample.procedure_name,
                sample.field,
                sample.case_key,
                sample.receiving_agency_id,
                sample.agency_ids,
                `Người Đo SQL ${i}`,
                '038000000000',
                JSON.stringify(sample.state),
              ],
            ),
          )
        ).rows[0].id;
        await c.query(
          ps(
            `INSERT INTO dossier_action (dossier_id, seq, type, at, actor_id, actor_username, actor_role, agency_id, step, from_status, to_status, payload, events, idempotency_key)
          VALUES ($1, 1, 'receive', now(), $2, 'bench', 'one_stop_officer', $3, NULL, NULL, 2, $4, $5, NULL)`,
            [id, sampleAction.actor_id, sample.receiving_agency_id, JSON.stringify(sampleAction.payload), JSON.stringify(sampleAction.events)],
          ),
        );
        await c.query(
          ps(
            `INSERT INTO audit_log (actor_id, actor_username, role, agency_id, action, entity, entity_id, request_id, ip, summary)
          VALUES ($1, 'bench', 'one_stop_officer', $2, 'dossier.receive', 'dossier', $3, $4, '127.0.0.1', $5)`,
            [sampleAction.actor_id, sample.receiving_agency_id, id, `bench-${w}-${i}`, JSON.stringify({ code, from: null, to: 2, seq: 1 })],
          ),
        );
        const change = JSON.stringify({ dossierId: id, code, seq: 1, status: 2, action: 'receive', at: new Date().toISOString(), state: sample.state });
        await c.query(
          ps(
            `INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts) VALUES ('bench.sync', $1, $2, now(), 12), ('bench.quality', $3, $2, now(), 12), ('bench.notify', $4, $5, now(), 12)`,
            [`dossier:${id}`, change, `quality:${id}`, `dossier:${id}:notify`, JSON.stringify({ dossierId: id, code, event: 'receive', status: 2 })],
          ),
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    // The same rows in the statements the API sends: the counter on its own, then one statement.
    const sqlSubmitOneOp = async (w: number, i: number) => {
      samples ??= (async () => {
        const sample = (await pool.query('SELECT * FROM dossier LIMIT 1')).rows[0];
        return { sample, sampleAction: (await pool.query('SELECT * FROM dossier_action WHERE dossier_id = $1 AND seq = 1', [sample.id])).rows[0] };
      })();
      const { sample, sampleAction } = await samples;
      const seq = (
        await pool.query(
          ps(
            `INSERT INTO dossier_code_counter (agency_code, day, last) VALUES ('bench1', '000000', 1) ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last`,
          ),
        )
      ).rows[0].last;
      const code = `BENCH1-${w}-${i}-${seq}`;
      const id = randomUUID();
      const change = JSON.stringify({ dossierId: id, code, seq: 1, status: 2, action: 'receive', at: new Date().toISOString(), state: sample.state });
      await pool.query(
        ps(
          `WITH a AS (INSERT INTO dossier_action (dossier_id, seq, type, at, actor_id, actor_username, actor_role, agency_id, step, from_status, to_status, payload, events, idempotency_key)
            VALUES ($1::uuid, 1, 'receive', now(), $13, 'bench', 'one_stop_officer', $8, NULL, NULL, 2, $14, $15, NULL)),
          au AS (INSERT INTO audit_log (actor_id, actor_username, role, agency_id, action, entity, entity_id, request_id, ip, summary)
            VALUES ($13, 'bench', 'one_stop_officer', $8, 'dossier.receive', 'dossier', $1::text, $16, '127.0.0.1', $17)),
          o AS (INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts)
            VALUES ('bench.sync', 'dossier:' || $1::text, $18, now(), 12), ('bench.quality', 'quality:' || $1::text, $18, now(), 12), ('bench.notify', 'dossier:' || $1::text || ':notify', $19, now(), 12))
        INSERT INTO dossier (id, code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, lead_agency_id, current_agency_id, assignee_id,
            agency_ids, applicant_user_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, representative, summary, form_data, components,
            submitted_at, received_at, appointment_original, appointment_current, processing_ended_at, returned_at, has_apology, state, created_at, updated_at)
          VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, 'counter', 2, $8, NULL, NULL, NULL, $9, NULL, 'citizen', $10, $11, NULL, NULL, NULL, NULL, NULL, '{}'::jsonb, '[]'::jsonb,
            NULL, now(), now() + interval '14 days', now() + interval '14 days', NULL, NULL, false, $12, now(), now()) RETURNING *`,
          [
            id,
            code,
            sample.procedure_code,
            sample.procedure_version_id,
            sample.procedure_name,
            sample.field,
            sample.case_key,
            sample.receiving_agency_id,
            sample.agency_ids,
            `Người Đo SQL ${i}`,
            '038000000000',
            JSON.stringify(sample.state),
            sampleAction.actor_id,
            JSON.stringify(sampleAction.payload),
            JSON.stringify(sampleAction.events),
            `bench1-${w}-${i}`,
            JSON.stringify({ code, from: null, to: 2, seq: 1 }),
            change,
            JSON.stringify({ dossierId: id, code, event: 'receive', status: 2 }),
          ],
        ),
      );
    };
    // Waits until no row the API queued is left to deliver (the raw sides' topics have no consumer).
    const settle = async () => {
      const end = Date.now() + 300_000;
      while (
        (await pool.query(`SELECT 1 FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND available_at <= now() AND topic NOT LIKE 'bench.%' LIMIT 1`))
          .rowCount
      ) {
        if (Date.now() > end) throw new Error("the outbox workers did not deliver the API side's rows within 5 minutes");
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clearRaw = async () => {
      await pool.query(`UPDATE outbox SET delivered_at = now() WHERE delivered_at IS NULL AND topic LIKE 'bench.%'`);
    };
    const submissions = await sideBySide(apiSubmitOp, sqlSubmitOp, sqlSubmitOneOp, cpuNow, settle, clearRaw);

    // 2. Transitions (forward) on the dossiers created through the API.
    let k = 0;
    const apiForwardOp = async () => {
      const id = created[k++];
      if (!id) return false;
      const r = await client.post(`/api/v1/dossiers/${id}/actions`, headers, JSON.stringify({ type: 'forward', version: 1 }));
      if (r.status !== 200) throw new Error(`forward ${r.status} ${r.text}`);
    };
    // The raw-SQL side: read, versioned snapshot update, action row, audit row, two outbox rows.
    let forwardSample: Promise<pg.QueryResultRow> | null = null;
    const sqlIds = (await pool.query(`SELECT id FROM dossier WHERE code LIKE 'BENCH-%'`)).rows.map((r) => r.id as string);
    let j = 0;
    const sqlForwardOp = async (w: number, i: number) => {
      const id = sqlIds[j++];
      if (!id) return false;
      forwardSample ??= pool.query(`SELECT * FROM dossier_action WHERE type = 'forward' LIMIT 1`).then((r) => r.rows[0]);
      const forwardAction = await forwardSample;
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const row = (await c.query(ps('SELECT * FROM dossier WHERE id = $1', [id]))).rows[0];
        const r = await c.query(
          ps(
            `UPDATE dossier SET status = 4, lead_agency_id = receiving_agency_id, current_agency_id = receiving_agency_id, assignee_id = NULL, agency_ids = $4,
            processing_ended_at = NULL, returned_at = NULL, has_apology = false, state = $2, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`,
            [id, JSON.stringify(row.state), row.version, row.agency_ids],
          ),
        );
        if (r.rowCount !== 1) throw new Error('stale');
        const seq = (
          await c.query(
            ps(
              `INSERT INTO dossier_action (dossier_id, seq, type, at, actor_id, actor_username, actor_role, agency_id, step, from_status, to_status, payload, events, idempotency_key)
          VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM dossier_action WHERE dossier_id = $1), 'forward', now(), $2, 'bench', 'one_stop_officer', $3, 0, 2, 4, $4, $5, NULL) RETURNING seq`,
              [id, forwardAction.actor_id, row.receiving_agency_id, JSON.stringify(forwardAction.payload), JSON.stringify(forwardAction.events)],
            ),
          )
        ).rows[0].seq;
        await c.query(
          ps(
            `INSERT INTO audit_log (actor_id, actor_username, role, agency_id, action, entity, entity_id, request_id, ip, summary)
          VALUES ($1, 'bench', 'one_stop_officer', $2, 'dossier.forward', 'dossier', $3, $4, '127.0.0.1', $5)`,
            [forwardAction.actor_id, row.receiving_agency_id, id, `bench-f-${w}-${i}`, JSON.stringify({ code: row.code, from: 2, to: 4, seq })],
          ),
        );
        const change = JSON.stringify({ dossierId: id, code: row.code, seq, status: 4, action: 'forward', at: new Date().toISOString(), state: row.state });
        await c.query(
          ps(
            `INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts) VALUES ('bench.sync', $1, $2, now(), 12), ('bench.quality', $3, $2, now(), 12)`,
            [`dossier:${id}`, change, `quality:${id}`],
          ),
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    // The same rows in the statements the API sends: the read, then one statement whose inserts
    // depend on the versioned UPDATE.
    const sqlOneIds = (await pool.query(`SELECT id FROM dossier WHERE code LIKE 'BENCH1-%'`)).rows.map((r) => r.id as string);
    let j1 = 0;
    const sqlForwardOneOp = async (w: number, i: number) => {
      const id = sqlOneIds[j1++];
      if (!id) return false;
      forwardSample ??= pool.query(`SELECT * FROM dossier_action WHERE type = 'forward' LIMIT 1`).then((r) => r.rows[0]);
      const forwardAction = await forwardSample;
      const row = (
        await pool.query(
          ps('SELECT d.*, (SELECT coalesce(max(a.seq), 0) FROM dossier_action a WHERE a.dossier_id = d.id) AS last_seq FROM dossier d WHERE d.id = $1', [id]),
        )
      ).rows[0];
      const seq = Number(row.last_seq) + 1;
      const change = JSON.stringify({ dossierId: id, code: row.code, seq, status: 4, action: 'forward', at: new Date().toISOString(), state: row.state });
      const r = await pool.query(
        ps(
          `WITH snap AS (UPDATE dossier SET status = 4, lead_agency_id = receiving_agency_id, current_agency_id = receiving_agency_id, assignee_id = NULL, agency_ids = $4,
            processing_ended_at = NULL, returned_at = NULL, has_apology = false, state = $2, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3 RETURNING *),
          a AS (INSERT INTO dossier_action (dossier_id, seq, type, at, actor_id, actor_username, actor_role, agency_id, step, from_status, to_status, payload, events, idempotency_key)
            SELECT $1, $5, 'forward', now(), $6, 'bench', 'one_stop_officer', $7, 0, 2, 4, $8, $9, NULL WHERE EXISTS (SELECT 1 FROM snap)),
          au AS (INSERT INTO audit_log (actor_id, actor_username, role, agency_id, action, entity, entity_id, request_id, ip, summary)
            SELECT $6, 'bench', 'one_stop_officer', $7, 'dossier.forward', 'dossier', $1::text, $10, '127.0.0.1', $11 WHERE EXISTS (SELECT 1 FROM snap)),
          o AS (INSERT INTO outbox (topic, aggregate_key, payload, available_at, max_attempts)
            SELECT * FROM (VALUES ('bench.sync'::text, 'dossier:' || $1::text, $12::jsonb, now(), 12), ('bench.quality', 'quality:' || $1::text, $12::jsonb, now(), 12)) m WHERE EXISTS (SELECT 1 FROM snap))
        SELECT * FROM snap`,
          [
            id,
            JSON.stringify(row.state),
            row.version,
            row.agency_ids,
            seq,
            forwardAction.actor_id,
            row.receiving_agency_id,
            JSON.stringify(forwardAction.payload),
            JSON.stringify(forwardAction.events),
            `bench1-f-${w}-${i}`,
            JSON.stringify({ code: row.code, from: 2, to: 4, seq }),
            change,
          ],
        ),
      );
      if (r.rowCount !== 1) throw new Error('stale');
    };
    const transitions = await sideBySide(apiForwardOp, sqlForwardOp, sqlForwardOneOp, cpuNow, settle, clearRaw);

    // 3. Public lookups vs a minimal Fastify + pg server running the same statement.
    // With the lookup key: the full answer (procedure, dates, steps), the heavier of the two.
    const pick = (await pool.query(`SELECT code, lookup_secret FROM dossier WHERE code NOT LIKE 'BENCH%' LIMIT 1`)).rows[0] as {
      code: string;
      lookup_secret: string;
    };
    const lookupPath = `/api/v1/public/dossiers/${encodeURIComponent(pick.code)}?key=${pick.lookup_secret}`;
    const [ours, theirs] = await Promise.all([fetch(`${api}${lookupPath}`), fetch(`http://127.0.0.1:3912${lookupPath}`)].map(async (r) => (await r).text()));
    if (ours !== theirs) throw new Error(`the bare server's lookup answers other bytes:\n  API : ${ours}\n  bare: ${theirs}`);
    // Warmed up, then ROUNDS alternating slices per side (A B, B A, …), as the writes above.
    const sides = { api: `${api}${lookupPath}`, bare: `http://127.0.0.1:3912${lookupPath}` };
    for (const u of Object.values(sides)) await load(u, { seconds: 1 });
    const acc = { api: { rps: 0, p99: 0, non2xx: 0 }, bare: { rps: 0, p99: 0, non2xx: 0 } };
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of (r % 2 === 0 ? ['api', 'bare'] : ['bare', 'api']) as (keyof typeof sides)[]) {
        const x = await load(sides[side], { seconds: Math.max(1, Math.round(SECONDS / ROUNDS)) });
        acc[side].rps += x.rps / ROUNDS;
        acc[side].p99 = Math.max(acc[side].p99, x.p99);
        acc[side].non2xx += x.non2xx;
      }
    }
    const lookups = { ...acc.api, rps: Math.round(acc.api.rps) };
    const bareLookups = { ...acc.bare, rps: Math.round(acc.bare.rps) };
    const rss = peakRssMb(server.pid!);

    console.log(
      `\n## Dossiers on PostgreSQL (${CONCURRENCY} concurrent clients, ${SECONDS} s each side, in ${ROUNDS} alternating slices; raw SQL as ${RAW_UNNAMED ? 'unnamed' : 'prepared'} statements)`,
    );
    console.log(
      '(the server with its outbox workers and jobs on and the default log level; an API slice ends when the workers have delivered what it queued, and its rate and CPU include that)',
    );
    report('submissions ', submissions, 0.9);
    report('transitions ', transitions, 0.8);
    console.log(
      `public lookup (one statement, ${Buffer.byteLength(ours)} bytes, the same from both): API ${fmt(lookups.rps)}/s (p99 ${lookups.p99} ms, non-2xx ${lookups.non2xx})  vs bare Fastify + pg ${fmt(bareLookups.rps)}/s (non-2xx ${bareLookups.non2xx})  → ratio ${(lookups.rps / bareLookups.rps).toFixed(2)} (target ≥ 0.8); load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`peak RSS of the MotCua server: ${rss} MB`);
    console.log(
      `(transitions were measured on the ${created.length} API-created and ${sqlIds.length} + ${sqlOneIds.length} SQL-created dossiers; a run that used them all up ended early and its rate is over its own duration)`,
    );
  } finally {
    for (const c of closers) c();
    await pool.end();
    await Promise.all([stopServer(server), stopServer(bare)]);
    await drop();
  }
}
