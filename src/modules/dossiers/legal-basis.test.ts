import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cite, frameworkOn, lawDayOf, vnDay } from './legal-basis.js';

test('the decree in force by the day the dossier was received', () => {
  const cases: [string, string][] = [
    ['2019-03-01', 'Nghị định 61/2018/NĐ-CP'],
    ['2021-12-05', 'Nghị định 61/2018/NĐ-CP'],
    ['2021-12-06', 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)'],
    ['2025-06-30', 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)'],
    ['2025-07-01', 'Nghị định 118/2025/NĐ-CP'],
    ['2026-12-07', 'Nghị định 118/2025/NĐ-CP'],
  ];
  for (const [day, decree] of cases) assert.equal(frameworkOn(day).decree, decree, day);
});

test('citations: an article where it is known, the decree alone otherwise', () => {
  assert.equal(cite('supplement_once', '2025-06-30'), 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP) Điều 19 khoản 4');
  assert.equal(cite('supplement_once', '2025-07-01'), 'Nghị định 118/2025/NĐ-CP');
  assert.equal(cite('withdraw', '2025-07-01'), 'Nghị định 118/2025/NĐ-CP Điều 21');
  assert.equal(cite('apology', '2020-01-01'), 'Nghị định 61/2018/NĐ-CP Điều 19 khoản 9');
});

test("a dossier's law day: receipt (Vietnam date), else submission, else the law in force now", () => {
  // 30/06/2025 23:30 in Vietnam is 1/7 by UTC's clock minus 7 hours: still 30/06 in Vietnam.
  assert.equal(vnDay('2025-06-30T16:30:00.000Z'), '2025-06-30');
  assert.equal(vnDay('2025-06-30T17:30:00.000Z'), '2025-07-01');
  assert.equal(lawDayOf({ receivedAt: '2025-06-30T09:00:00.000Z', submittedAt: '2025-06-20T09:00:00.000Z' }), '2025-06-30');
  assert.equal(lawDayOf({ receivedAt: null, submittedAt: '2025-06-20T09:00:00.000Z' }), '2025-06-20');
  assert.equal(frameworkOn(lawDayOf(null)).decree, 'Nghị định 118/2025/NĐ-CP');
});
