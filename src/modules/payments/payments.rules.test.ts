import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dueLines, judgeCallback, policyFor, signCallback, signatureValid, vndInWords, type CallbackFields } from './payments.rules.js';

const now = new Date('2026-03-02T03:00:00Z');
const cb: CallbackFields = { orderRef: 'MC1', txnId: 'T1', amount: 100000, status: 'success', paidAt: now.toISOString(), ts: now.toISOString() };
const pending = { status: 'pending' as const, amount: 100000, gatewayTxnId: null };

describe('amounts due online', () => {
  test('catalogue reduction wins over the policy; names compared Unicode-insensitively', () => {
    const l = dueLines(
      [
        { name: 'Lệ phí A', amount: 200000 },
        { name: 'Phí B', amount: 8000 },
      ],
      [{ name: 'Le\u0302\u0323 phí A', amountVnd: 200000, onlineReductionPercent: 20 }],
      50,
    );
    assert.deepEqual(
      l.map((x) => [x.reductionPercent, x.due]),
      [
        [20, 160000],
        [50, 4000],
      ],
    );
    assert.deepEqual(dueLines([{ name: 'X', amount: 3 }], [], 50)[0].due, 1, "the reduction is rounded up, in the payer's favour");
  });
  test('due is never negative nor above the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 100, noNaN: true }), (amount, pct) => {
        const d = dueLines([{ name: 'x', amount }], [], pct)[0].due;
        return Number.isInteger(d) && d >= 0 && d <= amount;
      }),
    );
  });
  test('policy: the procedure-specific one over the general one, in force on the day', () => {
    const ps = [
      { procedureCode: null, reductionPercent: 10, validFrom: '2025-01-01', validTo: null },
      { procedureCode: '2.000488', reductionPercent: 50, validFrom: '2025-07-01', validTo: '2025-12-31' },
    ];
    assert.equal(policyFor(ps, '2.000488', '2025-08-01'), 50);
    assert.equal(policyFor(ps, '2.000488', '2026-01-01'), 10);
    assert.equal(policyFor(ps, '1.001193', '2024-01-01'), null);
  });
});

describe('callbacks', () => {
  test('signature covers every field', () => {
    const sig = signCallback(cb, 's3cret');
    assert.ok(signatureValid(cb, sig, 's3cret'));
    for (const k of Object.keys(cb) as (keyof CallbackFields)[])
      assert.ok(!signatureValid({ ...cb, [k]: k === 'amount' ? 1 : 'x' } as CallbackFields, sig, 's3cret'), k);
    assert.ok(!signatureValid(cb, 'zz', 's3cret'));
  });
  test('verdicts', () => {
    const j = (c: Partial<CallbackFields>, f: Partial<Parameters<typeof judgeCallback>[1]> = {}) =>
      judgeCallback({ ...cb, ...c }, { signatureOk: true, now, payment: pending, txnSeen: false, ...f });
    assert.deepEqual(j({}), { ok: true, effect: 'paid' });
    assert.equal((j({}, { signatureOk: false }) as { code: string }).code, 'invalid_signature');
    assert.equal((j({ ts: '2026-03-02T02:40:00Z' }) as { code: string }).code, 'callback_expired');
    assert.equal((j({}, { payment: null }) as { code: string }).code, 'unknown_order');
    assert.equal((j({}, { txnSeen: true }) as { code: string }).code, 'callback_replayed');
    assert.equal((j({ amount: 99999 }) as { code: string }).code, 'amount_mismatch');
    assert.equal((j({}, { payment: { ...pending, status: 'paid', gatewayTxnId: 'T0' } }) as { code: string }).code, 'already_paid');
    assert.deepEqual(j({}, { payment: { ...pending, status: 'expired' } }), { ok: true, effect: 'late_paid' });
    assert.deepEqual(j({ status: 'failed' }), { ok: true, effect: 'failed' });
  });
  test('amount in words', () => {
    assert.equal(vndInWords(100000), 'Một trăm nghìn đồng');
    assert.equal(vndInWords(250000), 'Hai trăm năm mươi nghìn đồng');
    assert.equal(vndInWords(1005000), 'Một triệu không trăm lẻ năm nghìn đồng');
    assert.equal(vndInWords(21), 'Hai mươi mốt đồng');
    assert.equal(vndInWords(15), 'Mười lăm đồng');
  });
});
