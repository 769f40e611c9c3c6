/**
 * Pure rules of the feedback (phản ánh, kiến nghị — PAKN) workflow: the state machine, the legal
 * time limits of each stage, overdue detection, the on-time rate, personal-data checks for
 * publication, Open311 status mapping and attribute validation. No I/O.
 *
 * Time limits (docs/feedback.md, working rules; kept as settings because
 * legal-notes.md marks the figures "Likely"):
 *   classify and forward ≤ 5 working days from receipt;
 *   handle ≤ 10 working days from forwarding, + up to 20 for a complex case (once, sender told);
 *   publish the answer ≤ 5 working days from its issue.
 */

export const STATUSES = ['received', 'forwarded', 'answered', 'published', 'closed'] as const;
export type FeedbackStatus = (typeof STATUSES)[number];

export const CHANNELS = ['web', 'counter', 'email', 'post', 'hotline', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels an officer enters on the sender's behalf. */
export const OFFICER_CHANNELS = ['counter', 'email', 'post', 'hotline'] as const;

export const KINDS = ['feedback', 'recommendation'] as const;
export type Kind = (typeof KINDS)[number];

/** Classification of Nghị định 20/2008 Điều 9 / QĐ 766 indicator 5.1. */
export const TOPICS = ['regulation', 'procedure_handling', 'officer_conduct'] as const;
export type Topic = (typeof TOPICS)[number];

export const ANSWER_STATUSES = ['accepted', 'rejected', 'considering'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const CLOSE_REASONS = ['not_accepted', 'complaint_redirected', 'duplicate'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export type Stage = 'classify' | 'handle' | 'publish';

export const TOPIC_VI: Record<Topic, string> = {
  regulation: 'Về quy định hành chính',
  procedure_handling: 'Về việc giải quyết thủ tục hành chính',
  officer_conduct: 'Về hành vi của cán bộ, công chức',
};
export const STATUS_VI: Record<FeedbackStatus, string> = {
  received: 'Mới tiếp nhận',
  forwarded: 'Đang xử lý tại cơ quan có thẩm quyền',
  answered: 'Đã có văn bản trả lời',
  published: 'Đã công khai kết quả',
  closed: 'Đã đóng',
};
export const ANSWER_STATUS_VI: Record<AnswerStatus, string> = {
  accepted: 'Tiếp thu',
  rejected: 'Không tiếp thu',
  considering: 'Đang nghiên cứu, xem xét',
};
export const CLOSE_REASON_VI: Record<CloseReason, string> = {
  not_accepted: 'Không đủ điều kiện xử lý',
  complaint_redirected: 'Là khiếu nại/tố cáo — hướng dẫn theo thủ tục khiếu nại, tố cáo',
  duplicate: 'Trùng với phản ánh đã tiếp nhận',
};
export const CHANNEL_VI: Record<Channel, string> = {
  web: 'Cổng dịch vụ công',
  counter: 'Trực tiếp tại bộ phận một cửa',
  email: 'Thư điện tử',
  post: 'Bưu chính',
  hotline: 'Đường dây nóng',
  open311: 'Ứng dụng (Open311)',
};

export interface DeadlineSettings {
  classifyDays: number;
  handleDays: number;
  extensionDays: number;
  publishDays: number;
}

export const DEFAULT_DEADLINES: DeadlineSettings = { classifyDays: 5, handleDays: 10, extensionDays: 20, publishDays: 5 };

/** The app_setting keys that override the defaults (a province may adopt other figures). */
export const DEADLINE_SETTING_KEYS: Record<keyof DeadlineSettings, string> = {
  classifyDays: 'feedback.deadline.classify_days',
  handleDays: 'feedback.deadline.handle_days',
  extensionDays: 'feedback.deadline.extension_days',
  publishDays: 'feedback.deadline.publish_days',
};

/** Reads settings (strings from app_setting) over the defaults; nonsense values keep the default. */
export function deadlineSettings(raw: Partial<Record<keyof DeadlineSettings, string | null>>): DeadlineSettings {
  const out = { ...DEFAULT_DEADLINES };
  for (const k of Object.keys(out) as (keyof DeadlineSettings)[]) {
    const v = raw[k];
    if (v == null) continue;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 90) out[k] = n;
  }
  return out;
}

/** The working days a stage gets, counted from its start instant. */
export function stageWorkingDays(stage: Stage | 'extension', s: DeadlineSettings): number {
  switch (stage) {
    case 'classify':
      return s.classifyDays;
    case 'handle':
      return s.handleDays;
    case 'extension':
      return s.extensionDays;
    case 'publish':
      return s.publishDays;
  }
}

// ---- state machine ------------------------------------------------------------------------------

export type Action = 'classify_forward' | 'classify_close' | 'link_duplicate' | 'extend' | 'answer' | 'publish' | 'follow_up' | 'reroute';

const ALLOWED: Record<Action, readonly FeedbackStatus[]> = {
  classify_forward: ['received'],
  classify_close: ['received'],
  link_duplicate: ['received', 'forwarded'],
  reroute: ['forwarded'],
  extend: ['forwarded'],
  answer: ['forwarded'],
  publish: ['answered'],
  follow_up: ['answered', 'published'],
};

export function canDo(action: Action, status: FeedbackStatus): boolean {
  return ALLOWED[action].includes(status);
}

export const ACTION_VI: Record<Action, string> = {
  classify_forward: 'phân loại và chuyển cơ quan có thẩm quyền',
  classify_close: 'phân loại và kết thúc',
  link_duplicate: 'gộp vào phản ánh trùng',
  reroute: 'chuyển lại cơ quan khác',
  extend: 'gia hạn xử lý',
  answer: 'trả lời',
  publish: 'công khai kết quả',
  follow_up: 'phản hồi lại kết quả',
};

// ---- deadlines and overdue ---------------------------------------------------------------------

export interface Timeline {
  status: FeedbackStatus;
  classifyDueAt: Date;
  handleDueAt: Date | null;
  publishDueAt: Date | null;
}

/** The stage a feedback item is in and that stage's due instant; none once published or closed. */
export function currentStage(t: Timeline): { stage: Stage; dueAt: Date } | null {
  if (t.status === 'received') return { stage: 'classify', dueAt: t.classifyDueAt };
  if (t.status === 'forwarded' && t.handleDueAt) return { stage: 'handle', dueAt: t.handleDueAt };
  if (t.status === 'answered' && t.publishDueAt) return { stage: 'publish', dueAt: t.publishDueAt };
  return null;
}

/** The stage that is overdue at `now` (strictly after its due instant), if any. */
export function overdueStage(t: Timeline, now: Date): Stage | null {
  const c = currentStage(t);
  return c && now.getTime() > c.dueAt.getTime() ? c.stage : null;
}

// ---- on-time rate (QĐ 766 indicator 5.2 style) -------------------------------------------------

export interface HandlingFacts {
  status: FeedbackStatus;
  closeReason: CloseReason | null;
  handleDueAt: Date | null;
  answeredAt: Date | null;
}

export type Timeliness = 'on_time' | 'late' | 'in_time' | 'overdue' | 'not_counted';

/**
 * An item within the agency's competence (forwarded to it) is: answered on time / late, or
 * pending within time / overdue. Items closed at classification (not accepted, complaints,
 * duplicates) and items not yet forwarded are not counted.
 */
export function timeliness(f: HandlingFacts, now: Date): Timeliness {
  if (!f.handleDueAt) return 'not_counted';
  if (f.status === 'closed' && !f.answeredAt) return 'not_counted';
  // Being handled (also again, after the sender's follow-up): pending.
  if (f.status === 'received' || f.status === 'forwarded' || !f.answeredAt) return now.getTime() <= f.handleDueAt.getTime() ? 'in_time' : 'overdue';
  return f.answeredAt.getTime() <= f.handleDueAt.getTime() ? 'on_time' : 'late';
}

/** (answered on time + pending within time) / counted items, as a percentage with one decimal; null when nothing counts. */
export function onTimeRate(counts: Record<Timeliness, number>): number | null {
  const counted = counts.on_time + counts.late + counts.in_time + counts.overdue;
  if (counted === 0) return null;
  return Math.round(((counts.on_time + counts.in_time) * 1000) / counted) / 10;
}

// ---- contact and personal data -----------------------------------------------------------------

/** Vietnamese phone numbers: 0xxxxxxxxx (10 digits) or +84xxxxxxxxx; spaces, dots and dashes ignored. */
export function normalizePhone(raw: string): string | null {
  const s = raw.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)(\d{9})$/.exec(s);
  return m ? '0' + m[1] : null;
}

export function normalizeEmail(raw: string): string | null {
  const s = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 254 ? s : null;
}

export interface PersonalData {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

const PHONE_RE = /(?:\+?84|0)(?:[\s.-]?\d){9}\b/g;
const EMAIL_RE = /[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}/g;
const ID_RE = /\b\d{12}\b|\b\d{9}\b/g; // CCCD (12) and old CMND (9)

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** What personal data a text intended for publication still contains (empty: safe to publish). */
export function personalDataIn(text: string, p: PersonalData): string[] {
  const found: string[] = [];
  if (PHONE_RE.test(text)) found.push('phone');
  PHONE_RE.lastIndex = 0;
  if (EMAIL_RE.test(text)) found.push('email');
  EMAIL_RE.lastIndex = 0;
  if (ID_RE.test(text)) found.push('personal_id');
  ID_RE.lastIndex = 0;
  const f = fold(text);
  if (p.name && fold(p.name).length >= 3 && f.includes(fold(p.name))) found.push('name');
  if (p.address && fold(p.address).length >= 6 && f.includes(fold(p.address))) found.push('address');
  return found;
}

/** A first draft for publication: the sender's name, address, phones, e-mails and ID numbers masked. */
export function redactPersonalData(text: string, p: PersonalData): string {
  let out = text.replace(EMAIL_RE, '[đã ẩn]').replace(PHONE_RE, '[đã ẩn]').replace(ID_RE, '[đã ẩn]');
  for (const v of [p.name, p.address]) {
    if (!v || v.trim().length < 3) continue;
    const escaped = v
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+');
    out = out.replace(new RegExp(escaped, 'giu'), '[đã ẩn]');
  }
  return out;
}

// ---- Open311 ------------------------------------------------------------------------------------

/** Open311 has two statuses: an item is "closed" once it has an answer or was closed at classification. */
export function open311Status(status: FeedbackStatus): 'open' | 'closed' {
  return status === 'received' || status === 'forwarded' ? 'open' : 'closed';
}

export const OPEN311_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

export interface AttributeDef {
  variable: boolean;
  code: string;
  datatype: (typeof OPEN311_DATATYPES)[number];
  required: boolean;
  datatype_description: string | null;
  order: number | null;
  description: string | null;
  values?: { key: string; name: string }[];
}

/**
 * Checks submitted attribute values against a service definition: unknown codes, missing required
 * values, wrong types and values outside a list are errors (Vietnamese messages). Returns the
 * cleaned values (multivaluelist as arrays).
 */
export function validateAttributes(
  defs: AttributeDef[],
  values: Record<string, string | string[]>,
): { values: Record<string, string | string[]>; errors: string[] } {
  const errors: string[] = [];
  const out: Record<string, string | string[]> = {};
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const k of Object.keys(values)) if (!byCode.has(k)) errors.push(`thuộc tính "${k}" không có trong định nghĩa dịch vụ`);
  for (const d of defs) {
    if (!d.variable) continue;
    const raw = values[d.code];
    const list = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    if (list.length === 0) {
      if (d.required) errors.push(`thiếu thuộc tính bắt buộc "${d.code}"`);
      continue;
    }
    if (d.datatype !== 'multivaluelist' && list.length > 1) {
      errors.push(`thuộc tính "${d.code}" chỉ nhận một giá trị`);
      continue;
    }
    const keys = new Set((d.values ?? []).map((v) => v.key));
    switch (d.datatype) {
      case 'number':
        if (!Number.isFinite(Number(list[0]))) errors.push(`thuộc tính "${d.code}" phải là số`);
        else out[d.code] = list[0];
        break;
      case 'datetime':
        if (Number.isNaN(Date.parse(list[0]))) errors.push(`thuộc tính "${d.code}" phải là ngày giờ ISO 8601`);
        else out[d.code] = list[0];
        break;
      case 'singlevaluelist':
      case 'multivaluelist':
        if (list.some((v) => !keys.has(v))) errors.push(`thuộc tính "${d.code}" có giá trị ngoài danh sách`);
        else out[d.code] = d.datatype === 'multivaluelist' ? list : list[0];
        break;
      default:
        if (list[0].length > 2000) errors.push(`thuộc tính "${d.code}" quá dài`);
        else out[d.code] = list[0];
    }
  }
  return { values: out, errors };
}

/** The feedback code: PAKN-2026-000123. */
export function feedbackCode(year: number, n: number): string {
  return `PAKN-${year}-${String(n).padStart(6, '0')}`;
}

/** A short title from the content when the sender gives none: the first sentence, at most 120 characters. */
export function titleFrom(content: string): string {
  const first = content.trim().split(/(?<=[.!?])\s|\n/)[0] ?? '';
  const t = first.replace(/\s+/g, ' ').trim();
  return t.length <= 120 ? t : t.slice(0, 117).replace(/\s+\S*$/, '') + '…';
}

/** The file type by its first bytes (the client's claim is not trusted). */
export function sniffFileType(b: Uint8Array): string | null {
  const starts = (...xs: number[]) => xs.every((x, i) => b[i] === x);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'application/msword';
  return null;
}
