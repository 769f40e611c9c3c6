import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { OutboxWorker } from '../../platform/outbox.js';
import { HttpNationalPortalAdapter } from '../integration/integration.public.js';
import { NationalPortalDouble } from '../integration/national-portal.double.js';
import { nationalSyncHandler } from './dossiers.sync.js';
import * as repo from './dossiers.repo.js';
import { getAgency } from '../org/org.public.js';

/**
 * National portal sync end to end: dossier actions → outbox rows → worker → HTTP adapter → a local
 * test double of the national endpoint that fails, times out and rejects. Deliveries are retried
 * with backoff and arrive in order per dossier.
 */
let t: TestApp;
let portal: NationalPortalDouble;
before(async () => {
  t = await startTestApp();
  portal = await NationalPortalDouble.start();
});
after(async () => {
  await portal.close();
  await t.close();
});

const applicant = { kind: 'citizen', name: 'Trần Thị Lụa', idNumber: '038190054321', phone: null, email: null, address: null };

async function dossierWithSteps(token: string, leader: string): Promise<{ id: string; code: string }> {
  const d = (await t.request({ method: 'POST', url: '/api/v1/dossiers', token, body: { procedureCode: '2.000488', channel: 'counter', applicant } })).json();
  await t.request({ method: 'POST', url: `/api/v1/dossiers/${d.id}/actions`, token, body: { type: 'forward', version: 1 } });
  await t.request({ method: 'POST', url: `/api/v1/dossiers/${d.id}/actions`, token: leader, body: { type: 'next_step', version: 2 } });
  return d;
}

/** Runs the worker until nothing is pending for the topic, making retries due at once (no waiting out the backoff). */
async function drain(worker: OutboxWorker): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await worker.runOnce();
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'national.sync' AND delivered_at IS NULL AND dead_at IS NULL`.execute(t.database.db);
    if (rows[0].n === 0) return;
    await sql`UPDATE outbox SET available_at = now() WHERE topic = 'national.sync' AND delivered_at IS NULL`.execute(t.database.db);
  }
  throw new Error('outbox did not drain');
}

test('status changes reach the national portal in order per dossier, through failures, timeouts and a rejection', { timeout: 10 * 60_000 }, async () => {
  const officer = await t.login('one_stop_officer');
  const specialist = await t.login('specialist');
  const a = await dossierWithSteps(officer, specialist);
  const b = await dossierWithSteps(officer, specialist);

  // A request the portal holds unanswered times out as soon as the portal holds it (an injected
  // timer: a real short one expired on a loaded machine even for requests the portal answered).
  const startTimer = (fire: () => void) => {
    let live = true;
    void portal.hangs().then(() => live && fire());
    return () => void (live = false);
  };
  const adapter = new HttpNationalPortalAdapter({ url: portal.url, startTimer });
  const worker = new OutboxWorker(t.database, { pollMs: 10, batchSize: 10 });
  worker.register('national.sync', nationalSyncHandler(t.database, adapter, 'http', 'http://localhost'));
  // The endpoint is down, then hangs, then accepts; one message is rejected for good.
  portal.next('fail', 'timeout', 'fail', 'accept', 'reject');
  await drain(worker);

  const byDossier = (code: string) =>
    portal.accepted.map((x) => x.payload as { hoSo: { MaHoSo: string; TrangThaiHoSo: unknown } }).filter((p) => p.hoSo.MaHoSo === code);
  const statuses = (code: string) => byDossier(code).map((p) => Number(p.hoSo.TrangThaiHoSo));
  // Each dossier's accepted messages are in the order the actions happened (2 received → 4 forwarded → 4 next step).
  for (const d of [a, b]) {
    const s = statuses(d.code);
    assert.ok(s.length >= 2, `${d.code}: ${JSON.stringify(s)}`);
    assert.deepEqual(
      s,
      [...s].sort((x, y) => x - y),
      'in order',
    );
  }
  const { rows } = await sql<{ delivered: number; dead: number; retried: number }>`SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
      count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead, count(*) FILTER (WHERE attempts > 1)::int AS retried
    FROM outbox WHERE topic = 'national.sync'`.execute(t.database.db);
  assert.equal(rows[0].delivered + rows[0].dead, 6, 'every message either delivered or, once rejected, dead');
  assert.equal(rows[0].dead, 1, 'the rejection is not retried');
  assert.ok(rows[0].retried >= 1, 'failures and timeouts were retried');
  assert.equal(portal.accepted.length, 5);
  const modes = portal.requests.map((r) => r.mode);
  assert.ok(modes.includes('timeout') && modes.includes('fail') && modes.includes('reject'));
  // Deliveries are recorded for administrators.
  const log = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM integration_delivery WHERE channel = 'national_portal'`.execute(t.database.db)).rows[0]
    .n;
  assert.equal(log, 5);
});

test('the sync reads in one statement what getDossier, listActions, listFiles and getAgency read', async () => {
  const token = await t.login('one_stop_officer');
  const leader = await t.login('unit_leader');
  const d = await dossierWithSteps(token, leader);
  await repo.insertFile(t.database.db, {
    dossierId: d.id,
    componentIndex: 0,
    kind: 'component',
    fileName: 'don.pdf',
    mimeType: 'application/pdf',
    sizeBytes: 1234,
    sha256: 'a'.repeat(64),
    storageKey: 'k/don.pdf',
    digitised: false,
    reusedFrom: null,
    signature: null,
    uploadedBy: null,
  });
  const dossier = (await repo.getDossier(t.database.db, d.id))!;
  for (const [agencyId, fromState] of [
    [null, true],
    [null, false],
    [dossier.receivingAgencyId, false],
  ] as const) {
    const src = (await repo.getSyncSource(t.database.db, d.id, agencyId, fromState))!;
    assert.deepEqual(src.dossier, dossier);
    assert.deepEqual(src.actions, await repo.listActions(t.database.db, d.id));
    assert.deepEqual(src.files, await repo.listFiles(t.database.db, d.id));
    assert.equal(src.files.length, 1);
    const expected = agencyId ?? (fromState ? (dossier.state.leadAgencyId ?? dossier.receivingAgencyId) : dossier.receivingAgencyId);
    assert.equal(src.agencyName, (await getAgency(t.database.db, expected))?.name ?? null);
  }
  assert.equal(await repo.getSyncSource(t.database.db, '00000000-0000-4000-8000-000000000000', null, true), null);
});
