/**
 * Dossier codes (mã số hồ sơ).
 *
 *  - Thông tư 01/2018/TT-VPCP Điều 19: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` — the receiving
 *    agency's electronic identifier (mã định danh điện tử, Thông tư 10/2016/TT-BTTTT), the receipt
 *    date and a sequence within the day, e.g. `000.00.15.H56-251103-0007`.
 *  - Thông tư 04/2025/TT-VPCP (khoản 3 Điều 13 Thông tư 03/2025, from 25/01/2026) for centralised
 *    nationwide services: `MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`, AA = two digits identifying the
 *    platform owner, XXXX = daily sequence of at least 4 digits (longer when needed).
 *  - The general format of Thông tư 03/2025 Điều 13 khoản 1–2 was not read (legal-research.md
 *    §2.8): the 2018 format is used, with a sequence of at least 4 digits and no upper bound.
 *
 * The date is the receipt date in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year: no daylight saving
 * since 1975), so a dossier received at 23:30 UTC carries the next day's date.
 * Codes are unique and never reused: the sequence comes from the service (a per agency-and-day
 * counter row locked in the receiving transaction).
 */
import { vnParts } from '../../platform/vn-time.js';

/** `V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.00.15.H56`; letters allowed where the 2016 scheme has codes. */
export const AGENCY_CODE_2018 = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$/;
/** `MX1X2.Y1Y2Y3.Z1Z2` of Thông tư 04/2025, e.g. `G22.001.01`. */
export const AGENCY_CODE_CENTRALISED = /^[A-Z][0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{2}$/;

const CODE_2018 = /^([0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2})-(\d{6})-(\d{4,})$/;
const CODE_CENTRALISED = /^([A-Z][0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{2})-(\d{6})-(\d{2})(\d{4,})$/;

export type DossierCodeFormat = 'tt01_2018' | 'tt04_2025_centralised';

export interface ParsedDossierCode {
  format: DossierCodeFormat;
  agencyCode: string;
  /** Receipt date in Vietnam, `YYYY-MM-DD` (years 2000–2099). */
  date: string;
  /** `YYMMDD` as printed. */
  yymmdd: string;
  seq: number;
  /** Two digits of the platform owner (centralised format only). */
  platformOwner: string | null;
}

/** `YYMMDD` of an instant, in Asia/Ho_Chi_Minh. */
export function vietnamYymmdd(at: Date): string {
  if (!Number.isFinite(at.getTime())) throw new RangeError('Ngày không hợp lệ.');
  const local = vnParts(at);
  const yy = String(local.year % 100).padStart(2, '0');
  const mm = String(local.month).padStart(2, '0');
  const dd = String(local.day).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

function checkSeq(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Số thứ tự hồ sơ phải là số nguyên dương: ${seq}`);
  return String(seq).padStart(4, '0');
}

/** `formatDossierCode('000.00.15.H56', receivedAt, 7)` → `000.00.15.H56-251103-0007`. */
export function formatDossierCode(agencyCode: string, date: Date, seq: number): string {
  if (!AGENCY_CODE_2018.test(agencyCode)) {
    throw new RangeError(`Mã định danh cơ quan không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2: ${agencyCode}`);
  }
  return `${agencyCode}-${vietnamYymmdd(date)}-${checkSeq(seq)}`;
}

/** Centralised nationwide services (Thông tư 04/2025): `G22.001.01-260301-010007`. */
export function formatCentralisedDossierCode(agencyCode: string, date: Date, platformOwner: string, seq: number): string {
  if (!AGENCY_CODE_CENTRALISED.test(agencyCode)) {
    throw new RangeError(`Mã định danh cơ quan không đúng dạng MX1X2.Y1Y2Y3.Z1Z2: ${agencyCode}`);
  }
  if (!/^\d{2}$/.test(platformOwner)) throw new RangeError(`Mã đơn vị chủ quản nền tảng phải gồm 2 chữ số: ${platformOwner}`);
  return `${agencyCode}-${vietnamYymmdd(date)}-${platformOwner}${checkSeq(seq)}`;
}

function dateOf(yymmdd: string): string | null {
  const y = 2000 + Number(yymmdd.slice(0, 2));
  const m = Number(yymmdd.slice(2, 4));
  const d = Number(yymmdd.slice(4, 6));
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/** Parses either format; null when the text is not a valid dossier code (including impossible dates). */
export function parseDossierCode(code: string): ParsedDossierCode | null {
  const text = code.trim().toUpperCase();
  const a = CODE_2018.exec(text);
  if (a) {
    const date = dateOf(a[2]);
    const seq = Number(a[3]);
    if (!date || !Number.isSafeInteger(seq) || seq < 1) return null;
    return { format: 'tt01_2018', agencyCode: a[1], date, yymmdd: a[2], seq, platformOwner: null };
  }
  const b = CODE_CENTRALISED.exec(text);
  if (b) {
    const date = dateOf(b[2]);
    const seq = Number(b[4]);
    if (!date || !Number.isSafeInteger(seq) || seq < 1) return null;
    return { format: 'tt04_2025_centralised', agencyCode: b[1], date, yymmdd: b[2], seq, platformOwner: b[3] };
  }
  return null;
}
