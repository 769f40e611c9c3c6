/**
 * The officers' dossier list as XLSX (issue 23): the list screen's filters and the officer's scope
 * apply (the rows are the list's own, read through DossierService.list page by page); one row per
 * dossier, reception, appointment and end of processing as Excel date-times (Vietnam time), row
 * numbers and counts as numbers, a frozen header and a width for every column (platform/xlsx.ts).
 */
import { Type, type Static } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { excel } from '../../platform/doclibs.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { tableSheet, xlsxDateTime, type SheetColumn } from '../../platform/xlsx.js';
import type { RequestContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { createProgressJobs, type Report } from '../../platform/progress-jobs.js';
import { exportJobSchema, registerExportJob } from '../../platform/export-jobs.js';
import { DossierFilterProps } from './dossiers.schemas.js';
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
  id: string;
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

/** `written(n)` is awaited every PAGE rows written, and at the end (the export job's progress). */
export async function dossierListXlsx(
  items: readonly ExportedDossier[],
  heading: string,
  written: (n: number) => Promise<void> = async () => undefined,
): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'MotCua';
  const ws = wb.addWorksheet('Hồ sơ');
  ws.addRow(['DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH']).font = { bold: true, size: 13 };
  ws.addRow([heading]);
  ws.addRow([]);
  const t = tableSheet(ws, COLUMNS);
  for (const [i, d] of items.entries()) {
    if (i % PAGE === 0) await written(i);
    t.add([
      i + 1,
      d.code,
      d.procedure.name,
      d.procedure.field ?? '',
      d.applicant.name,
      CHANNEL_VI[d.channel] ?? d.channel,
      d.status.name,
      d.receivingAgency?.name ?? '',
      d.currentAgency?.name ?? '',
      xlsxDateTime(d.receivedAt),
      xlsxDateTime(d.appointment.current),
      xlsxDateTime(d.processingEndedAt),
      d.late ? 'Có' : 'Không',
      Array.isArray(d.components) ? d.components.length : 0,
    ]);
  }
  await written(items.length);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ExportQuery = Type.Object(DossierFilterProps, { additionalProperties: false });
type ExportQuery = Static<typeof ExportQuery>;

/**
 * The rows of an export and the file's heading: the list's own pages (filters and scope) up to
 * EXPORT_MAX_ROWS; `report` gets the rows read so far against the list's total (phase `reading`).
 */
async function collect(
  svc: DossierService,
  ctx: RequestContext,
  q: ExportQuery,
  report: Report = async () => undefined,
): Promise<{ items: ExportedDossier[]; heading: string; truncated: boolean }> {
  const filter = {
    queue: q.queue as Queue | undefined,
    procedureCode: q.procedure,
    channel: q.channel,
    status: q.status,
    receivedFrom: q.from,
    receivedTo: q.to,
    q: q.q,
  };
  const items: ExportedDossier[] = [];
  let more = true;
  let total = 0;
  for (let offset = 0; more && items.length < EXPORT_MAX_ROWS; offset += PAGE) {
    await report({ phase: 'reading', processed: items.length, total });
    const page = await svc.list(ctx, { ...filter, limit: Math.min(PAGE, EXPORT_MAX_ROWS - items.length), offset });
    items.push(...(page.items as ExportedDossier[]));
    more = page.hasMore;
    total = Math.min(EXPORT_MAX_ROWS, Math.max(Number(page.total ?? 0), items.length));
  }
  const period = q.from || q.to ? `, tiếp nhận ${q.from ?? '…'} – ${q.to ?? '…'}` : '';
  const heading = `${more ? `${items.length} hồ sơ đầu tiên (danh sách dài hơn ${EXPORT_MAX_ROWS.toLocaleString('vi-VN')} dòng)` : `${items.length} hồ sơ`}${period}.`;
  return { items, heading, truncated: more };
}

/** The progress_job kind of an asynchronous dossier list export. */
export const DOSSIER_EXPORT_JOB = 'dossiers.export';
const FILE_NAME = 'danh-sach-ho-so.xlsx';

/** An asynchronous export as its progress route shows it. */
export const ExportJob = exportJobSchema({
  phase: 'reading (đọc danh sách), writing (ghi tệp)',
  processed: 'Số dòng đã đọc / đã ghi trong giai đoạn hiện tại',
  total: 'Số dòng của tệp',
  result: {
    rows: Type.Integer(),
    truncated: Type.Boolean({ description: `Danh sách dài hơn ${EXPORT_MAX_ROWS} dòng: tệp có ${EXPORT_MAX_ROWS} dòng đầu` }),
  },
});

/**
 * The asynchronous variant (issue 23): POST starts the export as a job of the officer who asked,
 * GET reports rows read then written against the total, GET …/file downloads the file (kept for
 * JOB_FILE_KEEP_MS, then deleted by the cleanup job). Audited at download as the synchronous route.
 */
export function registerDossierExportJobRoutes(app: App, svc: DossierService, database: Database, clock: Clock): void {
  registerExportJob(app, createProgressJobs(database, clock), {
    kind: DOSSIER_EXPORT_JOB,
    path: '/api/v1/dossiers/exports',
    access: STAFF,
    tag: 'dossiers',
    what: 'lần xuất danh sách hồ sơ',
    summary: {
      start: 'Xuất danh sách hồ sơ ra Excel dưới dạng công việc có tiến độ (cùng bộ lọc với GET /api/v1/dossiers/export.xlsx)',
      progress: 'Tiến độ của một lần xuất danh sách hồ sơ',
      file: 'Tải tệp Excel của một lần xuất danh sách hồ sơ đã xong (409 khi chưa xong, 410 khi đã hết hạn lưu)',
    },
    description: `Trả về ngay (202) công việc; theo dõi tiến độ (số dòng đã đọc, đã ghi / tổng) tại GET /api/v1/dossiers/exports/{id}, tải tệp khi xong tại GET /api/v1/dossiers/exports/{id}/file. Tối đa ${EXPORT_MAX_ROWS} dòng; tệp được giữ 24 giờ. Chỉ người tạo xem và tải được.`,
    body: ExportQuery,
    job: ExportJob,
    fileDescription: 'Danh sách hồ sơ (XLSX)',
    mime: MIME.xlsx,
    // The read audit names the dossiers in the file, as the synchronous export does.
    audit: { action: 'dossier.export', entity: 'dossier' },
    run: async (ctx, q, report) => {
      const { items, heading, truncated } = await collect(svc, ctx, q, report);
      const data = await dossierListXlsx(items, heading, (n) => report({ phase: 'writing', processed: n, total: items.length }));
      return { file: { name: FILE_NAME, contentType: MIME.xlsx, data }, result: { rows: items.length, truncated }, ids: items.map((d) => d.id) };
    },
  });
}

export function registerDossierExportRoute(app: App, svc: DossierService): void {
  app.get(
    '/api/v1/dossiers/export.xlsx',
    {
      config: { access: [...STAFF], auditRead: { action: 'dossier.export', entity: 'dossier' } },
      schema: {
        tags: ['dossiers'],
        summary: `Xuất danh sách hồ sơ ra Excel (cùng bộ lọc và phạm vi với danh sách; tối đa ${EXPORT_MAX_ROWS.toLocaleString('vi-VN')} dòng)`,
        querystring: Type.Object(DossierFilterProps),
        response: { 200: fileResponse(MIME.xlsx, 'Danh sách hồ sơ (XLSX)') },
      },
    },
    async (req, reply) => {
      const { items, heading } = await collect(svc, contextOf(req), req.query as ExportQuery);
      req.readIds = items.map((d) => d.id);
      return reply
        .header('content-type', MIME.xlsx)
        .header('content-disposition', `attachment; filename="${FILE_NAME}"`)
        .send(await dossierListXlsx(items, heading));
    },
  );
}
