import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collapseSpaces, foldVietnamese, nameKey, nfc, normalizeToneMarks, stripUnitPrefix } from './text.js';

const nfd = (s: string) => s.normalize('NFD');

describe('nfc', () => {
  it('composes decomposed input and leaves composed input alone', () => {
    assert.equal(nfc(nfd('Thanh Hóa')), 'Thanh Hóa');
    assert.equal(nfc('Thanh Hóa'), 'Thanh Hóa');
    assert.notEqual(nfd('Thanh Hóa'), 'Thanh Hóa'); // the test input really is different
  });
});

describe('normalizeToneMarks (canonical = new style, tone on the main vowel)', () => {
  const cases: Array<[string, string]> = [
    // oa with all five tones
    ['hòa', 'hoà'],
    ['hóa', 'hoá'],
    ['hỏa', 'hoả'],
    ['hõa', 'hoã'],
    ['họa', 'hoạ'],
    // oe with all five tones
    ['hòe', 'hoè'],
    ['lóe', 'loé'],
    ['khỏe', 'khoẻ'],
    ['nõe', 'noẽ'],
    ['nhọe', 'nhoẹ'],
    // uy with all five tones (with and without an initial consonant)
    ['thùy', 'thuỳ'],
    ['thúy', 'thuý'],
    ['thủy', 'thuỷ'],
    ['lũy', 'luỹ'],
    ['tụy', 'tuỵ'],
    ['ủy', 'uỷ'],
    // upper case and mixed case
    ['Thanh Hóa', 'Thanh Hoá'],
    ['THANH HÓA', 'THANH HOÁ'],
    ['Ủy ban nhân dân', 'Uỷ ban nhân dân'],
    ['KHÓA', 'KHOÁ'],
    ['Khóa', 'Khoá'],
    ['HÒa', 'HOà'],
    // already new style: unchanged
    ['Thanh Hoá', 'Thanh Hoá'],
    ['hoà bình', 'hoà bình'],
    // syllables where both styles agree: unchanged
    ['hoàng', 'hoàng'],
    ['thuyền', 'thuyền'],
    ['hoặc', 'hoặc'],
    ['ngoài', 'ngoài'],
    ['của', 'của'],
    ['mùa', 'mùa'],
    ['tôi hỏi', 'tôi hỏi'],
    ['quả', 'quả'],
    ['quý', 'quý'],
    ['Nguyễn', 'Nguyễn'],
    // ô, ơ, ư are different vowels, not glides
    ['hồa', 'hồa'],
    ['ựa', 'ựa'],
    // empty and non-Vietnamese text
    ['', ''],
    ['Sở KH&ĐT 2025', 'Sở KH&ĐT 2025'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeToneMarks(input), expected);
    });
    it(`${JSON.stringify(input)} given as NFD → ${JSON.stringify(expected)} (NFC)`, () => {
      assert.equal(normalizeToneMarks(nfd(input)), expected);
    });
  }

  it('is idempotent', () => {
    for (const [input] of cases) {
      const once = normalizeToneMarks(input);
      assert.equal(normalizeToneMarks(once), once);
    }
  });

  it('makes the pairs named in the issue compare equal', () => {
    const pairs: Array<[string, string]> = [
      ['Thanh Hoá', 'Thanh Hóa'],
      ['hoà', 'hòa'],
      ['thuỷ', 'thủy'],
      ['Khoá', 'Khóa'],
      ['uỷ', 'ủy'],
    ];
    for (const [a, b] of pairs) assert.equal(normalizeToneMarks(a), normalizeToneMarks(b), `${a} vs ${b}`);
  });
});

describe('foldVietnamese', () => {
  const cases: Array<[string, string]> = [
    ['Đăng ký', 'dang ky'],
    ['Thanh Hoá', 'thanh hoa'],
    ['Thanh Hóa', 'thanh hoa'],
    ['  ỦY   BAN\tnhân\u00a0dân ', 'uy ban nhan dan'],
    ['Sở Nông nghiệp và Môi trường', 'so nong nghiep va moi truong'],
    ['ĐẶC KHU CÔN ĐẢO', 'dac khu con dao'],
    ['Ðông Sơn', 'dong son'], // U+00D0 look-alike
    ['Trường Thi', 'truong thi'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(foldVietnamese(input), expected);
      assert.equal(foldVietnamese(nfd(input)), expected);
    });
  }
});

describe('nameKey', () => {
  it('ignores Unicode form, tone placement, case and spacing', () => {
    const variants = ['Thanh Hóa', 'Thanh Hoá', nfd('Thanh Hóa'), nfd('Thanh Hoá'), 'THANH HÓA', '  thanh   hoá '];
    const keys = new Set(variants.map(nameKey));
    assert.deepEqual([...keys], ['thanh hoá']);
  });

  it('keeps diacritics that change meaning', () => {
    assert.notEqual(nameKey('Hà Trung'), nameKey('Hạ Trung'));
    assert.notEqual(nameKey('Đông Sơn'), nameKey('Dong Son'));
  });

  it('unifies dashes and the spaces around them', () => {
    const k = nameKey('Sở Lao động - Thương binh và Xã hội');
    assert.equal(nameKey('Sở Lao động-Thương binh và Xã hội'), k);
    assert.equal(nameKey('Sở Lao động – Thương binh và Xã hội'), k);
    assert.equal(nameKey('SỞ LAO ĐỘNG — THƯƠNG BINH VÀ XÃ HỘI'), k);
  });

  it('matches agency names across styles', () => {
    assert.equal(nameKey('Ủy ban nhân dân tỉnh Thanh Hóa'), nameKey('Uỷ ban nhân dân tỉnh Thanh Hoá'));
    assert.equal(nameKey('Sở Khoa học và Công nghệ'), nameKey(nfd('sở khoa học và công nghệ')));
  });
});

describe('stripUnitPrefix', () => {
  const cases: Array<[string, string]> = [
    ['Tỉnh Thanh Hóa', 'Thanh Hóa'],
    ['Thành phố Hà Nội', 'Hà Nội'],
    ['Phường Hạc Thành', 'Hạc Thành'],
    ['Xã Mường Lát', 'Mường Lát'],
    ['Đặc khu Côn Đảo', 'Côn Đảo'],
    ['tỉnh thanh hoá', 'thanh hoá'],
    ['PHƯỜNG  Hạc Thành', 'Hạc Thành'],
    ['Thị xã Bỉm Sơn', 'Bỉm Sơn'],
    ['Huyện Mường Lát', 'Mường Lát'],
    ['Thanh Hóa', 'Thanh Hóa'],
    ['Xã', 'Xã'],
    ['Xã Thành phố', 'Thành phố'], // only one prefix is removed
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(stripUnitPrefix(input), expected);
      assert.equal(stripUnitPrefix(nfd(input)), expected);
    });
  }

  it('composes with nameKey to match the dataset spelling', () => {
    assert.equal(nameKey(stripUnitPrefix('Tỉnh Thanh Hoá')), nameKey('Thanh Hóa'));
  });
});

describe('collapseSpaces', () => {
  it('collapses Unicode whitespace and trims', () => {
    assert.equal(collapseSpaces(' a \u00a0\u2003 b\n'), 'a b');
  });
});
