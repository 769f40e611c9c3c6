/**
 * Issue 19 §3 over HTTP: a component counts as digitised only when its scan is stored and an
 * officer confirmed it matches the original (audit + QĐ 766 feed); the tick without a scan is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { qrcode } from '../../platform/doclibs.js';
import { loadSnapshots } from './dossiers.public.js';
import { historyFromSnapshot } from '../quality/quality.public.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
const tok: Record<string, string> = {};
const applicant = { kind: 'citizen', name: 'Trần Văn Số', idNumber: '038190012399', phone: '0912345699', email: null, address: 'Phường Hạc Thành, Thanh Hóa' };

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'specialist', 'citizen']) tok[r] = await t.login(r);
});
after(() => t.close());

const png = (text: string) => qrcode().toBuffer(text, { type: 'png', width: 300 });

async function intake(components: Record<string, unknown>[]) {
  return t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: tok.one_stop_officer,
    body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components },
  });
}
const countDossiers = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier`.execute(t.database.db)).rows[0].n);

describe('digitisation at the counter', () => {
  test('the "digitised" tick at intake is refused (422) and nothing is created', async () => {
    const before = await countDossiers();
    const r = await intake([{ index: 0, digitised: true }]);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'scan_required');
    assert.match(r.json().detail, /quét/);
    assert.equal(await countDossiers(), before);
  });

  test('several photos → one PDF; counted only after the officer confirms it matches the original', async () => {
    const d = (await intake([{ index: 0 }])).json();
    const url = (s: string) => `/api/v1/dossiers/${d.id}/components/0/${s}`;
    // A plain upload cannot claim to be digitised, and the confirmation needs a stored scan.
    const plain = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/files?kind=component&componentIndex=0&digitised=true`,
      token: tok.one_stop_officer,
      ...multipart([{ name: 'a.png', data: await png('x'), type: 'image/png' }]),
    });
    assert.equal(plain.statusCode, 422, plain.body);
    assert.equal(plain.json().code, 'scan_confirmation_required');
    const other = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/files?kind=component&componentIndex=0`,
      token: tok.one_stop_officer,
      ...multipart([{ name: 'a.png', data: await png('x'), type: 'image/png' }]),
    });
    assert.equal(other.statusCode, 201, other.body);
    const none = await t.request({
      method: 'POST',
      url: url('digitisation'),
      token: tok.one_stop_officer,
      body: { fileId: '00000000-0000-4000-8000-000000000099', matchesOriginal: true },
    });
    assert.equal(none.statusCode, 422, none.body);
    assert.equal(none.json().code, 'scan_required');
    const notScan = await t.request({
      method: 'POST',
      url: url('digitisation'),
      token: tok.one_stop_officer,
      body: { fileId: other.json().id, matchesOriginal: true },
    });
    assert.equal(notScan.statusCode, 200, notScan.body); // a stored component file of this component may be confirmed
    // Reset: a second dossier for the scan flow proper.
    const d2 = (await intake([{ index: 0 }, { index: 1 }])).json();
    const url2 = (i: number, s: string) => `/api/v1/dossiers/${d2.id}/components/${i}/${s}`;
    const pages = [await png('trang 1'), await png('trang 2'), await png('trang 3')];
    const s = await t.request({
      method: 'POST',
      url: url2(0, 'scan'),
      token: tok.one_stop_officer,
      ...multipart(pages.map((p, i) => ({ name: `p${i}.png`, data: p, type: 'image/png' }))),
    });
    assert.equal(s.statusCode, 201, s.body);
    const scan = s.json();
    assert.equal(scan.pages, 3);
    assert.equal(scan.mimeType, 'application/pdf');
    assert.equal(scan.digitised, false, 'stored, not yet confirmed');
    // The stored PDF has three pages (checked by poppler's pdfinfo, not by our code).
    const file = await t.request({ method: 'GET', url: `/api/v1/dossiers/${d2.id}/files/${scan.fileId}`, token: tok.one_stop_officer });
    assert.equal(file.statusCode, 200);
    const dir = mkdtempSync(path.join(tmpdir(), 'scan-'));
    try {
      writeFileSync(path.join(dir, 's.pdf'), file.rawPayload);
      assert.match(execFileSync('pdfinfo', [path.join(dir, 's.pdf')]).toString(), /Pages:\s+3\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    let snap = (await loadSnapshots(t.database.db, [d2.id]))[0];
    assert.equal(snap.components[0].digitised, false);
    // Mixed or unknown content is refused.
    const mixed = await t.request({
      method: 'POST',
      url: url2(1, 'scan'),
      token: tok.one_stop_officer,
      ...multipart([
        { name: 'a.pdf', data: file.rawPayload, type: 'application/pdf' },
        { name: 'b.png', data: pages[0], type: 'image/png' },
      ]),
    });
    assert.equal(mixed.statusCode, 422, mixed.body);
    assert.equal(mixed.json().code, 'scan_mixed');
    const junk = await t.request({
      method: 'POST',
      url: url2(1, 'scan'),
      token: tok.one_stop_officer,
      ...multipart([{ name: 'a.txt', data: Buffer.from('hello'), type: 'text/plain' }]),
    });
    assert.equal(junk.statusCode, 422, junk.body);
    assert.equal(junk.json().code, 'file_type');
    // A scan of component 0 cannot be confirmed as component 1.
    const wrong = await t.request({
      method: 'POST',
      url: url2(1, 'digitisation'),
      token: tok.one_stop_officer,
      body: { fileId: scan.fileId, matchesOriginal: true },
    });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().code, 'scan_wrong_component');
    // The confirmation: who and when, audit, QĐ 766 feed.
    const c = await t.request({
      method: 'POST',
      url: url2(0, 'digitisation'),
      token: tok.one_stop_officer,
      body: { fileId: scan.fileId, matchesOriginal: true },
    });
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().digitised, true);
    const again = await t.request({
      method: 'POST',
      url: url2(0, 'digitisation'),
      token: tok.one_stop_officer,
      body: { fileId: scan.fileId, matchesOriginal: true },
    });
    assert.equal(again.statusCode, 409, again.body);
    const { rows: audit } = await sql<{
      actor_username: string;
      summary: { fileId: string };
    }>`SELECT actor_username, summary FROM audit_log WHERE action = 'dossier.component.digitised' AND entity_id = ${d2.id}`.execute(t.database.db);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].summary.fileId, scan.fileId);
    const { rows: fileRow } = await sql<{
      scan_confirmed_by: string | null;
      digitised: boolean;
    }>`SELECT scan_confirmed_by, digitised FROM dossier_file WHERE id = ${scan.fileId}`.execute(t.database.db);
    assert.ok(fileRow[0].scan_confirmed_by);
    assert.equal(fileRow[0].digitised, true);
    const { rows: ob } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'quality.dossier_changed' AND payload->>'dossierId' = ${d2.id} AND payload->>'action' = 'component_digitised'`.execute(
      t.database.db,
    );
    assert.equal(Number(ob[0].n), 1);
    snap = (await loadSnapshots(t.database.db, [d2.id]))[0];
    assert.equal(snap.components[0].digitised, true);
    assert.equal(historyFromSnapshot(snap).allDigitised, false, 'component 1 is not digitised yet');
    // Scan and confirm in one step (the counter's quick path), here from a PDF kept as uploaded.
    const one = await t.request({
      method: 'POST',
      url: `${url2(1, 'scan')}?matchesOriginal=true`,
      token: tok.one_stop_officer,
      ...multipart([{ name: 'giay-to.pdf', data: file.rawPayload, type: 'application/pdf' }]),
    });
    assert.equal(one.statusCode, 201, one.body);
    assert.equal(one.json().pages, null);
    assert.equal(one.json().digitised, true);
    snap = (await loadSnapshots(t.database.db, [d2.id]))[0];
    assert.equal(historyFromSnapshot(snap).allDigitised, true, 'every component has a confirmed scan: counts for 4.2');
    await t.deps.outbox.drain();
    const view = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${d2.id}`, token: tok.one_stop_officer })).json();
    assert.deepEqual(
      view.components.map((x: { digitised: boolean }) => x.digitised),
      [true, true],
    );
  });

  test('access: a citizen cannot scan; another dossier id is 404', async () => {
    const d = (await intake([{ index: 0 }])).json();
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${d.id}/components/0/scan`,
      token: tok.citizen,
      ...multipart([{ name: 'a.png', data: await png('x'), type: 'image/png' }]),
    });
    assert.equal(r.statusCode, 403);
    const n = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/00000000-0000-4000-8000-000000000099/components/0/digitisation`,
      token: tok.one_stop_officer,
      body: { fileId: '00000000-0000-4000-8000-000000000099', matchesOriginal: true },
    });
    assert.equal(n.statusCode, 404);
  });
});
