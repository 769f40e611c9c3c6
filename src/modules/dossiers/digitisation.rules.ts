/**
 * Digitisation at the counter (issue 19 §3; Nghị định 45/2020/NĐ-CP Điều 16 and Điều 25, Thông tư
 * 01/2023/TT-VPCP): a paper component counts as digitised only when its scan is stored as a file of
 * that component and an officer has confirmed that the scan matches the original. Pure rules.
 */
import type { ErrorCode } from '../../platform/error-codes.js';

/** What a scan upload becomes: JPEG/PNG pages joined into one PDF, or a single PDF kept as it is. */
export type ScanPlan = { ok: true; kind: 'images'; pages: number } | { ok: true; kind: 'pdf' } | { ok: false; code: ErrorCode; detail: string };

export const MAX_SCAN_PAGES = 50;

export function planScan(mimes: readonly (string | null)[]): ScanPlan {
  if (mimes.length === 0) return { ok: false, code: 'file_required', detail: 'Cần ít nhất một trang quét (trường "file").' };
  if (mimes.some((m) => m !== 'image/jpeg' && m !== 'image/png' && m !== 'application/pdf')) {
    return { ok: false, code: 'file_type', detail: 'Bản quét phải là ảnh JPEG/PNG (mỗi ảnh một trang) hoặc một tệp PDF.' };
  }
  const pdfs = mimes.filter((m) => m === 'application/pdf').length;
  if (pdfs > 0) {
    if (mimes.length > 1) return { ok: false, code: 'scan_mixed', detail: 'Gửi một tệp PDF hoặc nhiều ảnh, không gộp nhiều tệp PDF hay PDF với ảnh.' };
    return { ok: true, kind: 'pdf' };
  }
  if (mimes.length > MAX_SCAN_PAGES) return { ok: false, code: 'scan_too_many_pages', detail: `Một thành phần hồ sơ tối đa ${MAX_SCAN_PAGES} trang ảnh.` };
  return { ok: true, kind: 'images', pages: mimes.length };
}

export interface ScanFile {
  kind: string;
  componentIndex: number | null;
  reusedFrom: string | null;
}

/**
 * Whether `file` may be confirmed as the scan of component `index` of a dossier whose components are
 * `listed`: it must be a stored component file of that very component, scanned (not re-used), and
 * the component must be one the dossier lists.
 */
export function checkConfirmation(
  file: ScanFile | null,
  index: number,
  listed: readonly number[],
): { ok: true } | { ok: false; code: ErrorCode; detail: string } {
  if (!listed.includes(index)) return { ok: false, code: 'component_not_in_dossier', detail: `Hồ sơ không có thành phần số ${index}.` };
  if (!file)
    return { ok: false, code: 'scan_required', detail: 'Chưa lưu bản quét của thành phần này: cần quét và lưu bản điện tử trước khi xác nhận đã số hóa.' };
  if (file.kind !== 'component' || file.componentIndex !== index)
    return { ok: false, code: 'scan_wrong_component', detail: 'Tệp này không phải bản quét của thành phần hồ sơ đã chọn.' };
  if (file.reusedFrom) return { ok: false, code: 'scan_reused', detail: 'Tệp lấy lại từ kho dữ liệu không phải bản quét từ bản chính.' };
  return { ok: true };
}

/**
 * At intake a component cannot be declared digitised: no scan is stored yet. Only a dossier
 * submitted online (its components are electronic documents) or replayed by the history import
 * (the previous system's record) may carry the flag.
 */
export function intakeDigitisedRefused(channel: 'counter' | 'online' | 'post', history: boolean, components: readonly { digitised?: boolean }[]): boolean {
  if (history || channel === 'online') return false;
  return components.some((c) => c.digitised === true);
}
