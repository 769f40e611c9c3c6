import { excel } from '../../platform/doclibs.js';
import type { PlanOut, TaskOut } from './tasks.schemas.js';

export const STATUS_VI: Record<string, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  done_late: 'Hoàn thành chậm',
  overdue: 'Quá hạn',
  cannot_do: 'Không thể thực hiện',
};

const ddmmyyyy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
const names = (l: TaskOut['lead']) =>
  l.map((a) => (a.agencyName ?? a.groupName ?? a.written) + (a.matched ? '' : ' (chưa khớp danh mục)') + (a.note && a.agencyName ? ` [${a.note}]` : '')).join('; ');

/** The plan's tasks as an XLSX sheet: the plan's own words beside the structured values and status. */
export async function planToXlsx(plan: PlanOut, tasks: TaskOut[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow([plan.title]).font = { bold: true, size: 13 };
  ws.addRow([`Số: ${plan.number ?? '…'}   Ngày: ${ddmmyyyy(plan.issuedOn) || '…'}   Người ký: ${plan.signer ?? '…'}`]);
  ws.addRow([]);
  const header = ws.addRow(['STT', 'Nhiệm vụ', 'Cơ quan chủ trì (theo kế hoạch)', 'Cơ quan chủ trì (hiện nay)', 'Cơ quan phối hợp (hiện nay)', 'Sản phẩm', 'Thời gian hoàn thành (theo kế hoạch)', 'Hạn', 'Kỳ báo cáo gần nhất', 'Trạng thái', 'Tiến độ (%)']);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  let section: string | null = null;
  for (const t of tasks) {
    if (t.section && t.section !== section) {
      section = t.section;
      ws.addRow(['', section]).font = { bold: true };
    }
    const r = ws.addRow([t.number ?? '', t.content, t.leadText, names(t.lead), names(t.support), t.output ?? '', t.deadline.text, ddmmyyyy(t.deadline.dueOn), ddmmyyyy(t.nextDueOn), STATUS_VI[t.status] ?? t.status, t.percent]);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  const widths = [6, 60, 30, 30, 30, 40, 22, 12, 14, 18, 10];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
