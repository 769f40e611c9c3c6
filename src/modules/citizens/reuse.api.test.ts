/**
 * Issue 19 §3 re-use over HTTP: at the counter, staff see the applicant's warehouse (the verified
 * account of the applicant's personal ID) and attach a stored document instead of asking again;
 * consent is recorded where the rules ask; the re-use is logged for the citizen and feeds 4.3.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { loadSnapshots } from '../dossiers/dossiers.public.js';
import { historyFromSnapshot } from '../quality/quality.public.js';

let t: TestApp;
const tok: Record<string, string> = {};
let pid = '';

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'citizen']) tok[r] = await t.login(r);
  const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.citizen })).json();
  pid = me.personalId ?? me.profile?.personalId;
  assert.match(pid, /^\d{12}$/);
});
after(() => t.close());

const intake = async (idNumber: string) =>
  (
    await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        caseKey: 'chuan',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Lê Văn An', idNumber, phone: null, email: null, address: null },
        components: [{ index: 0 }, { index: 1 }],
      },
    })
  ).json();

describe('re-use of warehouse documents by staff', () => {
  test('counter dossier: see the warehouse, attach with consent, logged, counted for 4.3', async () => {
    const d = await intake(pid);
    const wh = await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${d.id}`, token: tok.one_stop_officer });
    assert.equal(wh.statusCode, 200, wh.body);
    const doc = wh.json().items.find((i: { kind: string; hasFile: boolean }) => i.kind === 'component' && i.hasFile);
    assert.ok(doc, 'the demo citizen holds documents');
    const url = `/api/v1/citizens/warehouse/by-dossier/${d.id}/items/${doc.id}/reuse`;
    const noConsent = await t.request({ method: 'POST', url, token: tok.one_stop_officer, body: { componentIndex: 0 } });
    assert.equal(noConsent.statusCode, 422, noConsent.body);
    assert.equal(noConsent.json().code, 'consent_required');
    const notListed = await t.request({
      method: 'POST',
      url,
      token: tok.one_stop_officer,
      body: { componentIndex: 7, consent: { given: true, how: 'in_person' } },
    });
    assert.equal(notListed.statusCode, 422, notListed.body);
    assert.equal(notListed.json().code, 'component_not_in_dossier');
    const files0 = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}`, token: tok.one_stop_officer })).json().files.length;
    assert.equal(files0, 0, 'the refused re-use wrote no file (same transaction)');
    const r = await t.request({ method: 'POST', url, token: tok.one_stop_officer, body: { componentIndex: 0, consent: { given: true, how: 'in_person' } } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().consentRecorded, 'in_person');
    const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${d.id}`, token: tok.one_stop_officer })).json();
    assert.equal(view.components[0].reusedFrom, `warehouse:${doc.id}`);
    assert.equal(view.files.length, 1);
    assert.equal(view.files[0].sha256, doc.sha256, 'the same stored content, not a new upload');
    // Logged for the citizen, audited with the consent, and 4.3 sees the dossier as re-using data.
    const log = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/access-log', token: tok.citizen })).json();
    assert.ok(log.items.some((a: { purpose: string; dossierCode: string }) => a.purpose === 'reuse' && a.dossierCode === d.code));
    const { rows } = await sql<{
      summary: { consent: { how: string } };
    }>`SELECT summary FROM audit_log WHERE action = 'citizen.warehouse.reuse' AND summary->>'dossierCode' = ${d.code}`.execute(t.database.db);
    assert.equal(rows[0].summary.consent.how, 'in_person');
    const { rows: ob } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'quality.dossier_changed' AND payload->>'dossierId' = ${d.id} AND payload->>'action' = 'component_reused'`.execute(
      t.database.db,
    );
    assert.equal(Number(ob[0].n), 1);
    assert.equal(historyFromSnapshot((await loadSnapshots(t.database.db, [d.id]))[0]).reused, true);
    await t.deps.outbox.drain();
  });

  test('an applicant without a verified account has no warehouse to read', async () => {
    const d = await intake('001099000123');
    const wh = await t.request({ method: 'GET', url: `/api/v1/citizens/warehouse/by-dossier/${d.id}`, token: tok.one_stop_officer });
    assert.equal(wh.statusCode, 404, wh.body);
  });
});
