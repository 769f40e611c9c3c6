/**
 * Issue 19 over HTTP (both engines): POST /api/v1/signatures/verify; the approving leader signs the
 * result PDF at result_ready (sandbox signer, a per-user certificate from the local test CA); an
 * unsigned result cannot be returned electronically (422 result_not_signed); PDFs uploaded to a
 * dossier carry their verdict; a second signature keeps the first valid; documents the agency
 * issues are sealed; the public result check shows the verdict. pdfsig checks the signed result.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { sha256 } from '../../platform/files.js';
import { samplePdf as pdf } from './sample-pdf.testutil.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
let dir: string;
const tok: Record<string, string> = {};

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'admin']) tok[r] = await t.login(r);
  dir = mkdtempSync(join(tmpdir(), 'motcua-sigapi-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const fileForm = (name: string, data: Buffer, type = 'application/pdf') => multipart({ name, data, type });

function pdfsig(buf: Buffer): string {
  const f = join(dir, `${sha256(buf).slice(0, 12)}.pdf`);
  writeFileSync(f, buf);
  const r = spawnSync('pdfsig', [f], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

const applicant = {
  kind: 'citizen',
  name: 'Nguyễn Thị Hồng Đào',
  idNumber: '038190012345',
  phone: '0912345678',
  email: 'dao@example.vn',
  address: 'Phường Hạc Thành, Thanh Hóa',
};

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  return t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
}
async function ok(id: string, token: string, body: Record<string, unknown>) {
  const r = await act(id, token, body);
  assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
  return r.json();
}

/** A dossier received at the counter, forwarded to Sở Tư pháp, at the leader's step. */
async function atLeaderStep(): Promise<string> {
  const r = await t.request({
    method: 'POST',
    url: '/api/v1/dossiers',
    token: tok.one_stop_officer,
    body: { procedureCode: '2.000488', caseKey: 'chuan', channel: 'counter', applicant, components: [{ index: 0 }] },
  });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id as string;
  await ok(id, tok.one_stop_officer, { type: 'forward' });
  await ok(id, tok.specialist, { type: 'next_step' });
  return id;
}

async function upload(id: string, token: string, buf: Buffer, kind: string) {
  const m = fileForm('ket-qua.pdf', buf);
  return t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/files?kind=${kind}`, token, payload: m.payload, headers: m.headers });
}

async function download(id: string, fileId: string): Promise<Buffer> {
  const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/files/${fileId}`, token: tok.admin });
  assert.equal(r.statusCode, 200);
  return r.rawPayload;
}

describe('POST /api/v1/signatures/verify', () => {
  test('bad input is 400 and a PDF without signature says so (anonymous and staff)', async () => {
    const none = fileForm('a.pdf', await pdf('x'));
    const r = await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: none.payload, headers: none.headers });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { status: 'none', verdict: 'Tài liệu không có chữ ký số', signatures: [] });
    const staff = await t.request({
      method: 'POST',
      url: '/api/v1/signatures/verify',
      token: tok.one_stop_officer,
      payload: none.payload,
      headers: none.headers,
    });
    assert.equal(staff.statusCode, 200);
    const txt = fileForm('a.txt', Buffer.from('hello'), 'text/plain');
    const bad = await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: txt.payload, headers: txt.headers });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'file_type');
    const nofile = await t.request({ method: 'POST', url: '/api/v1/signatures/verify', body: {} });
    assert.equal(nofile.statusCode, 400);
    assert.equal(nofile.json().code, 'multipart_required');
  });
});

describe('signing in the approval step', () => {
  let signedId = '';
  let dossierId = '';

  test('the leader signs the result at result_ready; pdfsig and our verifier agree; it can be returned electronically', async () => {
    dossierId = await atLeaderStep();
    const up = await upload(dossierId, tok.specialist, await pdf('Phiếu lý lịch tư pháp số 1'), 'result');
    assert.equal(up.statusCode, 201, up.body);
    assert.deepEqual(up.json().signature, { status: 'none', verdict: 'Tài liệu không có chữ ký số' });
    const res = await ok(dossierId, tok.unit_leader, {
      type: 'result_ready',
      decisionNumber: '12/LLTP',
      signer: 'Phạm Quốc Hưng',
      signedOn: '2026-11-24',
      fileId: up.json().id,
    });
    signedId = res.result.fileId;
    assert.notEqual(signedId, up.json().id, 'the result is the signed copy');
    const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${dossierId}`, token: tok.one_stop_officer })).json();
    const f = d.files.find((x: { id: string }) => x.id === signedId);
    assert.equal(f.signature.status, 'valid');
    assert.match(f.signature.verdict, /^Ký số hợp lệ — Phạm Quốc Hưng \(demo\), Sở Tư pháp tỉnh Thanh Hóa, \d\d\/\d\d\/\d{4}$/);
    const signed = await download(dossierId, signedId);
    const out = pdfsig(signed);
    assert.match(out, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(out, /Signature Validation: Signature is Valid\./);
    // Audit row of the signature.
    const audit = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.result.sign' AND entity_id = ${dossierId}`.execute(
        t.database.db,
      )
    ).rows[0]!.n;
    assert.equal(audit, 1);
    // Public check of a result MotCua issued, by its hash.
    const pub = (await t.request({ method: 'GET', url: `/api/v1/public/results/${sha256(signed)}` })).json();
    assert.equal(pub.valid, true);
    assert.equal(pub.digitalSignature.status, 'valid');
    // The result's QR (placed before signing, inside the signed block) opens the public check by the
    // result's hash before its first signature; the answer is about the signed copy.
    const qrUrl = `${t.deps.config.publicBaseUrl.replace(/\/$/, '')}/tra-cuu?kq=${up.json().sha256}`;
    writeFileSync(join(dir, 'signed.pdf'), signed);
    assert.ok(
      spawnSync('pdftotext', [join(dir, 'signed.pdf'), '-'], { encoding: 'utf8' })
        .stdout.replace(/\s+/g, '')
        .includes(qrUrl),
      'the QR address is printed in the block',
    );
    const viaQr = (await t.request({ method: 'GET', url: `/api/v1/public/results/${up.json().sha256}` })).json();
    assert.equal(viaQr.valid, true);
    assert.equal(viaQr.sha256, sha256(signed));
    assert.equal(viaQr.digitalSignature.status, 'valid');
    assert.match(viaQr.digitalSignature.verdict, /^Ký số hợp lệ — Phạm Quốc Hưng/);
    const unknown = (await t.request({ method: 'GET', url: `/api/v1/public/results/${'0'.repeat(64)}` })).json();
    assert.equal(unknown.valid, false);
    // And the same file through the verify endpoint; one changed byte is invalid there and for pdfsig.
    const m = fileForm('kq.pdf', signed);
    const v = (await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: m.payload, headers: m.headers })).json();
    assert.equal(v.status, 'valid');
    assert.equal(v.signatures[0].organization, 'Sở Tư pháp tỉnh Thanh Hóa');
    const bad = Buffer.from(signed);
    const i = bad.indexOf('/MediaBox');
    bad[i + 12] = bad[i + 12] === 0x39 ? 0x38 : 0x39;
    const mb = fileForm('kq.pdf', bad);
    const vb = (await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: mb.payload, headers: mb.headers })).json();
    assert.equal(vb.status, 'problem');
    assert.equal(vb.verdict, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký');
    assert.match(pdfsig(bad), /Digest Mismatch/);
    const ret = await ok(dossierId, tok.one_stop_officer, { type: 'return_result', channel: 'electronic', receivedBy: 'dao@example.vn' });
    assert.equal(ret.status.code, 10);
  });

  test('an unsigned result cannot be returned electronically (422, nothing changes); at the counter it can', async () => {
    const id = await atLeaderStep();
    // A specialist's result_ready signs nothing (only the approving leader signs).
    const up = await upload(id, tok.specialist, await pdf('Kết quả chưa ký'), 'result');
    await ok(id, tok.specialist, { type: 'result_ready', decisionNumber: '13/LLTP', signer: 'Phạm Quốc Hưng', signedOn: '2026-11-24', fileId: up.json().id });
    const before = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
    const r = await act(id, tok.one_stop_officer, { type: 'return_result', channel: 'electronic', receivedBy: 'dao@example.vn' });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'result_not_signed');
    const after_ = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
    assert.equal(after_.version, before.version);
    assert.equal(after_.status.code, 9);
    assert.equal((await ok(id, tok.one_stop_officer, { type: 'return_result', channel: 'counter', receivedBy: 'Nguyễn Thị Hồng Đào' })).status.code, 10);
  });

  test('a result that is not a PDF cannot be signed: 422 and the dossier is unchanged', async () => {
    const id = await atLeaderStep();
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]);
    const m = fileForm('kq.png', png, 'image/png');
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/files?kind=result`,
      token: tok.specialist,
      payload: m.payload,
      headers: m.headers,
    });
    assert.equal(up.statusCode, 201, up.body);
    const r = await act(id, tok.unit_leader, {
      type: 'result_ready',
      decisionNumber: '14/LLTP',
      signer: 'Phạm Quốc Hưng',
      signedOn: '2026-11-24',
      fileId: up.json().id,
    });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'result_not_pdf');
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json().status.code, 4);
  });

  test('multi-level: a result already signed elsewhere keeps that signature when the leader signs', async () => {
    const first = await download(dossierId, signedId); // signed by Sở Tư pháp's leader above
    const id = await atLeaderStep();
    const up = await upload(id, tok.specialist, first, 'result');
    assert.equal(up.json().signature.status, 'valid', 'verified at upload');
    const res = await ok(id, tok.unit_leader, {
      type: 'result_ready',
      decisionNumber: '15/LLTP',
      signer: 'Phạm Quốc Hưng',
      signedOn: '2026-11-24',
      fileId: up.json().id,
    });
    const twice = await download(id, res.result.fileId);
    assert.ok(twice.subarray(0, first.length).equals(first), 'incremental update');
    const m = fileForm('kq.pdf', twice);
    const v = (await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: m.payload, headers: m.headers })).json();
    assert.deepEqual(
      v.signatures.map((s: { status: string }) => s.status),
      ['valid', 'valid'],
    );
    assert.equal(pdfsig(twice).match(/Signature is Valid\./g)?.length, 2);
    // One QR only (from the first signature), and it now leads to the copy signed at this level.
    assert.equal(twice.toString('latin1').match(/\/Subtype \/Widget \/FT \/Sig/g)?.length, 2);
    const firstUpload = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${dossierId}`, token: tok.admin }))
      .json()
      .files.find((f: { kind: string; id: string }) => f.kind === 'result' && f.id !== signedId);
    const viaQr = (await t.request({ method: 'GET', url: `/api/v1/public/results/${firstUpload.sha256}` })).json();
    assert.equal(viaQr.sha256, sha256(twice));
    assert.equal(viaQr.digitalSignature.verdict.endsWith('(2 chữ ký, tất cả hợp lệ)'), true, viaQr.digitalSignature.verdict);
  });

  test('documents the agency issues (the receipt) carry the agency seal signature', async () => {
    const id = await atLeaderStep();
    const r = await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}/documents/receipt`, token: tok.one_stop_officer });
    assert.equal(r.statusCode, 200);
    const m = fileForm('receipt.pdf', r.rawPayload);
    const v = (await t.request({ method: 'POST', url: '/api/v1/signatures/verify', payload: m.payload, headers: m.headers })).json();
    assert.equal(v.status, 'valid', JSON.stringify(v));
    assert.match(v.signatures[0].organization, /Trung tâm Phục vụ hành chính công/);
    assert.match(pdfsig(r.rawPayload), /Signature is Valid\./);
  });

  test('access: a citizen cannot upload a result; the verdict is visible to staff of the dossier', async () => {
    const id = await atLeaderStep();
    const r = await upload(id, tok.citizen, await pdf('x'), 'result');
    assert.ok([403, 404].includes(r.statusCode), r.body);
  });
});
