/**
 * The feedback queue as XLSX (the list screen's filters apply): one row per item, times and due
 * dates as Excel date-times (Vietnam time), the overdue flag as text the officer reads.
 */
import { excel } from '../../platform/doclibs.js';
import { tableSheet, xlsxDateTime, type SheetColumn } from '../../platform/xlsx.js';
import { CHANNEL_VI, STATUS_VI, TOPIC_VI, type Channel, type FeedbackStatus, type Topic } from './feedback.rules.js';
import type { Feedback } from './feedback.schemas.js';

const COLUMNS: SheetColumn[] = [
  { header: 'STT', width: 6, kind: 'int' },
  { header: 'Mã phản ánh', width: 19 },
  { header: 'Thời điểm tiếp nhận', width: 17, kind: 'datetime' },
  { header: 'Kênh', width: 16 },
  { header: 'Tiêu đề', width: 50 },
  { header: 'Nhóm nội dung', width: 24 },
  { header: 'Lĩnh vực', width: 30 },
  { header: 'Người gửi', width: 24 },
  { header: 'Cơ quan tiếp nhận', width: 32 },
  { header: 'Cơ quan xử lý', width: 32 },
  { header: 'Trạng thái', width: 18 },
  { header: 'Hạn của bước hiện tại', width: 17, kind: 'datetime' },
  { header: 'Quá hạn', width: 10 },
  { header: 'Thời điểm trả lời', width: 17, kind: 'datetime' },
];

export async function feedbackListXlsx(items: readonly Feedback[], heading: string): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Phản ánh, kiến nghị');
  ws.addRow(['DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ']).font = { bold: true, size: 13 };
  ws.addRow([heading]);
  ws.addRow([]);
  const t = tableSheet(ws, COLUMNS);
  items.forEach((f, i) => {
    t.add([
      i + 1,
      f.code,
      xlsxDateTime(f.receivedAt),
      CHANNEL_VI[f.channel as Channel] ?? f.channel,
      f.title,
      f.topic ? TOPIC_VI[f.topic as Topic] : '',
      f.category?.name ?? '',
      f.submitter.name ?? '',
      f.receivingAgency.name,
      f.agency?.name ?? '',
      STATUS_VI[f.status as FeedbackStatus] ?? f.status,
      xlsxDateTime(f.deadline?.dueAt),
      f.deadline ? (f.deadline.overdue ? 'Có' : 'Không') : '',
      xlsxDateTime(f.answeredAt),
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
