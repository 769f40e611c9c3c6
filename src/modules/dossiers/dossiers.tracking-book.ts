/**
 * The tracking book (Sổ theo dõi hồ sơ, Mẫu 06 of Thông tư 01/2018 / Mẫu 07 of Thông tư 03/2025)
 * as an export job with progress (issue 23): the dossiers received in a range of days, in the
 * officer's scope, one line each in order of receipt. A year of a province is up to
 * TRACKING_BOOK_MAX_ROWS dossiers: they are read a page at a time (one query per page, the first
 * forward and result times included: dossiers.repo.ts trackingBookPage) and the progress counts
 * the lines read, then written, against the book's total. Start → poll → download
 * (platform/export-jobs.ts); the download is read-audited as `dossier.tracking_book.read` with the
 * ids of the dossiers in the book.
 */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { MIME } from '../../platform/http/openapi.js';
import { badRequest } from '../../platform/errors.js';
import type { Database } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import { createProgressJobs } from '../../platform/progress-jobs.js';
import { exportJobSchema, registerExportJob } from '../../platform/export-jobs.js';
import { agencyScope } from '../org/org.public.js';
import { trackingBookXlsx } from './documents/index.js';
import type { Issuer } from './documents/index.js';
import { documentIssuer } from './dossiers.written-refusal.js';
import * as repo from './dossiers.repo.js';
import { dayVnText } from '../../platform/vn-time.js';

/** The progress_job kind of a tracking book. */
export const TRACKING_BOOK_JOB = 'dossiers.tracking-book';
/** At most this many lines in one book (the result says when the range holds more). */
export const TRACKING_BOOK_MAX_ROWS = 100_000;
/** Lines read per query. */
const PAGE = 1000;

const BOOK_ROLES = ['one_stop_officer', 'unit_leader', 'admin', 'provincial_office'] as const;

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (ngày tiếp nhận, giờ Việt Nam)' });
const TrackingBookQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

export const TrackingBookJob = exportJobSchema({
  phase: 'reading (đọc hồ sơ), writing (ghi tệp)',
  processed: 'Số dòng đã đọc / đã ghi trong giai đoạn hiện tại',
  total: 'Số dòng của sổ',
  result: {
    rows: Type.Integer(),
    truncated: Type.Boolean({ description: `Khoảng ngày có hơn ${TRACKING_BOOK_MAX_ROWS} hồ sơ: sổ có ${TRACKING_BOOK_MAX_ROWS} dòng đầu` }),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
  },
});

const vnDate = dayVnText;

export function registerTrackingBookRoutes(app: App, database: Database, clock: Clock): void {
  const db = database.db;
  registerExportJob(app, createProgressJobs(database, clock), {
    kind: TRACKING_BOOK_JOB,
    path: '/api/v1/dossiers/tracking-book/exports',
    access: BOOK_ROLES,
    tag: 'dossiers',
    what: 'lần xuất sổ theo dõi hồ sơ',
    summary: {
      start: 'Xuất Sổ theo dõi hồ sơ (XLSX) của cơ quan trong khoảng ngày tiếp nhận, dưới dạng công việc có tiến độ',
      progress: 'Tiến độ của một lần xuất sổ theo dõi hồ sơ',
      file: 'Tải Sổ theo dõi hồ sơ (XLSX) đã xuất xong (409 khi chưa xong, 410 khi đã hết hạn lưu)',
    },
    description: `Trả về ngay (202) công việc; theo dõi tiến độ (số dòng đã đọc, đã ghi / tổng) tại GET /api/v1/dossiers/tracking-book/exports/{id}, tải tệp khi xong tại GET /api/v1/dossiers/tracking-book/exports/{id}/file. Hồ sơ tiếp nhận từ ngày \`from\` đến hết ngày \`to\` trong phạm vi cơ quan của cán bộ, theo thứ tự tiếp nhận; tối đa ${TRACKING_BOOK_MAX_ROWS.toLocaleString('vi-VN')} dòng; tệp được giữ 24 giờ. Chỉ người tạo xem và tải được.`,
    body: TrackingBookQuery,
    job: TrackingBookJob,
    fileDescription: 'Sổ theo dõi hồ sơ (XLSX)',
    mime: MIME.xlsx,
    audit: { action: 'dossier.tracking_book.read', entity: 'dossier' },
    check: (_ctx, q) => {
      if (q.to < q.from) throw badRequest('invalid_range', '"to" phải sau hoặc bằng "from".');
    },
    run: async (ctx, q, report) => {
      const actor = ctx.actor!;
      const scope = await agencyScope(db, actor);
      const filter: repo.TrackingBookFilter = { agencyIds: scope === 'all' ? null : scope, from: q.from, to: q.to };
      const found = await repo.trackingBookCount(db, filter);
      const total = Math.min(found, TRACKING_BOOK_MAX_ROWS);
      const lines: repo.TrackingBookLine[] = [];
      let after: repo.TrackingBookCursor | null = null;
      do {
        await report({ phase: 'reading', processed: lines.length, total });
        const page = await repo.trackingBookPage(db, filter, after, Math.min(PAGE, TRACKING_BOOK_MAX_ROWS - lines.length));
        lines.push(...page.lines);
        after = page.next;
      } while (after && lines.length < TRACKING_BOOK_MAX_ROWS);
      await report({ phase: 'reading', processed: lines.length, total: lines.length });
      const issuerAgency = actor.agencyId ?? lines[0]?.receivingAgencyId ?? null;
      const issuer: Issuer = issuerAgency ? await documentIssuer(db, issuerAgency) : { parentAgency: null, agencyName: '', place: '' };
      const rows = lines.map((x) => ({
        dossierCode: x.code,
        procedureName: x.procedureName,
        applicantName: x.applicantName,
        receivedAt: x.receivedAt,
        appointmentAt: x.appointmentAt,
        forwardedAt: x.forwardedAt,
        resultAt: x.resultAt,
        returnedAt: x.returnedAt,
        note: x.hasApology ? 'Có văn bản xin lỗi, hẹn lại' : null,
      }));
      const data = await trackingBookXlsx({ issuer, periodLabel: `Từ ${vnDate(q.from)} đến ${vnDate(q.to)}`, rows, issuedAt: clock.now() }, (n) =>
        report({ phase: 'writing', processed: n, total: rows.length }),
      );
      return {
        file: { name: `so-theo-doi-ho-so-${q.from}-${q.to}.xlsx`, contentType: MIME.xlsx, data },
        result: { rows: rows.length, truncated: found > lines.length, from: q.from, to: q.to },
        ids: lines.map((x) => x.id),
      };
    },
  });
}
