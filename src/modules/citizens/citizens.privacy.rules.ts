/**
 * Personal data rules (issue 18 §2) — pure. Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (in force
 * 01/01/2026) and Nghị định 356/2025/NĐ-CP (its decree, replacing Nghị định 13/2023/NĐ-CP).
 *
 * Articles the product relies on (docs/personal-data.md says what is assumed):
 *  - Điều 4: the data subject's rights (to know, to consent or not and to withdraw consent, to see
 *    and correct or ask for correction, to ask for the data, erasure, restriction…);
 *  - Điều 9: consent is valid only when given freely, knowing the data categories, the purpose,
 *    the controller and the person's rights, by a clear affirmative act that can be recorded;
 *  - Điều 13: correction of personal data; Điều 14: erasure when the purpose is fulfilled or the
 *    retention period is over (not where a law requires the data to be kept);
 *  - Nghị định 356/2025: the controller answers a data subject's request within 2 working days
 *    of receiving it (the product's deadline for deciding a correction request).
 */
import { personalIdProblem } from './citizens.rules.js';
import type { ErrorCode } from '../../platform/error-codes.js';

export const PRIVACY_LAW = 'Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15';
export const PRIVACY_DECREE = 'Nghị định 356/2025/NĐ-CP';

/** Working days within which an officer decides a correction request (Nghị định 356/2025). */
export const CORRECTION_DEADLINE_WORKING_DAYS = 2;

export interface NoticeContent {
  title: string;
  controller: string;
  purposes: string[];
  dataCategories: string[];
  retention: string[];
  recipients: string[];
  rights: string[];
  withdrawal: string;
  contact: string;
  legalBasis: string;
}

/** Version 1 of the notice, as the product ships it; an administrator publishes later versions. */
export const NOTICE_V1: NoticeContent = {
  title: 'Thông báo về xử lý dữ liệu cá nhân trên Cổng dịch vụ công của tỉnh',
  controller:
    'Ủy ban nhân dân tỉnh (Văn phòng UBND tỉnh vận hành Hệ thống thông tin giải quyết thủ tục hành chính) và cơ quan có thẩm quyền giải quyết từng hồ sơ.',
  purposes: [
    'Tạo và quản lý tài khoản, xác thực người dùng (kể cả qua định danh điện tử VNeID).',
    'Tiếp nhận, giải quyết, trả kết quả thủ tục hành chính; tra cứu tiến độ; thu phí, lệ phí.',
    'Lưu giấy tờ, kết quả vào kho dữ liệu của bạn để không phải cung cấp lại.',
    'Gửi thông báo về hồ sơ qua thư điện tử, SMS, Zalo theo lựa chọn của bạn.',
    'Đánh giá mức độ hài lòng, tiếp nhận phản ánh kiến nghị, thống kê chất lượng phục vụ (không gắn danh tính).',
  ],
  dataCategories: [
    'Dữ liệu cơ bản: họ tên, ngày sinh, giới tính, số định danh cá nhân, nơi cư trú, số điện thoại, thư điện tử.',
    'Với doanh nghiệp: mã số doanh nghiệp, tên doanh nghiệp, người đại diện.',
    'Nội dung tờ khai, thành phần hồ sơ, kết quả giải quyết, thanh toán.',
    'Dữ liệu kỹ thuật: thời điểm đăng nhập, địa chỉ IP, trình duyệt.',
  ],
  retention: [
    'Hồ sơ thủ tục hành chính: theo thời hạn bảo quản của Luật Lưu trữ số 33/2024/QH15.',
    'Chứng từ thanh toán: tối thiểu 10 năm (Luật Kế toán 2015).',
    'Hồ sơ nháp chưa nộp: 180 ngày kể từ lần sửa cuối; phiên đăng nhập: 90 ngày sau khi hết hạn; thông báo: 365 ngày.',
    'Kho dữ liệu của bạn: cho đến khi tài khoản đóng.',
  ],
  recipients: [
    'Bộ phận một cửa và cơ quan có thẩm quyền giải quyết hồ sơ của bạn.',
    'Cổng Dịch vụ công quốc gia (đồng bộ trạng thái hồ sơ), nền tảng thanh toán khi bạn thanh toán trực tuyến.',
    'Nhà cung cấp dịch vụ gửi thư điện tử, SMS, Zalo (chỉ nội dung thông báo).',
  ],
  rights: [
    'Được biết về hoạt động xử lý dữ liệu cá nhân của mình.',
    'Đồng ý hoặc không đồng ý; rút lại sự đồng ý.',
    'Xem, tải về toàn bộ dữ liệu của mình (Kho dữ liệu → Tải toàn bộ dữ liệu).',
    'Tự sửa thông tin liên hệ; yêu cầu chỉnh sửa họ tên, ngày sinh, giới tính (trả lời trong 2 ngày làm việc).',
    'Yêu cầu xóa, hạn chế xử lý, phản đối xử lý; khiếu nại, tố cáo, khởi kiện theo quy định của pháp luật.',
  ],
  withdrawal:
    'Bạn có thể rút lại sự đồng ý bất cứ lúc nào tại trang "Dữ liệu cá nhân". Sau khi rút, bạn không nộp được hồ sơ trực tuyến mới cho đến khi đồng ý lại; việc rút lại không xóa dữ liệu mà pháp luật buộc lưu giữ (hồ sơ đã nộp, chứng từ thanh toán, nhật ký) và không ảnh hưởng đến việc xử lý đã thực hiện trước đó.',
  contact: 'Văn phòng UBND tỉnh — bộ phận vận hành Cổng dịch vụ công; hoặc Bộ phận một cửa nơi bạn nộp hồ sơ.',
  legalBasis: `${PRIVACY_LAW} (có hiệu lực từ 01/01/2026) và ${PRIVACY_DECREE}.`,
};

const MAX_ITEM = 1000;
/** A notice an administrator publishes must fill every part (Luật 91/2025 Điều 9: consent must be informed). */
export function noticeProblem(c: NoticeContent): string | null {
  for (const k of ['title', 'controller', 'withdrawal', 'contact', 'legalBasis'] as const) if (!c[k]?.trim()) return `Thiếu nội dung "${k}" của thông báo.`;
  for (const k of ['purposes', 'dataCategories', 'retention', 'recipients', 'rights'] as const) {
    if (!c[k]?.length || c[k].some((s) => !s.trim())) return `Thông báo phải nêu ít nhất một mục "${k}" và không có mục rỗng.`;
    if (c[k].some((s) => s.length > MAX_ITEM)) return `Mỗi mục của "${k}" tối đa ${MAX_ITEM} ký tự.`;
  }
  return null;
}

/**
 * What a consent check answers, from the current notice version and the person's active consents
 * (not withdrawn) and the version the request says the person accepted (null: none ticked).
 */
export type ConsentVerdict = { ok: true; record: boolean } | { ok: false; code: 'consent_required' | 'consent_outdated'; message: string };

export function consentVerdict(current: number, active: readonly number[], accepted: number | null): ConsentVerdict {
  if (active.includes(current)) return { ok: true, record: false };
  if (accepted === current) return { ok: true, record: true };
  if (accepted !== null)
    return {
      ok: false,
      code: 'consent_outdated',
      message: `Thông báo xử lý dữ liệu cá nhân đã có phiên bản mới (phiên bản ${current}). Vui lòng đọc và đồng ý với phiên bản mới.`,
    };
  return {
    ok: false,
    code: 'consent_required',
    message: `Bạn cần đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân (phiên bản ${current}) theo ${PRIVACY_LAW} trước khi tiếp tục.`,
  };
}

// ---- correction requests -------------------------------------------------------------------------

export const CORRECTABLE_FIELDS = ['fullName', 'dateOfBirth', 'gender', 'businessName'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
export const FIELD_NAMES_VI: Record<CorrectableField, string> = {
  fullName: 'Họ và tên',
  dateOfBirth: 'Ngày sinh',
  gender: 'Giới tính',
  businessName: 'Tên doanh nghiệp',
};

export interface CorrectionSubject {
  subjectKind: 'citizen' | 'business';
  personalId: string | null;
  dateOfBirth: string | null;
  gender: 'nam' | 'nu' | null;
  fullName: string;
  businessName: string | null;
  /** The identity came from the national population database (VNeID). */
  verified: boolean;
}

/** The value a field holds now, as text (null when empty). */
export function currentValue(p: CorrectionSubject, field: CorrectableField): string | null {
  switch (field) {
    case 'fullName':
      return p.fullName;
    case 'dateOfBirth':
      return p.dateOfBirth;
    case 'gender':
      return p.gender;
    case 'businessName':
      return p.businessName;
  }
}

/**
 * Why a correction cannot be asked (null: it can). Contact data (phone, e-mail, residence) the
 * person corrects themself (PATCH /citizens/me); the personal ID is the account's name and cannot
 * change here; identity data of a VNeID-verified account come from the national population
 * database and are corrected there (the product cannot overrule it).
 */
export function correctionProblem(p: CorrectionSubject, field: CorrectableField, proposed: string): { code: ErrorCode; message: string } | null {
  const v = proposed.trim();
  if (!v) return { code: 'proposed_value_required', message: 'Vui lòng nhập giá trị đề nghị sửa.' };
  if (field === 'businessName' && p.subjectKind !== 'business')
    return { code: 'field_not_applicable', message: 'Chỉ tài khoản doanh nghiệp có tên doanh nghiệp.' };
  if (p.verified && field !== 'businessName')
    return {
      code: 'correct_at_source',
      message:
        'Thông tin định danh của tài khoản đã xác thực qua VNeID lấy từ Cơ sở dữ liệu quốc gia về dân cư; vui lòng đề nghị điều chỉnh tại cơ quan Công an nơi cư trú.',
    };
  if (currentValue(p, field) === v) return { code: 'same_value', message: `${FIELD_NAMES_VI[field]} đề nghị trùng với thông tin hiện có.` };
  if (field === 'fullName' && (v.length < 2 || v.length > 200)) return { code: 'invalid_value', message: 'Họ và tên dài từ 2 đến 200 ký tự.' };
  if (field === 'businessName' && (v.length < 2 || v.length > 300)) return { code: 'invalid_value', message: 'Tên doanh nghiệp dài từ 2 đến 300 ký tự.' };
  if (field === 'gender' && v !== 'nam' && v !== 'nu') return { code: 'invalid_value', message: 'Giới tính là "nam" hoặc "nu".' };
  if (field === 'dateOfBirth') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
      return { code: 'invalid_value', message: 'Ngày sinh theo dạng YYYY-MM-DD và là ngày có thật.' };
  }
  // The personal ID encodes century, sex and year of birth: a correction must stay consistent with it.
  if ((field === 'dateOfBirth' || field === 'gender') && p.personalId) {
    const dob = field === 'dateOfBirth' ? v : p.dateOfBirth;
    const gender = field === 'gender' ? (v as 'nam' | 'nu') : p.gender;
    if (dob) {
      const problem = personalIdProblem(p.personalId, dob, gender);
      if (problem) return { code: 'inconsistent_with_personal_id', message: `Giá trị đề nghị không khớp với số định danh cá nhân: ${problem}` };
    }
  }
  return null;
}

// ---- retention -----------------------------------------------------------------------------------

/** The instant before which rows of a class are past their period. */
export function retentionCutoff(now: Date, periodDays: number): Date {
  return new Date(now.getTime() - periodDays * 86_400_000);
}

/** An administrator may lengthen a period, or shorten it down to the class's minimum. */
export function retentionPeriodProblem(periodDays: number, minDays: number | null, appliedByJob: boolean): string | null {
  if (!appliedByJob) return 'Loại dữ liệu này lưu theo quy định của pháp luật chuyên ngành; không đặt thời hạn trên hệ thống.';
  if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 36500) return 'Thời hạn lưu từ 1 đến 36.500 ngày.';
  if (minDays !== null && periodDays < minDays) return `Thời hạn lưu của loại dữ liệu này không được ngắn hơn ${minDays} ngày.`;
  return null;
}

// ---- the record of processing activities (ROPA) --------------------------------------------------

export interface ProcessingActivity {
  key: string;
  name: string;
  purpose: string;
  legalBasis: string;
  subjects: string;
  dataCategories: string;
  recipients: string;
  retention: string;
  security: string;
  module: string;
}

const SEC_COMMON = 'Mã hóa đường truyền (HTTPS); phân quyền theo vai trò và phạm vi cơ quan; nhật ký thao tác chỉ ghi thêm';
const BASIS_TTHC =
  'Thực hiện nhiệm vụ của cơ quan nhà nước theo quy định của pháp luật (trường hợp xử lý không cần sự đồng ý theo Luật 91/2025/QH15); Nghị định 118/2025/NĐ-CP (một cửa, một cửa liên thông)';

/** The product's processing activities, from what its modules really do (docs/personal-data.md). */
export const PROCESSING_ACTIVITIES: readonly ProcessingActivity[] = [
  {
    key: 'accounts',
    name: 'Tài khoản công dân, doanh nghiệp và định danh điện tử',
    purpose: 'Tạo tài khoản, đăng nhập, xác thực số định danh qua VNeID',
    legalBasis: `Sự đồng ý của chủ thể dữ liệu (Luật 91/2025/QH15 Điều 9), ghi theo phiên bản thông báo; Nghị định 69/2024/NĐ-CP (định danh điện tử)`,
    subjects: 'Công dân, người đại diện doanh nghiệp có tài khoản',
    dataCategories:
      'Họ tên, số định danh cá nhân, ngày sinh, giới tính, nơi cư trú, điện thoại, thư điện tử; mã số, tên doanh nghiệp; mật khẩu (băm argon2id); phiên đăng nhập (IP, trình duyệt)',
    recipients: 'Không chuyển ra ngoài; nhà cung cấp định danh VNeID khi đăng nhập bằng VNeID',
    retention: 'Đến khi tài khoản đóng; phiên đăng nhập 90 ngày sau khi hết hạn; lượt đăng nhập VNeID 1 ngày',
    security: `${SEC_COMMON}; mật khẩu băm argon2id; chống dò mật khẩu`,
    module: 'citizens, platform/auth',
  },
  {
    key: 'dossiers',
    name: 'Tiếp nhận và giải quyết hồ sơ thủ tục hành chính',
    purpose: 'Tiếp nhận (tại quầy, trực tuyến), luân chuyển, thẩm định, trả kết quả, tra cứu tiến độ',
    legalBasis: BASIS_TTHC,
    subjects: 'Người nộp hồ sơ, người được ủy quyền, người có tên trong thành phần hồ sơ',
    dataCategories: 'Thông tin người nộp, nội dung tờ khai, thành phần hồ sơ (bản số hóa), kết quả giải quyết, quá trình xử lý',
    recipients: 'Cơ quan có thẩm quyền và cơ quan phối hợp; Cổng Dịch vụ công quốc gia (trạng thái hồ sơ)',
    retention: 'Theo thời hạn bảo quản hồ sơ (Luật Lưu trữ số 33/2024/QH15); bản nháp chưa nộp 180 ngày',
    security: `${SEC_COMMON}; mã băm SHA-256 của tệp; cán bộ chỉ xem hồ sơ trong phạm vi cơ quan; mỗi lần xem dữ liệu cá nhân được ghi nhật ký`,
    module: 'dossiers, frontoffice, citizens',
  },
  {
    key: 'warehouse',
    name: 'Kho dữ liệu điện tử của tổ chức, cá nhân',
    purpose: 'Lưu giấy tờ đã số hóa, kết quả điện tử để tái sử dụng (không yêu cầu cung cấp lại)',
    legalBasis: `Nghị định 45/2020/NĐ-CP, Nghị định 107/2021/NĐ-CP; sự đồng ý khi dùng tài khoản (Luật 91/2025/QH15 Điều 9)`,
    subjects: 'Chủ tài khoản',
    dataCategories: 'Giấy tờ, kết quả điện tử, dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư; nhật ký ai đã xem, tải, tái sử dụng',
    recipients: 'Cơ quan tiếp nhận hồ sơ mà chủ tài khoản dùng giấy tờ',
    retention: 'Đến khi tài khoản đóng; nhật ký truy cập giữ cùng kho',
    security: `${SEC_COMMON}; nhật ký truy cập chỉ ghi thêm (trigger); kiểm tra toàn vẹn SHA-256`,
    module: 'citizens',
  },
  {
    key: 'payments',
    name: 'Thu phí, lệ phí trực tuyến',
    purpose: 'Thanh toán phí, lệ phí; biên lai điện tử; đối soát',
    legalBasis: 'Luật Phí và lệ phí 2015; Luật Kế toán 2015',
    subjects: 'Người nộp phí',
    dataCategories: 'Tên người nộp, mã hồ sơ, số tiền, mã giao dịch, biên lai',
    recipients: 'Nền tảng thanh toán, ngân hàng; kho bạc (đối soát)',
    retention: 'Tối thiểu 10 năm (Luật Kế toán 2015, Điều 41)',
    security: `${SEC_COMMON}; chữ ký HMAC-SHA256 của thông báo thanh toán; nhật ký thông báo chỉ ghi thêm`,
    module: 'payments',
  },
  {
    key: 'feedback',
    name: 'Phản ánh, kiến nghị',
    purpose: 'Tiếp nhận, xử lý, trả lời, công khai phản ánh kiến nghị về quy định hành chính và TTHC',
    legalBasis: 'Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP)',
    subjects: 'Người phản ánh',
    dataCategories: 'Họ tên, liên hệ, nội dung, tệp đính kèm',
    recipients: 'Cơ quan có thẩm quyền xử lý; trang công khai chỉ hiện nội dung đã ẩn thông tin cá nhân',
    retention: 'Theo thời hạn bảo quản hồ sơ công việc (Luật Lưu trữ số 33/2024/QH15)',
    security: `${SEC_COMMON}; trang công khai ẩn thông tin cá nhân`,
    module: 'feedback',
  },
  {
    key: 'ratings',
    name: 'Đánh giá mức độ hài lòng',
    purpose: 'Đo mức độ hài lòng (chỉ số 5.4 Bộ chỉ số QĐ 766/QĐ-TTg)',
    legalBasis: 'Quyết định 766/QĐ-TTg; Nghị định 118/2025/NĐ-CP',
    subjects: 'Người nộp hồ sơ',
    dataCategories: 'Mức đánh giá theo tiêu chí, ý kiến; tài khoản (nếu đánh giá bằng tài khoản) — không hiện với cán bộ',
    recipients: 'Không chuyển ra ngoài; chỉ số tổng hợp',
    retention: 'Cùng hồ sơ',
    security: `${SEC_COMMON}; liên kết đánh giá ký số, dùng một lần cho mỗi hồ sơ`,
    module: 'citizens, quality',
  },
  {
    key: 'notifications',
    name: 'Thông báo cho công dân và cán bộ',
    purpose: 'Báo tiến độ hồ sơ, yêu cầu bổ sung, thanh toán, kết quả; nhắc giấy tờ sắp hết hạn',
    legalBasis: `${BASIS_TTHC}; kênh nhận do người dùng chọn`,
    subjects: 'Người nộp hồ sơ, cán bộ',
    dataCategories: 'Điện thoại, thư điện tử, Zalo, đăng ký nhận thông báo đẩy; nội dung thông báo',
    recipients: 'Nhà cung cấp dịch vụ thư điện tử, SMS, Zalo, thông báo đẩy',
    retention: '365 ngày',
    security: `${SEC_COMMON}; ngoài giờ yên lặng theo lựa chọn của người dùng`,
    module: 'notifications, integration',
  },
  {
    key: 'audit',
    name: 'Nhật ký hệ thống và nhật ký truy cập dữ liệu cá nhân',
    purpose: 'Bằng chứng ai đã làm gì, ai đã xem dữ liệu cá nhân; an toàn thông tin',
    legalBasis: `${PRIVACY_LAW} (nghĩa vụ chứng minh việc xử lý); Luật An toàn thông tin mạng 2015`,
    subjects: 'Cán bộ, công dân',
    dataCategories: 'Tài khoản, thời điểm, địa chỉ IP, thao tác, đối tượng',
    recipients: 'Không chuyển ra ngoài; quản trị hệ thống, cơ quan có thẩm quyền khi được yêu cầu',
    retention: 'Lâu dài (chỉ ghi thêm)',
    security: 'Trigger cấm sửa, xóa; vai trò cơ sở dữ liệu chỉ được SELECT/INSERT',
    module: 'platform',
  },
  {
    key: 'privacy_requests',
    name: 'Yêu cầu của chủ thể dữ liệu (chỉnh sửa, tải dữ liệu, rút lại sự đồng ý)',
    purpose: 'Thực hiện quyền của chủ thể dữ liệu cá nhân',
    legalBasis: `${PRIVACY_LAW} Điều 4, Điều 13; ${PRIVACY_DECREE}`,
    subjects: 'Chủ tài khoản',
    dataCategories: 'Trường đề nghị sửa, giá trị hiện tại và đề nghị, giấy tờ chứng minh (trong kho), quyết định và lý do',
    recipients: 'Cán bộ Bộ phận một cửa, quản trị hệ thống',
    retention: 'Cùng tài khoản',
    security: `${SEC_COMMON}; mỗi quyết định ghi nhật ký`,
    module: 'citizens',
  },
];
