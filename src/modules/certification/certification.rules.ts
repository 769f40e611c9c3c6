/**
 * Certified electronic copies from originals (chứng thực bản sao điện tử từ bản chính). Pure rules:
 * the fee, the register number's label, the year of the book.
 *
 * Fee: Thông tư 226/2016/TT-BTC (Bộ Tài chính, 11/11/2016) quy định mức thu, chế độ thu, nộp phí
 * chứng thực, Điều 4 khoản 1: "Phí chứng thực bản sao từ bản chính: 2.000 đồng/trang. Từ trang thứ
 * ba trở lên thu 1.000 đồng/trang, nhưng mức thu tối đa không quá 200.000 đồng/bản. Trang là căn
 * cứ để thu phí được tính theo trang của bản chính." The same fee applies to an electronic copy
 * certified from the original (Nghị định 23/2015/NĐ-CP as amended by Nghị định 07/2025/NĐ-CP).
 * A province whose fee changes replaces the table (FEE_TABLES) with a new row and its start date.
 */

export interface FeeTable {
  /** First day the table applies (YYYY-MM-DD, Vietnam time). */
  from: string;
  source: string;
  firstPages: number;
  perPageFirst: number;
  perPageAfter: number;
  maxPerCopy: number;
}

export const FEE_TABLES: readonly FeeTable[] = [
  { from: '2017-01-01', source: 'Thông tư 226/2016/TT-BTC, Điều 4 khoản 1', firstPages: 2, perPageFirst: 2000, perPageAfter: 1000, maxPerCopy: 200_000 },
];

/** The table in force on `day` (YYYY-MM-DD). */
export function feeTableOn(day: string, tables: readonly FeeTable[] = FEE_TABLES): FeeTable {
  const t = [...tables].filter((x) => x.from <= day).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!t) throw new Error(`no certification fee table in force on ${day}`);
  return t;
}

/** Fee (đồng) for `copies` copies of an original of `pages` pages. */
export function certificationFee(pages: number, copies: number, t: FeeTable = FEE_TABLES[0]): number {
  if (!Number.isInteger(pages) || pages < 1 || !Number.isInteger(copies) || copies < 1) throw new RangeError('pages and copies must be positive integers');
  const perCopy = Math.min(t.maxPerCopy, Math.min(pages, t.firstPages) * t.perPageFirst + Math.max(0, pages - t.firstPages) * t.perPageAfter);
  return perCopy * copies;
}

/**
 * The book's name (Thông tư 01/2020/TT-BTP: sổ chứng thực bản sao từ bản chính, one per year):
 * "01/2026-SCT/BS" — a province that opens several books a year changes this label.
 */
export const bookLabel = (year: number): string => `01/${year}-SCT/BS`;

/** "Số chứng thực: 12, Quyển số: 01/2026-SCT/BS". */
export const registerLabel = (no: number, year: number): string => `Số chứng thực: ${no}, Quyển số: ${bookLabel(year)}`;

/** The Vietnamese calendar year of an instant (the book changes at midnight UTC+7 on 1 January). */
export { vnDay, vnYear } from '../../platform/vn-time.js';
