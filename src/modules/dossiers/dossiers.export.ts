/**
 * The officers' dossier list as XLSX (issue 23): the list screen's filters and the officer's scope
 * apply (the rows are the list's own, read through DossierService.list page by page); one row per
 * dossier, reception, appointment and end of processing as Excel date-times (Vietnam time), row
 * numbers and counts as numbers, a frozen header and a width for every column (platform/xlsx.ts).
 */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { excel } from '../../platform/doclibs.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { tableSheet, xlsxDateTime, type SheetColumn } from '../../platform/xlsx.js';
import { QueueName } from './dossiers.schemas.js';
import type { DossierService } from './dossiers.service.js';
import type { Queue } from './dossiers.repo.js';

/** At most this many rows in one file (the screen says so when the list is longer). */
export const EXPORT_MAX_ROWS = 10_000;
const PAGE = 500;

const STAFF = ['one_stop_officer', 'specialist', 'unit_leader', 'admin', 'provincial_office', 'home_affairs'] as const;

const CHANNEL_VI: Record<string, string> = { counter: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' };

const COLUMNS: SheetColumn[] = [
  { header: 'STT', width: 6, kind: 'int' },
  { header: 'Mã hồ sơ', width: 22 },
  { header: 'Thủ tục hành chính', width: 50 },
  { header: 'Lĩnh vực', width: 28 },
  { header: 'Người nộp', width: 26 },
  { header: 'Kênh nộp', width: 12 },
  { header: 'Trạng thái', width: 22 },
  { header: 'Cơ quan tiếp nhận', width: 32 },
  { header: 'Cơ quan đang xử lý', width: 32 },
  { header: 'Thời điểm tiếp nhận', width: 17, kind: 'datetime' },
  { header: 'Hẹn trả kết quả', width: 17, kind: 'datetime' },
  { header: 'Kết thúc xử lý', width: 17, kind: 'datetime' },
  { header: 'Trễ hạn', width: 10 }, // not 9: exceljs takes 9 for its default and writes no width
  { header: 'Số thành phần hồ sơ', width: 11, kind: 'int' },
];

/** What one row needs of a listed dossier (DossierService.view). */
export interface ExportedDossier {
  code: string;
  procedure: { name: string; field: string | null };
  applicant: { name: string };
  channel: string;
  status: { name: string };
  receivingAgency: { name: string } | null;
  currentAgency: { name: string } | null;
  receivedAt: string | null;
  appointment: { current: string | null };
  processingEndedAt: string | null;
  late: boolean;
  components: unknown;
}

export async function dossierListXlsx(items: readonly ExportedDossier[], heading: string): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Hồ sơ');
  ws.addRow(['DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH']).font = { bold: true, size: 13 };
  ws.addRow([heading]);
  ws.addRow([]);
  const t = tableSheet(ws, COLUMNS);
  items.forEach((d, i) => {
    t.add([
      i + 1, d.code, d.procedure.name, d.procedure.field ?? '', d.applicant.name, CHANNEL_VI[d.channel] ?? d.channel, d.status.name,
      d.receivingAgency?.name ?? '', d.currentAgency?.name ?? '', xlsxDateTime(d.receivedAt), xlsxDateTime(d.appointment.current), xlsxDateTime(d.processingEndedAt),
      d.late ? 'Có' : 'Không', Array.isArray(d.components) ? d.components.length : 0,
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function registerDossierExportRoute(app: App, svc: DossierService): void {
  app.get('/api/v1/dossiers/export.xlsx', {
    config: { access: [...STAFF], auditRead: { action: 'dossier.export', entity: 'dossier' } },
    schema: {
      tags: ['dossiers'],
      summary: `Xuất danh sách hồ sơ ra Excel (cùng bộ lọc và phạm vi với danh sách; tối đa ${EXPORT_MAX_ROWS.toLocaleString('vi-VN')} dòng)`,
      querystring: Type.Object({
        queue: Type.Optional(QueueName),
        procedure: Type.Optional(Type.String({ maxLength: 20 })),
        channel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('online'), Type.Literal('post')])),
        status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
        from: Type.Optional(Type.String({ format: 'date' })),
        to: Type.Optional(Type.String({ format: 'date' })),
        q: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 200: fileResponse(MIME.xlsx, 'Danh sách hồ sơ (XLSX)') },
    },
  }, async (req, reply) => {
    const ctx = contextOf(req);
    const q = req.query;
    const filter = { queue: q.queue as Queue | undefined, procedureCode: q.procedure, channel: q.channel, status: q.status, receivedFrom: q.from, receivedTo: q.to, q: q.q };
    const items: ExportedDossier[] = [];
    let more = true;
    for (let offset = 0; more && items.length < EXPORT_MAX_ROWS; offset += PAGE) {
      const page = await svc.list(ctx, { ...filter, limit: Math.min(PAGE, EXPORT_MAX_ROWS - items.length), offset });
      items.push(...(page.items as ExportedDossier[]));
      more = page.hasMore;
    }
    const period = q.from || q.to ? `, tiếp nhận ${q.from ?? '…'} – ${q.to ?? '…'}` : '';
    const heading = `${more ? `${items.length} hồ sơ đầu tiên (danh sách dài hơn ${EXPORT_MAX_ROWS.toLocaleString('vi-VN')} dòng)` : `${items.length} hồ sơ`}${period}.`;
    return reply
      .header('content-type', MIME.xlsx)
      .header('content-disposition', 'attachment; filename="danh-sach-ho-so.xlsx"')
      .send(await dossierListXlsx(items, heading));
  });
}
