import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileVerdict, isoVnTime, parsePdfDate, signatureStatus, signerBlockLines, verdictText, vnDate, type VerdictInput } from './signatures.rules.js';

const ok: VerdictInput = {
  intact: true,
  unchangedSince: true,
  trusted: true,
  validity: 'valid',
  revoked: null,
  signerName: 'Nguyễn Văn An',
  organization: 'Sở Tư pháp',
  signedAt: new Date('2026-03-12T02:30:00Z'),
};

describe('verdict', () => {
  const cases: [string, Partial<VerdictInput>, string][] = [
    ['valid', {}, 'Ký số hợp lệ — Nguyễn Văn An, Sở Tư pháp, 12/03/2026'],
    ['seal (CN = O)', { signerName: 'Sở Tư pháp' }, 'Ký số hợp lệ — Sở Tư pháp, 12/03/2026'],
    ['broken', { intact: false }, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký'],
    ['changed later', { unchangedSince: false }, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký'],
    ['revoked', { revoked: true }, 'Chứng thư số đã bị thu hồi trước thời điểm ký'],
    ['untrusted', { trusted: false }, 'Chứng thư số không do tổ chức tin cậy cấp'],
    ['expired', { validity: 'expired' }, 'Chứng thư số hết hạn'],
    ['not yet valid', { validity: 'not_yet_valid' }, 'Chứng thư số chưa có hiệu lực tại thời điểm ký'],
    ['broken wins over untrusted', { intact: false, trusted: false }, 'Chữ ký không hợp lệ: tài liệu đã bị sửa sau khi ký'],
    ['untrusted wins over expired', { trusted: false, validity: 'expired' }, 'Chứng thư số không do tổ chức tin cậy cấp'],
  ];
  for (const [name, patch, text] of cases) test(name, () => assert.equal(verdictText({ ...ok, ...patch }), text));

  test('only an intact, unchanged, trusted, unrevoked and valid signature is valid (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('valid', 'expired', 'not_yet_valid') as fc.Arbitrary<VerdictInput['validity']>,
        fc.constantFrom(true, false, null),
        (intact, unchangedSince, trusted, validity, revoked) => {
          const x = { ...ok, intact, unchangedSince, trusted, validity, revoked };
          const valid = intact && unchangedSince && trusted && validity === 'valid' && revoked !== true;
          assert.equal(signatureStatus(x) === 'valid', valid);
          assert.equal(verdictText(x).startsWith('Ký số hợp lệ'), valid);
        },
      ),
    );
  });

  test('a file: none, all valid, first problem', () => {
    assert.equal(fileVerdict([]), 'Tài liệu không có chữ ký số');
    assert.equal(
      fileVerdict([
        { status: 'valid', verdict: 'A' },
        { status: 'valid', verdict: 'B' },
      ]),
      'B (2 chữ ký, tất cả hợp lệ)',
    );
    assert.equal(
      fileVerdict([
        { status: 'valid', verdict: 'A' },
        { status: 'untrusted', verdict: 'U' },
      ]),
      'U (2 chữ ký)',
    );
  });
});

describe('dates', () => {
  test('Vietnamese date of an instant (UTC+7)', () => {
    assert.equal(vnDate(new Date('2026-03-11T17:00:00Z')), '12/03/2026');
    assert.equal(vnDate(new Date('2026-03-11T16:59:59Z')), '11/03/2026');
  });
  test('PDF dates', () => {
    assert.equal(parsePdfDate("D:20260312093000+07'00'")?.toISOString(), '2026-03-12T02:30:00.000Z');
    assert.equal(parsePdfDate('D:20260312023000Z')?.toISOString(), '2026-03-12T02:30:00.000Z');
    assert.equal(parsePdfDate('D:2026')?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(parsePdfDate('12/03/2026'), null);
    assert.equal(parsePdfDate('D:20261399000000Z'), null);
  });
});

describe('visible block (Nghị định 30/2020, Phụ lục I)', () => {
  const cases: [string, Parameters<typeof signerBlockLines>[0], string[]][] = [
    ['the head signs under their title', { title: 'Giám đốc' }, ['GIÁM ĐỐC']],
    ['a deputy signs KT. for the head', { title: 'Phó Giám đốc' }, ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']],
    ['a deputy chairman', { title: 'Phó Chủ tịch' }, ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']],
    ['by order of the head (TL.)', { title: 'Chánh Văn phòng', onBehalf: { mode: 'TL', headTitle: 'Giám đốc' } }, ['TL. GIÁM ĐỐC', 'CHÁNH VĂN PHÒNG']],
    ['on behalf of a collective (TM.)', { title: 'Chủ tịch', onBehalf: { mode: 'TM', headTitle: 'Ủy ban nhân dân' } }, ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']],
    ['no title: no lines', { title: null }, []],
    ['blank title', { title: '  ' }, []],
  ];
  for (const [name, input, lines] of cases) test(name, () => assert.deepEqual(signerBlockLines(input), lines));

  test("the signing time is ISO 8601 with Vietnam's offset", () => {
    assert.equal(isoVnTime(new Date('2026-03-12T02:30:05Z')), '2026-03-12T09:30:05+07:00');
    assert.equal(isoVnTime(new Date('2026-12-31T17:00:00Z')), '2027-01-01T00:00:00+07:00');
  });
});
