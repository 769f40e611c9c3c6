import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseUnitsFile, type ParsedUnits } from './units.parse.js';
import { nameKey, stripUnitPrefix } from '../../platform/text.js';
import { thanhHoaAgencies, thanhHoaPredecessorUnits } from './seed/thanh-hoa-agencies.js';

const FILE = new URL('./seed/vn-units-2026.json', import.meta.url);
const realJson: unknown = JSON.parse(readFileSync(FILE, 'utf8'));

const clone = <T>(v: T): T => structuredClone(v);
/** A minimal valid file: one province with one commune. */
const tiny = () => [
  {
    Type: 'province',
    Code: '38',
    Name: 'Thanh Hoá',
    NameEn: 'Thanh Hoa',
    FullName: 'Tỉnh Thanh Hoá',
    AdministrativeUnitShortName: 'Tỉnh',
    Wards: [
      {
        Type: 'ward',
        Code: '14797',
        Name: 'Hạc Thành',
        NameEn: 'Hac Thanh',
        FullName: 'Phường Hạc Thành',
        ProvinceCode: '38',
        AdministrativeUnitShortName: 'Phường',
      },
    ],
  },
];

describe('parseUnitsFile on the real 2026 dataset', () => {
  const { provinces, communes } = parseUnitsFile(realJson);

  it('has 34 provinces and 3,321 communes', () => {
    assert.equal(provinces.length, 34);
    assert.equal(communes.length, 3321);
  });

  it('finds Thanh Hóa as "38" whatever the tone-mark style', () => {
    const th = provinces.filter((p) => nameKey(stripUnitPrefix(p.fullName)) === nameKey('Thanh Hóa'));
    assert.equal(th.length, 1);
    assert.equal(th[0].code, '38');
    assert.equal(th[0].level, 'province');
    assert.equal(th[0].kind, 'Tỉnh');
    assert.equal(th[0].parentCode, null);
  });

  it('gives communes 5-digit codes, a parent province and a known kind', () => {
    const provinceCodes = new Set(provinces.map((p) => p.code));
    for (const c of communes) {
      assert.match(c.code, /^\d{5}$/);
      assert.ok(c.parentCode && provinceCodes.has(c.parentCode), c.code);
      assert.ok(['Phường', 'Xã', 'Đặc khu'].includes(c.kind), c.kind);
    }
    const byKind = (k: string) => communes.filter((c) => c.kind === k).length;
    assert.deepEqual([byKind('Xã'), byKind('Phường'), byKind('Đặc khu')], [2611, 697, 13]);
  });

  it('returns the fields of a known ward', () => {
    const hacThanh = communes.find((c) => c.code === '14797');
    assert.deepEqual(hacThanh, {
      code: '14797',
      name: 'Hạc Thành',
      fullName: 'Phường Hạc Thành',
      nameEn: 'Hac Thanh',
      level: 'commune',
      kind: 'Phường',
      parentCode: '38',
    });
  });

  it('returns NFC strings even for NFD input', () => {
    const nfdJson = JSON.parse(JSON.stringify(tiny()).normalize('NFD'));
    const out = parseUnitsFile(nfdJson);
    assert.equal(out.provinces[0].name, 'Thanh Hoá'.normalize('NFC'));
    assert.equal(out.communes[0].kind, 'Phường');
  });
});

describe('parseUnitsFile rejects bad input with a clear message', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['not an array', { provinces: [] }, /top level.*got an object/],
    ['null', null, /top level.*got null/],
    ['empty list', [], /province list is empty/],
    ['province not an object', ['38'], /\[0\]: expected a province object/],
    [
      'wrong province Type',
      (() => {
        const j = tiny();
        j[0].Type = 'ward';
        return j;
      })(),
      /\[0\]\.Type: expected "province"/,
    ],
    [
      'bad province code',
      (() => {
        const j = tiny();
        j[0].Code = '038';
        return j;
      })(),
      /\[0\]\.Code: expected a 2-digit string, got "038"/,
    ],
    [
      'numeric province code',
      (() => {
        const j: any = tiny();
        j[0].Code = 38;
        return j;
      })(),
      /\[0\]\.Code: expected a 2-digit string, got number 38/,
    ],
    [
      'missing Name',
      (() => {
        const j: any = tiny();
        delete j[0].Name;
        return j;
      })(),
      /\[0\]\.Name: expected a non-empty string/,
    ],
    [
      'unknown province kind',
      (() => {
        const j = tiny();
        j[0].AdministrativeUnitShortName = 'Huyện';
        return j;
      })(),
      /unknown unit type "Huyện"/,
    ],
    [
      'Wards missing',
      (() => {
        const j: any = tiny();
        delete j[0].Wards;
        return j;
      })(),
      /\[0\]\.Wards: expected an array/,
    ],
    [
      'Wards empty',
      (() => {
        const j = tiny();
        j[0].Wards = [];
        return j;
      })(),
      /province 38 has no communes/,
    ],
    [
      'bad commune code',
      (() => {
        const j = tiny();
        j[0].Wards[0].Code = '1479';
        return j;
      })(),
      /\[0\]\.Wards\[0\]\.Code: expected a 5-digit string/,
    ],
    [
      'commune in the wrong province',
      (() => {
        const j = tiny();
        j[0].Wards[0].ProvinceCode = '40';
        return j;
      })(),
      /says province "40" but is listed under 38/,
    ],
    [
      'unknown commune kind',
      (() => {
        const j = tiny();
        j[0].Wards[0].AdministrativeUnitShortName = 'Thị trấn';
        return j;
      })(),
      /Wards\[0\]\.AdministrativeUnitShortName: unknown unit type "Thị trấn"/,
    ],
    [
      'duplicate province',
      (() => {
        const j = tiny();
        j.push(clone(j[0]));
        j[1].Wards[0].Code = '99999';
        return j;
      })(),
      /\[1\]\.Code: duplicate province code 38 \(also at \[0\]\)/,
    ],
    [
      'duplicate commune',
      (() => {
        const j = tiny();
        j[0].Wards.push(clone(j[0].Wards[0]));
        return j;
      })(),
      /Wards\[1\]\.Code: duplicate commune code 14797/,
    ],
  ];
  for (const [label, input, message] of bad) {
    it(label, () => {
      assert.throws(
        () => parseUnitsFile(input),
        (err: unknown) => {
          assert.ok(err instanceof Error);
          assert.match(err.message, /^Invalid admin-units file/);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});

// The Thanh Hóa seed must stay consistent with the dataset it refers to.
describe('Thanh Hóa agency seed against the dataset', () => {
  const units: ParsedUnits = parseUnitsFile(realJson);
  const communesByCode = new Map(units.communes.map((c) => [c.code, c]));
  const byKey = new Map(thanhHoaAgencies.map((a) => [a.key, a]));

  it('has unique keys and unique, well-formed H56 codes, none claimed as verified', () => {
    assert.equal(byKey.size, thanhHoaAgencies.length);
    assert.equal(new Set(thanhHoaAgencies.map((a) => a.code)).size, thanhHoaAgencies.length);
    for (const a of thanhHoaAgencies) {
      assert.match(a.code, /^\d{3}\.\d{2}\.\d{2}\.H56$/, a.key);
      assert.equal(a.codeVerified, false, a.key);
    }
  });

  it('forms a tree whose parents exist and are current', () => {
    for (const a of thanhHoaAgencies) {
      if (a.parentKey === null) continue;
      const parent = byKey.get(a.parentKey);
      assert.ok(parent, `${a.key} → ${a.parentKey}`);
      assert.equal(parent.validTo, null, `${a.key}'s parent is current`);
    }
  });

  it('contains the agencies the demo requires', () => {
    const current = thanhHoaAgencies.filter((a) => a.validTo === null);
    const names = new Set(current.map((a) => nameKey(a.name)));
    const shortNames = new Set(current.map((a) => nameKey(a.shortName)));
    for (const n of [
      'Ủy ban nhân dân tỉnh Thanh Hoá',
      'Văn phòng Uỷ ban nhân dân tỉnh Thanh Hoá',
      'Công an tỉnh Thanh Hoá',
      'Trung tâm Phục vụ hành chính công tỉnh Thanh Hoá',
    ]) {
      assert.ok(names.has(nameKey(n)), n);
    }
    for (const n of [
      'Sở Nội vụ',
      'Sở Tư pháp',
      'Sở Tài chính',
      'Sở Xây dựng',
      'Sở Y tế',
      'Sở Giáo dục và Đào tạo',
      'Sở Khoa học và Công nghệ',
      'Sở Nông nghiệp và Môi trường',
    ]) {
      assert.ok(shortNames.has(nameKey(n)), n);
      assert.ok(names.has(nameKey(`${n} tỉnh Thanh Hoá`)), `${n} tỉnh Thanh Hoá`);
    }
    const communeCommittees = thanhHoaAgencies.filter((a) => a.kind === 'commune_people_committee' && a.validTo === null);
    assert.ok(communeCommittees.length >= 5);
    for (const c of communeCommittees) {
      assert.ok(
        thanhHoaAgencies.some((s) => s.kind === 'commune_service_centre' && s.parentKey === c.key && s.unitCode === c.unitCode),
        `${c.key} has a public-service centre`,
      );
    }
  });

  it('has the full names the demo users of org.seed.ts look up', () => {
    const names = new Set(thanhHoaAgencies.map((a) => nameKey(a.name)));
    for (const n of [
      'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa',
      'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa',
      'Sở Tư pháp tỉnh Thanh Hóa',
      'Sở Nội vụ tỉnh Thanh Hóa',
    ]) {
      assert.ok(names.has(nameKey(n)), n);
    }
  });

  it('uses real Thanh Hóa commune codes whose names match the dataset', () => {
    for (const a of thanhHoaAgencies.filter((x) => x.kind === 'commune_people_committee')) {
      const unit = communesByCode.get(a.unitCode);
      assert.ok(unit, `${a.key}: ${a.unitCode} is in the dataset`);
      assert.equal(unit.parentCode, '38');
      // "Ủy ban nhân dân xã Hoằng Hóa" vs the dataset's "Xã Hoằng Hoá"
      const unitPart = a.name.replace(/^Ủy ban nhân dân /u, '');
      assert.equal(nameKey(unitPart), nameKey(unit.fullName), a.key);
      assert.equal(nameKey(stripUnitPrefix(unitPart)), nameKey(unit.name), a.key);
    }
  });

  it('closes abolished agencies with successors that are current', () => {
    for (const a of thanhHoaAgencies) {
      if (a.validTo === null) {
        assert.equal(a.successorKeys, undefined, `${a.key} is current and has no successors`);
        continue;
      }
      assert.ok(a.validTo >= a.validFrom, a.key);
      assert.ok(a.successorKeys && a.successorKeys.length > 0, `${a.key} has successors`);
      for (const s of a.successorKeys) {
        const succ = byKey.get(s);
        assert.ok(succ, `${a.key} → ${s}`);
        assert.equal(succ.validTo, null, `${a.key} → ${s} is current`);
      }
    }
    const successorsOf = (name: string) =>
      thanhHoaAgencies.find((a) => nameKey(a.shortName) === nameKey(name))?.successorKeys?.map((k) => byKey.get(k)?.shortName);
    assert.deepEqual(successorsOf('Sở Kế hoạch và Đầu tư'), ['Sở Tài chính']);
    assert.equal(successorsOf('Sở Thông tin và Truyền thông')?.[0], 'Sở Khoa học và Công nghệ');
    assert.equal(successorsOf('Sở Lao động – Thương binh và Xã hội')?.[0], 'Sở Nội vụ');
    assert.deepEqual(successorsOf('Sở Tài nguyên và Môi trường'), ['Sở Nông nghiệp và Môi trường']);
    assert.deepEqual(successorsOf('Sở Nông nghiệp và Phát triển nông thôn'), ['Sở Nông nghiệp và Môi trường']);
    assert.deepEqual(successorsOf('Sở Giao thông vận tải'), ['Sở Xây dựng']);
    assert.equal(thanhHoaAgencies.find((a) => a.key === 'so-khdt')?.validTo, '2025-02-28');
    assert.equal(thanhHoaAgencies.find((a) => a.key === 'ubnd-tp-thanh-hoa')?.validTo, '2025-06-30');
  });

  it('links former districts to communes of province 38', () => {
    assert.ok(thanhHoaPredecessorUnits.length >= 3);
    assert.ok(thanhHoaPredecessorUnits.some((u) => u.code === '380' && nameKey(u.fullName) === nameKey('Thành phố Thanh Hoá')));
    for (const u of thanhHoaPredecessorUnits) {
      assert.match(u.code, /^\d{3}$/);
      assert.equal(u.validTo, '2025-06-30');
      assert.ok(
        u.successors.some((s) => s.verified),
        `${u.code} has at least one verified successor`,
      );
      assert.deepEqual(
        u.successorCodes,
        u.successors.filter((s) => s.verified).map((s) => s.communeCode),
      );
      for (const s of u.successors) {
        const c = communesByCode.get(s.communeCode);
        assert.ok(c, `${u.code} → ${s.communeCode} exists`);
        assert.equal(c.parentCode, '38');
      }
    }
    // Every agency of a former district points at a unit listed here.
    for (const a of thanhHoaAgencies.filter((x) => x.kind === 'district_people_committee')) {
      const unit = thanhHoaPredecessorUnits.find((u) => u.code === a.unitCode);
      assert.ok(unit, a.key);
      for (const s of a.successorKeys ?? []) {
        const succ = byKey.get(s);
        assert.ok(succ && unit.successorCodes.includes(succ.unitCode), `${a.key} → ${s} (a verified link)`);
      }
    }
  });
});
