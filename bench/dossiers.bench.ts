import pg from 'pg';
import { fmt, load, peakRssMb, spawnServer, stopServer, waitFor } from './lib.js';

/**
 * Dossier throughput on PostgreSQL, side by side in one run:
 * - submissions (counter intake) through the API vs the same writes as raw SQL
 *   (code counter, dossier snapshot, action row, audit row, two outbox rows, in one transaction);
 * - transitions (forward) through the API vs the same writes as raw SQL;
 * - public lookups through the API vs a bare Fastify route answering a fixed body of the same shape.
 * Needs DATABASE_URL (a fresh database is created next to it and dropped afterwards).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 10;

/** Operations per second of `op` run by `workers` concurrent loops for `seconds` (or until op returns false). */
async function timed(workers: number, seconds: number, op: (w: number, i: number) => Promise<boolean | void>): Promise<number> {
  const start = Date.now();
  const end = start + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; Date.now() < end; i++) {
      if ((await op(w, i)) === false) return;
      done++;
    }
  }));
  return done / ((Date.now() - start) / 1000);
}

export async function run(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('dossiers bench: skipped — set DATABASE_URL to a PostgreSQL server (the target is measured on PostgreSQL).');
    return;
  }
  const name = `motcua_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = '/' + name;
  const url = u.toString();
  const server = spawnServer(['src/main.ts'], { PORT: '3911', HOST: '127.0.0.1', DATABASE_URL: url, LOG_LEVEL: 'warn', WORKERS: 'off', DEMO_DOSSIERS: '0' });
  const bare = spawnServer(['bench/bare-server.ts'], { PORT: '3912' });
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  try {
    await waitFor('http://127.0.0.1:3911/api/health');
    await waitFor('http://127.0.0.1:3912/api/health');
    const api = 'http://127.0.0.1:3911';
    const token = ((await (await fetch(`${api}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }) })).json()) as { token: string }).token;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = (i: number) => JSON.stringify({ procedureCode: '2.000488', channel: 'counter', applicant: { kind: 'citizen', name: `Người Đo ${i}`, idNumber: String(38000000000 + i).padStart(12, '0'), phone: null, email: null, address: null } });

    // 1. Submissions.
    let n = 0;
    const created: string[] = [];
    const apiSubmit = await timed(CONCURRENCY, SECONDS, async () => {
      const r = await fetch(`${api}/api/v1/dossiers`, { method: 'POST', headers, body: body(n++) });
      if (r.status !== 201) throw new Error(`submit ${r.status}`);
      created.push(((await r.json()) as { id: string }).id);
    });
    const sample = (await pool.query('SELECT * FROM dossier LIMIT 1')).rows[0];
    const sqlSubmit = await timed(CONCURRENCY, SECONDS, async (w, i) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const seq = (await c.query(`INSERT INTO dossier_code_counter (agency_code, day, last) VALUES ('bench', '000000', 1) ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last`)).rows[0].last;
        const id = (await c.query(`INSERT INTO dossier (code, procedure_code, procedure_version_id, procedure_name, field, case_key, channel, status, receiving_agency_id, agency_ids, applicant_kind, applicant_name, applicant_id_number, state, received_at, appointment_original, appointment_current)
          VALUES ($1, $2, $3, $4, $5, $6, 'counter', 2, $7, $8, 'citizen', $9, $10, $11, now(), now() + interval '14 days', now() + interval '14 days') RETURNING id`,
          [`BENCH-${w}-${i}-${seq}`, sample.procedure_code, sample.procedure_version_id, sample.procedure_name, sample.field, sample.case_key, sample.receiving_agency_id, sample.agency_ids, `Người Đo SQL ${i}`, '038000000000', JSON.stringify(sample.state)])).rows[0].id;
        await c.query(`INSERT INTO dossier_action (dossier_id, seq, type, at, actor_username, to_status, payload) VALUES ($1, 1, 'receive', now(), 'bench', 2, '{}')`, [id]);
        await c.query(`INSERT INTO audit_log (actor_username, action, entity, entity_id, summary) VALUES ('bench', 'dossier.receive', 'dossier', $1, '{}')`, [id]);
        await c.query(`INSERT INTO outbox (topic, aggregate_key, payload) VALUES ('bench.sync', $1, $2), ('bench.notify', $1, '{}')`, [`dossier:${id}`, JSON.stringify({ state: sample.state })]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    });

    // 2. Transitions (forward) on the dossiers created through the API.
    let k = 0;
    const apiForward = await timed(CONCURRENCY, SECONDS, async () => {
      const id = created[k++];
      if (!id) return false;
      const r = await fetch(`${api}/api/v1/dossiers/${id}/actions`, { method: 'POST', headers, body: JSON.stringify({ type: 'forward', version: 1 }) });
      if (r.status !== 200) throw new Error(`forward ${r.status} ${await r.text()}`);
    });
    const sqlIds = (await pool.query(`SELECT id FROM dossier WHERE code LIKE 'BENCH-%'`)).rows.map((r) => r.id as string);
    let j = 0;
    const sqlForward = await timed(CONCURRENCY, SECONDS, async () => {
      const id = sqlIds[j++];
      if (!id) return false;
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const row = (await c.query('SELECT version, state FROM dossier WHERE id = $1', [id])).rows[0];
        const r = await c.query(`UPDATE dossier SET status = 4, state = $2, current_agency_id = receiving_agency_id, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`, [id, JSON.stringify(row.state), row.version]);
        if (r.rowCount !== 1) throw new Error('stale');
        await c.query(`INSERT INTO dossier_action (dossier_id, seq, type, at, actor_username, from_status, to_status, payload) VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM dossier_action WHERE dossier_id = $1), 'forward', now(), 'bench', 2, 4, '{}')`, [id]);
        await c.query(`INSERT INTO audit_log (actor_username, action, entity, entity_id, summary) VALUES ('bench', 'dossier.forward', 'dossier', $1, '{}')`, [id]);
        await c.query(`INSERT INTO outbox (topic, aggregate_key, payload) VALUES ('bench.sync', $1, $2)`, [`dossier:${id}`, JSON.stringify({ state: row.state })]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    });

    // 3. Public lookups vs a bare route.
    const code = (await pool.query(`SELECT code FROM dossier WHERE code NOT LIKE 'BENCH-%' LIMIT 1`)).rows[0].code as string;
    const lookups = await load(`${api}/api/v1/public/dossiers/${encodeURIComponent(code)}`, { seconds: SECONDS });
    const bareLookups = await load('http://127.0.0.1:3912/api/v1/public/dossiers/x', { seconds: SECONDS });
    const rss = peakRssMb(server.pid!);

    console.log(`\n## Dossiers on PostgreSQL (${CONCURRENCY} concurrent clients, ${SECONDS} s each)`);
    console.log(`submissions : API ${fmt(Math.round(apiSubmit))}/s  vs raw SQL ${fmt(Math.round(sqlSubmit))}/s  → ratio ${(apiSubmit / sqlSubmit).toFixed(2)} (target ≥ 0.5)`);
    console.log(`transitions : API ${fmt(Math.round(apiForward))}/s  vs raw SQL ${fmt(Math.round(sqlForward))}/s  → ratio ${(apiForward / sqlForward).toFixed(2)} (target ≥ 0.5)`);
    console.log(`public lookup: API ${fmt(lookups.rps)}/s (p99 ${lookups.p99} ms, non-2xx ${lookups.non2xx})  vs bare route ${fmt(bareLookups.rps)}/s  → ratio ${(lookups.rps / bareLookups.rps).toFixed(2)}`);
    console.log(`peak RSS of the MotCua server: ${rss} MB`);
    console.log(`(transitions were measured on the ${created.length} API-created and ${sqlIds.length} SQL-created dossiers; a run that used them all up ended early and its rate is over its own duration)`);
  } finally {
    await pool.end();
    await Promise.all([stopServer(server), stopServer(bare)]);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
