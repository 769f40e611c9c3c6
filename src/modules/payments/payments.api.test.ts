import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { signCallback, type CallbackFields } from './payments.rules.js';

let t: TestApp;
const tok: Record<string, string> = {};
let centreId = '';
let realNow: () => Date;

async function act(id: string, token: string, body: Record<string, unknown>) {
  const d = (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
  const r = await t.request({ method: 'POST', url: `/api/v1/dossiers/${id}/actions`, token, body: { version: d.version, ...body } });
  assert.equal(r.statusCode, 200, `${body.type}: ${r.body}`);
  return r.json();
}
const dossier = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/dossiers/${id}`, token: tok.admin })).json();
const payment = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/payments/${id}`, token: tok.citizen })).json();

/** An online dossier for 2.000488 waiting for its fee (status 6). */
async function waitingForFee(): Promise<string> {
  const d = (
    await t.request({ method: 'POST', url: '/api/v1/citizens/me/drafts', token: tok.citizen, body: { procedureCode: '2.000488', receivingAgencyId: centreId } })
  ).json();
  await t.request({
    method: 'PATCH',
    url: `/api/v1/citizens/me/drafts/${d.id}`,
    token: tok.citizen,
    body: { version: d.version, formData: { ...d.formData, noiDungDeNghi: 'Cấp Phiếu lý lịch tư pháp số 1', hinhThucNhanKetQua: 'Nhận bản điện tử' } },
  });
  const s = await t.request({ method: 'POST', url: `/api/v1/citizens/me/drafts/${d.id}/submit`, token: tok.citizen });
  assert.equal(s.statusCode, 201, s.body);
  const id = s.json().dossier.id;
  await act(id, tok.one_stop_officer, { type: 'receive' });
  await act(id, tok.one_stop_officer, { type: 'forward' });
  const r = await act(id, tok.specialist, { type: 'request_payment', items: [{ name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000 }] });
  assert.equal(r.status.code, 6);
  return id;
}

async function pay(dossierId: string) {
  const r = await t.request({ method: 'POST', url: '/api/v1/payments', token: tok.citizen, body: { dossierId } });
  assert.ok([200, 201].includes(r.statusCode), r.body);
  return r.json();
}

const callback = (url: string, c: CallbackFields, signature: string) => t.request({ method: 'POST', url, body: c, headers: { 'x-signature': signature } });

before(async () => {
  t = await startTestApp();
  realNow = t.deps.clock.now;
  for (const r of ['one_stop_officer', 'specialist', 'unit_leader', 'citizen', 'admin']) tok[r] = await t.login(r);
  centreId = (await t.request({ method: 'GET', url: `/api/v1/agencies?kind=provincial_service_centre&current=true` })).json().items[0].id;
  const reg = await t.request({
    method: 'POST',
    url: '/api/v1/citizens/register',
    body: {
      kind: 'citizen',
      password: 'matkhau-123',
      fullName: 'Phạm Thị Bình',
      personalId: '038195009876',
      dateOfBirth: '1995-03-04',
      residence: 'Phường Hàm Rồng, Thanh Hóa',
      phone: '0987654321',
      consentNoticeVersion: 1,
    },
  });
  assert.equal(reg.statusCode, 201);
  tok.citizen2 = await t.login('038195009876', 'matkhau-123');
});
after(async () => {
  t.deps.clock.now = realNow;
  await t.close();
});

describe('online payment through the sandbox gateway', () => {
  test('fees: the catalogue amount with the online reduction', async () => {
    const f = (await t.request({ method: 'GET', url: '/api/v1/payments/fees/2.000488' })).json();
    const line = f.online.lines.find((l: { amount: number }) => l.amount === 200000);
    assert.equal(line.reductionPercent, 50);
    assert.equal(line.due, 100000);
    assert.match(f.policy.basis, /DEMO/);
  });

  test('pay → signed callback → paid, receipt issued, the dossier resumes', async () => {
    const id = await waitingForFee();
    const p = await pay(id);
    assert.equal(p.status, 'pending');
    assert.equal(p.amount, 100000, 'the requested 200 000 đ less 50% for paying online');
    assert.equal((await pay(id)).id, p.id, 'a second request returns the open order');
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/payments', token: tok.citizen2, body: { dossierId: id } })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/payments/${p.id}`, token: tok.citizen2 })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/payments/${p.id}` })).statusCode, 401);
    const done = await t.request({
      method: 'POST',
      url: `/api/v1/sandbox/payment-gateway/orders/${p.orderRef}/complete`,
      token: tok.citizen,
      body: { outcome: 'success' },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().callback.status, 200, JSON.stringify(done.json()));
    const after = await payment(p.id);
    assert.equal(after.status, 'paid');
    assert.match(after.receipt.series, /^BL\d\dE$/);
    assert.ok(after.dossierResumedAt);
    const d = await dossier(id);
    assert.equal(d.status.code, 4, 'the dossier left "waiting for financial obligation"');
    assert.equal(d.payments[0].paidOnline, true);
    assert.equal(d.timeline.at(-1).actor, 'system:payment-gateway');
    const pdf = await t.request({ method: 'GET', url: `/api/v1/payments/${p.id}/receipt`, token: tok.citizen });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const rec = (await t.request({ method: 'GET', url: `/api/v1/payments/reconciliation?from=2000-01-01&to=2100-01-01`, token: tok.admin })).json();
    assert.ok(rec.items.some((r: { kind: string; orderRef: string }) => r.kind === 'matched' && r.orderRef === p.orderRef));
  });

  test('bad signature, replay, wrong amount and stale callbacks are rejected and change nothing', async () => {
    const id = await waitingForFee();
    const p = await pay(id);
    const key = (await sql<{ value: string }>`SELECT value FROM app_setting WHERE key = 'payments.sandbox_secret'`.execute(t.database.db)).rows[0].value;
    const now = new Date().toISOString();
    const good: CallbackFields = { orderRef: p.orderRef, txnId: 'SBXTEST0001', amount: p.amount, status: 'success', paidAt: now, ts: now };
    const url = '/api/v1/payments/callback/sandbox';
    const forged = await callback(url, good, signCallback(good, 'not-the-secret'));
    assert.equal(forged.statusCode, 400);
    assert.equal(forged.json().code, 'invalid_signature');
    const tampered = await callback(url, { ...good, amount: 1 }, signCallback(good, key));
    assert.equal(tampered.json().code, 'invalid_signature', 'the amount is covered by the signature');
    const cheap = { ...good, amount: 1000 };
    const wrongAmount = await callback(url, cheap, signCallback(cheap, key));
    assert.equal(wrongAmount.statusCode, 422);
    assert.equal(wrongAmount.json().code, 'amount_mismatch');
    const oldTs = new Date(Date.now() - 3600_000).toISOString();
    const stale = { ...good, ts: oldTs };
    const staleR = await callback(url, stale, signCallback(stale, key));
    assert.equal(staleR.statusCode, 400);
    assert.equal(staleR.json().code, 'callback_expired');
    const unknown = { ...good, orderRef: 'MCNOSUCHORDER' };
    assert.equal((await callback(url, unknown, signCallback(unknown, key))).statusCode, 404);
    // Nothing changed.
    let cur = await payment(p.id);
    assert.equal(cur.status, 'pending');
    assert.equal(cur.version, p.version);
    assert.equal((await dossier(id)).status.code, 6);
    // The genuine callback is accepted once; its replay is refused.
    const ok = await callback(url, good, signCallback(good, key));
    assert.equal(ok.statusCode, 200, ok.body);
    cur = await payment(p.id);
    assert.equal(cur.status, 'paid');
    const replay = await callback(url, good, signCallback(good, key));
    assert.equal(replay.statusCode, 409);
    assert.equal(replay.json().code, 'callback_replayed');
    const second = { ...good, txnId: 'SBXTEST0002' };
    const dup = await callback(url, second, signCallback(second, key));
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'already_paid');
    const final = await payment(p.id);
    assert.equal(final.version, cur.version, 'replays changed nothing');
    assert.equal(final.receipt.number, cur.receipt.number);
    const rec = (await t.request({ method: 'GET', url: `/api/v1/payments/reconciliation?from=2000-01-01&to=2100-01-01`, token: tok.admin })).json();
    const codes = rec.rejectedCallbacks.filter((r: { orderRef: string }) => r.orderRef === p.orderRef).map((r: { outcome: string }) => r.outcome);
    assert.ok(codes.includes('rejected:already_paid') && codes.includes('rejected:callback_replayed') && codes.includes('rejected:invalid_signature'));
    assert.equal((await t.request({ method: 'POST', url, body: { ...good, extra: 1 }, headers: { 'x-signature': 'x' } })).statusCode, 400);
  });

  test('failure and timeout paths: a failed payment can be retried; an unanswered one expires', async () => {
    const id = await waitingForFee();
    const p = await pay(id);
    const fail = await t.request({
      method: 'POST',
      url: `/api/v1/sandbox/payment-gateway/orders/${p.orderRef}/complete`,
      token: tok.citizen,
      body: { outcome: 'failure' },
    });
    assert.equal(fail.json().callback.status, 200);
    assert.equal((await payment(p.id)).status, 'failed');
    assert.equal((await dossier(id)).status.code, 6, 'still waiting for the fee');
    const p2 = await pay(id);
    assert.notEqual(p2.id, p.id, 'a new order after a failure');
    const timeout = await t.request({
      method: 'POST',
      url: `/api/v1/sandbox/payment-gateway/orders/${p2.orderRef}/complete`,
      token: tok.citizen,
      body: { outcome: 'timeout' },
    });
    assert.equal(timeout.json().callback, null, 'no callback at all');
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/payments/${p2.id}/refresh`, token: tok.citizen })).json().status, 'pending');
    t.deps.clock.now = () => new Date(Date.now() + 20 * 60_000);
    const r = await t.request({ method: 'POST', url: `/api/v1/payments/${p2.id}/refresh`, token: tok.citizen });
    t.deps.clock.now = realNow;
    assert.equal(r.json().status, 'expired');
    const late = await t.request({
      method: 'POST',
      url: `/api/v1/sandbox/payment-gateway/orders/${p2.orderRef}/complete`,
      token: tok.citizen,
      body: { outcome: 'success' },
    });
    assert.equal(late.json().callback, null, 'the gateway refuses to take money for an expired order');
    assert.equal((await dossier(id)).status.code, 6);
  });
});
