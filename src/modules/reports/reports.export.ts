/**
 * Reports as files: a submission's XLSX (the template to fill offline, with the current values;
 * it can be uploaded back), the aggregate as XLSX, and the aggregate / a submission as PDF in the
 * administrative document layout of Nghị định 30/2020 (the dossier module's layout primitives).
 */
import type ExcelJS from 'exceljs';
import { checkArchive } from '../../platform/archive.js';
import { excel } from '../../platform/doclibs.js';
import * as L from '../../platform/pdf-layout.js';
import { allCells, cellIndex, formatCell, type AggregateCell, type Cells, type CellType, type Template, type TemplateTable } from './reports.template.js';
import type { FigureValue } from './reports.figures.js';
import { vnDay } from './reports.periods.js';

const NARRATIVE_SHEET = 'De_cuong';
const SYSTEM_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F1FB' } };

export interface XlsxHeader {
  regimeName: string;
  agencyName: string;
  periodLabel: string;
  cutoffFrom: string;
  cutoffTo: string;
  dueOn: string;
}

function headerRows(ws: ExcelJS.Worksheet, title: string, h: XlsxHeader): void {
  ws.addRow([h.regimeName]).font = { bold: true, size: 13 };
  ws.addRow([`${title}`]).font = { bold: true };
  ws.addRow([`Cơ quan: ${h.agencyName} — Kỳ: ${h.periodLabel} — Số liệu từ ${vnDay(h.cutoffFrom)} đến ${vnDay(h.cutoffTo)} — Hạn gửi: ${vnDay(h.dueOn)}`]);
}

/**
 * One sheet per data table (named by the table's id) plus the outline sheet. Column A holds the
 * row ids and row 4 the column ids (both hidden): they are what the import reads, so labels can be
 * reworded without breaking an upload. System figures are shaded and carry a note.
 */
export async function submissionXlsx(
  t: Template,
  h: XlsxHeader,
  content: { cells: Cells; narrative: Record<string, string>; annotations: Record<string, string>; systemFigures: Record<string, FigureValue> },
): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const nws = wb.addWorksheet(NARRATIVE_SHEET, { properties: { tabColor: { argb: 'FF1F4E79' } } });
  headerRows(nws, 'Đề cương báo cáo (ghi nội dung vào cột C)', h);
  const ids = nws.addRow(['Mã đề mục', 'Đề mục', 'Nội dung']);
  ids.font = { bold: true };
  for (const s of t.sections) {
    const r = nws.addRow([s.id, `${'   '.repeat(s.level ?? 0)}${s.title}${s.required ? ' (*)' : ''}`, content.narrative[s.id] ?? '']);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  nws.getColumn(1).hidden = true;
  nws.getColumn(2).width = 50;
  nws.getColumn(3).width = 100;
  const index = cellIndex(t);
  for (const table of t.tables) {
    const ws = wb.addWorksheet(table.id);
    headerRows(ws, `Biểu ${table.id}: ${table.title}`, h);
    const idRow = ws.addRow(['', '', ...table.columns.map((c) => c.id)]);
    idRow.hidden = true;
    const head = ws.addRow(['Mã dòng', 'Chỉ tiêu', ...table.columns.map((c) => `${c.label}${c.unit ? ` (${c.unit})` : ''}`)]);
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    for (const row of table.rows) {
      const values = table.columns.map((c) => content.cells[`${table.id}.${row.id}.${c.id}`] ?? null);
      const r = ws.addRow([row.id, `${'   '.repeat(row.level ?? 0)}${row.label}${row.unit ? ` (${row.unit})` : ''}`, ...values]);
      if (row.id === table.totalRow) r.font = { bold: true };
      table.columns.forEach((c, i) => {
        const cell = r.getCell(i + 3);
        const spec = index.get(`${table.id}.${row.id}.${c.id}`)!;
        if (spec.type === 'percent') cell.numFmt = '0.00';
        else if (spec.type === 'integer' || spec.type === 'money') cell.numFmt = '#,##0';
        if (spec.system) {
          cell.fill = SYSTEM_FILL;
          const f = content.systemFigures[spec.system];
          cell.note = `Số liệu hệ thống${f ? `: ${f.value} (${f.basis})` : ''}. Muốn ghi số khác phải có ghi chú giải trình.`;
        }
      });
    }
    ws.getColumn(1).hidden = true;
    ws.getColumn(2).width = 48;
    table.columns.forEach((_, i) => (ws.getColumn(i + 3).width = 16));
    if (table.note) ws.addRow(['', `Ghi chú: ${table.note}`]).font = { italic: true };
  }
  const notes = Object.entries(content.annotations);
  if (notes.length) {
    const aws = wb.addWorksheet('Ghi_chu');
    aws.addRow(['Ô', 'Ghi chú giải trình']).font = { bold: true };
    for (const [ref, text] of notes) aws.addRow([ref, text]);
    aws.getColumn(1).width = 30;
    aws.getColumn(2).width = 100;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "1.234" / "12,5" / "1 234" typed into a number cell → number; anything else stays text. */
export function parseNumberText(s: string): number | string {
  const t = s.trim().replace(/\s+/g, '').replace(/%$/, '');
  if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''));
  if (/^-?\d+(,\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return s;
}

function cellText(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'object' && 'result' in v) return (v.result as number | string | undefined) ?? null;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

/**
 * Reads an uploaded XLSX made from `submissionXlsx` (or by hand with the same sheet names, row ids
 * in column A and column ids in row 4). Returns the cells and narrative found, and problems that
 * make the file unusable (missing sheets).
 */
export async function parseSubmissionXlsx(t: Template, data: Buffer): Promise<{ cells: Cells; narrative: Record<string, string>; problems: string[] }> {
  await checkArchive(data); // entry count, inflated size and ratio (a zip bomb is a 400 archive_too_large)
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { cells: {}, narrative: {}, problems: ['Tệp không phải bảng tính XLSX hợp lệ.'] };
  }
  const problems: string[] = [];
  const cells: Cells = {};
  const narrative: Record<string, string> = {};
  const types = new Map<string, CellType>(allCells(t).map((c) => [c.ref, c.type]));
  const nws = wb.getWorksheet(NARRATIVE_SHEET);
  const sectionIds = new Set(t.sections.map((s) => s.id));
  if (nws) {
    nws.eachRow((row) => {
      const id = cellText(row.getCell(1).value);
      const text = cellText(row.getCell(3).value);
      if (typeof id === 'string' && sectionIds.has(id) && text !== null && String(text).trim()) narrative[id] = String(text);
    });
  }
  for (const table of t.tables) {
    const ws = wb.getWorksheet(table.id);
    if (!ws) {
      problems.push(`Thiếu trang tính "${table.id}" (Biểu ${table.id}: ${table.title}).`);
      continue;
    }
    const colIds = new Map<number, string>();
    ws.getRow(4).eachCell((c, n) => {
      const v = cellText(c.value);
      if (typeof v === 'string' && table.columns.some((x) => x.id === v)) colIds.set(n, v);
    });
    if (!colIds.size) {
      problems.push(`Trang tính "${table.id}" không có dòng mã cột (dòng 4) của mẫu; hãy tải mẫu XLSX từ hệ thống.`);
      continue;
    }
    const rowIds = new Set(table.rows.map((r) => r.id));
    ws.eachRow((row, n) => {
      if (n <= 5) return;
      const rid = cellText(row.getCell(1).value);
      if (typeof rid !== 'string' || !rowIds.has(rid)) return;
      for (const [col, cid] of colIds) {
        const ref = `${table.id}.${rid}.${cid}`;
        const v = cellText(row.getCell(col).value);
        if (v === null || v === '') continue;
        cells[ref] = types.get(ref) === 'text' ? String(v) : typeof v === 'string' ? parseNumberText(v) : v;
      }
    });
  }
  return { cells, narrative, problems };
}

// ---------------------------------------------------------------------------------------------
// Aggregate
// ---------------------------------------------------------------------------------------------

export interface AggregateDoc {
  regimeName: string;
  legalBasis: string;
  periodLabel: string;
  periodKey: string;
  cutoffFrom: string;
  cutoffTo: string;
  template: Template;
  cells: Record<string, AggregateCell>;
  agencies: { agencyName: string; versionNo: number; late: boolean }[];
  notIncluded: { agencyName: string; statusName: string }[];
  narrative: Record<string, string>;
  number: string | null;
  issuer: { parent: string | null; agency: string; place: string; signerTitle: string; signerName: string | null };
  generatedAt: Date;
}

const MODE_VI: Record<string, string> = { sum: 'Tổng', avg: 'Trung bình', ratio: 'Tỷ lệ chung', list: 'Danh sách', none: '' };

export async function aggregateXlsx(a: AggregateDoc): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const index = cellIndex(a.template);
  for (const table of a.template.tables) {
    const ws = wb.addWorksheet(table.id);
    ws.addRow([`${a.regimeName} — ${a.periodLabel}`]).font = { bold: true, size: 13 };
    ws.addRow([`Biểu ${table.id}: ${table.title} (tổng hợp ${a.agencies.length} cơ quan; số liệu từ ${vnDay(a.cutoffFrom)} đến ${vnDay(a.cutoffTo)})`]).font = {
      bold: true,
    };
    ws.addRow([]);
    ws.addRow(['Chỉ tiêu', ...table.columns.map((c) => `${c.label}${c.unit ? ` (${c.unit})` : ''}`)]).font = { bold: true };
    for (const row of table.rows) {
      const r = ws.addRow([row.label, ...table.columns.map((c) => aggValue(a.cells[`${table.id}.${row.id}.${c.id}`]))]);
      if (row.id === table.totalRow) r.font = { bold: true };
      table.columns.forEach((c, i) => {
        const t = index.get(`${table.id}.${row.id}.${c.id}`)!.type;
        r.getCell(i + 2).numFmt = t === 'percent' ? '0.00' : '#,##0';
      });
    }
    ws.getColumn(1).width = 50;
    table.columns.forEach((_, i) => (ws.getColumn(i + 2).width = 16));
  }
  // Per-agency detail: one row per agency and cell.
  const d = wb.addWorksheet('Chi_tiet');
  d.addRow(['Biểu', 'Dòng', 'Cột', 'Cơ quan', 'Giá trị', 'Cách tổng hợp']).font = { bold: true };
  for (const c of allCells(a.template)) {
    const agg = a.cells[c.ref];
    for (const it of agg.items) d.addRow([c.table.id, c.row.label, c.column.label, it.agencyName, it.value, MODE_VI[agg.mode]]);
  }
  [8, 40, 24, 36, 16, 14].forEach((w, i) => (d.getColumn(i + 1).width = w));
  const s = wb.addWorksheet('Co_quan');
  s.addRow(['Cơ quan', 'Tình trạng', 'Phiên bản', 'Gửi muộn']).font = { bold: true };
  for (const x of a.agencies) s.addRow([x.agencyName, 'Đã tổng hợp', x.versionNo, x.late ? 'Có' : '']);
  for (const x of a.notIncluded) s.addRow([x.agencyName, x.statusName, '', '']);
  s.getColumn(1).width = 45;
  s.getColumn(2).width = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const aggValue = (c: AggregateCell | undefined): number | string | null => {
  if (!c) return null;
  if (c.mode === 'list')
    return (
      c.items
        .filter((i) => i.value !== null && i.value !== '')
        .map((i) => `${i.agencyName}: ${i.value}`)
        .join('\n') || null
    );
  return c.value;
};

function drawTables(doc: PDFKit.PDFDocument, template: Template, value: (table: TemplateTable, row: string, col: string) => string): void {
  for (const table of template.tables) {
    // Keep the title, the header row and the first rows together.
    L.ensureSpace(doc, 160);
    L.para(doc, `Biểu ${table.id}. ${table.title}`, { style: 'bold' });
    const cols: L.Column[] = [
      { header: 'Chỉ tiêu', share: 3.2 },
      ...table.columns.map((c) => ({
        header: `${c.label}${c.unit ? ` (${c.unit})` : ''}`,
        share: c.type === 'text' ? 2.4 : 1.2,
        align: (c.type === 'text' ? 'left' : 'right') as 'left' | 'right',
      })),
    ];
    const rows = table.rows.map((r) => [
      `${'  '.repeat(r.level ?? 0)}${r.label}${r.unit ? ` (${r.unit})` : ''}`,
      ...table.columns.map((c) => value(table, r.id, c.id)),
    ]);
    L.table(doc, cols, rows, table.columns.length > 6 ? 8 : 9.5);
    if (table.note) L.para(doc, `Ghi chú: ${table.note}`, { style: 'italic' });
  }
}

function closing(doc: PDFKit.PDFDocument, recipients: string[], signerTitle: string, signerName: string | null, hint: string): void {
  L.ensureSpace(doc, 140);
  const y = doc.y + 10;
  const half = L.contentWidth(doc) / 2;
  const x = L.contentLeft(doc) + half;
  doc.font('bold').fontSize(L.BODY_SIZE).text(L.nfc(signerTitle.toUpperCase()), x, y, { width: half, align: 'center' });
  doc.font('italic').fontSize(10.5).text(L.nfc(hint), x, doc.y, { width: half, align: 'center' });
  const nameY = doc.y + 62;
  doc
    .font('bold')
    .fontSize(L.BODY_SIZE)
    .text(L.nfc(signerName ?? ''), x, nameY, { width: half, align: 'center' });
  const signEnd = doc.y;
  const listEnd = L.recipientsBlock(doc, recipients, y);
  doc.x = L.contentLeft(doc);
  doc.y = Math.max(signEnd, listEnd) + 10;
}

/** The receiving office's consolidated report in the administrative layout (Nghị định 30/2020). */
export async function aggregatePdf(a: AggregateDoc): Promise<Buffer> {
  const doc = L.createDocument({ title: `Báo cáo ${a.regimeName} ${a.periodLabel}`, subject: a.regimeName, author: a.issuer.agency });
  L.drawHeader(doc, { parentAgency: a.issuer.parent, agency: a.issuer.agency, number: a.number, place: a.issuer.place, issuedAt: a.generatedAt });
  L.drawTitle(doc, 'BÁO CÁO', [`${a.regimeName}`, `${a.periodLabel} (số liệu từ ngày ${vnDay(a.cutoffFrom)} đến ngày ${vnDay(a.cutoffTo)})`]);
  L.para(doc, `Căn cứ: ${a.legalBasis}.`, { style: 'italic', align: 'justify' });
  L.para(
    doc,
    `Trên cơ sở báo cáo của ${a.agencies.length} cơ quan, đơn vị${a.notIncluded.length ? ` (${a.notIncluded.length} cơ quan chưa có báo cáo được tiếp nhận, danh sách tại phụ lục)` : ''}, ${a.issuer.agency} tổng hợp báo cáo như sau:`,
    { indent: 28, align: 'justify' },
  );
  for (const s of a.template.sections) {
    L.para(doc, s.title, { style: 'bold' });
    const text = a.narrative[s.id];
    L.para(doc, text && text.trim() ? text : '(Chưa có nội dung tổng hợp.)', {
      indent: 28,
      align: 'justify',
      style: text && text.trim() ? 'regular' : 'italic',
    });
  }
  if (a.template.tables.length) {
    L.para(doc, 'SỐ LIỆU TỔNG HỢP', { style: 'bold', align: 'center' });
    const index = cellIndex(a.template);
    drawTables(doc, a.template, (table, row, col) => {
      const ref = `${table.id}.${row}.${col}`;
      const c = a.cells[ref];
      const v = aggValue(c);
      return typeof v === 'number' ? formatCell(index.get(ref)!.type, v) : (v ?? '');
    });
  }
  L.ensureSpace(doc, 60);
  L.para(doc, 'Phụ lục: Tình hình gửi báo cáo của các cơ quan, đơn vị', { style: 'bold' });
  L.table(
    doc,
    [
      { header: 'STT', share: 0.5, align: 'center' },
      { header: 'Cơ quan, đơn vị', share: 4 },
      { header: 'Tình trạng', share: 2.2 },
    ],
    [
      ...a.agencies.map((x, i) => [String(i + 1), x.agencyName, `Đã tổng hợp (phiên bản ${x.versionNo})${x.late ? ', gửi muộn' : ''}`]),
      ...a.notIncluded.map((x, i) => [String(a.agencies.length + i + 1), x.agencyName, x.statusName]),
    ],
    9.5,
  );
  closing(
    doc,
    ['Văn phòng Chính phủ (Hệ thống thông tin báo cáo Chính phủ);', 'Thường trực UBND tỉnh;', 'Lưu: VT.'],
    a.issuer.signerTitle,
    a.issuer.signerName,
    '(Ký số)',
  );
  return L.finish(doc);
}

export interface SubmissionDoc {
  regimeName: string;
  legalBasis: string;
  receiverName: string;
  periodLabel: string;
  cutoffFrom: string;
  cutoffTo: string;
  template: Template;
  cells: Cells;
  narrative: Record<string, string>;
  annotations: Record<string, string>;
  systemRefs: Set<string>;
  agency: string;
  parent: string | null;
  signedByName: string | null;
  versionNo: number | null;
  at: Date;
}

/** A reporting agency's report (current or a submitted version) in the administrative layout. */
export async function submissionPdf(s: SubmissionDoc): Promise<Buffer> {
  const doc = L.createDocument({ title: `${s.regimeName} ${s.periodLabel}`, subject: s.regimeName, author: s.agency });
  L.drawHeader(doc, { parentAgency: s.parent, agency: s.agency, number: null, place: 'Thanh Hóa', issuedAt: s.at });
  L.drawTitle(doc, 'BÁO CÁO', [s.regimeName, `${s.periodLabel} (số liệu từ ngày ${vnDay(s.cutoffFrom)} đến ngày ${vnDay(s.cutoffTo)})`]);
  L.para(doc, `Kính gửi: ${s.receiverName}`, { style: 'bold', align: 'center' });
  for (const sec of s.template.sections) {
    L.para(doc, sec.title, { style: 'bold' });
    L.para(doc, s.narrative[sec.id] ?? '', { indent: 28, align: 'justify' });
  }
  const index = cellIndex(s.template);
  drawTables(doc, s.template, (table, row, col) => {
    const ref = `${table.id}.${row}.${col}`;
    const v = formatCell(index.get(ref)!.type, s.cells[ref] ?? null);
    return v && s.systemRefs.has(ref) ? `${v}${s.annotations[ref] ? ' (*)' : ' [HT]'}` : v;
  });
  if (s.systemRefs.size)
    L.para(
      doc,
      '[HT] Số liệu lấy từ hệ thống thông tin giải quyết TTHC, phản ánh kiến nghị, theo dõi nhiệm vụ của tỉnh. (*) Số liệu đã điều chỉnh, có giải trình.',
      { style: 'italic' },
    );
  const notes = Object.entries(s.annotations);
  if (notes.length) {
    L.para(doc, 'Ghi chú, giải trình số liệu:', { style: 'bold' });
    for (const [ref, text] of notes) {
      const c = index.get(ref);
      L.para(doc, `- ${c ? `Biểu ${c.table.id}, «${c.row.label}»` : ref}: ${text}`, { indent: 14 });
    }
  }
  closing(doc, [`${s.receiverName};`, 'Lưu: VT.'], 'THỦ TRƯỞNG CƠ QUAN', s.signedByName, s.signedByName ? '(Đã ký duyệt trên hệ thống)' : '(Chưa ký duyệt)');
  return L.finish(doc);
}
