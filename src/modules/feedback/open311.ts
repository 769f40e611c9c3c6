/**
 * Open311 GeoReport v2 mapping (pure): our feedback records and categories to GeoReport
 * requests and services, and the parsing of a POSTed request. Conventions of the standard
 * (http://wiki.open311.org/GeoReport_v2): lists are JSON arrays, errors are
 * `[{ "code", "description" }]`, statuses are `open` / `closed`.
 *
 * Mapping decisions (see docs/feedback.md):
 * - service = a feedback category (one topic at one agency); `PAKN` is the general service whose
 *   requests the provincial office classifies;
 * - service_request_id = the feedback code (PAKN-2026-000123);
 * - status_notes = the published answer once moderated; before that, a neutral status text;
 * - description = the moderated public summary once published, else null: the sender's own text
 *   may hold personal data and Open311 reads are public;
 * - the sender's name, phone and e-mail are never returned;
 * - location and media are moderated like the text: until the item is published (its description
 *   shown), `lat`, `long`, `address` and `media_url` are null (a street address, a place or a photo
 *   can name the sender); once published, as sent.
 */
import { CLOSE_REASON_VI, open311Status, normalizeEmail, normalizePhone, type AttributeDef } from './feedback.rules.js';
import type { FeedbackRecord } from './feedback.repo.js';
import type { Category } from './feedback.schemas.js';
import type { Open311Submission } from './feedback.intake.service.js';

export const GENERAL_SERVICE_CODE = 'PAKN';
export const GENERAL_SERVICE_NAME = 'Phản ánh, kiến nghị chung về quy định, thủ tục hành chính';

export interface O311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
}

export interface O311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface O311Error {
  code: number;
  description: string;
}

export function serviceNotice(days: { classifyDays: number; handleDays: number }): string {
  return `Phản ánh được phân loại, chuyển cơ quan có thẩm quyền trong ${days.classifyDays} ngày làm việc và được trả lời trong ${days.handleDays} ngày làm việc kể từ khi cơ quan đó nhận được.`;
}

export function toService(c: Category): O311Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: c.attributes.length > 0,
    type: 'realtime',
    keywords: c.keywords,
    group: c.group ?? c.agency.name,
  };
}

export function generalService(officeName: string | null): O311Service {
  return {
    service_code: GENERAL_SERVICE_CODE,
    service_name: GENERAL_SERVICE_NAME,
    description: 'Khi chưa rõ cơ quan có thẩm quyền: Văn phòng UBND tỉnh phân loại và chuyển xử lý.',
    metadata: false,
    type: 'realtime',
    keywords: 'phản ánh, kiến nghị, thủ tục hành chính',
    group: officeName,
  };
}

export function serviceDefinition(code: string, attributes: AttributeDef[]): { service_code: string; attributes: AttributeDef[] } {
  return { service_code: code, attributes: [...attributes].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9)) };
}

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

export function statusNotes(f: FeedbackRecord): string | null {
  switch (f.status) {
    case 'received':
      return 'Đã tiếp nhận; đang phân loại và chuyển cơ quan có thẩm quyền.';
    case 'forwarded':
      return f.followUpAt
        ? `Người gửi đã phản hồi lại kết quả; ${f.agency?.name ?? 'cơ quan có thẩm quyền'} đang xem xét lại.`
        : `Đang được ${f.agency?.name ?? 'cơ quan có thẩm quyền'} xem xét, xử lý.`;
    case 'answered':
      return 'Đã có văn bản trả lời; nội dung sẽ được công khai sau khi kiểm duyệt thông tin cá nhân.';
    case 'published':
      return f.publicAnswer;
    case 'closed':
      if (f.closeReason === 'duplicate') return `Trùng với phản ánh ${f.duplicateOf?.code ?? ''}.`;
      return f.closeReason ? CLOSE_REASON_VI[f.closeReason] + '.' : 'Đã đóng.';
  }
}

export function toRequest(f: FeedbackRecord, vnIso: (d: Date) => string, notice: string): O311Request {
  // Published = moderated: the description, location and media are shown from the same moment.
  const published = f.publishedAt !== null && f.publicSummary !== null;
  const expected = f.status === 'received' ? f.classifyDueAt : f.status === 'forwarded' ? f.handleDueAt : null;
  return {
    service_request_id: f.code,
    status: open311Status(f.status),
    status_notes: statusNotes(f),
    service_name: f.categoryName ?? GENERAL_SERVICE_NAME,
    service_code: f.categoryCode ?? GENERAL_SERVICE_CODE,
    description: published ? f.publicSummary : null,
    agency_responsible: f.agency?.name ?? f.receivingAgency.name,
    service_notice: notice,
    requested_datetime: vnIso(f.receivedAt),
    updated_datetime: vnIso(f.closedAt ?? f.publishedAt ?? f.answeredAt ?? f.updatedAt),
    expected_datetime: expected ? vnIso(expected) : null,
    address: published ? f.locationAddress : null,
    address_id: null,
    zipcode: null,
    lat: published ? f.lat : null,
    long: published ? f.long : null,
    media_url: published && f.mediaUrl && isHttpUrl(f.mediaUrl) ? f.mediaUrl : null,
  };
}

// ---- POST requests ----------------------------------------------------------------------------

export type Params = Record<string, string | string[]>;

/** Parses application/x-www-form-urlencoded text, keeping repeated keys as arrays. */
export function parseForm(body: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const KNOWN = new Set([
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
]);
const ATTRIBUTE_KEY = /^attribute\[([A-Za-z0-9_-]{1,50})\](\[\])?$/;

const one = (v: string | string[] | undefined): string | null => {
  if (v === undefined) return null;
  const s = (Array.isArray(v) ? v[0] : v).trim();
  return s === '' ? null : s;
};

/**
 * Validates a POST requests body (form or JSON object). Errors are Open311 error entries (400).
 * Our deployment needs no location (feedback is about procedures, not potholes): a description
 * and a way to answer the sender (phone or e-mail) are enough; service_code defaults to PAKN.
 */
export function parseSubmission(p: Params): { value: Open311Submission } | { errors: O311Error[] } {
  const errors: O311Error[] = [];
  const err = (description: string) => errors.push({ code: 400, description });
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(p)) {
    const m = ATTRIBUTE_KEY.exec(k);
    if (m) {
      attributes[m[1]] = m[2] ? (Array.isArray(v) ? v : [v]) : v;
      continue;
    }
    // GeoReport v2 lets clients send parameters a server does not know (locale, …): ignored.
    if (!KNOWN.has(k)) continue;
    if (Array.isArray(v)) err(`Tham số "${k}" chỉ được khai báo một lần.`);
    else if (typeof v !== 'string') err(`Tham số "${k}" phải là chuỗi.`);
  }
  const description = one(p.description);
  if (!description) err('Thiếu "description": nội dung phản ánh, kiến nghị.');
  else if (description.length < 10) err('"description" phải có ít nhất 10 ký tự.');
  else if (description.length > 4000) err('"description" không được dài quá 4000 ký tự.');
  const emailRaw = one(p.email);
  const phoneRaw = one(p.phone);
  const email = emailRaw ? normalizeEmail(emailRaw) : null;
  const phone = phoneRaw ? normalizePhone(phoneRaw) : null;
  if (emailRaw && !email) err('"email" không hợp lệ.');
  if (phoneRaw && !phone) err('"phone" không hợp lệ (ví dụ 0912345678).');
  if (!emailRaw && !phoneRaw) err('Cần "email" hoặc "phone" để cơ quan trả lời người gửi.');
  const num = (name: string, min: number, max: number): number | null => {
    const raw = one(p[name]);
    if (raw === null) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      err(`"${name}" phải là số trong khoảng ${min}..${max}.`);
      return null;
    }
    return n;
  };
  const lat = num('lat', -90, 90);
  const long = num('long', -180, 180);
  if ((one(p.lat) === null) !== (one(p.long) === null)) err('"lat" và "long" phải đi cùng nhau.');
  const mediaUrl = one(p.media_url);
  if (mediaUrl && (!isHttpUrl(mediaUrl) || mediaUrl.length > 1000)) err('"media_url" phải là địa chỉ http(s) hợp lệ.');
  const serviceCode = one(p.service_code);
  if (serviceCode && !/^[A-Za-z0-9._-]{1,40}$/.test(serviceCode)) err('"service_code" không hợp lệ.');
  for (const f of ['first_name', 'last_name', 'address_string'] as const) {
    const v = one(p[f]);
    if (v && v.length > (f === 'address_string' ? 500 : 100)) err(`"${f}" quá dài.`);
  }
  if (errors.length) return { errors };
  return {
    value: {
      serviceCode: serviceCode && serviceCode !== GENERAL_SERVICE_CODE ? serviceCode : null,
      description: description!,
      firstName: one(p.first_name),
      lastName: one(p.last_name),
      email,
      phone,
      addressString: one(p.address_string),
      lat,
      long,
      mediaUrl,
      attributes,
    },
  };
}

/** Splits a comma-separated Open311 list parameter. */
export function csv(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
