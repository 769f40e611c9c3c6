/**
 * Parser for the administrative-units file seed/vn-units-2026.json (34
 * provinces, 3,321 communes; 2-digit province and 5-digit commune codes, Quyết định 19/2025/QĐ-TTg
 * list). Pure: takes the parsed JSON, validates its shape, returns flat rows. Throws an Error that
 * names the offending element (e.g. `[37].Wards[12].Code`) on anything unexpected, so a bad or
 * truncated file fails loudly instead of seeding a partial unit table.
 *
 * Expected shape (fields not listed are ignored):
 *   [{ Type: "province", Code: "38", Name: "Thanh Hoá", NameEn, FullName: "Tỉnh Thanh Hoá",
 *      AdministrativeUnitShortName: "Tỉnh" | "Thành phố",
 *      Wards: [{ Type: "ward", Code: "14797", Name, NameEn, FullName, ProvinceCode: "38",
 *                AdministrativeUnitShortName: "Phường" | "Xã" | "Đặc khu" }] }]
 * Strings are returned in NFC, otherwise as spelled in the file (the file writes tone marks in the
 * "new style", e.g. "Thanh Hoá"; compare names with nameKey() from platform/text).
 */
import { nfc } from '../../platform/text.js';

export const PROVINCE_KINDS = ['Tỉnh', 'Thành phố'] as const;
export const COMMUNE_KINDS = ['Phường', 'Xã', 'Đặc khu'] as const;

export interface UnitRow {
  code: string;
  name: string;
  fullName: string;
  nameEn: string | null;
  level: 'province' | 'commune';
  /** Unit type as written in the file: Tỉnh, Thành phố, Phường, Xã, Đặc khu. */
  kind: string;
  /** Province code for a commune; null for a province. */
  parentCode: string | null;
}

export interface ParsedUnits {
  provinces: UnitRow[];
  communes: UnitRow[];
}

const PREFIX = 'Invalid admin-units file';

function fail(path: string, message: string): never {
  throw new Error(`${PREFIX}: ${path ? `${path}: ` : ''}${message}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requiredString(obj: Record<string, unknown>, field: string, path: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') fail(`${path}.${field}`, `expected a non-empty string, got ${describe(v)}`);
  return nfc(v.trim());
}

function optionalString(obj: Record<string, unknown>, field: string, path: string): string | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(`${path}.${field}`, `expected a string or null, got ${describe(v)}`);
  const t = nfc(v.trim());
  return t === '' ? null : t;
}

function code(obj: Record<string, unknown>, digits: number, path: string): string {
  const v = obj.Code;
  if (typeof v !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(v)) {
    fail(`${path}.Code`, `expected a ${digits}-digit string, got ${describe(v)}`);
  }
  return v;
}

function kind(obj: Record<string, unknown>, allowed: readonly string[], path: string): string {
  const k = requiredString(obj, 'AdministrativeUnitShortName', path);
  if (!allowed.includes(k)) {
    fail(`${path}.AdministrativeUnitShortName`, `unknown unit type ${JSON.stringify(k)} (expected one of ${allowed.join(', ')})`);
  }
  return k;
}

export function parseUnitsFile(json: unknown): ParsedUnits {
  if (!Array.isArray(json)) fail('', `expected a JSON array of provinces at the top level, got ${describe(json)}`);
  if (json.length === 0) fail('', 'the province list is empty');

  const provinces: UnitRow[] = [];
  const communes: UnitRow[] = [];
  const seenProvince = new Map<string, string>();
  const seenCommune = new Map<string, string>();

  json.forEach((p: unknown, pi: number) => {
    const pPath = `[${pi}]`;
    if (!isRecord(p)) fail(pPath, `expected a province object, got ${describe(p)}`);
    if (p.Type !== 'province') fail(`${pPath}.Type`, `expected "province", got ${describe(p.Type)}`);
    const pCode = code(p, 2, pPath);
    const dup = seenProvince.get(pCode);
    if (dup) fail(`${pPath}.Code`, `duplicate province code ${pCode} (also at ${dup})`);
    seenProvince.set(pCode, pPath);

    provinces.push({
      code: pCode,
      name: requiredString(p, 'Name', pPath),
      fullName: requiredString(p, 'FullName', pPath),
      nameEn: optionalString(p, 'NameEn', pPath),
      level: 'province',
      kind: kind(p, PROVINCE_KINDS, pPath),
      parentCode: null,
    });

    const wards = p.Wards;
    if (!Array.isArray(wards)) fail(`${pPath}.Wards`, `expected an array of communes, got ${describe(wards)}`);
    if (wards.length === 0) fail(`${pPath}.Wards`, `province ${pCode} has no communes`);

    wards.forEach((w: unknown, wi: number) => {
      const wPath = `${pPath}.Wards[${wi}]`;
      if (!isRecord(w)) fail(wPath, `expected a commune object, got ${describe(w)}`);
      if (w.Type !== 'ward' && w.Type !== 'commune') fail(`${wPath}.Type`, `expected "ward", got ${describe(w.Type)}`);
      const wCode = code(w, 5, wPath);
      const seen = seenCommune.get(wCode);
      if (seen) fail(`${wPath}.Code`, `duplicate commune code ${wCode} (also at ${seen})`);
      seenCommune.set(wCode, wPath);
      if (w.ProvinceCode !== undefined && w.ProvinceCode !== pCode) {
        fail(`${wPath}.ProvinceCode`, `commune ${wCode} says province ${describe(w.ProvinceCode)} but is listed under ${pCode}`);
      }
      communes.push({
        code: wCode,
        name: requiredString(w, 'Name', wPath),
        fullName: requiredString(w, 'FullName', wPath),
        nameEn: optionalString(w, 'NameEn', wPath),
        level: 'commune',
        kind: kind(w, COMMUNE_KINDS, wPath),
        parentCode: pCode,
      });
    });
  });

  return { provinces, communes };
}
