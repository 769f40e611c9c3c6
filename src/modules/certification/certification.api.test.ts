/**
 * Issue 19 §4 over HTTP (both engines): certified electronic copies from originals at the counter —
 * register number per agency and year (concurrent requests: distinct consecutive numbers), fee of
 * the table in force, the agency's seal signature (checked by poppler's pdfsig), the copy in the
 * requester's warehouse marked certified, the public check by QR, isCertified, refusals.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { qrcode } from '../../platform/doclibs.js';
import { sha256 } from '../../platform/files.js';
import { isCertified, agenciesProvidingCertifiedCopies } from './certification.public.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
let dir: string;
const tok: Record<string, string> = {};
let citizenPid = '';

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'citizen', 'specialist', 'admin']) tok[r] = await t.login(r);
  const me = (await t.request({ method: 'GET', url: '/api/v1/citizens/me', token: tok.citizen })).json();
  citizenPid = me.personalId ?? me.profile?.personalId;
  assert.match(citizenPid, /^\d{12}$/);
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-cert-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const png = (text: string) => qrcode().toBuffer(text, { type: 'png', width: 240 });
const certify = async (pages: Buffer[], fields: Record<string, string>, token = tok.one_stop_officer) =>
  t.request({
    method: 'POST',
    url: '/api/v1/certifications',
    token,
    ...multipart(
      pages.map((data, i) => ({ name: `p${i}.png`, data, type: 'image/png' })),
      fields,
    ),
  });
const base = (extra: Record<string, string> = {}) => ({
  documentTitle: 'Bằng tốt nghiệp trung học phổ thông',
  requesterName: 'Lê Văn An',
  requesterIdNumber: citizenPid,
  comparedWithOriginal: 'true',
  ...extra,
});

describe('certified electronic copies at the counter', () => {
  test('scan → number → fee → seal signature (pdfsig) → warehouse → public check', async () => {
    const r = await certify([await png('trang 1'), await png('trang 2'), await png('trang 3')], base({ copies: '2' }));
    assert.equal(r.statusCode, 201, r.body);
    const c = r.json();
    assert.equal(c.pages, 3);
    assert.equal(c.feeVnd, 2 * (2000 + 2000 + 1000), 'Thông tư 226/2016: 2.000 đ for each of the first two pages, 1.000 đ from the third, per copy');
    assert.match(c.feeBasis, /226\/2016\/TT-BTC/);
    assert.match(c.registerLabel, /^Số chứng thực: \d+, Quyển số: 01\/\d{4}-SCT\/BS$/);
    assert.match(c.signatureVerdict, /^Ký số hợp lệ/);
    assert.equal(c.inWarehouse, true, 'the demo citizen holds a verified account with this personal ID');
    // The signed copy, checked by a tool that is not ours.
    const f = await t.request({ method: 'GET', url: `/api/v1/certifications/${c.id}/file`, token: tok.one_stop_officer });
    assert.equal(f.statusCode, 200);
    assert.equal(sha256(f.rawPayload), c.sha256);
    const file = path.join(dir, 'copy.pdf');
    writeFileSync(file, f.rawPayload);
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    assert.match(sig.stdout, /Signature Validation: Signature is Valid/, sig.stdout + sig.stderr);
    assert.match(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout, /Pages:\s+4\b/, 'three pages and the certifying statement');
    // The warehouse item is marked certified and carries the certification record.
    const { rows } = await sql<{
      certified: boolean;
      data: { certification: { id: string } };
      sha256: string;
    }>`SELECT certified, data, sha256 FROM warehouse_item WHERE source = 'certified_copy' AND sha256 = ${c.sha256}`.execute(t.database.db);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].certified, true);
    assert.equal(rows[0].data.certification.id, c.id);
    // The public check (QR) shows no personal data.
    assert.match(c.verificationUrl, new RegExp(`/chung-thuc/${c.id}$`));
    const pub = await t.request({ method: 'GET', url: `/api/v1/public/certified-copies/${c.id}` });
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.json().valid, true);
    assert.equal(pub.json().sha256, c.sha256);
    assert.ok(!pub.body.includes('Lê Văn An') && !pub.body.includes(citizenPid), 'no personal data on the public check');
    const unknown = await t.request({ method: 'GET', url: `/api/v1/public/certified-copies/00000000-0000-4000-8000-000000000099` });
    assert.equal(unknown.json().valid, false);
    // The warehouse (or anyone in the code) can ask by hash; 4.x sees the agency.
    assert.equal((await isCertified(t.database.db, c.sha256))?.id, c.id);
    assert.equal(await isCertified(t.database.db, sha256('other')), null);
    const agencies = await agenciesProvidingCertifiedCopies(t.database.db, new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    assert.ok(agencies.has(c.agencyId));
    // Audit row in the same transaction.
    const { rows: audit } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'certification.certified' AND entity_id = ${c.id}`.execute(t.database.db);
    assert.equal(Number(audit[0].n), 1);
  });

  test('concurrent certifications of one agency get consecutive, distinct numbers', async () => {
    const page = await png('p');
    const rs = await Promise.all([0, 1, 2, 3].map(() => certify([page], base())));
    for (const r of rs) assert.equal(r.statusCode, 201, r.body);
    const nos = rs.map((r) => r.json().registerNo as number).sort((a, b) => a - b);
    assert.equal(new Set(nos).size, 4);
    assert.equal(nos[3] - nos[0], 3, `consecutive: ${nos.join(',')}`);
    const book = (await t.request({ method: 'GET', url: '/api/v1/certifications', token: tok.one_stop_officer })).json();
    assert.ok(book.total >= 5);
    assert.equal(book.items[0].registerNo, nos[3], 'newest first');
  });

  test('refusals change nothing and consume no number', async () => {
    const before = (await t.request({ method: 'GET', url: '/api/v1/certifications', token: tok.one_stop_officer })).json();
    const page = await png('x');
    const cases: [Buffer[], Record<string, string>, number, string][] = [
      [[page], base({ comparedWithOriginal: 'false' }), 422, 'comparison_required'],
      [[Buffer.from('%PDF-1.4 not an image')], base(), 422, 'file_type'],
      [[], base(), 400, 'file_required'],
      [[page], base({ requesterIdNumber: '123' }), 400, 'validation_failed'],
      [[page], base({ surprise: 'x' }), 400, 'validation_failed'],
      [[page], base({ copies: '0' }), 400, 'validation_failed'],
    ];
    for (const [pages, fields, status, code] of cases) {
      const r = await certify(pages, fields);
      assert.equal(r.statusCode, status, `${code}: ${r.body}`);
      assert.equal(r.json().code, code);
    }
    const after = (await t.request({ method: 'GET', url: '/api/v1/certifications', token: tok.one_stop_officer })).json();
    assert.equal(after.total, before.total);
    const next = await certify([page], base());
    assert.equal(next.json().registerNo, before.items[0].registerNo + 1, 'no gap after refusals');
  });

  test('QĐ 766 4.x: a commune that certified an electronic copy in the period counts as providing the service', async () => {
    const commune = (await t.request({ method: 'GET', url: '/api/v1/agencies?kind=commune_service_centre&current=true' })).json().items[0];
    const u = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: tok.admin,
      body: { username: 'ct.xa', fullName: 'Đỗ Thị Chứng', password: 'matkhau123', agencyId: commune.id, roles: ['one_stop_officer'] },
    });
    assert.equal(u.statusCode, 201, u.body);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const x = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=${today}&to=${today}` }))
        .json()
        .indicators.find((i: { code: string }) => i.code === 'ELECTRONIC_CERTIFIED_COPY');
    const before = await x();
    assert.ok(before.denominator >= 1, 'the province manages communes');
    const r = await certify([await png('x')], base(), await t.login('ct.xa', 'matkhau123'));
    assert.equal(r.statusCode, 201, r.body);
    const after = await x();
    assert.equal(after.numerator, before.numerator + 1);
    assert.equal(after.denominator, before.denominator);
    assert.notEqual(after.status, 'no_data');
    const own = (await t.request({ method: 'GET', url: `/api/v1/quality/indicators?from=${today}&to=${today}&agency=${commune.id}` }))
      .json()
      .indicators.find((i: { code: string }) => i.code === 'ELECTRONIC_CERTIFIED_COPY');
    assert.deepEqual([own.numerator, own.denominator, own.points], [1, 1, 2]);
  });

  test('access: only a one-stop officer certifies; the public check needs no account', async () => {
    assert.equal((await certify([await png('x')], base(), tok.citizen)).statusCode, 403);
    assert.equal((await certify([await png('x')], base(), tok.specialist)).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/certifications', token: tok.citizen })).statusCode, 403);
  });
});
