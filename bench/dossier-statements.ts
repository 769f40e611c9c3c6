import pg from 'pg';
import { startTestApp } from '../src/test/harness.js';

/**
 * SQL statements per dossier request, counted at the driver (every query a pooled pg client sends,
 * BEGIN/COMMIT included). Needs DATABASE_URL (a scratch database is created and dropped):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/dossier-statements.ts [--sql]
 * Each request is run a few times after a warm-up so the numbers show the steady state with the
 * short-lived caches (agency scope, agencies, procedure versions, calendar) filled.
 */
if (!process.env.DATABASE_URL) {
  console.log('set DATABASE_URL');
  process.exit(0);
}
const showSql = process.argv.includes('--sql');
let log: string[] | null = null;
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  if (log) {
    const q = args[0];
    log.push(typeof q === 'string' ? q : ((q as { text?: string })?.text ?? String(q)));
  }
  return original.apply(this, args);
};

const t = await startTestApp();
try {
  const token = await t.login('one_stop_officer');
  const body = (i: number) => ({
    procedureCode: '2.000488',
    channel: 'counter',
    applicant: { kind: 'citizen', name: `Người Đo ${i}`, idNumber: String(38000000000 + i).padStart(12, '0'), phone: null, email: null, address: null },
  });
  const count = async (label: string, fn: () => Promise<void>) => {
    log = [];
    await fn();
    const seen = log;
    log = null;
    console.log(`${label}: ${seen.length} statements`);
    if (showSql) for (const s of seen) console.log('   ' + s.replace(/\s+/g, ' ').slice(0, 160));
  };
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    await count(`submission #${i + 1}`, async () => {
      const r = await t.request({ method: 'POST', url: '/api/v1/dossiers', token, body: body(i) });
      if (r.statusCode !== 201) throw new Error(r.body);
      ids.push(r.json().id);
    });
  }
  // What the outbox workers then send to deliver what each write queued (national sync, QĐ 766
  // read model, applicant notification): users pay for it too (issue 25).
  const drainOne = () => count('   … its outbox delivery', async () => void (await t.deps.outbox.drain()));
  await t.deps.outbox.drain();
  for (let i = 0; i < 4; i++) {
    await count(`submission (outbox delivered) #${i + 1}`, async () => {
      const r = await t.request({ method: 'POST', url: '/api/v1/dossiers', token, body: body(100 + i) });
      if (r.statusCode !== 201) throw new Error(r.body);
      ids.push(r.json().id);
    });
    await drainOne();
  }
  for (let i = 0; i < 4; i++) {
    await count(`transition (forward) #${i + 1}`, async () => {
      const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${ids[i]}/actions`, token, body: { type: 'forward', version: 1 } });
      if (r.statusCode !== 200) throw new Error(r.body);
    });
    await drainOne();
  }
  const { code, lookupKey } = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${ids[0]}`, token })).json() as { code: string; lookupKey: string };
  for (let i = 0; i < 2; i++) {
    await count(`public lookup #${i + 1}`, async () => {
      const r = await t.request({ method: 'GET', url: `/api/v1/public/dossiers/${encodeURIComponent(code)}?key=${lookupKey}` });
      if (r.statusCode !== 200) throw new Error(r.body);
    });
  }
} finally {
  await t.close();
}
