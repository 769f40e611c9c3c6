import { excel } from '../../platform/doclibs.js';
import { tableSheet, xlsxDate, xlsxNumberOrText, type SheetColumn } from '../../platform/xlsx.js';
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
  l
    .map((a) => (a.agencyName ?? a.groupName ?? a.written) + (a.matched ? '' : ' (chưa khớp danh mục)') + (a.note && a.agencyName ? ` [${a.note}]` : ''))
    .join('; ');

const COLUMNS: SheetColumn[] = [
  { header: 'STT', width: 6, kind: 'int' },
  { header: 'Nhiệm vụ', width: 60 },
  { header: 'Cơ quan chủ trì (theo kế hoạch)', width: 30 },
  { header: 'Cơ quan chủ trì (hiện nay)', width: 30 },
  { header: 'Cơ quan phối hợp (hiện nay)', width: 30 },
  { header: 'Sản phẩm', width: 40 },
  { header: 'Thời gian hoàn thành (theo kế hoạch)', width: 22 },
  { header: 'Hạn', width: 12, kind: 'date' },
  { header: 'Kỳ báo cáo gần nhất', width: 14, kind: 'date' },
  { header: 'Trạng thái', width: 18 },
  { header: 'Tiến độ (%)', width: 10, kind: 'int' },
];

/** The plan's tasks as an XLSX sheet: the plan's own words beside the structured values and status. */
export async function planToXlsx(plan: PlanOut, tasks: TaskOut[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow([plan.title]).font = { bold: true, size: 13 };
  ws.addRow([`Số: ${plan.number ?? '…'}   Ngày: ${ddmmyyyy(plan.issuedOn) || '…'}   Người ký: ${plan.signer ?? '…'}`]);
  ws.addRow([]);
  const t = tableSheet(ws, COLUMNS);
  let section: string | null = null;
  for (const task of tasks) {
    if (task.section && task.section !== section) {
      section = task.section;
      t.add(['', section], { bold: true });
    }
    t.add([
      xlsxNumberOrText(task.number),
      task.content,
      task.leadText,
      names(task.lead),
      names(task.support),
      task.output ?? '',
      task.deadline.text,
      xlsxDate(task.deadline.dueOn),
      xlsxDate(task.nextDueOn),
      STATUS_VI[task.status] ?? task.status,
      task.percent,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
