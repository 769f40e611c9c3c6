import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  documentsForComponent,
  dueForReminder,
  isDeclarationForm,
  paperKind,
  keptPrefilled,
  missingComponents,
  onceOnlyStats,
  personalIdProblem,
  prefillForm,
  ratingProblem,
  reuseConsentRequired,
  taxCodeProblem,
  validateForm,
  type FormFieldDef,
  type PrefillData,
} from './citizens.rules.js';

const data: PrefillData = {
  profile: {
    subjectKind: 'citizen',
    fullName: 'Lê Văn An',
    personalId: '038090001234',
    dateOfBirth: '1990-05-12',
    gender: 'nam',
    residence: 'Hạc Thành',
    taxCode: null,
    businessName: null,
    email: null,
    phone: '0912000111',
  },
  population: { personalId: '038090001234', dateOfBirth: '1990-05-12', residence: 'Số 12 Lê Lợi' },
  business: null,
  results: [{ id: 'r1', procedureCode: '1.013225', docType: null, title: 'Giấy phép xây dựng', data: { permitNumber: '15/GPXD' } }],
};
const f = (key: string, prefill: FormFieldDef['prefill'], type: FormFieldDef['type'] = 'string'): FormFieldDef => ({
  key,
  label: key,
  type,
  required: true,
  prefill,
  options: type === 'select' ? ['A', 'B'] : null,
});

describe('identity numbers', () => {
  test('personal ID: 12 digits, century/sex digit and year agree with the date of birth', () => {
    assert.equal(personalIdProblem('038090001234', '1990-05-12', 'nam'), null);
    assert.equal(personalIdProblem('038195004321', '1995-08-20', 'nu'), null);
    assert.equal(personalIdProblem('038203001122', '2003-02-14'), null);
    assert.match(personalIdProblem('38090001234')!, /12 chữ số/);
    assert.match(personalIdProblem('038090001234', '2090-05-12')!, /năm sinh/);
    assert.match(personalIdProblem('038090001234', '1991-05-12')!, /năm sinh/);
    assert.match(personalIdProblem('038090001234', null, 'nu')!, /giới tính/);
  });
  test('tax code: check digit, 13-digit branch form', () => {
    assert.equal(taxCodeProblem('0100109106'), null);
    assert.equal(taxCodeProblem('0100109106-001'), null);
    assert.match(taxCodeProblem('0100109107')!, /kiểm tra/);
    assert.match(taxCodeProblem('0100109106-000')!, /001/);
    assert.match(taxCodeProblem('01001091')!, /10 chữ số/);
  });
});

describe('pre-fill and the once-only measure', () => {
  test('values come from the profile, the population data and earlier results; unknown refs stay empty', () => {
    const fields = [
      f('hoTen', { source: 'citizen_profile', ref: 'fullName' }),
      f('ngaySinh', { source: 'national_db', ref: 'population.dateOfBirth' }, 'date'),
      f('soGP', { source: 'previous_result', ref: '1.013225.permitNumber' }),
      f('thua', { source: 'national_db', ref: 'land.parcel' }),
      f('noiDung', null),
    ];
    const p = prefillForm(fields, data);
    assert.deepEqual(Object.keys(p).sort(), ['hoTen', 'ngaySinh', 'soGP']);
    assert.equal(p.soGP.itemId, 'r1');
    assert.equal(p.ngaySinh.from, 'CSDL quốc gia về dân cư');
    const s = onceOnlyStats(fields);
    assert.deepEqual(s, { fields: 5, prefillable: 3, toDeclare: 2, reductionPercent: 60 });
    assert.equal(keptPrefilled(p, { hoTen: 'Lê Văn An', ngaySinh: '1990-05-13', soGP: '15/GPXD' }), 2);
  });
  test('form validation: required, types, real dates, options, unknown keys', () => {
    const fields = [f('a', null), f('d', null, 'date'), f('n', null, 'integer'), f('s', null, 'select')];
    assert.deepEqual(validateForm(fields, {}, false), []);
    assert.equal(validateForm(fields, {}, true).length, 4);
    const e = validateForm(fields, { a: 'x', d: '2025-02-29', n: 1.5, s: 'C', z: 1 }, true)
      .map((x) => x.key)
      .sort();
    assert.deepEqual(e, ['d', 'n', 's', 'z']);
  });
  test('components: the e-form replaces the declaration form; data held replaces identity papers', () => {
    const comps = [
      { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', required: true, condition: null, replaceableByData: null },
      { name: 'Bản chụp giấy tờ tùy thân', required: true, condition: null, replaceableByData: 'population_db' },
      { name: 'Bản vẽ thiết kế', required: true, condition: null, replaceableByData: null },
      { name: 'Văn bản ủy quyền', required: true, condition: 'Khi ủy quyền', replaceableByData: null },
    ];
    assert.deepEqual(
      missingComponents(comps, 'x', new Set(), new Set(['population_db']), true).map((m) => m.index),
      [2],
    );
    assert.deepEqual(
      missingComponents(comps, 'x', new Set([2]), new Set(), false).map((m) => m.index),
      [0, 1],
    );
    assert.ok(isDeclarationForm('Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 1'));
    assert.ok(!isDeclarationForm('Bản chính giấy phép xây dựng đã được cấp'));
  });
});

describe('ratings and reminders', () => {
  test('ratings: overall required, 1–5, known criteria', () => {
    assert.equal(ratingProblem({ overall: 5, attitude: 1 }), null);
    assert.ok(ratingProblem({ attitude: 3 }));
    assert.ok(ratingProblem({ overall: 0 }));
    assert.ok(ratingProblem({ overall: 3, speed: 3 }));
  });
  test('expiry: within 30 days from today, month arithmetic clamps', () => {
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2025-11-15', 12), '2026-11-15');
    assert.ok(dueForReminder('2026-02-10', '2026-01-11'));
    assert.ok(!dueForReminder('2026-02-11', '2026-01-11'));
    assert.ok(!dueForReminder('2026-01-10', '2026-01-11'), 'already expired: not a renewal reminder');
    assert.ok(!dueForReminder(null, '2026-01-11'));
  });
});

test('paper kinds: the wizard offers identity papers for an identity component, never a building permit', () => {
  const table: [string, string | null][] = [
    ['Bản chụp giấy tờ tùy thân', 'identity'],
    ['Bản chụp Căn cước công dân', 'identity'],
    ['Hộ chiếu còn giá trị sử dụng', 'identity'],
    ['Bản chụp giấy tờ chứng minh nơi cư trú', 'residence'],
    ['Giấy phép xây dựng số 12/GPXD', 'building_permit'],
    ['Giấy chứng nhận quyền sử dụng đất', 'land'],
    ['Tờ khai đăng ký khai sinh', 'birth'],
    ['Phiếu lý lịch tư pháp số 1', 'criminal_record'],
    ['Văn bản ủy quyền', null],
  ];
  for (const [name, kind] of table) assert.equal(paperKind(name), kind, name);
  const docs = [
    { id: 'a', title: 'Bản chụp Căn cước công dân' },
    { id: 'b', title: 'Giấy phép xây dựng nhà ở riêng lẻ' },
    { id: 'c', title: 'Hộ chiếu phổ thông' },
  ];
  assert.deepEqual(
    documentsForComponent('Bản chụp giấy tờ tùy thân', docs).map((d) => d.id),
    ['a', 'c'],
  );
  assert.deepEqual(
    documentsForComponent('Bản sao giấy phép xây dựng đã được cấp', docs).map((d) => d.id),
    ['b'],
  );
  assert.deepEqual(
    documentsForComponent('Văn bản ủy quyền', docs).map((d) => d.id),
    ['a', 'b', 'c'],
    'a component of no known kind: everything is offered',
  );
});

test('re-use by staff: consent for papers the person holds, not for results the administration issued', () => {
  assert.equal(reuseConsentRequired('result'), false);
  assert.equal(reuseConsentRequired('component'), true);
  assert.equal(reuseConsentRequired('profile'), true);
});
