/**
 * Pure rules of the citizen portal (no I/O, no clock reads): identity number formats, e-form
 * pre-fill from the person's data warehouse (once-only principle, Nghị quyết 131 task 19), the
 * measured reduction of fields to declare, form validation, required components, satisfaction
 * criteria (the one-stop decree's evaluation by the applicant, as provinces publish it; the decree
 * in force is dossiers/legal-basis.ts) and the proactive renewal reminder.
 */
import { createHash } from 'node:crypto';

// ---- identity ---------------------------------------------------------------------------------

/**
 * A 12-digit personal identification number (số định danh cá nhân): 3-digit place-of-birth code
 * (pre-2025 province codes, not checked against today's provinces), 1 digit for century and sex
 * (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s), 2 digits of the year of
 * birth, 6 random digits. When a date of birth is given, century and year must agree with it.
 */
export function personalIdProblem(id: string, dateOfBirth?: string | null, gender?: 'nam' | 'nu' | null): string | null {
  if (!/^\d{12}$/.test(id)) return 'Số định danh cá nhân phải gồm đúng 12 chữ số.';
  const cs = Number(id[3]);
  const century = 1900 + Math.floor(cs / 2) * 100;
  if (dateOfBirth) {
    const m = /^(\d{4})-\d{2}-\d{2}$/.exec(dateOfBirth);
    if (!m) return 'Ngày sinh phải có dạng YYYY-MM-DD.';
    const year = Number(m[1]);
    if (Math.floor(year / 100) * 100 !== century || year % 100 !== Number(id.slice(4, 6))) {
      return 'Số định danh cá nhân không khớp với năm sinh (chữ số thứ 4 là thế kỷ và giới tính, chữ số 5–6 là năm sinh).';
    }
  }
  if (gender) {
    const female = cs % 2 === 1;
    if ((gender === 'nu') !== female) return 'Số định danh cá nhân không khớp với giới tính (chữ số thứ 4 chẵn: nam, lẻ: nữ).';
  }
  return null;
}

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Enterprise code = tax code: 10 digits with a check digit, or 10 digits + "-" + 3-digit branch (13 digits). */
export function taxCodeProblem(code: string): string | null {
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(code);
  if (!m) return 'Mã số doanh nghiệp (mã số thuế) gồm 10 chữ số, hoặc 13 chữ số với mã đơn vị phụ thuộc (dạng 0123456789-001).';
  if (m[2] === '000') return 'Ba chữ số đơn vị phụ thuộc phải từ 001 đến 999.';
  const d = m[1].split('').map(Number);
  const sum = TAX_WEIGHTS.reduce((s, w, i) => s + w * d[i], 0);
  const check = 10 - (sum % 11);
  if (check === 10 || check !== d[9]) return 'Mã số doanh nghiệp (mã số thuế) không đúng chữ số kiểm tra.';
  return null;
}

/** Canonical form of a 13-digit tax code: "0123456789-001". */
export function normaliseTaxCode(code: string): string {
  const m = /^(\d{10})-?(\d{3})?$/.exec(code.trim());
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : code.trim();
}

// ---- pre-fill -----------------------------------------------------------------------------------

export type PrefillSource = 'citizen_profile' | 'previous_result' | 'national_db';

export interface Profile {
  subjectKind: 'citizen' | 'business';
  fullName: string;
  personalId: string | null;
  dateOfBirth: string | null;
  gender: 'nam' | 'nu' | null;
  residence: string | null;
  taxCode: string | null;
  businessName: string | null;
  email: string | null;
  phone: string | null;
}

/** What the warehouse holds that a form can reuse. */
export interface PrefillData {
  profile: Profile;
  /** Data drawn from the national population database (a warehouse profile item), if held. */
  population: Record<string, string> | null;
  /** Data of the national business registration database (for businesses), if held. */
  business: Record<string, string> | null;
  /** Results issued to the person, newest first. */
  results: { id: string; procedureCode: string | null; docType: string | null; title: string; data: Record<string, unknown> }[];
}

export interface FormFieldDef {
  key: string;
  label: string;
  type: 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean' | 'select';
  required: boolean;
  options?: string[] | null;
  maxLength?: number | null;
  prefill?: { source: PrefillSource; ref: string } | null;
}

/** The references the warehouse can answer, per source (what "pre-fillable" means in this system). */
export const SUPPORTED_REFS: Readonly<Record<PrefillSource, readonly string[]>> = {
  citizen_profile: ['fullName', 'personalId', 'dateOfBirth', 'gender', 'residence', 'address', 'phone', 'email', 'taxCode', 'businessName'],
  national_db: [
    'population.personalId',
    'population.fullName',
    'population.dateOfBirth',
    'population.gender',
    'population.residence',
    'population.placeOfOrigin',
    'population.nationality',
    'population.ethnicity',
    'business.code',
    'business.name',
    'business.address',
    'business.representative',
  ],
  previous_result: ['*'],
};

export function isSupportedRef(p: { source: PrefillSource; ref: string }): boolean {
  const refs = SUPPORTED_REFS[p.source];
  if (!refs) return false;
  if (p.source === 'previous_result') return /^[\w.-]+$/.test(p.ref);
  return refs.includes(p.ref);
}

function profileValue(p: Profile, ref: string): string | null {
  switch (ref) {
    case 'fullName':
      return p.fullName;
    case 'personalId':
      return p.personalId;
    case 'dateOfBirth':
      return p.dateOfBirth;
    case 'gender':
      return p.gender === 'nam' ? 'Nam' : p.gender === 'nu' ? 'Nữ' : null;
    case 'residence':
    case 'address':
      return p.residence;
    case 'phone':
      return p.phone;
    case 'email':
      return p.email;
    case 'taxCode':
      return p.taxCode;
    case 'businessName':
      return p.businessName;
    default:
      return null;
  }
}

export interface PrefilledValue {
  value: string | number | boolean;
  source: PrefillSource;
  ref: string;
  /** A human label of where the value came from (shown next to the field). */
  from: string;
  /** The warehouse item the value came from, when it came from a result. */
  itemId: string | null;
}

/** The value the warehouse holds for one field's pre-fill reference, or null. */
export function resolvePrefill(field: FormFieldDef, data: PrefillData): PrefilledValue | null {
  const p = field.prefill;
  if (!p || !isSupportedRef(p)) return null;
  let raw: unknown = null;
  let from = '';
  let itemId: string | null = null;
  if (p.source === 'citizen_profile') {
    raw = profileValue(data.profile, p.ref);
    from = 'Hồ sơ tài khoản';
  } else if (p.source === 'national_db') {
    const [db, key] = p.ref.split('.', 2);
    const src = db === 'population' ? data.population : db === 'business' ? data.business : null;
    raw = src?.[key] ?? null;
    from = db === 'population' ? 'CSDL quốc gia về dân cư' : 'CSDL quốc gia về đăng ký doanh nghiệp';
  } else {
    // "1.013225.permitNumber" or "permitNumber": the newest result (of that procedure) holding the key.
    const m = /^(\d{1,2}\.\d{6})\.(.+)$/.exec(p.ref);
    const code = m ? m[1] : null;
    const key = m ? m[2] : p.ref;
    const hit = data.results.find((r) => (!code || r.procedureCode === code) && r.data[key] !== undefined && r.data[key] !== null && r.data[key] !== '');
    if (hit) {
      raw = hit.data[key];
      from = `Kết quả đã cấp: ${hit.title}`;
      itemId = hit.id;
    }
  }
  if (raw === null || raw === undefined || raw === '') return null;
  const value = coerce(field, raw);
  return value === null ? null : { value, source: p.source, ref: p.ref, from, itemId };
}

function coerce(field: FormFieldDef, raw: unknown): string | number | boolean | null {
  switch (field.type) {
    case 'integer': {
      const n = Number(raw);
      return Number.isInteger(n) ? n : null;
    }
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'select':
      return field.options?.includes(String(raw)) ? String(raw) : null;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(raw)) ? String(raw) : null;
    default: {
      const s = String(raw);
      return field.maxLength && s.length > field.maxLength ? null : s;
    }
  }
}

/** Pre-fills every field the warehouse can answer; the person may still edit each one. */
export function prefillForm(fields: readonly FormFieldDef[], data: PrefillData): Record<string, PrefilledValue> {
  const out: Record<string, PrefilledValue> = {};
  for (const f of fields) {
    const v = resolvePrefill(f, data);
    if (v) out[f.key] = v;
  }
  return out;
}

export interface OnceOnlyStats {
  /** Fields to declare without pre-fill (the whole form). */
  fields: number;
  /** Fields the warehouse can pre-fill (their prefill reference is one it answers). */
  prefillable: number;
  /** Fields still to declare with pre-fill. */
  toDeclare: number;
  /** Reduction in percent, one decimal. */
  reductionPercent: number;
}

/** The once-only measure of a form, computed from its fields: which ones the warehouse answers. */
export function onceOnlyStats(fields: readonly FormFieldDef[]): OnceOnlyStats {
  const total = fields.length;
  const prefillable = fields.filter((f) => f.prefill && isSupportedRef(f.prefill)).length;
  return { fields: total, prefillable, toDeclare: total - prefillable, reductionPercent: total === 0 ? 0 : Math.round((prefillable / total) * 1000) / 10 };
}

/** The target of Nghị quyết 131: e-forms ask at least 20% less. */
export const ONCE_ONLY_TARGET_PERCENT = 20;

// ---- form validation ----------------------------------------------------------------------------

export interface FieldError {
  key: string;
  message: string;
}

const isDate = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

/** Checks a filled form against its definition; `complete` also demands every required field. */
export function validateForm(fields: readonly FormFieldDef[], data: Record<string, unknown>, complete: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const k of Object.keys(data)) if (!known.has(k)) errors.push({ key: k, message: `Trường "${k}" không có trong tờ khai.` });
  for (const f of fields) {
    const v = data[f.key];
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (empty) {
      if (complete && f.required) errors.push({ key: f.key, message: `Vui lòng nhập "${f.label}".` });
      continue;
    }
    const bad = (m: string) => errors.push({ key: f.key, message: `"${f.label}": ${m}` });
    switch (f.type) {
      case 'string':
      case 'text':
        if (typeof v !== 'string') bad('phải là chuỗi ký tự.');
        else if (f.maxLength && v.length > f.maxLength) bad(`không được dài quá ${f.maxLength} ký tự.`);
        break;
      case 'date':
        if (typeof v !== 'string' || !isDate(v)) bad('phải là ngày hợp lệ (YYYY-MM-DD).');
        break;
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) bad('phải là số nguyên.');
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad('phải là số.');
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad('phải là có/không.');
        break;
      case 'select':
        if (typeof v !== 'string' || !(f.options ?? []).includes(v)) bad(`phải là một trong: ${(f.options ?? []).join('; ')}.`);
        break;
    }
  }
  return errors;
}

/** How many pre-filled values the person kept unchanged (the reduction they actually got). */
export function keptPrefilled(prefilled: Record<string, { value: unknown }>, data: Record<string, unknown>): number {
  return Object.entries(prefilled).filter(([k, p]) => data[k] === p.value).length;
}

// ---- components ---------------------------------------------------------------------------------

export interface ComponentDef {
  name: string;
  required: boolean;
  condition: string | null;
  replaceableByData: string | null;
  caseKeys?: string[] | null;
}

/**
 * The declaration or application form (tờ khai, đơn đề nghị): online, the filled e-form is that
 * component (Nghị định 45/2020: the e-form replaces the paper form), so it is not asked for again.
 */
export function isDeclarationForm(name: string): boolean {
  const k = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  return /^(to khai|don de nghi|don dang ky|don xin|phieu yeu cau|van ban de nghi)/.test(k) || /(to khai|mau) dien tu/.test(k);
}

/**
 * The kind of paper a dossier component or a warehouse document is, from its name: what lets the
 * submission wizard offer, for "Bản chụp giấy tờ tùy thân", the citizen's identity card and not
 * their building permit. null: no recognisable kind (then every document may be offered).
 */
export type PaperKind = 'identity' | 'residence' | 'birth' | 'marriage' | 'criminal_record' | 'building_permit' | 'land' | 'business' | 'education' | 'health';
const PAPER_KINDS: readonly [PaperKind, RegExp][] = [
  ['identity', /(tuy than|can cuoc|chung minh nhan dan|chung minh thu|ho chieu|the cccd|\bcccd\b|\bcmnd\b|dinh danh ca nhan)/],
  ['residence', /(noi cu tru|xac nhan cu tru|ho khau|tam tru|thuong tru)/],
  ['birth', /(khai sinh)/],
  ['marriage', /(ket hon|hon nhan)/],
  ['criminal_record', /(ly lich tu phap)/],
  ['building_permit', /(giay phep xay dung|cap phep xay dung)/],
  ['land', /(quyen su dung dat|so do|so hong|dia chinh)/],
  ['business', /(dang ky doanh nghiep|dang ky kinh doanh|ho kinh doanh|ma so thue|dieu le)/],
  ['education', /(bang tot nghiep|van bang|chung chi|hoc ba)/],
  ['health', /(giay kham suc khoe|benh an|giay ra vien)/],
];

export function paperKind(name: string): PaperKind | null {
  const k = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  for (const [kind, re] of PAPER_KINDS) if (re.test(k)) return kind;
  return null;
}

/** The warehouse documents to offer for a component: those of the same kind when the component has one, else all. */
export function documentsForComponent<T extends { title: string }>(componentName: string, documents: readonly T[]): T[] {
  const want = paperKind(componentName);
  if (!want) return [...documents];
  return documents.filter((d) => paperKind(d.title) === want);
}

/** Components of the case that must be attached: required, unconditional, not replaceable by data held or by the e-form. */
export function missingComponents(
  components: readonly ComponentDef[],
  caseKey: string,
  attached: ReadonlySet<number>,
  dataHeld: ReadonlySet<string>,
  eform = false,
): { index: number; name: string }[] {
  const out: { index: number; name: string }[] = [];
  components.forEach((c, index) => {
    if (!c.required || (c.condition && c.condition.trim() !== '')) return;
    if (c.caseKeys && c.caseKeys.length && !c.caseKeys.includes(caseKey)) return;
    if (attached.has(index)) return;
    if (c.replaceableByData && dataHeld.has(c.replaceableByData)) return;
    if (eform && isDeclarationForm(c.name)) return;
    out.push({ index, name: c.name });
  });
  return out;
}

// ---- ratings ------------------------------------------------------------------------------------

/** Five levels, 5 = rất hài lòng … 1 = rất không hài lòng. */
export const RATING_LEVELS: Readonly<Record<number, string>> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};

/**
 * Criteria of the applicant's evaluation under the one-stop decree (the 2018 decree's Điều 31–32;
 * whether the 2025 decree changed them was not found: legal-research.md §3), as provinces publish
 * them. `overall` is required.
 */
export const RATING_CRITERIA = [
  { key: 'overall', name: 'Đánh giá chung về việc giải quyết hồ sơ' },
  { key: 'total_time', name: 'Tổng thời gian giải quyết so với thời gian quy định' },
  { key: 'agency_time', name: 'Thời gian giải quyết của từng cơ quan' },
  { key: 'visits', name: 'Số lần phải liên hệ để hoàn thiện hồ sơ' },
  { key: 'agencies_contacted', name: 'Số cơ quan phải liên hệ để hoàn thiện hồ sơ' },
  { key: 'one_stop', name: 'Thực hiện cơ chế một cửa, một cửa liên thông' },
  { key: 'publicity', name: 'Công khai thủ tục hành chính' },
  { key: 'attitude', name: 'Thái độ, tinh thần phục vụ của cán bộ, công chức' },
  { key: 'feedback', name: 'Tiếp nhận và xử lý phản ánh, kiến nghị' },
] as const;
export type CriterionKey = (typeof RATING_CRITERIA)[number]['key'];

/** Days after the first rating during which the person may change it. */
export const RATING_EDIT_DAYS = 7;

export function ratingProblem(answers: Record<string, unknown>): string | null {
  const keys = new Set<string>(RATING_CRITERIA.map((c) => c.key));
  for (const [k, v] of Object.entries(answers)) {
    if (!keys.has(k)) return `Tiêu chí "${k}" không có trong phiếu đánh giá.`;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5)
      return `Tiêu chí "${k}" phải được chấm từ 1 (rất không hài lòng) đến 5 (rất hài lòng).`;
  }
  if (answers.overall === undefined) return 'Vui lòng cho biết đánh giá chung.';
  return null;
}

/** "Satisfied" for the indicators: rất hài lòng or hài lòng. */
export const isSatisfied = (level: number) => level >= 4;

// ---- proactive service ---------------------------------------------------------------------------

/** Days before expiry when the holder is reminded and offered a renewal. */
export const REMINDER_LEAD_DAYS = 30;

/** The renewal procedure of a result, where it differs from the procedure that issued it. */
export const RENEWAL_PROCEDURE: Readonly<Record<string, string>> = {
  '1.013225': '1.013227', // giấy phép xây dựng → gia hạn giấy phép xây dựng
  '1.013226': '1.013227',
  '1.013228': '1.013227',
};

export function renewalProcedureOf(code: string | null): string | null {
  if (!code) return null;
  return RENEWAL_PROCEDURE[code] ?? code;
}

/** Adds days to a calendar date (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months to a calendar date, clamping to the month's last day (31/01 + 1 month = 28 or 29/02). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A result nearing expiry: valid until a day from today to today + lead days (inclusive). */
export function dueForReminder(validUntil: string | null, today: string, leadDays = REMINDER_LEAD_DAYS): boolean {
  return !!validUntil && validUntil >= today && validUntil <= addDays(today, leadDays);
}

// ---- integrity ----------------------------------------------------------------------------------

/** Canonical JSON (keys sorted) so the hash of profile data does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export const dataHash = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex');

/**
 * Staff re-using a document of the person's warehouse (issue 19 §3). Our reading of Nghị định
 * 45/2020/NĐ-CP Điều 16 (as amended by Nghị định 107/2021/NĐ-CP) and the Law on personal data
 * protection: a result the administration itself issued may be used to settle a procedure without
 * asking (once-only principle); papers the person holds (their uploads, scans of their originals,
 * certified copies) are used with their consent, recorded with the re-use.
 */
export function reuseConsentRequired(kind: string): boolean {
  return kind !== 'result';
}
