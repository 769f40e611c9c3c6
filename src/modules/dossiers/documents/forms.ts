/**
 * The two sets of one-stop forms and their titles, in one table so that a correction is one edit.
 *
 *  - Thông tư 01/2018/TT-VPCP (in force 06/01/2019): Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết
 *    quả; 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ;
 *    04 Phiếu xin lỗi và hẹn lại ngày trả kết quả; 05 Phiếu kiểm soát quá trình giải quyết hồ sơ;
 *    06 Sổ theo dõi hồ sơ (legal-research.md §2.7).
 *  - Thông tư 03/2025/TT-VPCP Phụ lục I (issued 15/09/2025, guiding Nghị định 118/2025): 01–03
 *    unchanged; 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"; 05 Thông báo dừng
 *    giải quyết hồ sơ (new); 06 Phiếu kiểm soát; 07 Sổ theo dõi hồ sơ. Source of the list:
 *    thuviennhadat.vn's page on the forms of Thông tư 03/2025 (form texts themselves not read),
 *    corroborated by a 2026 system study and vendor specifications.
 */
import type { FormSet, When } from './types.js';
import { frameworkOn } from '../legal-basis.js';

export type FormKind = 'receipt' | 'supplement_request' | 'refusal' | 'apology' | 'stop_notice' | 'control_sheet' | 'tracking_book';

export interface FormInfo {
  /** "Mẫu số 04". */
  number: string;
  /** The title as printed (capitals). */
  title: string;
  /** Legal source printed in the PDF metadata. */
  source: string;
}

const TT01 = 'Thông tư 01/2018/TT-VPCP';
const TT03 = 'Thông tư 03/2025/TT-VPCP, Phụ lục I';

export const FORMS: Readonly<Record<FormSet, Readonly<Partial<Record<FormKind, FormInfo>>>>> = {
  tt01_2018: {
    receipt: { number: 'Mẫu số 01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', source: TT01 },
    supplement_request: { number: 'Mẫu số 02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', source: TT01 },
    refusal: { number: 'Mẫu số 03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', source: TT01 },
    apology: { number: 'Mẫu số 04', title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', source: TT01 },
    control_sheet: { number: 'Mẫu số 05', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', source: TT01 },
    tracking_book: { number: 'Mẫu số 06', title: 'SỔ THEO DÕI HỒ SƠ', source: TT01 },
  },
  tt03_2025: {
    receipt: { number: 'Mẫu số 01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', source: TT03 },
    supplement_request: { number: 'Mẫu số 02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', source: TT03 },
    refusal: { number: 'Mẫu số 03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', source: TT03 },
    apology: { number: 'Mẫu số 04', title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', source: TT03 },
    stop_notice: { number: 'Mẫu số 05', title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', source: TT03 },
    control_sheet: { number: 'Mẫu số 06', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', source: TT03 },
    tracking_book: { number: 'Mẫu số 07', title: 'SỔ THEO DÕI HỒ SƠ', source: TT03 },
  },
};

/**
 * First day of Thông tư 03/2025's forms. The summary read says the forms apply "từ ngày
 * 15/9/2025" (the signing date); Likely, not confirmed against the circular's effect clause.
 */
export const TT03_2025_FORMS_FROM = '2025-09-15T00:00:00+07:00';

export function formSetInForce(at: When): FormSet {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return t >= Date.parse(TT03_2025_FORMS_FROM) ? 'tt03_2025' : 'tt01_2018';
}

export function formInfo(kind: FormKind, set: FormSet): FormInfo {
  const info = FORMS[set][kind];
  if (!info) throw new RangeError(`Bộ biểu mẫu ${set} không có mẫu "${kind}".`);
  return info;
}

/**
 * The set for a document of a dossier whose law day is `lawDay` (legal-basis.ts): a dossier received
 * under the earlier decree keeps its circular's forms (Thông tư 01/2018) for its whole life; one
 * received under Nghị định 118/2025 uses the forms in force when the document is issued (the 2018
 * forms until Thông tư 03/2025's were issued).
 */
export function formSetFor(lawDay: string, issuedAt: When): FormSet {
  return frameworkOn(lawDay).circular === 'Thông tư 01/2018/TT-VPCP' ? 'tt01_2018' : formSetInForce(issuedAt);
}
