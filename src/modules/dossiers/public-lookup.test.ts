import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskName, publicLookupView } from './public-lookup.js';

describe('maskName', () => {
  const table: [string, string][] = [
    ['Nguyễn Thị Hồng Đào', 'Nguyễn T. H. Đào'],
    ['Lê Văn Tám', 'Lê V. Tám'],
    ['Trần An', 'Trần A.'],
    ['  Phạm   Minh  ', 'Phạm M.'],
    ['Bình', 'Bình'],
  ];
  for (const [name, want] of table) test(`"${name}"`, () => assert.equal(maskName(name), want));
});

describe('publicLookupView', () => {
  const detail = {
    procedureName: 'Cấp Phiếu lý lịch tư pháp',
    receivingAgency: null,
    applicantName: 'Nguyễn Thị Hồng Đào',
    submittedAt: null,
    receivedAt: Date.UTC(2026, 10, 23, 2, 0),
    appointment: Date.UTC(2026, 11, 7, 2, 0),
    originalAppointment: Date.UTC(2026, 11, 7, 2, 0),
    returnedAt: null,
    closure: null,
    steps: [
      { at: Date.UTC(2026, 10, 23, 2, 0), type: 'receive', agency: 'Trung tâm', toStatus: 2 },
      { at: Date.UTC(2026, 10, 23, 2, 5), type: 'forward', agency: null, toStatus: 4 },
    ],
  };

  test('without details: the status only, and whether a key was turned down', () => {
    const r = { code: 'X-261123-0001', status: 4, detail: null };
    assert.deepEqual(publicLookupView(r, false), { code: 'X-261123-0001', status: { code: 4, name: 'Đang xử lý' }, detailed: false, keyRejected: false });
    assert.equal(publicLookupView(r, true).keyRejected, true);
  });

  test("with details: times in Vietnam's offset, the name shortened, steps named", () => {
    const v = publicLookupView({ code: 'X-261123-0001', status: 4, detail }, true);
    assert.deepEqual(v, {
      code: 'X-261123-0001',
      status: { code: 4, name: 'Đang xử lý' },
      detailed: true,
      keyRejected: false,
      procedureName: 'Cấp Phiếu lý lịch tư pháp',
      receivingAgency: '',
      applicantName: 'Nguyễn T. H. Đào',
      submittedAt: null,
      receivedAt: '2026-11-23T09:00:00+07:00',
      appointment: '2026-12-07T09:00:00+07:00',
      originalAppointment: '2026-12-07T09:00:00+07:00',
      returnedAt: null,
      outcome: null,
      steps: [
        { at: '2026-11-23T09:00:00+07:00', name: 'Tiếp nhận hồ sơ', agency: 'Trung tâm', status: 'Được tiếp nhận' },
        { at: '2026-11-23T09:05:00+07:00', name: 'Chuyển hồ sơ đến cơ quan giải quyết', agency: null, status: 'Đang xử lý' },
      ],
    });
  });

  test('status 8: the outcome and its reason (a refusal after appraisal states why)', () => {
    const stopped = publicLookupView({ code: 'X', status: 8, detail: { ...detail, closure: { kind: 'stopped', reason: 'Không đủ điều kiện' } } }, true);
    assert.deepEqual('outcome' in stopped ? stopped.outcome : undefined, { text: 'Từ chối giải quyết', reason: 'Không đủ điều kiện' });
    const timedOut = publicLookupView({ code: 'X', status: 8, detail: { ...detail, closure: { kind: 'supplement_timeout', reason: '' } } }, true);
    assert.equal('outcome' in timedOut ? timedOut.outcome?.text : undefined, 'Dừng giải quyết do không bổ sung hồ sơ trong thời hạn');
  });
});
