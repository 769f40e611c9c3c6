/**
 * The historical-dossier file format (docs/history-import.md) and its checks, pure: what one
 * dossier of the previous one-stop system looks like, and what is wrong with a record before it
 * is replayed through the dossier rules (which then check every action against the state machine).
 */
import { createHash } from 'node:crypto';

export const HISTORY_FORMAT = 'motcua.history/1';

/** The actions a file may carry, with their Vietnamese names (for the report). */
export const ACTION_TYPES = {
  submit_online: 'Nộp hồ sơ trực tuyến',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận',
  guide_supplement_before_receipt: 'Hướng dẫn bổ sung trước khi tiếp nhận',
  forward: 'Chuyển hồ sơ đến cơ quan giải quyết',
  next_step: 'Chuyển bước xử lý',
  send_back: 'Trả lại bước trước',
  transfer: 'Chuyển liên thông',
  transfer_return: 'Trả hồ sơ liên thông',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  supplement_received: 'Nhận hồ sơ bổ sung',
  supplement_timeout_stop: 'Dừng do không bổ sung đúng hạn',
  request_payment: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  payment_received: 'Đã thực hiện nghĩa vụ tài chính',
  withdraw: 'Rút hồ sơ',
  stop: 'Từ chối giải quyết (sau thẩm định)',
  result_ready: 'Có kết quả giải quyết',
  return_result: 'Trả kết quả',
  apologise: 'Xin lỗi, hẹn lại ngày trả kết quả',
} as const;
export type HistoryActionType = keyof typeof ACTION_TYPES;

/** Actions of the one-stop section (the receiving agency acts); the others are the processing agency's. */
export const ONE_STOP_ACTIONS: readonly HistoryActionType[] = [
  'receive',
  'refuse',
  'guide_supplement_before_receipt',
  'forward',
  'return_result',
  'withdraw',
  'payment_received',
];

export interface HistoryAction {
  type: HistoryActionType;
  /** ISO 8601 with an offset, e.g. 2025-03-04T08:15:00+07:00. */
  at: string;
  /** Code of the agency that acted (default: the receiving agency for one-stop actions, the agency holding the dossier otherwise). */
  agency?: string | null;
  /** Who acted in the previous system (kept in the action's payload). */
  by?: string | null;
  reason?: string | null;
  items?: string[] | null;
  deadline?: string | null;
  toAgency?: string | null;
  task?: string | null;
  budgetDays?: number | null;
  note?: string | null;
  toStep?: number | null;
  fees?: { name: string; amount: number }[] | null;
  paidOnline?: boolean | null;
  decisionNumber?: string | null;
  signer?: string | null;
  signedOn?: string | null;
  channel?: 'counter' | 'post' | 'electronic' | null;
  receivedBy?: string | null;
  trackingNumber?: string | null;
  newAppointment?: string | null;
  reference?: string | null;
  /** `result_ready`: the result document (a PDF in the ZIP package, path from the package root). */
  file?: string | null;
}

/** A component's scan (or, online, the applicant's electronic copy) in the ZIP package, and who confirmed it matches the original. */
export interface HistoryScan {
  /** Path of the PDF in the package (from its root, e.g. `files/HS-1-tp0.pdf`). */
  file: string;
  /** The officer of the previous system who confirmed the scan matches the original. */
  confirmedBy: string;
  /** When (ISO 8601 with offset). */
  confirmedAt: string;
}

/** The applicant's satisfaction rating (NĐ 61/2018 Điều 32; QĐ 766 indicator 5.4): one per dossier. */
export interface HistoryRating {
  at: string;
  /** 1 (rất không hài lòng) … 5 (rất hài lòng). */
  level: number;
  /** Where it was given: `counter` (the counter's screen/tablet), `link` (link/QR on the receipt), `account` (the applicant's account on the previous portal). */
  source: 'counter' | 'link' | 'account';
  comment?: string | null;
}

/** The rating channels (the same as a rating given in MotCua). */
export const RATING_SOURCES = ['counter', 'link', 'account'] as const;
/** Actions after which a dossier is closed: nothing is scanned after them. */
const CLOSING: readonly string[] = ['refuse', 'withdraw', 'stop', 'supplement_timeout_stop', 'return_result'];

export interface HistoryDossier {
  /** The dossier's identifier in the previous system: the key that makes a re-import change nothing. */
  ref: string;
  /** The dossier code to keep (printed on the applicant's receipt); default: `ref`. */
  code?: string | null;
  procedure: string;
  case?: string | null;
  channel: 'counter' | 'online' | 'post';
  receivingAgency: string;
  applicant: {
    kind: 'citizen' | 'business' | 'organisation';
    name: string;
    idNumber: string;
    phone?: string | null;
    email?: string | null;
    address?: string | null;
  };
  summary?: string | null;
  components?: { index: number; digitised?: boolean; reusedFrom?: string | null; scan?: HistoryScan | null }[] | null;
  actions: HistoryAction[];
  rating?: HistoryRating | null;
}

/** A record as read from the file, with where it was (for the report). */
export interface Located {
  /** 1-based line (NDJSON) or row of the dossier sheet (XLSX). */
  line: number;
  where: string;
  /** Where each action came from (XLSX: its row on the actions sheet). */
  actionWhere?: string[];
  record: unknown;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/**
 * The problems of one record (Vietnamese), before any replay; empty when it is well formed.
 * `now` bounds the timestamps: history cannot be in the future.
 */
export function recordProblems(r: unknown, now: Date): string[] {
  if (!isObj(r)) return ['mỗi dòng phải là một đối tượng JSON mô tả một hồ sơ.'];
  const p: string[] = [];
  if (!str(r.ref)) p.push('thiếu "ref" (mã hồ sơ ở hệ thống cũ).');
  else if (String(r.ref).length > 60) p.push('"ref" dài quá 60 ký tự.');
  if (r.code !== undefined && r.code !== null && (!str(r.code) || String(r.code).length > 40)) p.push('"code" phải là chuỗi không rỗng, tối đa 40 ký tự.');
  if (!str(r.procedure)) p.push('thiếu "procedure" (mã thủ tục hành chính, ví dụ 1.001193).');
  if (!['counter', 'online', 'post'].includes(r.channel as string)) p.push('"channel" phải là counter, online hoặc post.');
  if (!str(r.receivingAgency)) p.push('thiếu "receivingAgency" (mã cơ quan tiếp nhận).');
  const a = r.applicant;
  if (!isObj(a)) p.push('thiếu "applicant" (người nộp hồ sơ).');
  else {
    if (!['citizen', 'business', 'organisation'].includes(a.kind as string)) p.push('"applicant.kind" phải là citizen, business hoặc organisation.');
    if (!str(a.name)) p.push('thiếu "applicant.name".');
    if (!str(a.idNumber)) p.push('thiếu "applicant.idNumber" (số định danh/CCCD hoặc mã số doanh nghiệp).');
  }
  if (r.components !== undefined && r.components !== null) {
    if (!Array.isArray(r.components) || r.components.some((c) => !isObj(c) || !Number.isInteger(c.index) || (c.index as number) < 0))
      p.push('"components" phải là danh sách {index, digitised}, index là số nguyên ≥ 0.');
    else {
      for (const c of r.components as Record<string, unknown>[]) {
        if (c.scan === undefined || c.scan === null) continue;
        const s = c.scan;
        const n = `thành phần số ${String(c.index)}`;
        if (!isObj(s)) p.push(`${n}: "scan" phải là {file, confirmedBy, confirmedAt}.`);
        else {
          if (!filePath(s.file)) p.push(`${n}: "scan.file" phải là đường dẫn tệp PDF trong gói ZIP (ví dụ files/tp0.pdf), không có "..".`);
          if (!str(s.confirmedBy)) p.push(`${n}: thiếu "scan.confirmedBy" (cán bộ xác nhận bản quét khớp bản chính).`);
          if (typeof s.confirmedAt !== 'string' || !ISO.test(s.confirmedAt) || Number.isNaN(Date.parse(s.confirmedAt)))
            p.push(`${n}: "scan.confirmedAt" phải là thời điểm ISO 8601 có múi giờ.`);
          else if (Date.parse(s.confirmedAt) > now.getTime()) p.push(`${n}: thời điểm xác nhận bản quét ${s.confirmedAt} ở tương lai.`);
        }
      }
    }
  }
  if (!Array.isArray(r.actions) || r.actions.length === 0) {
    p.push('thiếu "actions" (các thao tác với thời điểm thực tế).');
    return p;
  }
  let prev: number | null = null;
  r.actions.forEach((x, i) => {
    const n = `thao tác số ${i + 1}`;
    if (!isObj(x)) return void p.push(`${n}: phải là một đối tượng.`);
    if (!(typeof x.type === 'string' && x.type in ACTION_TYPES))
      return void p.push(`${n}: loại "${String(x.type)}" không được hỗ trợ (xem docs/history-import.md).`);
    const label = `${n} (${ACTION_TYPES[x.type as HistoryActionType]})`;
    if (typeof x.at !== 'string' || !ISO.test(x.at) || Number.isNaN(Date.parse(x.at)))
      return void p.push(`${label}: "at" phải là thời điểm ISO 8601 có múi giờ, ví dụ 2025-03-04T08:15:00+07:00.`);
    const t = Date.parse(x.at);
    if (t > now.getTime()) p.push(`${label}: thời điểm ${x.at} ở tương lai.`);
    if (prev !== null && t < prev) p.push(`${label}: thời điểm ${x.at} sớm hơn thao tác trước; các thao tác phải theo thứ tự thời gian.`);
    prev = t;
    for (const k of ['newAppointment', 'deadline'] as const) {
      if (x[k] !== undefined && x[k] !== null && (typeof x[k] !== 'string' || Number.isNaN(Date.parse(x[k] as string))))
        p.push(`${label}: "${k}" không phải thời điểm hợp lệ.`);
    }
    if (x.signedOn !== undefined && x.signedOn !== null && !(typeof x.signedOn === 'string' && DAY.test(x.signedOn)))
      p.push(`${label}: "signedOn" phải có dạng yyyy-mm-dd.`);
    if (
      x.fees !== undefined &&
      x.fees !== null &&
      (!Array.isArray(x.fees) || x.fees.some((f) => !isObj(f) || !str(f.name) || !Number.isInteger(f.amount) || (f.amount as number) <= 0))
    )
      p.push(`${label}: "fees" phải là danh sách {name, amount} với amount là số nguyên dương (VNĐ).`);
    if (x.items !== undefined && x.items !== null && (!Array.isArray(x.items) || x.items.some((s) => typeof s !== 'string')))
      p.push(`${label}: "items" phải là danh sách chuỗi.`);
    if (x.file !== undefined && x.file !== null) {
      if (x.type !== 'result_ready') p.push(`${label}: "file" chỉ dùng cho thao tác result_ready (tệp kết quả).`);
      else if (!filePath(x.file)) p.push(`${label}: "file" phải là đường dẫn tệp PDF trong gói ZIP (ví dụ files/kq.pdf), không có "..".`);
    }
  });
  p.push(...timingProblems(r as { actions: { type?: string; at?: string }[]; components?: unknown; rating?: unknown }, now));
  const first = (r.actions[0] as { type?: string } | undefined)?.type;
  if (r.channel === 'online' && first !== 'submit_online') p.push('hồ sơ trực tuyến phải bắt đầu bằng thao tác submit_online (thời điểm nộp).');
  if (r.channel !== 'online' && first !== 'receive' && first !== 'refuse')
    p.push('hồ sơ nộp trực tiếp/bưu chính phải bắt đầu bằng thao tác receive (tiếp nhận) hoặc refuse (từ chối tiếp nhận).');
  if (r.actions.slice(1).some((x) => (x as { type?: string }).type === 'submit_online')) p.push('submit_online chỉ có thể là thao tác đầu tiên.');
  return p;
}

/** A file reference inside the package: relative, forward slashes, no `..`, ≤ 255 characters. */
function filePath(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 255 && !v.startsWith('/') && !v.includes('\\') && !v.split('/').includes('..');
}

/** The package path a record names (a leading "./" is ignored). */
export const packagePath = (v: string): string => v.replace(/^(\.\/)+/, '');

/**
 * What the times of scans and of the rating must respect: a scan is confirmed once the dossier was
 * received and before it was closed (as at the counter: a closed dossier is not digitised any
 * more); a rating comes at or after the result, from a dossier that has one.
 */
function timingProblems(r: { channel?: unknown; actions: { type?: string; at?: string }[]; components?: unknown; rating?: unknown }, now: Date): string[] {
  const p: string[] = [];
  const at = (a: { at?: string } | undefined) => (a && typeof a.at === 'string' ? Date.parse(a.at) : NaN);
  const first = at(r.actions[0]);
  const closing = r.actions.find((a) => CLOSING.includes(a.type ?? ''));
  const refused = r.actions[0]?.type === 'refuse' || (r.actions[1]?.type === 'refuse' && r.actions[0]?.type === 'submit_online');
  if (Array.isArray(r.components)) {
    for (const c of r.components as { index?: unknown; scan?: { confirmedAt?: unknown } | null }[]) {
      const t = typeof c?.scan?.confirmedAt === 'string' ? Date.parse(c.scan.confirmedAt) : NaN;
      if (Number.isNaN(t)) continue;
      const n = `thành phần số ${String(c.index)}`;
      if (refused) p.push(`${n}: hồ sơ bị từ chối tiếp nhận nên không có bản quét được xác nhận.`);
      else if (t < first) p.push(`${n}: bản quét được xác nhận (${String(c.scan!.confirmedAt)}) trước khi hồ sơ được nộp/tiếp nhận.`);
      else if (closing && closing.type !== 'refuse' && t > at(closing))
        p.push(`${n}: bản quét được xác nhận (${String(c.scan!.confirmedAt)}) sau khi hồ sơ đã kết thúc (${closing.at}).`);
    }
  }
  if (r.rating !== undefined && r.rating !== null) {
    const g = r.rating;
    if (!isObj(g)) return [...p, '"rating" phải là {at, level, source}.'];
    if (!Number.isInteger(g.level) || (g.level as number) < 1 || (g.level as number) > 5)
      p.push(`đánh giá: "level" phải là số nguyên từ 1 (rất không hài lòng) đến 5 (rất hài lòng), không phải ${JSON.stringify(g.level)}.`);
    if (!RATING_SOURCES.includes(g.source as 'counter')) p.push(`đánh giá: "source" phải là ${RATING_SOURCES.join(', ')}.`);
    if (g.comment !== undefined && g.comment !== null && (typeof g.comment !== 'string' || g.comment.length > 2000))
      p.push('đánh giá: "comment" phải là chuỗi tối đa 2000 ký tự.');
    if (typeof g.at !== 'string' || !ISO.test(g.at) || Number.isNaN(Date.parse(g.at))) p.push('đánh giá: "at" phải là thời điểm ISO 8601 có múi giờ.');
    else {
      const t = Date.parse(g.at);
      const result = r.actions.find((a) => a.type === 'result_ready');
      if (t > now.getTime()) p.push(`đánh giá: thời điểm ${g.at} ở tương lai.`);
      if (!result) p.push('đánh giá: hồ sơ chưa có kết quả giải quyết (result_ready) nên chưa thể có đánh giá về việc giải quyết.');
      else if (t < at(result)) p.push(`đánh giá: thời điểm ${g.at} trước khi có kết quả (${result.at}).`);
    }
  }
  return p;
}

/** Canonical JSON (sorted keys) of a record, and its SHA-256: the same dossier gives the same hash in NDJSON and XLSX. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined && v[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
export const contentHash = (r: unknown): string => createHash('sha256').update(canonical(r)).digest('hex');

/** The fields of a file action that go to the dossier service for that action type (the rest is kept in the payload). */
export function actionInput(a: HistoryAction, agencyIdOf: (code: string) => string | null): Record<string, unknown> {
  const base: Record<string, unknown> = { type: a.type };
  const copy = (...keys: (keyof HistoryAction)[]) => {
    for (const k of keys) if (a[k] !== undefined && a[k] !== null) base[k] = a[k];
  };
  switch (a.type) {
    case 'refuse':
    case 'withdraw':
    case 'stop':
    case 'supplement_timeout_stop':
      copy('reason', 'reference');
      break;
    case 'guide_supplement_before_receipt':
    case 'request_supplement':
      copy('reason', 'items', 'deadline');
      break;
    case 'forward':
      if (a.toAgency) base.toAgencyId = agencyIdOf(a.toAgency);
      break;
    case 'transfer':
      base.toAgencyId = a.toAgency ? agencyIdOf(a.toAgency) : null;
      copy('task', 'budgetDays');
      break;
    case 'transfer_return':
      copy('note');
      break;
    case 'send_back':
      copy('toStep', 'reason');
      break;
    case 'request_payment':
      if (a.fees?.length) base.items = a.fees;
      break;
    case 'payment_received':
      base.paidOnline = a.paidOnline === true;
      copy('reference');
      break;
    case 'result_ready':
      copy('decisionNumber', 'signer', 'signedOn');
      break;
    case 'return_result':
      copy('channel', 'receivedBy', 'trackingNumber');
      break;
    case 'apologise':
      copy('reason', 'newAppointment');
      break;
    default:
      break;
  }
  if (a.by) base.importedActor = a.by;
  return base;
}
