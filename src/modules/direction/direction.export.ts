/**
 * The direction centre for the monthly meeting: a PDF (pdfkit with the Vietnamese-capable DejaVu
 * fonts, through the dossiers module's document layout) and an XLSX (exceljs: numbers as numbers,
 * dates as dates, frozen header, column widths).
 */
import { excel } from '../../platform/doclibs.js';
import * as L from '../../platform/pdf-layout.js';
import type { DirectionService } from './direction.service.js';
import { dayVnText } from '../../platform/vn-time.js';

type Centre = Awaited<ReturnType<DirectionService['centre']>>;

const UNIT_VI: Record<string, string> = { count: '', percent: '%', points: 'điểm', rank: 'bậc' };
const fmt = (v: number | null, unit: string) => (v === null ? '—' : `${String(v).replace('.', ',')}${unit === 'percent' ? '%' : ''}`);
const dmy = dayVnText;
const trendText = (i: Centre['indicators'][number]) =>
  i.trend
    ? `${i.trend.delta > 0 ? '+' : ''}${String(i.trend.delta).replace('.', ',')} (${i.trend.judgement === 'better' ? 'tốt lên' : i.trend.judgement === 'worse' ? 'xấu đi' : 'không đổi'})`
    : '—';
const targetText = (i: Centre['indicators'][number]) =>
  i.target === null ? '—' : `${i.direction === 'up' ? '≥' : '≤'} ${fmt(i.target, i.unit)}${i.targetMet === null ? '' : i.targetMet ? ' ✓' : ' ✗'}`;

export async function centrePdf(c: Centre, who: string): Promise<Buffer> {
  const doc = L.createDocument({ title: 'Bộ chỉ số chỉ đạo, điều hành', subject: `Kỳ ${dmy(c.period.from)}–${dmy(c.period.to)}`, author: who }, 'landscape');
  L.drawHeader(doc, { parentAgency: 'ỦY BAN NHÂN DÂN TỈNH THANH HÓA', agency: 'VĂN PHÒNG', number: null, place: 'Thanh Hóa', issuedAt: c.computedAt });
  L.drawTitle(doc, 'Báo cáo bộ chỉ số chỉ đạo, điều hành', [
    `Từ ngày ${dmy(c.period.from)} đến ngày ${dmy(c.period.to)}${c.scope === 'province' ? ' — toàn tỉnh' : ''}`,
  ]);
  L.table(
    doc,
    [
      { header: 'Chỉ số', share: 30 },
      { header: 'Giá trị', share: 10, align: 'right' },
      { header: 'Xu hướng', share: 14 },
      { header: 'Mục tiêu', share: 10 },
      { header: 'Cơ quan đứng sau (nhiều nhất)', share: 36 },
    ],
    c.indicators.map((i) => [
      i.name,
      fmt(i.value, i.unit),
      trendText(i),
      targetText(i),
      i.agencies.length
        ? i.agencies
            .slice(0, 3)
            .map((a) => `${a.agency?.name ?? 'Chưa xác định'}: ${String(a.value).replace('.', ',')}`)
            .join('; ')
        : (i.note ?? ''),
    ]),
    9.5,
  );
  L.para(
    doc,
    `Số liệu tính lúc ${L.vnDateTime(c.computedAt)}. "Có nguy cơ trễ hạn": hồ sơ hẹn trả trong ${c.days} ngày làm việc tới mà xác suất trễ ước tính từ lịch sử cùng thủ tục, cùng bước ≥ 50%.`,
    { style: 'italic', gap: 8 },
  );
  return L.finish(doc);
}

export async function centreXlsx(c: Centre): Promise<Buffer> {
  const ExcelJS = excel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Chỉ số', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Mã', key: 'code', width: 22 },
    { header: 'Chỉ số', key: 'name', width: 44 },
    { header: 'Giá trị', key: 'value', width: 12 },
    { header: 'Đơn vị', key: 'unit', width: 9 },
    { header: 'Kỳ trước / hôm trước', key: 'previous', width: 14 },
    { header: 'Mục tiêu', key: 'target', width: 11 },
    { header: 'Đạt mục tiêu', key: 'met', width: 12 },
    { header: 'Từ ngày', key: 'from', width: 12 },
    { header: 'Đến ngày', key: 'to', width: 12 },
    { header: 'Tính lúc', key: 'at', width: 18 },
    { header: 'Nguồn', key: 'source', width: 36 },
    { header: 'Ghi chú', key: 'note', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  for (const i of c.indicators) {
    ws.addRow({
      code: i.code,
      name: i.name,
      value: i.value,
      unit: UNIT_VI[i.unit] ?? i.unit,
      previous: i.previous,
      target: i.target,
      met: i.targetMet === null ? '' : i.targetMet ? 'Đạt' : 'Chưa đạt',
      from: date(c.period.from),
      to: date(c.period.to),
      at: new Date(c.computedAt),
      source: i.source,
      note: i.note ?? '',
    });
  }
  for (const k of ['from', 'to']) ws.getColumn(k).numFmt = 'dd/mm/yyyy';
  ws.getColumn('at').numFmt = 'dd/mm/yyyy hh:mm';
  const wa = wb.addWorksheet('Theo cơ quan', { views: [{ state: 'frozen', ySplit: 1 }] });
  wa.columns = [
    { header: 'Mã chỉ số', key: 'code', width: 22 },
    { header: 'Chỉ số', key: 'name', width: 44 },
    { header: 'Cơ quan', key: 'agency', width: 50 },
    { header: 'Giá trị', key: 'value', width: 12 },
  ];
  wa.getRow(1).font = { bold: true };
  for (const i of c.indicators)
    for (const a of i.agencies) wa.addRow({ code: i.code, name: i.name, agency: a.agency?.name ?? 'Chưa xác định', value: a.value });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
