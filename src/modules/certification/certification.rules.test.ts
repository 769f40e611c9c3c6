import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificationFee, feeTableOn, registerLabel, vnYear, type FeeTable } from './certification.rules.js';

test('fee of Thông tư 226/2016/TT-BTC Điều 4: 2.000 đ/trang for two pages, 1.000 đ from the third, at most 200.000 đ a copy', () => {
  const cases: [pages: number, copies: number, fee: number][] = [
    [1, 1, 2000],
    [2, 1, 4000],
    [3, 1, 5000],
    [10, 1, 12000],
    [10, 3, 36000],
    [198, 1, 200_000], // 4.000 + 196.000 = 200.000
    [199, 1, 200_000], // capped
    [500, 2, 400_000],
  ];
  for (const [p, c, f] of cases) assert.equal(certificationFee(p, c), f, `${p} pages × ${c}`);
  assert.throws(() => certificationFee(0, 1), RangeError);
  assert.throws(() => certificationFee(2, 0), RangeError);
});

test('the table in force on a day', () => {
  const later: FeeTable = { from: '2027-01-01', source: 'x', firstPages: 2, perPageFirst: 3000, perPageAfter: 1500, maxPerCopy: 300_000 };
  const tables = [feeTableOn('2026-12-31'), later];
  assert.equal(feeTableOn('2026-12-31', tables).perPageFirst, 2000);
  assert.equal(feeTableOn('2027-01-01', tables).perPageFirst, 3000);
  assert.throws(() => feeTableOn('2016-01-01'));
});

test('register label and the Vietnamese year of the book', () => {
  assert.equal(registerLabel(12, 2026), 'Số chứng thực: 12, Quyển số: 01/2026-SCT/BS');
  assert.equal(vnYear(new Date('2026-12-31T17:30:00Z')), 2027, '00:30 on 1/1/2027 in Vietnam');
  assert.equal(vnYear(new Date('2026-12-31T16:59:59Z')), 2026);
});
