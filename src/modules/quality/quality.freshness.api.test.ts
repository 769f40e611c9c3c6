import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { counterDigest, factDigest } from './quality.repo.js';

/**
 * Issue 17 §2: the QĐ 766 read model says when it is behind (pendingChanges), is complete after the
 * first start, and a nightly check repairs (and records) any drift of the incremental counters.
 */
let t: TestApp;
const tok: Record<string, string> = {};
const now = new Date();
const FROM = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)).toISOString().slice(0, 10);
const TO = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);

before(async () => {
  t = await startTestApp({ demoDossiers: 40 });
  for (const r of ['admin', 'one_stop_officer']) tok[r] = await t.login(r);
});
after(async () => t?.close());

const pendingIn = async () => {
  const i = await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=${FROM}&to=${TO}` });
  const d = await t.request({ method: 'GET', url: `/api/v1/quality/dashboard?from=${FROM}&to=${TO}` });
  assert.equal(i.statusCode, 200, i.body);
  assert.equal(d.statusCode, 200, d.body);
  return { indicators: i.json().pendingChanges as number, dashboard: d.json().pendingChanges as number };
};
const digests = async () => ({ c: await counterDigest(t.database.db), f: await factDigest(t.database.db) });
const drifts = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'quality.drift_repaired'`.execute(t.database.db)).rows[0].n;
async function intake(): Promise<string> {
  const r = await t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: tok.one_stop_officer,
    body: {
      procedureCode: '2.000488',
      caseKey: 'chuan',
      channel: 'counter',
      applicant: {
        kind: 'citizen',
        name: 'Trần Văn Bình',
        idNumber: '038190054321',
        phone: '0912000123',
        email: 'binh@example.vn',
        address: 'Phường Hạc Thành, Thanh Hóa',
      },
      components: [{ index: 0 }],
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

describe('QĐ 766 read model: honest while it catches up', () => {
  test('after the first start the read model is complete: no pending change (the seed rebuild covered them)', async () => {
    const facts = (await factDigest(t.database.db)).rows;
    assert.ok(facts >= 40, `the demo dossiers are counted: ${facts}`);
    assert.deepEqual(await pendingIn(), { indicators: 0, dashboard: 0 });
  });

  test('a change not yet applied is announced (pendingChanges), and is gone once delivered', async () => {
    await intake();
    const p = await pendingIn();
    assert.ok(p.indicators >= 1, `pending: ${p.indicators}`);
    assert.equal(p.dashboard, p.indicators);
    await t.deps.outbox.drain();
    assert.deepEqual(await pendingIn(), { indicators: 0, dashboard: 0 });
  });

  test('nightly consistency job: a corrupted counter is detected, repaired from the log and recorded', async () => {
    const good = await digests();
    const d0 = await drifts();
    await sql`UPDATE quality_counter SET received = received + 7 WHERE (agency_id, day) = (SELECT agency_id, day FROM quality_counter ORDER BY day DESC LIMIT 1)`.execute(
      t.database.db,
    );
    assert.notDeepEqual(await digests(), good, 'the counter is corrupted');
    await t.deps.jobs.runNow('quality.consistency');
    assert.deepEqual(await digests(), good, 'repaired');
    assert.equal(await drifts(), d0 + 1);
    const row = (
      await sql<{
        summary: { drift: boolean; before: { counters: { digest: string } }; after: { counters: { digest: string } } };
      }>`SELECT summary FROM audit_log WHERE action = 'quality.drift_repaired' ORDER BY id DESC LIMIT 1`.execute(t.database.db)
    ).rows[0];
    assert.equal(row.summary.drift, true);
    assert.equal(row.summary.after.counters.digest, good.c.digest);
    assert.notEqual(row.summary.before.counters.digest, good.c.digest);
  });

  test('the check reports no drift when the model is only behind (pending changes are applied first)', async () => {
    const d0 = await drifts();
    await intake();
    assert.ok((await pendingIn()).indicators >= 1);
    await t.deps.jobs.runNow('quality.consistency');
    assert.equal(await drifts(), d0, 'a lagging model is not a drift');
    const after = await digests();
    await t.deps.outbox.drain(); // the late delivery changes nothing
    assert.deepEqual(await digests(), after);
    assert.equal((await pendingIn()).indicators, 0);
  });
});
