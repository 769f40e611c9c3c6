/**
 * Issue 20 "Money": a procedure's fee lines are alternatives, never summed; the amount is fixed once,
 * when the fee is requested, and is the same on the dossier, the citizen's to-do list, the gateway
 * and the e-receipt.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
const tok: Record<string, string> = {};
let centreId = '';
const NORMAL = 'Phí cung cấp thông tin lý lịch tư pháp';

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  return t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
}
const dossier = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();

/** An online "Cấp Phiếu lý lịch tư pháp" dossier, received and forwarded; `groups` as declared in the draft. */
async function onlineDossier(groups: string[] | null): Promise<string> {
  const d = (
    await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '2.000488', receivingAgencyId: centreId } })
  ).json();
  const patch = await t.request({
    method: 'PATCH',
    url: `/api/v1/citizens/me/drafts/${d.id}`,
    token: tok.citizen,
    body: {
      version: d.version,
      formData: { ...d.formData, noiDungDeNghi: 'Cấp Phiếu lý lịch tư pháp số 1', hinhThucNhanKetQua: 'Nhận bản điện tử' },
      ...(groups ? { applicantGroups: groups } : {}),
    },
  });
  assert.equal(patch.statusCode, 200, patch.body);
  assert.deepEqual(patch.json().applicantGroups, groups ?? []);
  const s = await t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${d.id}/submit`, token: tok.citizen });
  assert.equal(s.statusCode, 201, s.body);
  const id = s.json().dossier.id;
  assert.equal((await act(id, tok.one_stop_officer, { type: 'receive' })).statusCode, 200);
  assert.equal((await act(id, tok.one_stop_officer, { type: 'forward' })).statusCode, 200);
  return id;
}

before(async () => {
  t = await startTestApp();
  for (const r of ['one_stop_officer', 'specialist', 'citizen', 'admin']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
});
after(async () => t.close());

describe('fees: alternatives chosen, never summed; one amount everywhere', () => {
  test('the quote for the review step: the normal rate, or the reduced one for a declared group — never both', async () => {
    const q = (await t.request({ method: 'GET', url: '/api/v1/payments/fees/2.000488?caseKey=chuan' })).json();
    assert.deepEqual(
      q.online.lines.map((l: { name: string }) => l.name),
      [NORMAL],
    );
    assert.equal(q.online.gross, 200000);
    assert.equal(q.online.total, 100000, '200 000 đ less the demo 50% online reduction');
    assert.deepEqual(
      q.groups.map((g: { key: string }) => g.key),
      ['student', 'meritorious', 'martyr_relative'],
    );
    const s = (await t.request({ method: 'GET', url: '/api/v1/payments/fees/2.000488?caseKey=chuan&groups=student' })).json();
    assert.equal(s.online.gross, 100000);
    assert.equal(s.online.total, 50000);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/payments/fees/2.000488?groups=DROP%20TABLE' })).statusCode, 400);
  });

  test('default fee request → 200 000 đ, 100 000 đ online; the same on the dossier, the to-do list, the gateway and the e-receipt', async () => {
    const id = await onlineDossier(null);
    const before = await dossier(id);
    assert.deepEqual(before.fees.suggested, [0], 'the dialog preselects the normal rate only');
    const r = await act(id, tok.specialist, { type: 'request_payment' });
    assert.equal(r.statusCode, 200, r.body);
    const d = await dossier(id);
    const req = d.payments[0];
    assert.deepEqual(req.items, [{ name: NORMAL, amount: 200000, reductionPercent: 50, due: 100000 }]);
    const todo = (await t.request({ method: 'GET', url: '/api/v1/citizens/me/todo', token: tok.citizen })).json();
    const row = todo.toPay.find((x: { id: string }) => x.id === id);
    assert.equal(row.total, 100000);
    const p = await t.request({ method: 'POST', url: '/api/v1/payments', token: tok.citizen, body: { dossierId: id } });
    assert.equal(p.statusCode, 201, p.body);
    assert.equal(p.json().amount, 100000);
    assert.equal(p.json().grossAmount, 200000);
    const order = (await t.request({ method: 'GET', url: `/api/v1/sandbox/payment-gateway/orders/${p.json().orderRef}`, token: tok.citizen })).json();
    assert.equal(order.amount, 100000, 'the gateway charges the amount every screen shows');
    const done = await t.request({
      method: 'POST',
      url: `/api/v1/sandbox/payment-gateway/orders/${p.json().orderRef}/complete`,
      token: tok.citizen,
      body: { outcome: 'success' },
    });
    assert.equal(done.statusCode, 200, done.body);
    // The seller's tax code is the collecting agency's, entered by an administrator (issue 23).
    const { rows } = await sql<{ id: string }>`SELECT collecting_agency_id AS id FROM payment WHERE id = ${p.json().id}`.execute(t.database.db);
    const agency = (await t.request({ method: 'GET', url: `/api/v1/agencies/${rows[0].id}`, token: tok.admin })).json();
    const bad = await t.request({
      method: 'PATCH',
      url: `/api/v1/agencies/${rows[0].id}`,
      token: tok.admin,
      body: { taxCode: '28012', version: agency.version },
    });
    assert.equal(bad.statusCode, 400, 'a tax code is 10 digits (or 10-3)');
    const set = await t.request({
      method: 'PATCH',
      url: `/api/v1/agencies/${rows[0].id}`,
      token: tok.admin,
      body: { taxCode: '2801234567', version: agency.version },
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().taxCode, '2801234567');
    const pdf = await t.request({ method: 'GET', url: `/api/v1/payments/${p.json().id}/receipt`, token: tok.citizen });
    assert.equal(pdf.statusCode, 200);
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      const fonts = execFileSync('pdffonts', [join(dir, 'r.pdf')], { encoding: 'utf8' });
      const faces = fonts.split('\n').slice(2).filter(Boolean);
      assert.ok(
        faces.length >= 2 && faces.every((l) => /\+LiberationSerif(-Bold|-Italic)?\s/.test(l) && /\byes\s+yes\s+yes\b/.test(l)),
        `every font is an embedded Liberation Serif subset:\n${fonts}`,
      );
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
      assert.match(text, /Mã số thuế: 2801234567/);
      const code = /Mã kiểm tra biên lai: ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(text)?.[1];
      assert.ok(code, text);
      const receipt = (await t.request({ method: 'GET', url: `/api/v1/payments/${p.json().id}`, token: tok.citizen })).json().receipt as {
        series: string;
        number: string;
      };
      const verify = (q: Record<string, string>) => t.request({ method: 'GET', url: `/api/v1/payments/receipts/verify?${new URLSearchParams(q).toString()}` });
      const ok = await verify({ ...receipt, code });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().valid, ok.json().amount, ok.json().sellerTaxCode, ok.json().dossierCode], [true, 100000, '2801234567', p.json().dossierCode]);
      assert.ok(!ok.body.includes(p.json().payerName), 'no personal data in the public check');
      assert.equal((await verify({ ...receipt, code: code.replace(/-/g, '').toLowerCase() })).statusCode, 200, 'the code without dashes, any case');
      const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
      assert.equal((await verify({ ...receipt, code: wrong })).statusCode, 404);
      assert.equal((await verify({ ...receipt, number: '9999999', code })).statusCode, 404);
      assert.equal((await verify({ ...receipt, code: 'không-phải-mã' })).statusCode, 400);
      // The QR holds the verification address (zbarimg is not needed: the address is printed too).
      assert.match(text.replace(/\s+/g, ''), /\/api\/v1\/payments\/receipts\/verify/);
      assert.match(text, /Tổng số tiền: 100\.000 đồng/);
      assert.equal(text.split(NORMAL).length - 1, 1, 'one fee line on the receipt');
      assert.doesNotMatch(text, /sinh viên/, 'the reduced-rate alternative is not billed');
      assert.doesNotMatch(text, /300\.000|150\.000/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a student declared in the submission → the reduced rate is requested by default', async () => {
    const id = await onlineDossier(['student']);
    const d0 = await dossier(id);
    assert.deepEqual(d0.applicantGroups, ['student']);
    assert.equal((await act(id, tok.specialist, { type: 'request_payment' })).statusCode, 200);
    const d = await dossier(id);
    assert.equal(d.payments[0].items.length, 1);
    assert.equal(d.payments[0].items[0].amount, 100000);
    assert.equal(d.payments[0].items[0].due, 50000);
  });

  test('an explicit choice by the specialist is priced the same way', async () => {
    const id = await onlineDossier(null);
    const r = await act(id, tok.specialist, {
      type: 'request_payment',
      items: [{ name: `${NORMAL} (sinh viên, người có công, thân nhân liệt sĩ)`, amount: 100000 }],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await dossier(id)).payments[0].items[0].due, 50000);
  });

  test('a counter dossier gets no online reduction: 200 000 đ', async () => {
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        channel: 'counter',
        applicant: { kind: 'citizen', name: 'Lê Văn Cường', idNumber: '038090001234', phone: null, email: null, address: null },
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id;
    assert.equal((await act(id, tok.one_stop_officer, { type: 'forward' })).statusCode, 200);
    assert.equal((await act(id, tok.specialist, { type: 'request_payment' })).statusCode, 200);
    assert.deepEqual((await dossier(id)).payments[0].items, [{ name: NORMAL, amount: 200000, reductionPercent: 0, due: 200000 }]);
  });

  test('bad input: an unknown applicant group is refused and changes nothing', async () => {
    const d = (
      await t.request({
        method: 'POST',
        url: '/api/v1/citizens/me/drafts',
        token: tok.citizen,
        body: { procedureCode: '2.000488', receivingAgencyId: centreId },
      })
    ).json();
    const r = await t.request({
      method: 'PATCH',
      url: `/api/v1/citizens/me/drafts/${d.id}`,
      token: tok.citizen,
      body: { version: d.version, applicantGroups: ['vip'] },
    });
    assert.equal(r.statusCode, 400);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
    const again = (await t.request({ method: 'GET', url: `/api/v1/citizens/me/drafts/${d.id}`, token: tok.citizen })).json();
    assert.equal(again.version, d.version);
    const c = await t.request({
      method: 'POST',
      url: '/api/v1/dossiers',
      token: tok.one_stop_officer,
      body: {
        procedureCode: '2.000488',
        channel: 'counter',
        applicantGroups: ['vip'],
        applicant: { kind: 'citizen', name: 'Lê Văn Cường', idNumber: '038090001234', phone: null, email: null, address: null },
      },
    });
    assert.equal(c.statusCode, 400);
  });
});
