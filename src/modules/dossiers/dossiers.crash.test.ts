import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openTestDatabase } from '../../platform/db/testing.js';

/**
 * Crash safety: a real server process is killed (SIGKILL) in the middle of a burst of concurrent
 * submissions, then restarted. Every submission that was answered 2xx must be there, and none
 * twice — also after the client retries the unanswered ones with the same Idempotency-Key.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-crash-'));
let dbUrl: string | null = null;
let cleanup: (() => Promise<void>) | null = null;
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await cleanup?.();
});

const PORT = 3950 + Math.floor(Math.random() * 40);
const base = `http://127.0.0.1:${PORT}`;

function startServer(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WORKERS: 'off', DEMO_DOSSIERS: '0', ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
async function waitUp(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

test('no acknowledged submission is lost or duplicated when the server is killed mid-burst', { timeout: 240_000 }, async () => {
  if (process.env.DATABASE_URL) {
    const db = await openTestDatabase();
    dbUrl = db.url;
    await db.db.destroy();
    cleanup = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${new URL(dbUrl!).pathname.slice(1)} WITH (FORCE)`);
      await a.end();
    };
  }
  let server = startServer();
  await waitUp();
  const login = async () => ((await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'one_stop_officer', password: 'demo12345' }) })).json()) as { token: string }).token;
  let token = await login();
  const N = 60;
  const body = (i: number) => JSON.stringify({ procedureCode: '2.000488', channel: 'counter', applicant: { kind: 'citizen', name: `Người Thử ${i}`, idNumber: String(38000000000 + i).padStart(12, '0'), phone: null, email: null, address: null } });
  const submit = (i: number) =>
    fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `crash-test-${i}` }, body: body(i) })
      .then(async (r) => ({ i, status: r.status, id: r.ok ? ((await r.json()) as { id: string }).id : null }))
      .catch(() => ({ i, status: 0, id: null as string | null }));

  // Fire the burst; kill the server once a few have been answered.
  const answered: { i: number; status: number; id: string | null }[] = [];
  const burst = Array.from({ length: N }, (_, i) => submit(i).then((r) => (answered.push(r), r)));
  while (answered.filter((a) => a.status === 201).length < 5 && answered.length < N) await new Promise((r) => setTimeout(r, 5));
  assert.ok(answered.length < N, `the burst finished before the kill: ${JSON.stringify(answered.map((a) => a.status))}`);
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  const results = await Promise.all(burst);
  await exited;
  const ok = results.filter((r) => r.status === 201);
  assert.ok(ok.length >= 5 && ok.length < N, `killed mid-burst (${ok.length} of ${N} acknowledged)`);

  server = startServer();
  await waitUp();
  token = await login();
  try {
    // Every acknowledged submission is there.
    for (const r of ok) {
      const g = await fetch(`${base}/api/v1/dossiers/${r.id}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(g.status, 200, `acknowledged dossier ${r.i} lost`);
    }
    // The client retries the others with the same keys; then every submission exists exactly once.
    const retried = await Promise.all(results.filter((r) => r.status !== 201).map((r) => submit(r.i)));
    assert.ok(retried.every((r) => r.status === 201 || r.status === 200), JSON.stringify(retried.filter((r) => r.status >= 300)));
    const again = await Promise.all(ok.map((r) => submit(r.i)));
    assert.deepEqual(again.map((r) => r.id), ok.map((r) => r.id), 'a replay after restart returns the first dossier');
    const list = (await (await fetch(`${base}/api/v1/dossiers?limit=500&q=${encodeURIComponent('Người Thử')}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { applicant: { idNumber: string } }[] };
    const byId = new Map<string, number>();
    for (const d of list.items) byId.set(d.applicant.idNumber, (byId.get(d.applicant.idNumber) ?? 0) + 1);
    assert.equal(byId.size, N, 'every submission exists');
    assert.ok([...byId.values()].every((n) => n === 1), 'none twice');
  } finally {
    const stopped = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await stopped;
  }
});
