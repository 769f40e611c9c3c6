/**
 * Plain input objects for the one-stop forms. The service fills them from the dossier, the
 * catalog (procedure names, time limits), org (agency names, officers) and the calendar
 * (appointments); the generators only lay them out. Times are `Date` or ISO-8601 instants and are
 * printed in Vietnam time (UTC+7).
 */

export type When = Date | string;

/**
 * Which set of forms: Thông tư 01/2018/TT-VPCP (Mẫu 01–06) or Thông tư 03/2025/TT-VPCP Phụ lục I
 * (Mẫu 01–07, guiding Nghị định 118/2025). Use `formSetInForce(issuedAt)`.
 */
export type FormSet = 'tt01_2018' | 'tt03_2025';

export interface Issuer {
  /** Parent agency, e.g. "Ủy ban nhân dân tỉnh Thanh Hóa" (printed in capitals), or null. */
  parentAgency: string | null;
  /** Issuing agency in sentence case, e.g. "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa". */
  agencyName: string;
  /** Place for the date line, e.g. "Thanh Hóa". */
  place: string;
}

export interface Person {
  name: string;
  /** Số định danh cá nhân / mã số doanh nghiệp / mã định danh tổ chức. */
  idNumber?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** Common head of every form. */
export interface FormBase {
  issuer: Issuer;
  /** Number and symbol, e.g. "125/GTN"; null prints dots for hand-numbering. */
  number?: string | null;
  issuedAt: When;
  /** Defaults to the set in force at `issuedAt`; for a dossier, `formSetFor(lawDay, issuedAt)`. */
  formSet?: FormSet;
  /**
   * The provision applied, as in force for THE dossier (legal-basis.ts `basisLine`), printed
   * with the form's circular in the "Căn cứ" line at the end; none: no such line.
   */
  legalBasis?: string | null;
}

export interface ReceivedComponent {
  name: string;
  originals: number;
  copies: number;
  /** Received as an electronic document (online or from the data warehouse). */
  electronic?: boolean;
}

/** Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptInput extends FormBase {
  dossierCode: string;
  applicant: Person;
  authorisedPerson?: Person | null;
  procedureName: string;
  components: readonly ReceivedComponent[];
  /** Number of sets (bộ hồ sơ); default 1. */
  sets?: number;
  /** e.g. "10 ngày làm việc". */
  processingTime: string;
  receivedAt: When;
  appointmentAt: When;
  /** Where to collect, e.g. "Quầy số 5, Trung tâm Phục vụ hành chính công tỉnh" or "Qua dịch vụ bưu chính công ích". */
  returnPlace: string;
  /** Public lookup URL, encoded in the QR code (with the lookup key when there is one). */
  lookupUrl: string;
  /** The dossier's public lookup key as printed (XXXX-XXXX): with the code it shows the details. */
  lookupKey?: string;
  /** The signed rating link (QĐ 766 indicator 5.4): a second QR, to rate without an account, once. */
  ratingUrl?: string;
  trackingBook?: { volume: string; entry: string } | null;
  officer: { name: string };
}

/** Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestInput extends FormBase {
  dossierCode?: string | null;
  applicant: Person;
  procedureName: string;
  /** What to supplement, once and completely (legal-basis.ts: `guide_supplement`, `supplement_once`). */
  items: readonly string[];
  reason: string;
  deadline?: When | null;
  contact?: { name: string; phone: string } | null;
  officer: { name: string; title?: string };
}

/** Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalInput extends FormBase {
  dossierCode?: string | null;
  applicant: Person;
  procedureName: string;
  reasons: readonly string[];
  officer: { name: string };
}

/**
 * The written refusal after appraisal (status 8), printed on Mẫu 03 of the circular in force — the
 * only refusal form in either set (documents/forms.ts) — and entered as the dossier's result.
 */
export interface AppraisalRefusalInput extends FormBase {
  dossierCode: string;
  applicant: Person;
  procedureName: string;
  receivedAt: When;
  reasons: readonly string[];
  /** The one-stop section that received it ("Nơi nhận"). */
  oneStopName: string;
  signer: { title: string; name: string };
}

/** Mẫu 04 — apology and new appointment (2018) / apology and extension request (2025). */
export interface ApologyInput extends FormBase {
  dossierCode: string;
  applicant: Person;
  procedureName: string;
  receivedAt: When;
  originalAppointment: When;
  newAppointment: When;
  reason: string;
  /** The one-stop section to copy ("Nơi nhận"). */
  oneStopName: string;
  signer: { title: string; name: string };
}

/** Mẫu 05 (2025) — Thông báo dừng giải quyết hồ sơ (withdrawal at the applicant's request). */
export interface StopNoticeInput extends FormBase {
  dossierCode: string;
  applicant: Person;
  procedureName: string;
  receivedAt: When;
  requestedAt: When;
  reason: string;
  signer: { title: string; name: string };
}

export type HandoverOutcome = 'early' | 'on_time' | 'late';

export interface HandoverRow {
  /** Unit (and person) handing over, e.g. "Bộ phận Một cửa — Lê Thị Hoa". */
  from: string;
  to: string;
  at: When;
  dueAt?: When | null;
  /** Trước hạn / đúng hạn / quá hạn; use `handoverOutcome(at, dueAt)` or the service's own rule. */
  outcome?: HandoverOutcome | null;
  note?: string | null;
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 of 2018, Mẫu 06 of 2025). */
export interface ControlSheetInput extends FormBase {
  dossierCode: string;
  applicantName: string;
  procedureName: string;
  leadAgencyName: string;
  cooperatingAgencyNames: readonly string[];
  receivedAt: When;
  appointmentAt: When;
  handovers: readonly HandoverRow[];
}

export interface TrackingBookRow {
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  receivedAt: When;
  appointmentAt: When | null;
  forwardedAt?: When | null;
  resultAt?: When | null;
  returnedAt?: When | null;
  note?: string | null;
}

/** Sổ theo dõi hồ sơ (Mẫu 06 of 2018, Mẫu 07 of 2025), one row per dossier. */
export interface TrackingBookInput {
  issuer: Issuer;
  /** e.g. "Năm 2026" or "Tháng 11/2026". */
  periodLabel: string;
  rows: readonly TrackingBookRow[];
  formSet?: FormSet;
  issuedAt?: When;
}
