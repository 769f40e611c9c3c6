/**
 * Exports of the reform results: XLSX (exceljs) of the PAR INDEX ranking of agencies, the SIPAS
 * index per agency and sector, and the provincial indices table; a PDF (pdfkit with Liberation Serif,
 * metrically Times New Roman, from src/platform/fonts — never the system's fonts) of the PAR ranking. All
 * PDF text is NFC-normalised (NFD input makes pdfkit stack combining marks). exceljs and pdfkit are
 * loaded on first use through src/platform/doclibs.ts.
 */
import type ExcelJS from 'exceljs';
import { excel } from '../../platform/doclibs.js';
import { contentLeft, contentWidth, createPdf, pdfBytes } from '../../platform/pdf.js';
import { vnDateTimeText } from '../../platform/vn-time.js';
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import type { ReformService } from './reform.service.js';
import type { ReformIndicesService } from './reform.indices.service.js';
import { SIPAS_SECTORS } from './reform.sipas.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const nfc = (s: string): string => s.normalize('NFC');
const STATUS_VI: Record<string, string> = { draft: 'Đang tự đánh giá', submitted: 'Chờ thẩm định', appraised: 'Đã thẩm định' };
const SECTOR_VI = new Map<string, string>(SIPAS_SECTORS.map((s) => [s.key, s.name]));
const ddmmyyyy = (isoTs: string | null): string => (isoTs ? `${isoTs.slice(8, 10)}/${isoTs.slice(5, 7)}/${isoTs.slice(0, 4)}` : '');
const pct = (total: number, max: number): number | null => (max ? Math.round((10_000 * total) / max) / 100 : null);

type Ranking = Awaited<ReturnType<ReformService['ranking']>>;
type Sipas = Awaited<ReturnType<ReformService['sipas']>>;
type Indices = Awaited<ReturnType<ReformIndicesService['overview']>>;

function titleRows(ws: ExcelJS.Worksheet, title: string, lines: string[], width: number): void {
  ws.addRow([nfc(title)]).font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, width);
  for (const l of lines) ws.addRow([nfc(l)]);
  ws.addRow([]);
}

function header(ws: ExcelJS.Worksheet, cols: string[], widths: number[]): void {
  const h = ws.addRow(cols);
  h.font = { bold: true };
  h.alignment = { wrapText: true, vertical: 'middle' };
  h.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F1FB' } }));
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: h.number }];
}

/** PAR INDEX ranking of the province's agencies for a year (live for Sở Nội vụ, else the published snapshot). */
export async function parRankingXlsx(r: Ranking): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet(`Chỉ số CCHC ${r.year}`);
  titleRows(
    ws,
    `XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${r.year}`,
    [r.published ? `Đã công bố ngày ${ddmmyyyy(r.publishedAt)}` : 'Kết quả chưa công bố (đang thẩm định)'],
    7,
  );
  header(ws, ['Hạng', 'Cơ quan', 'Trạng thái', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Điểm tối đa', 'Tỷ lệ (%)'], [8, 48, 18, 16, 16, 12, 10]);
  for (const i of r.items) {
    const row = ws.addRow([i.rank, nfc(i.name), STATUS_VI[i.status] ?? i.status, i.selfTotal, i.total, i.maxTotal, pct(i.total, i.maxTotal)]);
    for (const c of [4, 5, 6, 7]) row.getCell(c).numFmt = '0.00';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * SIPAS index per agency and sector with sample sizes and the share satisfied per element. The
 * columns are the elements the index reports (those of the questionnaire in force for the year,
 * then any other element answered in an earlier version that year), named as the questionnaires
 * name them (`elementNames`), so an element added in a later version has its own named column.
 */
export async function sipasXlsx(s: Sipas): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet(`SIPAS ${s.year}`);
  const elements = Object.keys(s.overall.elements);
  const name = (e: string): string => nfc(s.elementNames[e] ?? e);
  titleRows(
    ws,
    `CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS) NĂM ${s.year}`,
    [
      'Chỉ số = trung bình tỷ lệ (%) trả lời hài lòng hoặc rất hài lòng (mức 4–5) của các yếu tố có câu trả lời.',
      `Toàn tỉnh: ${s.overall.index ?? '—'}% trên ${s.overall.sampleSize} phiếu.`,
    ],
    4 + elements.length,
  );
  header(ws, ['Cơ quan', 'Lĩnh vực', 'Chỉ số (%)', 'Cỡ mẫu (phiếu)', ...elements.map((e) => `${name(e)} (%)`)], [44, 24, 12, 14, ...elements.map(() => 18)]);
  for (const i of s.items) {
    ws.addRow([nfc(i.agencyName), SECTOR_VI.get(i.sector) ?? i.sector, i.index, i.sampleSize, ...elements.map((e) => i.elements[e]?.satisfiedPercent ?? null)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const REASON_VI: Record<string, string> = { below_median: 'dưới trung vị toàn quốc', lowest: 'thuộc nhóm thấp nhất', declined: 'giảm so với năm trước' };
const signed = (n: number | null): string | number => (n === null ? '' : n > 0 ? `+${n}` : n);

/** The provincial indices: one row per index and year, and a sheet of component scores with weak components and linked tasks. */
export async function indicesXlsx(v: Indices): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Chỉ số của tỉnh');
  titleRows(
    ws,
    `CÁC CHỈ SỐ CỦA TỈNH ${v.province.name.toUpperCase()}: PAR INDEX, SIPAS, PAPI, PCI`,
    [
      'Thay đổi hạng: dương = tăng bậc (so với năm có kết quả liền trước). "Chưa kiểm chứng": số liệu không do nguồn trích dẫn nêu trực tiếp (hoặc dữ liệu DEMO).',
    ],
    12,
  );
  header(
    ws,
    [
      'Chỉ số',
      'Năm',
      'Điểm',
      'Thang điểm',
      'Hạng',
      'Trên số tỉnh',
      'Thay đổi điểm',
      'Thay đổi hạng',
      'Hạng mục tiêu',
      'Còn cách mục tiêu (bậc)',
      'Kiểm chứng',
      'Nguồn',
    ],
    [40, 8, 10, 10, 8, 10, 12, 12, 16, 16, 14, 60],
  );
  for (const ix of v.indices) {
    for (const y of ix.years) {
      ws.addRow([
        nfc(ix.name),
        y.year,
        y.score,
        ix.scoreMax,
        y.rank,
        y.outOf,
        signed(y.trend.scoreChange),
        y.trend.rankComparable ? signed(y.trend.rankChange) : y.trend.rankChange === null ? '' : `${signed(y.trend.rankChange)} (N khác)`,
        ix.target ? `${ix.target.rank} (năm ${ix.target.year})` : '',
        y.gap ? (y.gap.met ? 'Đạt' : y.gap.places) : '',
        y.verified ? 'Đã kiểm chứng' : 'Chưa kiểm chứng',
        nfc([y.source.title, y.source.url, y.note].filter(Boolean).join(' — ')),
      ]).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const wc = wb.addWorksheet('Chỉ số thành phần');
  titleRows(
    wc,
    'CHỈ SỐ THÀNH PHẦN (năm gần nhất có điểm thành phần) VÀ NHIỆM VỤ CẢI THIỆN',
    [
      'Chỉ số thành phần yếu: dưới trung vị toàn quốc, hoặc thuộc 3 chỉ số thấp nhất (theo tỷ lệ điểm tối đa), hoặc giảm từ 5% điểm tối đa trở lên so với năm trước.',
    ],
    9,
  );
  header(
    wc,
    ['Chỉ số', 'Năm', 'Chỉ số thành phần', 'Điểm', 'Điểm tối đa', 'Thay đổi', 'Yếu vì', 'Nhiệm vụ được giao', 'Trạng thái, tiến độ'],
    [30, 8, 48, 10, 12, 10, 30, 60, 30],
  );
  for (const ix of v.indices) {
    for (const c of ix.components) {
      if (c.score === null && !c.tasks.length) continue;
      wc.addRow([
        nfc(ix.name),
        ix.componentYear ?? '',
        nfc(c.name),
        c.score,
        c.maxScore,
        signed(c.change),
        c.weak.map((w) => REASON_VI[w]).join('; '),
        nfc(c.tasks.map((t) => `${t.content} (${t.leads.join(', ')})`).join('\n')),
        c.tasks.map((t) => `${TASK_STATUS_VI[t.status] ?? t.status} ${t.percent}%`).join('\n'),
      ]).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const TASK_STATUS_VI: Record<string, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  done_late: 'Hoàn thành chậm',
  overdue: 'Quá hạn',
  cannot_do: 'Không thể thực hiện',
};

/** PAR INDEX ranking as an A4 PDF: title, publication state, a table with rank, agency, totals and %. */
export async function parRankingPdf(r: Ranking, provinceName: string, now: Date): Promise<Buffer> {
  const doc = createPdf({
    info: { title: `Xếp hạng Chỉ số CCHC năm ${r.year}` },
    margins: { top: 57, bottom: 57, left: 85, right: 43 },
    bufferPages: true,
    fonts: { family: 'serif', names: { regular: 'r', bold: 'b', italic: 'i' } },
  });
  const left = contentLeft(doc);
  const width = contentWidth(doc);
  doc
    .font('b')
    .fontSize(10)
    .text(nfc(`ỦY BAN NHÂN DÂN TỈNH ${provinceName.toUpperCase()}`), left, doc.y, { width, align: 'left' });
  doc.moveDown(1.2);
  doc
    .font('b')
    .fontSize(14)
    .text(nfc(`XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${r.year}`), { width, align: 'center' });
  doc.font('r').fontSize(11).text(nfc('của các cơ quan, đơn vị trên địa bàn tỉnh'), { width, align: 'center' });
  doc
    .font('i')
    .fontSize(10)
    .text(nfc(r.published ? `Kết quả đã công bố ngày ${ddmmyyyy(r.publishedAt)}.` : 'Kết quả chưa công bố: đang thẩm định, chỉ dùng nội bộ.'), {
      width,
      align: 'center',
    });
  doc.moveDown(1);
  const cols = [
    { t: 'Hạng', w: 40, a: 'center' },
    { t: 'Cơ quan, đơn vị', w: width - 40 - 80 - 105 - 62, a: 'left' },
    { t: 'Tự đánh giá', w: 80, a: 'right' },
    { t: 'Thẩm định', w: 105, a: 'right' },
    { t: 'Tỷ lệ', w: 62, a: 'right' },
  ] as const;
  const drawRow = (cells: string[], font: 'r' | 'b'): void => {
    doc.font(font).fontSize(10);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(nfc(c), { width: cols[i].w - 8 }))) + 8;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (font === 'r')
        drawRow(
          cols.map((c) => c.t),
          'b',
        ); // the header again on each new page
      doc.font(font).fontSize(10);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i].w, h).lineWidth(0.5).stroke();
      doc.text(nfc(c), x + 4, y + 4, { width: cols[i].w - 8, align: cols[i].a });
      x += cols[i].w;
    });
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(
    cols.map((c) => c.t),
    'b',
  );
  const f = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  for (const i of r.items)
    drawRow([String(i.rank), i.name, f(i.selfTotal), `${f(i.total)} / ${f(i.maxTotal)}`, i.maxTotal ? `${f(pct(i.total, i.maxTotal)!)}%` : '—'], 'r');
  if (!r.items.length) drawRow(['', 'Chưa có cơ quan nào tự đánh giá năm này.', '', '', ''], 'r');
  doc.moveDown(1);
  const [time, day] = vnDateTimeText(now).split(' ');
  doc
    .font('i')
    .fontSize(9)
    .text(nfc(`Xuất từ hệ thống MotCua lúc ${time} ngày ${day}.`), left, doc.y, { width });
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    // Inside the bottom margin: lift the margin while writing, or pdfkit would start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('r')
      .fontSize(8)
      .text(`${p + 1}/${range.count}`, left, doc.page.height - bottom + 20, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  return pdfBytes(doc);
}

const YearParam = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Routes under /api/v1/reform/exports/… ; each applies the same access rules as the screen it exports. */
export function registerReformExportRoutes(
  app: App,
  reform: ReformService,
  indices: ReformIndicesService,
  provinceName: () => Promise<string>,
  clock: { now(): Date },
): void {
  app.get(
    '/api/v1/reform/exports/par/:year/ranking.xlsx',
    {
      config: { access: 'authenticated' },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Xếp hạng Chỉ số CCHC (XLSX)') },
        tags: ['reform'],
        summary: 'Xuất XLSX xếp hạng Chỉ số CCHC các cơ quan (chưa công bố: chỉ Sở Nội vụ, lãnh đạo tỉnh)',
        params: YearParam,
      },
    },
    async (req, reply) => {
      const buf = await parRankingXlsx(await reform.ranking(contextOf(req).actor, req.params.year));
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`xep-hang-chi-so-cchc-${req.params.year}.xlsx`))
        .send(buf);
    },
  );

  app.get(
    '/api/v1/reform/exports/par/:year/ranking.pdf',
    {
      config: { access: 'authenticated' },
      schema: {
        response: { 200: fileResponse(MIME.pdf, 'Xếp hạng Chỉ số CCHC (PDF)') },
        tags: ['reform'],
        summary: 'Xuất PDF xếp hạng Chỉ số CCHC các cơ quan',
        params: YearParam,
      },
    },
    async (req, reply) => {
      const buf = await parRankingPdf(await reform.ranking(contextOf(req).actor, req.params.year), await provinceName(), clock.now());
      return reply.type('application/pdf').header('content-disposition', `inline; filename="xep-hang-chi-so-cchc-${req.params.year}.pdf"`).send(buf);
    },
  );

  app.get(
    '/api/v1/reform/exports/sipas/:year/index.xlsx',
    {
      config: { access: ['home_affairs', 'admin', 'provincial_office', 'unit_leader'] },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Chỉ số SIPAS (XLSX)') },
        tags: ['reform'],
        summary: 'Xuất XLSX Chỉ số SIPAS theo cơ quan và lĩnh vực, kèm cỡ mẫu',
        params: YearParam,
      },
    },
    async (req, reply) => {
      const buf = await sipasXlsx(await reform.sipas(contextOf(req).actor, req.params.year));
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`chi-so-sipas-${req.params.year}.xlsx`))
        .send(buf);
    },
  );

  app.get(
    '/api/v1/reform/exports/indices.xlsx',
    {
      config: { access: ['specialist', 'unit_leader', 'admin', 'home_affairs', 'provincial_office'] },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Các chỉ số của tỉnh (XLSX)') },
        tags: ['reform'],
        summary: 'Xuất XLSX các chỉ số của tỉnh (PAR INDEX, SIPAS, PAPI, PCI) theo năm và chỉ số thành phần',
        querystring: Type.Object({ province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })) }),
      },
    },
    async (req, reply) => {
      const buf = await indicesXlsx(await indices.overview(contextOf(req).actor, req.query.province));
      return reply.type(XLSX).header('content-disposition', attachment('chi-so-cua-tinh.xlsx')).send(buf);
    },
  );
}
