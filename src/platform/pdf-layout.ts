/**
 * Layout primitives for administrative documents in the format of Nghị định 30/2020/NĐ-CP
 * (Phụ lục I): agency name top left under its parent agency, the national heading top right
 * ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" bold capitals over the bold motto "Độc lập - Tự do -
 * Hạnh phúc" with a line under it as long as the motto), number under the agency, place and date
 * in italics under the heading, title in bold capitals centred, body, signature block, "Nơi nhận".
 *
 * The decree asks for Times New Roman 13–14 pt; we embed Liberation Serif 2 (metrically
 * compatible with Times New Roman, every Vietnamese glyph; src/platform/fonts, never the system's
 * fonts) at 13 pt. Headings shrink to fit their column when a long name needs it. Pages after the
 * first are numbered in the top margin (`finish`). Margins follow the decree: top 20 mm,
 * bottom 20 mm, left 30 mm, right 15 mm. All text is NFC-normalised before drawing (NFD input
 * makes pdfkit stack combining marks on top of each other).
 *
 * Shared by every module that issues such a document (one-stop forms, certified copies, reports,
 * the direction centre's sheet); the document is started by pdf.ts.
 */
import { numberPages, SERIF_FILES } from './fonts/fonts.js';
import { contentLeft, contentWidth, createPdf, pdfBytes, type PdfDoc } from './pdf.js';
import { nfc } from './text.js';
import { vnDateText, vnParts as vnFields, type VnParts } from './vn-time.js';

export { contentLeft, contentWidth } from './pdf.js';
export { nfc } from './text.js';
export type { VnParts } from './vn-time.js';

type Doc = PdfDoc;

export const FONT_FILES = SERIF_FILES;

export type FontStyle = keyof typeof FONT_FILES;

const MM = 72 / 25.4;
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

/** Body size: the decree's 13–14 pt for Times New Roman (Liberation Serif has its metrics). */
export const BODY_SIZE = 13;

export interface DocMeta {
  title: string;
  subject: string;
  author: string;
}

export function createDocument(meta: DocMeta, layout: 'portrait' | 'landscape' = 'portrait'): Doc {
  const doc = createPdf({ info: meta, layout, margins: MARGINS, bufferPages: true, fonts: { family: 'serif' } });
  doc.font('regular').fontSize(BODY_SIZE);
  return doc;
}

/** Numbers the pages after the first (Nghị định 30/2020), ends the document and collects its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  numberPages(doc, { font: 'regular', size: BODY_SIZE });
  return pdfBytes(doc);
}

const bottomLimit = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Largest size ≤ max at which the text fits in one line of the given width. */
export function fitSize(doc: Doc, text: string, style: FontStyle, max: number, width: number, min = 8): number {
  doc.font(style);
  for (let size = max; size > min; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(nfc(text)) <= width) return size;
  }
  return min;
}

function line(doc: Doc, x1: number, y: number, x2: number, width = 0.6): void {
  doc.save().lineWidth(width).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

/**
 * Splits text into the fewest lines that fit the width, with line lengths as even as possible
 * (administrative headings are wrapped "SỞ NÔNG NGHIỆP VÀ / MÔI TRƯỜNG", not "… VÀ MÔI / TRƯỜNG").
 */
export function balancedLines(doc: Doc, text: string, style: FontStyle, size: number, width: number): string[] {
  doc.font(style).fontSize(size);
  const words = nfc(text).split(/\s+/).filter(Boolean);
  const w = (s: string) => doc.widthOfString(s);
  const greedy = (limit: number): string[] => {
    const lines: string[] = [];
    let cur = '';
    for (const word of words) {
      const cand = cur ? `${cur} ${word}` : word;
      if (cur && w(cand) > limit) {
        lines.push(cur);
        cur = word;
      } else cur = cand;
    }
    if (cur) lines.push(cur);
    return lines;
  };
  const target = greedy(width).length;
  let lo = 0;
  let hi = width;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (greedy(mid).length <= target) hi = mid;
    else lo = mid;
  }
  return greedy(hi);
}

/** Centred text, balanced over as many lines as needed; returns the y under it. */
function centredBlock(doc: Doc, text: string, style: FontStyle, size: number, x: number, width: number, y: number, gap = 0): number {
  const lines = balancedLines(doc, text, style, size, width);
  doc.font(style).fontSize(size);
  let yy = y;
  for (const l of lines) {
    doc.text(l, x, yy, { width, align: 'center', lineBreak: false });
    yy += doc.currentLineHeight(true) + gap;
  }
  doc.y = yy;
  return yy;
}

// ---------------------------------------------------------------------------------------------
// Dates and times as documents write them (Vietnam time: vn-time.ts)
// ---------------------------------------------------------------------------------------------

/** The Vietnam calendar fields of an instant; an unparsable time is an error, not "NaN" on paper. */
export function vnParts(at: Date | string): VnParts {
  const p = vnFields(at);
  if (!Number.isFinite(p.year)) throw new RangeError(`Thời điểm không hợp lệ: ${String(at)}`);
  return p;
}

const two = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy in Vietnam. */
export function vnDate(at: Date | string): string {
  vnParts(at);
  return vnDateText(at);
}

/** "08 giờ 30 phút, ngày 23/11/2026" (optionally "(buổi sáng)"/"(buổi chiều)" after the time). */
export function vnDateTime(at: Date | string, withPeriod = false): string {
  const p = vnParts(at);
  const period = withPeriod ? (p.hour < 12 ? ' (buổi sáng)' : ' (buổi chiều)') : '';
  return `${two(p.hour)} giờ ${two(p.minute)} phút${period}, ngày ${vnDate(at)}`;
}

/**
 * "Thanh Hóa, ngày 05 tháng 02 năm 2026": Nghị định 30/2020 Phụ lục I — a day below 10 and the
 * months 1 and 2 take a leading zero; other months do not ("ngày 23 tháng 11 năm 2026").
 */
export function placeAndDate(place: string, at: Date | string): string {
  const p = vnParts(at);
  const month = p.month <= 2 ? two(p.month) : String(p.month);
  return nfc(`${place}, ngày ${two(p.day)} tháng ${month} năm ${p.year}`);
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

export interface HeaderInput {
  /** Parent agency, e.g. "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"; null when none. */
  parentAgency: string | null;
  /** The issuing agency, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG". */
  agency: string;
  /** Document number and symbol, e.g. "125/GTN-TTPVHCC"; null prints "Số: ....../......". */
  number: string | null;
  /** Place name for the date line, e.g. "Thanh Hóa". */
  place: string;
  issuedAt: Date | string;
}

/**
 * Two-column heading. Left (about 42% of the width): parent agency in regular capitals, the
 * agency in bold capitals, a short rule under it, the number. Right: the national heading, the
 * underlined motto, the place/date line in italics. Returns the y under the block.
 */
export function drawHeader(doc: Doc, h: HeaderInput): number {
  const left = contentLeft(doc);
  const width = contentWidth(doc);
  const leftW = width * 0.44;
  const rightX = left + leftW;
  const rightW = width - leftW;
  const top = doc.page.margins.top;
  const size = 11.5;

  // Left column: parent agency (regular), agency (bold), a rule a third as wide, the number.
  let y = top;
  if (h.parentAgency) {
    const parent = h.parentAgency.toUpperCase();
    y = centredBlock(doc, parent, 'regular', Math.max(10.5, fitSize(doc, parent, 'regular', size, leftW)), left, leftW, y);
  }
  y = centredBlock(doc, h.agency.toUpperCase(), 'bold', size, left, leftW, y);
  y += 3;
  line(doc, left + leftW / 3, y, left + (2 * leftW) / 3);
  y += 7;
  doc.font('regular').fontSize(BODY_SIZE);
  doc.text(nfc(`Số: ${h.number ?? '......./.......'}`), left, y, { width: leftW, align: 'center' });
  const leftBottom = doc.y;

  // Right column: national heading, underlined motto, place and date in italics.
  const national = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  let ry = centredBlock(doc, national, 'bold', fitSize(doc, national, 'bold', size, rightW), rightX, rightW, top);
  const mottoSize = fitSize(doc, motto, 'bold', 12.5, rightW);
  ry = centredBlock(doc, motto, 'bold', mottoSize, rightX, rightW, ry);
  const mottoW = doc.font('bold').fontSize(mottoSize).widthOfString(nfc(motto));
  const mid = rightX + rightW / 2;
  line(doc, mid - mottoW / 2, ry + 2, mid + mottoW / 2);
  ry += 11;
  const dateLine = placeAndDate(h.place, h.issuedAt);
  doc.font('italic').fontSize(fitSize(doc, dateLine, 'italic', BODY_SIZE, rightW));
  doc.text(dateLine, rightX, ry, { width: rightW, align: 'center' });
  const rightBottom = doc.y;

  const end = Math.max(leftBottom, rightBottom) + 16;
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = left;
  doc.y = end;
  return end;
}

/** Title in bold capitals, centred, with optional lines under it (e.g. "Mã hồ sơ: …"). */
export function drawTitle(doc: Doc, title: string, sublines: readonly string[] = []): void {
  const left = contentLeft(doc);
  const width = contentWidth(doc);
  centredBlock(doc, title.toUpperCase(), 'bold', 14, left, width, doc.y, 1);
  for (const s of sublines) {
    doc.font('bold').fontSize(BODY_SIZE);
    doc.text(nfc(s), left, doc.y + 1, { width, align: 'center' });
  }
  doc.moveDown(0.7);
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = left;
}

/** A paragraph; `indent` is the first-line indent (the decree's 1–1.27 cm). */
export function para(doc: Doc, text: string, opts: { indent?: number; style?: FontStyle; align?: 'left' | 'justify' | 'center'; gap?: number } = {}): void {
  ensureSpace(doc, 20);
  doc.font(opts.style ?? 'regular').fontSize(BODY_SIZE);
  doc.text(nfc(text), contentLeft(doc), doc.y, {
    width: contentWidth(doc),
    align: opts.align ?? 'left',
    indent: opts.indent ?? 0,
    lineGap: 1.5,
  });
  doc.y += opts.gap ?? 2.5;
  doc.font('regular');
}

/** "Label: value" with the label in regular and the value in bold. */
export function field(doc: Doc, label: string, value: string | null | undefined, opts: { width?: number; x?: number } = {}): void {
  ensureSpace(doc, 20);
  const x = opts.x ?? contentLeft(doc);
  const width = opts.width ?? contentWidth(doc) - (x - contentLeft(doc));
  doc.font('regular').fontSize(BODY_SIZE);
  doc.text(nfc(`${label}: `), x, doc.y, { width, continued: true, lineGap: 1.5 });
  doc.font('bold').text(nfc(value && value.trim() ? value : '...........................'), { lineGap: 1.5 });
  doc.font('regular');
  doc.y += 1.5;
}

export interface Column {
  header: string;
  /** Share of the content width. */
  share: number;
  align?: 'left' | 'center' | 'right';
}

/** A ruled table with a bold header row; rows grow with their content and break across pages. */
export function table(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[], size = 10.5): void {
  const left = contentLeft(doc);
  const total = contentWidth(doc);
  const sum = columns.reduce((a, c) => a + c.share, 0);
  const widths = columns.map((c) => (c.share / sum) * total);
  const pad = 4;

  const rowHeight = (cells: readonly string[], style: FontStyle) => {
    doc.font(style).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(nfc(c), { width: widths[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: readonly string[], style: FontStyle, header: boolean) => {
    const hgt = rowHeight(cells, style);
    if (doc.y + hgt > bottomLimit(doc)) {
      doc.addPage();
      doc.y = doc.page.margins.top;
      if (!header)
        drawRow(
          columns.map((c) => c.header),
          'bold',
          true,
        );
    }
    const y = doc.y;
    let x = left;
    doc.save().lineWidth(0.5);
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i], hgt).stroke();
      doc.font(style).fontSize(size);
      doc.text(nfc(c), x + pad, y + pad, { width: widths[i] - 2 * pad, align: header ? 'center' : (columns[i].align ?? 'left') });
      x += widths[i];
    });
    doc.restore();
    doc.x = left;
    doc.y = y + hgt;
  };
  drawRow(
    columns.map((c) => c.header),
    'bold',
    true,
  );
  for (const r of rows) drawRow(r, 'regular', false);
  doc.y += 6;
  doc.font('regular').fontSize(BODY_SIZE);
}

export interface Signature {
  /** e.g. "NGƯỜI TIẾP NHẬN", "THỦ TRƯỞNG CƠ QUAN", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC". */
  title: string;
  /** e.g. "(Ký và ghi rõ họ tên)". */
  hint: string;
  name: string | null;
}

/** One or two signature blocks side by side (left/right halves). */
export function signatures(doc: Doc, left: Signature | null, right: Signature | null, spaceForSignature = 54): void {
  ensureSpace(doc, spaceForSignature + 48);
  const x = contentLeft(doc);
  const half = contentWidth(doc) / 2;
  const top = doc.y + 6;
  let bottom = top;
  const block = (s: Signature, bx: number) => {
    doc.font('bold').fontSize(BODY_SIZE);
    doc.text(nfc(s.title), bx, top, { width: half, align: 'center' });
    doc.font('italic').fontSize(10.5);
    doc.text(nfc(s.hint), bx, doc.y, { width: half, align: 'center' });
    const nameY = doc.y + spaceForSignature;
    if (s.name) {
      doc.font('bold').fontSize(BODY_SIZE);
      doc.text(nfc(s.name), bx, nameY, { width: half, align: 'center' });
    }
    bottom = Math.max(bottom, s.name ? doc.y : nameY);
  };
  if (left) block(left, x);
  if (right) block(right, x + half);
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = x;
  doc.y = bottom + 10;
}

/** "Nơi nhận:" (bold italic) with the list in small type, at the left of the signature row. */
export function recipientsBlock(doc: Doc, recipients: readonly string[], y: number): number {
  const x = contentLeft(doc);
  const w = contentWidth(doc) / 2 - 10;
  doc.font('boldItalic').fontSize(11);
  doc.text(nfc('Nơi nhận:'), x, y, { width: w });
  doc.font('regular').fontSize(10);
  for (const r of recipients) doc.text(nfc(`- ${r}`), x, doc.y, { width: w });
  const end = doc.y;
  doc.font('regular').fontSize(BODY_SIZE);
  return end;
}

/** Adds a page when fewer than `needed` points are left. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > bottomLimit(doc)) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}
