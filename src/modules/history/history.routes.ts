import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { badRequest } from '../../platform/errors.js';
import type { Role } from '../../platform/context.js';
import { PACKAGE_UPLOAD_LIMIT_BYTES, type HistoryImporter } from './history.service.js';
import { HistoryImportJob } from './history.schemas.js';

/** Importing a province's history is an administrator's task. */
const ADMINS: readonly Role[] = ['admin'];

export function registerHistoryRoutes(app: App, importer: HistoryImporter): void {
  app.post(
    '/api/v1/dossiers/import',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['history'],
        summary:
          'Quản trị: nhập lịch sử hồ sơ từ hệ thống một cửa cũ (multipart/form-data, trường "file"): NDJSON, XLSX, hoặc gói ZIP gồm tệp dữ liệu (NDJSON/XLSX) và các tệp PDF được tham chiếu (bản quét thành phần có người xác nhận, tệp kết quả), tối đa 200 MB; đánh giá của người nộp đi kèm từng hồ sơ. Mỗi hồ sơ được kiểm tra từng thao tác theo quy trình; hồ sơ lỗi không được ghi và được báo dòng, lý do. dryRun=true: chạy thử, không ghi gì.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({
          dryRun: Type.Optional(Type.Boolean({ description: 'Chạy thử: báo cáo như nhập thật, không ghi gì' })),
          wait: Type.Optional(Type.Boolean({ description: 'Chờ xong rồi mới trả lời (mặc định: trả lời ngay, theo dõi tiến độ bằng GET)' })),
        }),
        response: { 200: HistoryImportJob, 202: HistoryImportJob },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('file_missing', 'Hãy gửi tệp bằng multipart/form-data, trong trường "file".');
      const part = await req.file({ limits: { fileSize: PACKAGE_UPLOAD_LIMIT_BYTES } });
      if (!part || part.fieldname !== 'file') throw badRequest('file_missing', 'Thiếu tệp trong trường "file".');
      const buf = await part.toBuffer();
      if (buf.length === 0) throw badRequest('file_empty', 'Tệp gửi lên rỗng.');
      const job = await importer.submit(contextOf(req), buf, part.filename || null, { dryRun: req.query.dryRun === true, wait: req.query.wait === true });
      return reply.status(req.query.wait ? 200 : 202).send(job);
    },
  );

  app.get(
    '/api/v1/dossiers/imports',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['history'],
        summary: 'Quản trị: các lần nhập lịch sử hồ sơ gần đây',
        response: { 200: Type.Object({ items: Type.Array(HistoryImportJob), total: Type.Integer() }) },
      },
    },
    async () => {
      const items = await importer.list(20);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/dossiers/imports/:id',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['history'],
        summary: 'Quản trị: tiến độ và báo cáo một lần nhập lịch sử hồ sơ (đã xử lý/tổng số; lỗi theo dòng, thao tác, lý do)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: HistoryImportJob },
      },
    },
    async (req) => importer.get(req.params.id),
  );
}
