/**
 * National portal sync (Cổng Dịch vụ công quốc gia, DVCQG): one message per dossier change,
 * `{ hoSo, tienTrinhDongBo[] }`, dates as `yyyyMMddHHmmss` in Vietnam time (UTC+7).
 *
 * No official public specification was found (dossier-lifecycle.md): the field names and codes
 * below are the de facto payload reconstructed from a provincial vendor's implementation, and
 * the WHOLE mapping lives in this file so that a correction is one edit. Every dossier must be
 * synced with its receipt date (QĐ 766 indicator 1.4, legal-research.md §1.4); since
 * 25/01/2026 Thông tư 04/2025/TT-VPCP governs the data exchanged, but its field list was not read.
 *
 * Delivery goes through the platform outbox (at-least-once, retries with backoff); the adapter
 * makes ONE attempt and classifies the outcome: accepted, rejected for good (4xx: fix the data,
 * do not retry), or unavailable (5xx, timeout, network: retry later). Receivers deduplicate by
 * the idempotency key.
 */
import { VN_OFFSET_MS } from '../../platform/vn-time.js';

// ---------------------------------------------------------------------------------------------
// Input: what the dossier service knows
// ---------------------------------------------------------------------------------------------

export type Instant = string;

/**
 * The lifecycle fields the mapper reads. Structurally a subset of the dossier module's
 * `DossierState`, so the service passes its snapshot as is.
 */
export interface NationalLifecycle {
  status: number;
  submittedAt: Instant | null;
  receivedAt: Instant | null;
  appointment: { original: Instant | null; current: Instant | null };
  processingEndedAt: Instant | null;
  returnInfo: { at: Instant; channel: 'counter' | 'post' | 'electronic' } | null;
  closure: { kind: 'refused' | 'withdrawn' | 'stopped' | 'supplement_timeout'; at: Instant } | null;
  supplements: ReadonlyArray<{
    phase: 'pre_receipt' | 'processing';
    requestedAt: Instant;
    requestedBy: string | null;
    reason: string;
    items: readonly string[];
    receivedAt: Instant | null;
    receivedBy: string | null;
    appointmentBefore: Instant | null;
    appointmentAfter: Instant | null;
  }>;
}

export type ApplicantType = 'citizen' | 'business' | 'state_agency' | 'organisation';

export interface NationalSyncDossier {
  /** Mã hồ sơ, e.g. `000.00.15.H56-251103-0007`. */
  code: string;
  procedure: { code: string; name: string; fieldCode: string; fieldName: string };
  channel: 'counter' | 'online' | 'post';
  applicant: { name: string; idNumber: string | null; type: ApplicantType; phone: string | null; email: string | null };
  /** Trích yếu hồ sơ (a one-line summary). */
  summary: string | null;
  /** Đơn vị xử lý: the lead processing agency's name (or code, as the portal account expects). */
  handlingAgency: string;
  /** Nơi nộp hồ sơ as the portal codes it (the vendor sends a constant; unknown semantics). */
  submissionPlace: string;
  lifecycle: NationalLifecycle;
  documents: ReadonlyArray<{
    fileId: string;
    componentCode: string;
    fileName: string;
    fileUrl: string;
    digitised: boolean;
    reused: boolean;
    fromNationalStore: boolean;
  }>;
  fees: ReadonlyArray<{ code: string; name: string; amount: number; collection: string; kind: string }>;
  results: ReadonlyArray<{ code: string; name: string; fileUrl: string; componentCode?: string | null }>;
  /** Codes of national databases consulted (DSKetNoiCSDL), e.g. the population database. */
  nationalDatabases: readonly string[];
  vneidAuthenticated: boolean;
  /** QĐ 766 payment flag: paid on the national portal (1) or through the provincial gateway (2). */
  onlinePayment: 'national_portal' | 'provincial_gateway' | null;
  /** Display names of the actor ids found in the lifecycle (officers who asked/received). */
  actorNames?: Readonly<Record<string, string>>;
}

export interface NationalSyncStep {
  officerName: string;
  officerTitle: string | null;
  at: Instant;
  department: string | null;
  content: string;
  /** Dossier status (1–10) at this step. */
  status: number;
  startedAt: Instant | null;
  dueAt: Instant | null;
}

// ---------------------------------------------------------------------------------------------
// Output: the de facto payload
// ---------------------------------------------------------------------------------------------

export interface TaiLieuNop {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
  DuocSoHoa: '0' | '1';
  DuocTaiSuDung: '0' | '1';
  DuocLayTuKhoDMQG: '0' | '1';
}

export interface LePhi {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  HinhThucThu: string;
  Gia: string;
  LoaiPhiLePhi: string;
}

export interface HoSoBoSung {
  HoSoBoSungId: number;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NguoiTiepNhanBoSung: string;
  NgayTiepNhanBoSung: string;
  TrangThaiBoSung: boolean;
  NgayHenTraTruoc: string;
  NgayHenTraMoi: string;
}

export interface GiayToKetQua {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  DuongDanTepTinKetQua: string;
  MaGiayToKetQua: string;
}

export interface HoSoDongBo {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  KenhThucHien: '1' | '2' | '3';
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  LoaiDoiTuong: '1' | '2' | '3' | '4';
  SoDienThoai: string;
  Email: string;
  TrichYeuHoSo: string;
  NgayNopHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  NgayKetThucXuLy: string;
  NgayTra: string;
  NgayTuChoi: string;
  TrangThaiHoSo: string;
  DonViXuLy: string;
  NoiNopHoSo: string;
  HinhThuc: string;
  HoSoCoThanhPhanSoHoa: '0' | '1';
  TaiKhoanDuocXacThucVoiVNeID: '0' | '1';
  DuocThanhToanTrucTuyen: '0' | '1' | '2';
  TaiLieuNop: TaiLieuNop[];
  DanhSachLePhi: LePhi[];
  DanhSachHoSoBoSung: HoSoBoSung[];
  DanhSachGiayToKetQua: GiayToKetQua[];
  DSKetNoiCSDL: Array<{ MaCSDL: string }>;
}

export interface TienTrinhDongBo {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

export interface NationalPayload {
  hoSo: HoSoDongBo;
  tienTrinhDongBo: TienTrinhDongBo[];
}

// ---------------------------------------------------------------------------------------------
// Code tables (the places to correct when the portal's specification is obtained)
// ---------------------------------------------------------------------------------------------

/** KenhThucHien: 1 direct, 2 online, 3 public postal service (QĐ 766 rules, §1.4 item 4). */
export const CHANNEL_CODES = { counter: '1', online: '2', post: '3' } as const;

/** LoaiDoiTuong as the vendor maps it: citizen 1, business 2, state agency 3, other organisation 4. */
export const APPLICANT_TYPE_CODES = { citizen: '1', business: '2', state_agency: '3', organisation: '4' } as const;

/**
 * HinhThuc (how the result is returned). The vendor's forms use "0" direct and "1" post;
 * "2" for electronic return is an assumption to confirm.
 */
export const RETURN_CHANNEL_CODES = { counter: '0', post: '1', electronic: '2' } as const;

/** DuocThanhToanTrucTuyen (QĐ 766 §1.4 item 5): 1 paid on DVCQG, 2 provincial gateway, 0 not online. */
export const ONLINE_PAYMENT_CODES = { national_portal: '1', provincial_gateway: '2' } as const;

/** Lengths the vendor truncates to (observed limits of the portal, not documented). */
export const LIMITS = { TrichYeuHoSo: 1000, NguoiXuLy: 50 } as const;

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `yyyyMMddHHmmss` in UTC+7; '' for no date. */
export function formatNationalDate(at: Instant | Date | null | undefined): string {
  if (at == null) return '';
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`Invalid date for the national portal: ${String(at)}`);
  const d = new Date(t + VN_OFFSET_MS);
  return pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds());
}

const text = (s: string | null | undefined): string => (s ?? '').normalize('NFC').trim();
const bit = (b: boolean): '0' | '1' => (b ? '1' : '0');

function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 3).join('')}...`;
}

function refusedAt(l: NationalLifecycle): Instant | null {
  // Refusal at intake (3) and refusal after appraisal (8, "Dừng xử lý") both carry a refusal date.
  return l.closure && (l.closure.kind === 'refused' || l.closure.kind === 'stopped') ? l.closure.at : null;
}

export function toNationalPayload(d: NationalSyncDossier, steps: readonly NationalSyncStep[]): NationalPayload {
  const l = d.lifecycle;
  if (!Number.isInteger(l.status) || l.status < 1 || l.status > 10) throw new RangeError(`Trạng thái không hợp lệ: ${l.status}`);
  const name = (id: string | null) => (id ? (d.actorNames?.[id] ?? id) : '');

  const hoSo: HoSoDongBo = {
    MaHoSo: d.code,
    MaTTHC: d.procedure.code,
    TenTTHC: text(d.procedure.name),
    MaLinhVuc: d.procedure.fieldCode,
    TenLinhVuc: text(d.procedure.fieldName),
    KenhThucHien: CHANNEL_CODES[d.channel],
    ChuHoSo: text(d.applicant.name),
    SoGiayToChuHoSo: text(d.applicant.idNumber),
    LoaiDoiTuong: APPLICANT_TYPE_CODES[d.applicant.type],
    SoDienThoai: text(d.applicant.phone),
    Email: text(d.applicant.email),
    TrichYeuHoSo: truncate(text(d.summary) || text(d.procedure.name), LIMITS.TrichYeuHoSo),
    NgayNopHoSo: formatNationalDate(l.submittedAt ?? l.receivedAt),
    NgayTiepNhan: formatNationalDate(l.receivedAt),
    NgayHenTra: formatNationalDate(l.appointment.current),
    NgayKetThucXuLy: formatNationalDate(l.processingEndedAt),
    NgayTra: formatNationalDate(l.returnInfo?.at),
    NgayTuChoi: formatNationalDate(refusedAt(l)),
    TrangThaiHoSo: String(l.status),
    DonViXuLy: text(d.handlingAgency),
    NoiNopHoSo: d.submissionPlace,
    HinhThuc: l.returnInfo ? RETURN_CHANNEL_CODES[l.returnInfo.channel] : '',
    HoSoCoThanhPhanSoHoa: bit(d.documents.some((x) => x.digitised)),
    TaiKhoanDuocXacThucVoiVNeID: bit(d.vneidAuthenticated),
    DuocThanhToanTrucTuyen: d.onlinePayment ? ONLINE_PAYMENT_CODES[d.onlinePayment] : '0',
    TaiLieuNop: d.documents.map((x) => ({
      TepDinhKemId: x.fileId,
      TenTepDinhKem: text(x.fileName),
      MaThanhPhanHoSo: x.componentCode,
      DuongDanTaiTepTin: x.fileUrl,
      DuocSoHoa: bit(x.digitised),
      DuocTaiSuDung: bit(x.reused),
      DuocLayTuKhoDMQG: bit(x.fromNationalStore),
    })),
    DanhSachLePhi: d.fees.map((f) => ({
      TenPhiLePhi: text(f.name),
      MaPhiLePhi: f.code,
      HinhThucThu: f.collection,
      Gia: String(f.amount),
      LoaiPhiLePhi: f.kind,
    })),
    // Only requests made during processing: they carry the old and new appointment.
    DanhSachHoSoBoSung: l.supplements
      .filter((s) => s.phase === 'processing')
      .map((s, i) => ({
        HoSoBoSungId: i + 1,
        NguoiYeuCauBoSung: name(s.requestedBy),
        NoiDungBoSung: text([s.reason, ...s.items.map((it, k) => `${k + 1}. ${it}`)].join('\n')),
        NgayBoSung: formatNationalDate(s.requestedAt),
        NguoiTiepNhanBoSung: name(s.receivedBy),
        NgayTiepNhanBoSung: formatNationalDate(s.receivedAt),
        TrangThaiBoSung: s.receivedAt !== null,
        NgayHenTraTruoc: formatNationalDate(s.appointmentBefore),
        NgayHenTraMoi: formatNationalDate(s.appointmentAfter),
      })),
    DanhSachGiayToKetQua: d.results.map((r) => ({
      TenGiayTo: text(r.name),
      MaThanhPhanHoSo: r.componentCode ?? '',
      DuongDanTepTinKetQua: r.fileUrl,
      MaGiayToKetQua: r.code,
    })),
    DSKetNoiCSDL: d.nationalDatabases.map((c) => ({ MaCSDL: c })),
  };

  const tienTrinhDongBo: TienTrinhDongBo[] = [...steps]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((s) => ({
      MaHoSo: d.code,
      NguoiXuLy: truncate(text(s.officerName), LIMITS.NguoiXuLy),
      ChucDanh: text(s.officerTitle),
      ThoiDiemXuLy: formatNationalDate(s.at),
      PhongBanXuLy: text(s.department),
      NoiDungXuLy: text(s.content),
      TrangThai: String(s.status),
      NgayBatDau: formatNationalDate(s.startedAt),
      NgayKetThucTheoQuyDinh: formatNationalDate(s.dueAt),
    }));

  return { hoSo, tienTrinhDongBo };
}

/** One key per snapshot version: the same change re-sent is deduplicated by the receiver. */
export function nationalSyncIdempotencyKey(dossierCode: string, version: number): string {
  return `${dossierCode}:v${version}`;
}

// ---------------------------------------------------------------------------------------------
// Adapters
// ---------------------------------------------------------------------------------------------

export interface SendResult {
  accepted: boolean;
  code?: string;
}

export interface NationalPortalAdapter {
  /**
   * One delivery attempt. Resolves `{ accepted: true }`, or `{ accepted: false, code }` when the
   * portal answered 2xx with an error code. Throws `NationalPortalRejectedError` (permanent: do not
   * retry, dead-letter and alert) or `NationalPortalUnavailableError` (retry with backoff).
   */
  send(payload: NationalPayload, idempotencyKey: string): Promise<SendResult>;
}

/** The portal refused the message for good (HTTP 4xx other than 408/429). */
export class NationalPortalRejectedError extends Error {
  readonly permanent = true;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly body: string,
  ) {
    super(`National portal rejected the message: HTTP ${status} ${code}`);
    this.name = 'NationalPortalRejectedError';
  }
}

/** The portal could not be reached or failed (HTTP 5xx, 408, 429, timeout, network error). */
export class NationalPortalUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly reason: 'timeout' | 'network' | 'server_error',
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'NationalPortalUnavailableError';
  }
}

export interface SandboxDelivery {
  idempotencyKey: string;
  payload: NationalPayload;
  at: Date;
}

/**
 * SANDBOX — never contacts anything. Records deliveries in memory (and hands each one to an
 * optional callback), deduplicating by idempotency key as the real receiver is expected to. For
 * development, demos and tests; the composition root must choose it explicitly.
 */
export class SandboxNationalPortalAdapter implements NationalPortalAdapter {
  readonly #deliveries: SandboxDelivery[] = [];
  readonly #seen = new Set<string>();

  constructor(private readonly options: { onDeliver?: (d: SandboxDelivery) => void; now?: () => Date } = {}) {}

  get deliveries(): readonly SandboxDelivery[] {
    return this.#deliveries;
  }

  async send(payload: NationalPayload, idempotencyKey: string): Promise<SendResult> {
    if (!payload.hoSo?.MaHoSo) return { accepted: false, code: 'missing_MaHoSo' };
    if (this.#seen.has(idempotencyKey)) return { accepted: true, code: 'duplicate' };
    this.#seen.add(idempotencyKey);
    const d: SandboxDelivery = { idempotencyKey, payload: structuredClone(payload), at: this.options.now?.() ?? new Date() };
    this.#deliveries.push(d);
    this.options.onDeliver?.(d);
    return { accepted: true };
  }
}

export interface HttpNationalPortalOptions {
  /** Endpoint receiving `{ hoSo, tienTrinhDongBo }` as JSON. */
  url: string;
  /** Whole-request timeout (connect, send, answer, body). Default 15 s. */
  timeoutMs?: number;
  /** Extra headers, e.g. the portal account's credentials (from configuration, never code). */
  headers?: Readonly<Record<string, string>>;
  fetchImpl?: typeof fetch;
  /** Starts the timeout timer; returns its cancel function. Default setTimeout (tests inject their own). */
  startTimer?: (fire: () => void, ms: number) => () => void;
}

const startTimeout = (fire: () => void, ms: number): (() => void) => {
  const t = setTimeout(fire, ms);
  return () => clearTimeout(t);
};

interface PortalAnswer {
  error_code?: string | number;
  message?: string;
}

function parseAnswer(body: string): PortalAnswer | null {
  if (!body.trim()) return null;
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' ? (v as PortalAnswer) : null;
  } catch {
    return null;
  }
}

/**
 * POSTs the payload as JSON. One attempt, no retries (the outbox retries). 2xx: accepted unless
 * the body carries an `error_code` other than "0" (the vendor's convention). 4xx (except 408/429):
 * `NationalPortalRejectedError`. 5xx, 408, 429, timeout, network: `NationalPortalUnavailableError`.
 */
export class HttpNationalPortalAdapter implements NationalPortalAdapter {
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #startTimer: (fire: () => void, ms: number) => () => void;

  constructor(private readonly options: HttpNationalPortalOptions) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetchImpl ?? fetch;
    this.#startTimer = options.startTimer ?? startTimeout;
  }

  async send(payload: NationalPayload, idempotencyKey: string): Promise<SendResult> {
    const controller = new AbortController();
    const cancelTimer = this.#startTimer(() => controller.abort(), this.#timeoutMs);
    let status: number;
    let body: string;
    try {
      const res = await this.#fetch(this.options.url, {
        method: 'POST',
        headers: {
          ...this.options.headers,
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      if (controller.signal.aborted) {
        throw new NationalPortalUnavailableError('timeout', null, `National portal did not answer within ${this.#timeoutMs} ms`);
      }
      throw new NationalPortalUnavailableError('network', null, `National portal unreachable: ${(err as Error).message}`);
    } finally {
      cancelTimer();
    }

    const answer = parseAnswer(body);
    if (status >= 500 || status === 408 || status === 429) {
      throw new NationalPortalUnavailableError('server_error', status, `National portal failed: HTTP ${status}`);
    }
    if (status >= 400) {
      throw new NationalPortalRejectedError(status, answer?.error_code != null ? String(answer.error_code) : `http_${status}`, body.slice(0, 2000));
    }
    if (status < 200 || status >= 300) {
      throw new NationalPortalUnavailableError('server_error', status, `Unexpected HTTP ${status} from the national portal`);
    }
    if (answer?.error_code != null && String(answer.error_code) !== '0') {
      return { accepted: false, code: String(answer.error_code) };
    }
    return { accepted: true };
  }
}
