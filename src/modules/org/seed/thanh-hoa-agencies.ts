/**
 * Demo seed: the agencies of Thanh Hóa (province code 38) as they stand after the 2025
 * reorganisation, their abolished predecessors with successor links, and the former district-level
 * units (abolished 1 July 2025) with links to the communes that replaced them.
 *
 * ── What is verified and what is not ─────────────────────────────────────────────────────────
 * ELECTRONIC IDENTIFIER CODES (mã định danh điện tử, Quyết định 20/2020/QĐ-TTg): NONE of the
 * per-agency codes below is verified; every agency record has codeVerified: false.
 *   - Attested: Thanh Hóa's level-1 code is H56 (the project's legal research notes §6.2, from the
 *     national portal's API and vendor code; public vendor code also shows Thanh Hóa procedure codes
 *     "1.010708.000.00.00.H56" and a 2020 Thanh Hóa dossier code "000.00.14.H56-200203-0118").
 *   - Not found: the province's published list of level-2/3/4 numbers (Sở, centres, communes).
 *     Searched public code, issues and pages for "000.00.15.H56", ".H56-", "mã định danh … Thanh
 *     Hóa"; found only the samples above, which do not say which agency holds which number.
 *   - So the codes are BUILT from the QĐ 20/2020 structure `V1V2V3.Z1Z2.Y1Y2.MX1X2`
 *     (MX1X2 = level 1, Y1Y2 = level 2, Z1Z2 = level 3, V1V2V3 = level 4; zeros = "this level
 *     itself"):
 *       UBND tỉnh                          000.00.00.H56   (level 1 itself)
 *       Văn phòng UBND tỉnh, each Sở       000.00.NN.H56   (level 2, NN = 01…19 current)
 *       abolished Sở / UBND cấp huyện      000.00.NN.H56   (level 2, NN = 20…39, retired)
 *       Trung tâm PVHCC tỉnh               000.01.01.H56   (level 3 under Văn phòng UBND, 01)
 *       UBND xã/phường (since 1/7/2025)    000.00.NN.H56   (level 2, NN = 40…)
 *       Trung tâm PVHCC xã/phường          000.01.NN.H56   (level 3 under that commune's UBND)
 *       Công an tỉnh                       000.00.90.H56   (placeholder, see its note)
 *     The numbers are illustrative. A 2-digit level-2 field cannot number all 166 communes; how
 *     Thanh Hóa numbers communes after 1 July 2025 is unknown. Replace with the province's list
 *     (kept by the provincial department in charge of digital transformation) before production.
 *
 * MERGER DATES: the Sở mergers are recorded as taking effect 1 March 2025 (validTo 2025-02-28):
 * Likely — the national schedule (provincial departments reorganised from 1 March 2025 under the
 * Government's decree on provincial specialised agencies); not confirmed from a Thanh Hóa text.
 * District abolition 1 July 2025 (validTo 2025-06-30): Sure (legal-research.md §6.3, Luật
 * 72/2025/QH15). The Sở Dân tộc và Tôn giáo of Thanh Hóa is attested in the press
 * (vietnamnet.vn, 19/08/2025); its start date is assumed to be the same 1 March 2025.
 *
 * UNIT CODES: current commune codes are taken from seed/vn-units-2026.json
 * (checked by src/modules/org/units.parse.test.ts). Former district codes (380, 381, 382, 384)
 * are from the GSO list as published in daohoangson/dvhcvn data/dvhcvn.json (snapshot
 * 01/02/2024): verified. Successor links are verified where the new commune carries the code of a
 * commune that belonged to the district in that snapshot (new units reuse a constituent unit's
 * code); links marked verified: false come from recollection of Nghị quyết 1686/NQ-UBTVQH15
 * (16/06/2025) and were not checked against its text.
 *
 * validFrom = HISTORY_START for bodies that existed before the platform's recorded history; it is
 * the start of the record, not a founding date.
 */
import type { AgencyKind } from '../org.schemas.js';

export const THANH_HOA_PROVINCE_CODE = '38';
/** Level-1 electronic identifier of Thanh Hóa (attested, see the header). */
export const THANH_HOA_LEVEL1_CODE = 'H56';
/** Start of the recorded history (not a founding date). */
export const HISTORY_START = '2020-01-01';
/** Sở mergers of the 2025 reorganisation (Likely, see the header). */
export const DEPARTMENT_MERGER_DATE = '2025-03-01';
/** Two-level local government; districts abolished (Sure). */
export const DISTRICT_ABOLITION_DATE = '2025-07-01';

export interface AgencySeed {
  /** Stable seed key, used for parent and successor references. */
  key: string;
  /** Electronic identifier (mã định danh điện tử, QĐ 20/2020/QĐ-TTg); prefixes dossier codes. */
  code: string;
  /** True only when the code was confirmed against an official list. */
  codeVerified: boolean;
  name: string;
  shortName: string;
  kind: AgencyKind;
  parentKey: string | null;
  /** '38' for province-level bodies, the 5-digit commune code, or the 3-digit code of a former district. */
  unitCode: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, last day of existence; null while current. */
  validTo: string | null;
  /** For abolished agencies: who carries their duties now, main successor first. */
  successorKeys?: string[];
  /** Other spellings seen in documents (abbreviations); for matching, not display. */
  aliases?: string[];
  note?: string;
}

const DAY_BEFORE_MERGER = '2025-02-28';
const DAY_BEFORE_ABOLITION = '2025-06-30';
const code = (level3: string, level2: string) => `000.${level3}.${level2}.${THANH_HOA_LEVEL1_CODE}`;

const PROVINCE_SUFFIX = ' tỉnh Thanh Hóa';

function department(key: string, level2: string, shortName: string, aliases: string[], validFrom = HISTORY_START, note?: string): AgencySeed {
  return {
    key,
    code: code('00', level2),
    codeVerified: false,
    name: shortName + PROVINCE_SUFFIX,
    shortName,
    ...(aliases.length ? { aliases } : {}),
    kind: 'department',
    parentKey: 'ubnd-tinh',
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom,
    validTo: null,
    ...(note ? { note } : {}),
  };
}

function abolishedDepartment(key: string, level2: string, shortName: string, aliases: string[], successorKeys: string[], note: string): AgencySeed {
  return {
    key,
    code: code('00', level2),
    codeVerified: false,
    name: shortName + PROVINCE_SUFFIX,
    shortName,
    aliases,
    kind: 'department',
    parentKey: 'ubnd-tinh',
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_MERGER,
    successorKeys,
    note,
  };
}

interface CommuneDemo {
  slug: string;
  unitCode: string;
  /** "phường" | "xã" as used in the agency name. */
  type: 'phường' | 'xã';
  /** Name as the province writes it (old-style tone marks); the dataset may spell it "…Hoá". */
  name: string;
  level2: string;
}

/** Communes in the demo: real units and codes from vn-units-2026.json (province 38). */
const DEMO_COMMUNES: CommuneDemo[] = [
  { slug: 'p-hac-thanh', unitCode: '14797', type: 'phường', name: 'Hạc Thành', level2: '40' },
  { slug: 'p-ham-rong', unitCode: '14758', type: 'phường', name: 'Hàm Rồng', level2: '41' },
  { slug: 'p-sam-son', unitCode: '16531', type: 'phường', name: 'Sầm Sơn', level2: '42' },
  { slug: 'p-bim-son', unitCode: '14812', type: 'phường', name: 'Bỉm Sơn', level2: '43' },
  { slug: 'x-hoang-hoa', unitCode: '15865', type: 'xã', name: 'Hoằng Hóa', level2: '44' },
  { slug: 'x-muong-lat', unitCode: '14845', type: 'xã', name: 'Mường Lát', level2: '45' },
];

function communeAgencies(c: CommuneDemo): AgencySeed[] {
  const ubndKey = `ubnd-${c.slug}`;
  return [
    {
      key: ubndKey,
      code: code('00', c.level2),
      codeVerified: false,
      name: `Ủy ban nhân dân ${c.type} ${c.name}`,
      shortName: `UBND ${c.type} ${c.name}`,
      kind: 'commune_people_committee',
      parentKey: 'ubnd-tinh',
      unitCode: c.unitCode,
      validFrom: DISTRICT_ABOLITION_DATE,
      validTo: null,
    },
    {
      key: `tt-pvhcc-${c.slug}`,
      code: code('01', c.level2),
      codeVerified: false,
      name: `Trung tâm Phục vụ hành chính công ${c.type} ${c.name}`,
      shortName: `TT PVHCC ${c.type} ${c.name}`,
      kind: 'commune_service_centre',
      parentKey: ubndKey,
      unitCode: c.unitCode,
      validFrom: DISTRICT_ABOLITION_DATE,
      validTo: null,
      note: 'The commune one-stop section (Bộ phận Một cửa) under Nghị định 118/2025/NĐ-CP.',
    },
  ];
}

function formerDistrictCommittee(
  key: string,
  level2: string,
  name: string,
  shortName: string,
  unitCode: string,
  successorKeys: string[],
  note: string,
): AgencySeed {
  return {
    key,
    code: code('00', level2),
    codeVerified: false,
    name,
    shortName,
    kind: 'district_people_committee',
    parentKey: 'ubnd-tinh',
    unitCode,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_ABOLITION,
    successorKeys,
    note,
  };
}

export const thanhHoaAgencies: AgencySeed[] = [
  // ── Province level, current ────────────────────────────────────────────────────────────────
  {
    key: 'ubnd-tinh',
    code: code('00', '00'),
    codeVerified: false,
    name: 'Ủy ban nhân dân tỉnh Thanh Hóa',
    shortName: 'UBND tỉnh',
    kind: 'provincial_people_committee',
    parentKey: null,
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: null,
    note: 'Level-1 code H56 is attested; "000.00.00.H56" is the whole-province form seen in procedure codes, not confirmed as the agency code.',
  },
  {
    key: 'vp-ubnd',
    code: code('00', '01'),
    codeVerified: false,
    name: 'Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa',
    shortName: 'Văn phòng UBND tỉnh',
    aliases: ['VP UBND tỉnh'],
    kind: 'provincial_office',
    parentKey: 'ubnd-tinh',
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: null,
  },
  {
    key: 'tt-pvhcc-tinh',
    code: code('01', '01'),
    codeVerified: false,
    name: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa',
    shortName: 'Trung tâm Phục vụ hành chính công tỉnh',
    aliases: ['TT PVHCC tỉnh'],
    kind: 'provincial_service_centre',
    parentKey: 'vp-ubnd',
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: null,
    note: 'Reorganised as a unit of the Văn phòng UBND tỉnh by Quyết định 58/2025/QĐ-UBND (27/06/2025); operating rules Quyết định 128/2025/QĐ-UBND (09/10/2025).',
  },
  department(
    'so-noi-vu',
    '02',
    'Sở Nội vụ',
    ['SNV'],
    HISTORY_START,
    'Since 2025-03-01 also carries most duties of the former Sở Lao động - Thương binh và Xã hội.',
  ),
  department('so-tu-phap', '03', 'Sở Tư pháp', ['STP']),
  department('so-tai-chinh', '04', 'Sở Tài chính', ['STC'], HISTORY_START, 'Since 2025-03-01 also carries the duties of the former Sở Kế hoạch và Đầu tư.'),
  department('so-xay-dung', '05', 'Sở Xây dựng', ['SXD'], HISTORY_START, 'Since 2025-03-01 also carries the duties of the former Sở Giao thông vận tải.'),
  department(
    'so-y-te',
    '06',
    'Sở Y tế',
    ['SYT'],
    HISTORY_START,
    'Since 2025-03-01 also social protection, children and social-evils prevention from the former Sở LĐ-TB&XH.',
  ),
  department(
    'so-gddt',
    '07',
    'Sở Giáo dục và Đào tạo',
    ['Sở GD&ĐT', 'SGDĐT'],
    HISTORY_START,
    'Since 2025-03-01 also vocational education from the former Sở LĐ-TB&XH.',
  ),
  department(
    'so-khcn',
    '08',
    'Sở Khoa học và Công nghệ',
    ['Sở KH&CN', 'SKHCN'],
    HISTORY_START,
    'Since 2025-03-01 also carries the duties of the former Sở Thông tin và Truyền thông.',
  ),
  department(
    'so-nnmt',
    '09',
    'Sở Nông nghiệp và Môi trường',
    ['Sở NN&MT', 'SNNMT'],
    DEPARTMENT_MERGER_DATE,
    'Formed from Sở Nông nghiệp và Phát triển nông thôn and Sở Tài nguyên và Môi trường.',
  ),
  department(
    'so-vhttdl',
    '10',
    'Sở Văn hóa, Thể thao và Du lịch',
    ['Sở VHTTDL', 'SVHTTDL'],
    HISTORY_START,
    'Since 2025-03-01 also press and publishing from the former Sở Thông tin và Truyền thông.',
  ),
  department(
    'so-dttg',
    '11',
    'Sở Dân tộc và Tôn giáo',
    ['Sở DT&TG', 'SDTTG'],
    DEPARTMENT_MERGER_DATE,
    'Formed from Ban Dân tộc and the religious-affairs duties of Sở Nội vụ; existence attested (vietnamnet.vn 19/08/2025), start date assumed.',
  ),
  {
    key: 'cong-an-tinh',
    code: code('00', '90'),
    codeVerified: false,
    name: 'Công an tỉnh Thanh Hóa',
    shortName: 'Công an tỉnh',
    kind: 'police',
    parentKey: null,
    unitCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: null,
    note: "Belongs to the Ministry of Public Security, not to UBND tỉnh, hence no parent; its real identifier is assigned in that ministry's tree. The code here is a placeholder in the provincial range.",
  },

  // ── Communes (from 1 July 2025) ─────────────────────────────────────────────────────────────
  ...DEMO_COMMUNES.flatMap(communeAgencies),

  // ── Abolished departments (2025 reorganisation) ─────────────────────────────────────────────
  abolishedDepartment('so-khdt', '20', 'Sở Kế hoạch và Đầu tư', ['Sở KH&ĐT', 'SKHĐT'], ['so-tai-chinh'], 'Merged into Sở Tài chính.'),
  abolishedDepartment(
    'so-tttt',
    '21',
    'Sở Thông tin và Truyền thông',
    ['Sở TT&TT', 'STTTT'],
    ['so-khcn', 'so-vhttdl'],
    'Merged into Sở Khoa học và Công nghệ; press and publishing to Sở Văn hóa, Thể thao và Du lịch.',
  ),
  abolishedDepartment(
    'so-ldtbxh',
    '22',
    'Sở Lao động - Thương binh và Xã hội',
    ['Sở LĐ-TB&XH', 'SLĐTBXH'],
    ['so-noi-vu', 'so-y-te', 'so-gddt'],
    'Mostly into Sở Nội vụ (labour, wages, employment, people with meritorious services, gender equality); social protection, children and social evils to Sở Y tế; vocational education to Sở Giáo dục và Đào tạo.',
  ),
  abolishedDepartment(
    'so-tnmt',
    '23',
    'Sở Tài nguyên và Môi trường',
    ['Sở TN&MT', 'STNMT'],
    ['so-nnmt'],
    'Merged with Sở NN&PTNT into Sở Nông nghiệp và Môi trường.',
  ),
  abolishedDepartment(
    'so-nnptnt',
    '24',
    'Sở Nông nghiệp và Phát triển nông thôn',
    ['Sở NN&PTNT', 'SNNPTNT'],
    ['so-nnmt'],
    'Merged with Sở TN&MT into Sở Nông nghiệp và Môi trường.',
  ),
  abolishedDepartment('so-gtvt', '25', 'Sở Giao thông vận tải', ['Sở GTVT', 'SGTVT'], ['so-xay-dung'], 'Merged into Sở Xây dựng.'),
  abolishedDepartment('ban-dan-toc', '26', 'Ban Dân tộc', ['BDT'], ['so-dttg'], 'Became part of Sở Dân tộc và Tôn giáo (see that record for the date caveat).'),

  // ── Former district-level people's committees (abolished 1 July 2025) ─────────────────────
  // Successors are limited to the commune committees seeded above; see thanhHoaPredecessorUnits
  // for the full unit-level links.
  formerDistrictCommittee(
    'ubnd-tp-thanh-hoa',
    '30',
    'Ủy ban nhân dân thành phố Thanh Hóa',
    'UBND TP Thanh Hóa',
    '380',
    ['ubnd-p-hac-thanh', 'ubnd-p-ham-rong'],
    'Territory went to several wards (see thanhHoaPredecessorUnits); only the seeded ones are linked here.',
  ),
  formerDistrictCommittee(
    'ubnd-tx-bim-son',
    '31',
    'Ủy ban nhân dân thị xã Bỉm Sơn',
    'UBND TX Bỉm Sơn',
    '381',
    ['ubnd-p-bim-son'],
    'Verified successors (by code) are Phường Bỉm Sơn and Phường Quang Trung; only the seeded one is linked here.',
  ),
  formerDistrictCommittee(
    'ubnd-tp-sam-son',
    '32',
    'Ủy ban nhân dân thành phố Sầm Sơn',
    'UBND TP Sầm Sơn',
    '382',
    ['ubnd-p-sam-son'],
    'Verified successors (by code) are Phường Sầm Sơn and Phường Nam Sầm Sơn; only the seeded one is linked here.',
  ),
  formerDistrictCommittee(
    'ubnd-h-muong-lat',
    '33',
    'Ủy ban nhân dân huyện Mường Lát',
    'UBND huyện Mường Lát',
    '384',
    ['ubnd-x-muong-lat'],
    'Verified successors (by code) are eight communes; only the seeded one is linked here.',
  ),
];

// ── Former district-level units ──────────────────────────────────────────────────────────────

export interface UnitSuccessionLink {
  /** 5-digit code of the commune (from 1 July 2025) that took over (part of) the territory. */
  communeCode: string;
  verified: boolean;
  evidence: string;
}

export interface PredecessorUnitSeed {
  /** 3-digit district code of the GSO list (historical only since 1 July 2025). */
  code: string;
  codeVerified: boolean;
  level: 'district';
  name: string;
  fullName: string;
  nameEn: string | null;
  /** Thành phố, Thị xã, Huyện */
  kind: string;
  parentCode: string;
  validFrom: string;
  validTo: string;
  /** Every known successor link, each marked verified or not. */
  successors: UnitSuccessionLink[];
  /**
   * The commune codes of the VERIFIED links only: what a loader may write as succession records
   * (the succession table has no "verified" flag, so unverified links are left out of it).
   */
  successorCodes: string[];
}

function district(u: Omit<PredecessorUnitSeed, 'successorCodes'>): PredecessorUnitSeed {
  return { ...u, successorCodes: u.successors.filter((l) => l.verified).map((l) => l.communeCode) };
}

const GSO_2024 = 'daohoangson/dvhcvn data/dvhcvn.json, GSO list snapshot 01/02/2024';
const inherits = (communeCode: string, oldName: string, district: string): UnitSuccessionLink => ({
  communeCode,
  verified: true,
  evidence: `Code inheritance: ${communeCode} was ${oldName} of ${district} (${GSO_2024}).`,
});
const recalled = (communeCode: string): UnitSuccessionLink => ({
  communeCode,
  verified: false,
  evidence: 'Recollection of Nghị quyết 1686/NQ-UBTVQH15; not checked against the text.',
});

export const thanhHoaPredecessorUnits: PredecessorUnitSeed[] = [
  district({
    code: '380',
    codeVerified: true,
    level: 'district',
    name: 'Thanh Hóa',
    fullName: 'Thành phố Thanh Hóa',
    nameEn: 'Thanh Hoa',
    kind: 'Thành phố',
    parentCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_ABOLITION,
    successors: [
      inherits('14797', 'Phường Đông Hải', 'TP Thanh Hóa'), // → Phường Hạc Thành
      inherits('14758', 'Phường Đông Thọ', 'TP Thanh Hóa'), // → Phường Hàm Rồng
      inherits('15925', 'Xã Hoằng Quang', 'TP Thanh Hóa'), // → Phường Nguyệt Viên
      inherits('16522', 'Phường Quảng Phú', 'TP Thanh Hóa'), // → Phường Quảng Phú
      recalled('15853'), // Phường Đông Tiến
      recalled('16378'), // Phường Đông Sơn (former huyện Đông Sơn territory, merged into the city before 2025)
      recalled('16417'), // Phường Đông Quang (same)
    ],
  }),
  district({
    code: '381',
    codeVerified: true,
    level: 'district',
    name: 'Bỉm Sơn',
    fullName: 'Thị xã Bỉm Sơn',
    nameEn: 'Bim Son',
    kind: 'Thị xã',
    parentCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_ABOLITION,
    successors: [
      inherits('14812', 'Phường Ba Đình', 'TX Bỉm Sơn'), // → Phường Bỉm Sơn
      inherits('14818', 'Phường Ngọc Trạo', 'TX Bỉm Sơn'), // → Phường Quang Trung
    ],
  }),
  district({
    code: '382',
    codeVerified: true,
    level: 'district',
    name: 'Sầm Sơn',
    fullName: 'Thành phố Sầm Sơn',
    nameEn: 'Sam Son',
    kind: 'Thành phố',
    parentCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_ABOLITION,
    successors: [
      inherits('16531', 'Phường Quảng Châu', 'TP Sầm Sơn'), // → Phường Sầm Sơn
      inherits('16516', 'Xã Quảng Hùng', 'TP Sầm Sơn'), // → Phường Nam Sầm Sơn
    ],
  }),
  district({
    code: '384',
    codeVerified: true,
    level: 'district',
    name: 'Mường Lát',
    fullName: 'Huyện Mường Lát',
    nameEn: 'Muong Lat',
    kind: 'Huyện',
    parentCode: THANH_HOA_PROVINCE_CODE,
    validFrom: HISTORY_START,
    validTo: DAY_BEFORE_ABOLITION,
    successors: [
      inherits('14845', 'Thị trấn Mường Lát', 'huyện Mường Lát'), // → Xã Mường Lát
      inherits('14848', 'Xã Tam Chung', 'huyện Mường Lát'),
      inherits('14854', 'Xã Mường Lý', 'huyện Mường Lát'),
      inherits('14857', 'Xã Trung Lý', 'huyện Mường Lát'),
      inherits('14860', 'Xã Quang Chiểu', 'huyện Mường Lát'),
      inherits('14863', 'Xã Pù Nhi', 'huyện Mường Lát'),
      inherits('14864', 'Xã Nhi Sơn', 'huyện Mường Lát'),
      inherits('14866', 'Xã Mường Chanh', 'huyện Mường Lát'),
    ],
  }),
];
