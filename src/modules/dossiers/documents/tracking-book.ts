/**
 * Sổ theo dõi hồ sơ (Mẫu 06 of Thông tư 01/2018, Mẫu 07 of Thông tư 03/2025) as an XLSX
 * workbook: one row per dossier — STT, mã hồ sơ, tên TTHC, người nộp, ngày nhận, ngày hẹn trả,
 * ngày chuyển, ngày có kết quả, ngày trả, ghi chú. Dates are real Excel dates shown dd/mm/yyyy,
 * holding the calendar day in Vietnam (stored at 00:00 UTC of that day so that no viewer's time
 * zone shifts it). The book is kept in the system (Thông tư 01/2018 Điều 10); a paper book is only
 * for places without the system.
 */
import { excel } from '../../../platform/doclibs.js';
import { nfc, vnParts } from '../../../platform/pdf-layout.js';
import { formInfo, formSetInForce } from './forms.js';
import type { TrackingBookInput, When } from './types.js';

export const TRACKING_BOOK_COLUMNS = [
  'STT',
  'Mã hồ sơ',
  'Tên thủ tục hành chính',
  'Người nộp',
  'Ngày nhận',
  'Ngày hẹn trả',
  'Ngày chuyển',
  'Ngày có kết quả',
  'Ngày trả',
  'Ghi chú',
] as const;

/** The Vietnamese calendar day of an instant, as a Date at 00:00 UTC (what Excel shows). */
export function excelDay(at: When | null | undefined): Date | null {
  if (at == null) return null;
  const p = vnParts(at);
  return new Date(Date.UTC(p.year, p.month - 1, p.day));
}

/** Rows between two calls of trackingBookXlsx's `written` (the export job's progress). */
const STEP = 500;

/** `written(n)` is awaited every STEP rows written, and at the end (the tracking book job's progress). */
export async function trackingBookXlsx(input: TrackingBookInput, written: (n: number) => Promise<void> = async () => undefined): Promise<Buffer> {
  const info = formInfo('tracking_book', input.formSet ?? formSetInForce(input.issuedAt ?? new Date()));
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  wb.title = info.title;
  const ws = wb.addWorksheet('Sổ theo dõi hồ sơ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const widths = [6, 28, 42, 24, 12, 12, 12, 14, 12, 24];
  ws.columns = widths.map((w) => ({ width: w }));

  const last = TRACKING_BOOK_COLUMNS.length;
  const banner = (row: number, text: string, bold: boolean, size: number) => {
    ws.mergeCells(row, 1, row, last);
    const c = ws.getCell(row, 1);
    c.value = nfc(text);
    c.font = { name: 'Times New Roman', bold, size };
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  };
  banner(1, input.issuer.agencyName.toUpperCase(), true, 12);
  banner(2, info.title, true, 14);
  banner(3, input.periodLabel, false, 12);

  const header = ws.getRow(5);
  header.values = [...TRACKING_BOOK_COLUMNS];
  header.font = { name: 'Times New Roman', bold: true, size: 11 };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  const border = { style: 'thin' as const };
  const box = { top: border, left: border, bottom: border, right: border };
  header.eachCell((c) => (c.border = box));
  ws.views = [{ state: 'frozen', ySplit: 5 }];

  for (const [i, r] of input.rows.entries()) {
    if (i % STEP === 0) await written(i);
    const row = ws.getRow(6 + i);
    row.values = [
      i + 1,
      r.dossierCode,
      nfc(r.procedureName),
      nfc(r.applicantName),
      excelDay(r.receivedAt),
      excelDay(r.appointmentAt),
      excelDay(r.forwardedAt),
      excelDay(r.resultAt),
      excelDay(r.returnedAt),
      r.note ? nfc(r.note) : null,
    ];
    row.font = { name: 'Times New Roman', size: 11 };
    row.alignment = { vertical: 'top', wrapText: true };
    for (let col = 1; col <= last; col++) {
      const c = row.getCell(col);
      c.border = box;
      if (col >= 5 && col <= 9) {
        c.numFmt = 'dd/mm/yyyy';
        c.alignment = { horizontal: 'center', vertical: 'top' };
      }
    }
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  }
  await written(input.rows.length);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
