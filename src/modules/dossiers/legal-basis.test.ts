import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basisLine, cite, frameworkOn, lawDayOf, lawText, vnDay } from './legal-basis.js';
import { TRANSITIONS } from './dossiers.rules.js';
import { formSetFor } from './documents/forms.js';

const D61 = 'Nghị định 61/2018/NĐ-CP';
const D61_107 = 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)';
const D118 = 'Nghị định 118/2025/NĐ-CP';
const D118_367 = 'Nghị định 118/2025/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 367/2025/NĐ-CP)';

test('the decree and circular in force by the day the dossier was received', () => {
  const cases: [string, string, string][] = [
    ['2019-03-01', D61, 'Thông tư 01/2018/TT-VPCP'],
    ['2021-12-05', D61, 'Thông tư 01/2018/TT-VPCP'],
    ['2021-12-06', D61_107, 'Thông tư 01/2018/TT-VPCP'],
    ['2025-05-20', D61_107, 'Thông tư 01/2018/TT-VPCP'],
    ['2025-06-30', D61_107, 'Thông tư 01/2018/TT-VPCP'],
    ['2025-07-01', D118, 'Thông tư 03/2025/TT-VPCP'],
    ['2025-12-30', D118, 'Thông tư 03/2025/TT-VPCP'],
    ['2025-12-31', D118_367, 'Thông tư 03/2025/TT-VPCP'],
    ['2026-12-07', D118_367, 'Thông tư 03/2025/TT-VPCP'],
  ];
  for (const [day, decree, circular] of cases) {
    assert.equal(frameworkOn(day).decree, decree, day);
    assert.equal(frameworkOn(day).circular, circular, day);
  }
});

test('citations: an article where the research read it, the decree alone otherwise (never a guessed article)', () => {
  const cases: [Parameters<typeof cite>[0], string, string][] = [
    ['supplement_once', '2025-06-30', `${D61_107} Điều 19 khoản 4`],
    ['supplement_once', '2025-07-01', D118],
    ['apology', '2020-01-01', `${D61} Điều 19 khoản 9`],
    ['apology', '2026-03-01', D118_367],
    ['refusal_after_appraisal', '2025-05-20', `${D61_107} Điều 19`],
    ['refusal_after_appraisal', '2026-03-01', D118_367],
    ['receive_direct', '2025-05-20', `${D61_107} Điều 17 khoản 1`],
    ['receive_online', '2026-03-01', `${D118_367} Điều 17 khoản 2`],
    ['withdraw', '2025-07-01', `${D118} Điều 21`],
    ['fees', '2024-01-01', `${D61_107} Điều 22`],
    ['fees', '2026-01-01', `${D118_367} Điều 24`],
    ['forward', '2026-01-01', D118_367],
    ['return_result', '2025-06-01', `${D61_107} Điều 20`],
  ];
  for (const [p, day, text] of cases) assert.equal(cite(p, day), text, `${p} ${day}`);
  assert.equal(basisLine('withdraw', '2026-01-01'), `${D118_367} Điều 21; Thông tư 03/2025/TT-VPCP Điều 7`);
  assert.equal(basisLine('refusal_after_appraisal', '2025-05-20'), `${D61_107} Điều 19`);
});

test("the action log's law: short form of the decree in force, article, note, form and other references", () => {
  assert.equal(
    lawText({ provision: 'supplement_once', form: 'Mẫu 02' }, '2025-05-20'),
    'NĐ 61/2018 (sửa đổi bởi NĐ 107/2021) Điều 19 khoản 4; TT 01/2018 Mẫu 02',
  );
  assert.equal(lawText({ provision: 'supplement_once', form: 'Mẫu 02' }, '2026-03-01'), 'NĐ 118/2025 (sửa đổi bởi NĐ 367/2025); TT 03/2025 Mẫu 02');
  assert.equal(
    lawText({ provision: 'withdraw', note: 'chưa có kết quả giải quyết' }, '2025-08-01'),
    'NĐ 118/2025 Điều 21 (chưa có kết quả giải quyết); TT 03/2025 Điều 7',
  );
  assert.equal(lawText({ provision: 'result', also: 'QĐ 766 (kết thúc xử lý)' }, '2019-01-01'), 'NĐ 61/2018 Điều 19; QĐ 766 (kết thúc xử lý)');
});

test('between 01/07 and 14/09/2025 the 2025 decree applies with the 2018 forms (Thông tư 03/2025 was issued on 15/09/2025)', () => {
  const ref = { provision: 'supplement_once', form: 'Mẫu 02' } as const;
  assert.equal(lawText(ref, '2025-07-10', '2025-07-15'), 'NĐ 118/2025; TT 01/2018 Mẫu 02');
  assert.equal(lawText(ref, '2025-07-10', '2025-09-15'), 'NĐ 118/2025; TT 03/2025 Mẫu 02');
  assert.equal(lawText({ provision: 'withdraw' }, '2025-07-10', '2025-08-01'), 'NĐ 118/2025 Điều 21');
  assert.equal(basisLine('withdraw', '2025-07-10', '2025-08-01'), `${D118} Điều 21`);
  assert.equal(basisLine('withdraw', '2025-07-10', '2025-09-20'), `${D118} Điều 21; Thông tư 03/2025/TT-VPCP Điều 7`);
  // A dossier of 2018's decree keeps its circular whenever the action happens.
  assert.equal(lawText(ref, '2025-05-20', '2026-03-01'), 'NĐ 61/2018 (sửa đổi bởi NĐ 107/2021) Điều 19 khoản 4; TT 01/2018 Mẫu 02');
});

test('every transition cites the decree of the dossier it applies to, and only that one', () => {
  for (const r of TRANSITIONS) {
    const before = lawText(r.law, '2025-05-20');
    const after = lawText(r.law, '2026-03-01');
    assert.match(before, /^NĐ 61\/2018 \(sửa đổi bởi NĐ 107\/2021\)/, `${r.action}: ${before}`);
    assert.doesNotMatch(before, /118\/2025|03\/2025/, `${r.action}: ${before}`);
    assert.match(after, /^NĐ 118\/2025 \(sửa đổi bởi NĐ 367\/2025\)/, `${r.action}: ${after}`);
    assert.doesNotMatch(after, /61\/2018|01\/2018/, `${r.action}: ${after}`);
  }
});

test('the form set of a dossier: its circular for a dossier received before 1/7/2025; else the forms in force when issued', () => {
  const cases: [string, string, string][] = [
    ['2025-05-20', '2026-03-01T03:00:00Z', 'tt01_2018'],
    ['2025-07-10', '2025-08-01T03:00:00Z', 'tt01_2018'],
    ['2025-07-10', '2025-09-15T03:00:00Z', 'tt03_2025'],
    ['2026-03-01', '2026-03-01T03:00:00Z', 'tt03_2025'],
  ];
  for (const [lawDay, issuedAt, set] of cases) assert.equal(formSetFor(lawDay, issuedAt), set, `${lawDay} ${issuedAt}`);
});

test("a dossier's law day: receipt (Vietnam date), else submission, else the law in force now", () => {
  // 30/06/2025 23:30 in Vietnam is 1/7 by UTC's clock minus 7 hours: still 30/06 in Vietnam.
  assert.equal(vnDay('2025-06-30T16:30:00.000Z'), '2025-06-30');
  assert.equal(vnDay('2025-06-30T17:30:00.000Z'), '2025-07-01');
  assert.equal(lawDayOf({ receivedAt: '2025-06-30T09:00:00.000Z', submittedAt: '2025-06-20T09:00:00.000Z' }), '2025-06-30');
  assert.equal(lawDayOf({ receivedAt: null, submittedAt: '2025-06-20T09:00:00.000Z' }), '2025-06-20');
  assert.equal(frameworkOn(lawDayOf(null)).decree, D118_367);
});
