import { excel } from '../../platform/doclibs.js';

interface StatRow {
  label: string;
  tickets: number;
  served: number;
  noShows: number;
  avgWaitMinutes: number | null;
  avgServiceMinutes: number | null;
  dossiers: number;
  booked: number;
}
export interface StatsForExport {
  centreName: string;
  from: string;
  to: string;
  total: { tickets: number; served: number; noShows: number; dossiers: number; booked: number };
  byArea: StatRow[];
  byCounter: StatRow[];
  byOfficer: StatRow[];
  peakHours: { hour: number; tickets: number }[];
}

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The centre's queue statistics as an XLSX workbook: one sheet per grouping, and the peak hours. */
export async function statsToXlsx(s: StatsForExport): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const header = ['', 'Số lượt', 'Đã phục vụ', 'Vắng mặt', 'Chờ trung bình (phút)', 'Phục vụ trung bình (phút)', 'Gắn hồ sơ', 'Đặt lịch hẹn'];
  const sheet = (name: string, first: string, rows: StatRow[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${s.centreName} — ${name}`]).font = { bold: true, size: 13 };
    ws.addRow([`Từ ${ddmmyyyy(s.from)} đến ${ddmmyyyy(s.to)}`]);
    ws.addRow([]);
    ws.addRow([first, ...header.slice(1)]).font = { bold: true };
    for (const r of rows) ws.addRow([r.label, r.tickets, r.served, r.noShows, r.avgWaitMinutes ?? '', r.avgServiceMinutes ?? '', r.dossiers, r.booked]);
    [36, 10, 12, 10, 20, 22, 12, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  };
  sheet('Theo khu vực', 'Khu vực', s.byArea);
  sheet('Theo quầy', 'Quầy', s.byCounter);
  sheet('Theo cán bộ', 'Cán bộ', s.byOfficer);
  const ws = wb.addWorksheet('Giờ cao điểm');
  ws.addRow(['Giờ', 'Số lượt lấy số']).font = { bold: true };
  for (const p of s.peakHours) ws.addRow([`${String(p.hour).padStart(2, '0')}:00–${String(p.hour + 1).padStart(2, '0')}:00`, p.tickets]);
  ws.addRow([]);
  ws.addRow(['Tổng số lượt', s.total.tickets]);
  ws.addRow(['Đã phục vụ', s.total.served]);
  ws.addRow(['Vắng mặt', s.total.noShows]);
  ws.addRow(['Gắn hồ sơ', s.total.dossiers]);
  ws.addRow(['Đặt lịch hẹn', s.total.booked]);
  ws.getColumn(1).width = 20;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
