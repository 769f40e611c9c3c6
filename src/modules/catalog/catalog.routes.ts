import { Type, type TSchema } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { badRequest } from '../../platform/errors.js';
import type { Role } from '../../platform/context.js';
import {
  AbolishBody,
  AmendBody,
  CODE_PATTERN,
  DraftUpdate,
  ImportJob,
  LEVELS,
  ManagerDetail,
  ManagerItem,
  ProcedureInput,
  ProcedureSummary,
  ProcedureVersion,
  PublishBody,
  VersionMeta,
  WorkflowBody,
  WorkflowCheck,
  WorkflowCheckBody,
} from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';
import { exportJson, exportXlsx, type Importer } from './catalog.import.js';
import { todayVn } from './catalog.rules.js';
import type { Executor } from '../../platform/db/database.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const MANAGERS: readonly Role[] = ['catalog_manager', 'admin'];
const list = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
const CodeParam = Type.Object({ code: Type.String({ pattern: CODE_PATTERN, description: 'Mã TTHC, ví dụ 1.001193' }) });
const CaseParam = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }), caseKey: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }) });
const At = Type.Optional(Type.String({ format: 'date', description: 'Xem danh mục có hiệu lực vào ngày này (mặc định: hôm nay, giờ Việt Nam)' }));

export function registerCatalogRoutes(app: App, catalog: CatalogService, importer: Importer, db: Executor, clock: { now(): Date }): void {
  // ---- public -------------------------------------------------------------------------------
  app.get(
    '/api/v1/procedures',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Tra cứu thủ tục hành chính đang có hiệu lực (không phân biệt dấu, chịu lỗi gõ nhỏ, xếp theo mức độ phù hợp)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          field: Type.Optional(Type.String({ maxLength: 300, description: 'Lĩnh vực' })),
          level: Type.Optional(Type.Enum([...LEVELS])),
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          at: At,
          ...Pagination,
        }),
        response: { 200: list(ProcedureSummary) },
      },
    },
    async (req) => catalog.search({ ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/procedure-fields',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Các lĩnh vực và số thủ tục đang có hiệu lực',
        querystring: Type.Object({ level: Type.Optional(Type.Enum([...LEVELS])), at: At }),
        response: { 200: list(Type.Object({ field: Type.String(), count: Type.Integer() })) },
      },
    },
    async (req) => {
      const items = await catalog.fields(req.query);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/procedures/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Thủ tục: phiên bản đang có hiệu lực, đầy đủ (trường hợp, thành phần hồ sơ, phí, quy trình, biểu mẫu)',
        params: CodeParam,
        querystring: Type.Object({ at: At }),
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.getInForce(req.params.code, req.query.at),
  );

  app.get(
    '/api/v1/procedures/:code/versions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Các phiên bản đã công bố của thủ tục (quyết định công bố, ngày hiệu lực)',
        params: CodeParam,
        response: { 200: list(VersionMeta) },
      },
    },
    async (req) => {
      const items = await catalog.publicVersions(req.params.code);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/procedures/:code/versions/:versionNo',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Một phiên bản đã công bố của thủ tục',
        params: Type.Object({ code: Type.String({ pattern: CODE_PATTERN }), versionNo: Type.Integer({ minimum: 1 }) }),
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.publicVersion(req.params.code, req.params.versionNo),
  );

  // ---- catalogue managers -------------------------------------------------------------------
  app.get(
    '/api/v1/catalog/procedures',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: danh sách thủ tục kèm bản nháp, phiên bản đang hiệu lực',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...Pagination }),
        response: { 200: list(ManagerItem) },
      },
    },
    async (req) => catalog.list({ q: req.query.q, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/api/v1/catalog/procedures',
    {
      config: { access: MANAGERS },
      schema: { tags: ['catalog'], summary: 'Quản trị: thêm thủ tục (bản nháp phiên bản 1)', body: ProcedureInput, response: { 201: ProcedureVersion } },
    },
    async (req, reply) => reply.status(201).send(await catalog.create(contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/catalog/procedures/:code',
    {
      config: { access: MANAGERS },
      schema: { tags: ['catalog'], summary: 'Quản trị: thủ tục với mọi phiên bản và bản nháp', params: CodeParam, response: { 200: ManagerDetail } },
    },
    async (req) => catalog.detail(req.params.code),
  );

  app.put(
    '/api/v1/catalog/procedures/:code/draft',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: sửa bản nháp (kèm revision đã đọc)',
        params: CodeParam,
        body: DraftUpdate,
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.updateDraft(contextOf(req), req.params.code, req.body),
  );

  app.delete(
    '/api/v1/catalog/procedures/:code/draft',
    {
      config: { access: MANAGERS },
      schema: { tags: ['catalog'], summary: 'Quản trị: hủy bản nháp sửa đổi', params: CodeParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await catalog.discardDraft(contextOf(req), req.params.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/catalog/procedures/:code/amendments',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: sửa đổi thủ tục — tạo bản nháp phiên bản mới từ phiên bản gần nhất (hoặc từ nội dung gửi kèm)',
        params: CodeParam,
        body: AmendBody,
        response: { 201: ProcedureVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.amend(contextOf(req), req.params.code, req.body)),
  );

  app.post(
    '/api/v1/catalog/procedures/:code/publish',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: công bố bản nháp theo quyết định (số quyết định, ngày hiệu lực); phiên bản trước hết hiệu lực trước ngày đó',
        params: CodeParam,
        body: PublishBody,
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.publish(contextOf(req), req.params.code, req.body),
  );

  app.post(
    '/api/v1/catalog/procedures/:code/abolish',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: bãi bỏ thủ tục theo quyết định',
        params: CodeParam,
        body: AbolishBody,
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.abolish(contextOf(req), req.params.code, req.body),
  );

  app.put(
    '/api/v1/catalog/procedures/:code/draft/cases/:caseKey/workflow',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: thay quy trình nội bộ của một trường hợp trong bản nháp (tổng thời gian các bước phải nằm trong thời hạn)',
        params: CaseParam,
        body: WorkflowBody,
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.setWorkflow(contextOf(req), req.params.code, req.params.caseKey, req.body),
  );

  app.post(
    '/api/v1/catalog/procedures/:code/draft/cases/:caseKey/workflow/generate',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: sinh quy trình mặc định (một cửa tiếp nhận → chuyên viên → lãnh đạo ký → một cửa trả kết quả)',
        params: CaseParam,
        body: Type.Object({ revision: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: ProcedureVersion },
      },
    },
    async (req) => catalog.generateWorkflow(contextOf(req), req.params.code, req.params.caseKey, req.body),
  );

  app.post(
    '/api/v1/catalog/workflow-check',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: kiểm tra tổng thời gian các bước so với thời hạn (không lưu)',
        body: WorkflowCheckBody,
        response: { 200: WorkflowCheck },
      },
    },
    async (req) => catalog.checkWorkflow(req.body),
  );

  app.get(
    '/api/v1/catalog/export',
    {
      config: { access: MANAGERS },
      schema: {
        response: { 200: fileResponse([MIME.json, MIME.xlsx], 'Tệp xuất danh mục (JSON hoặc XLSX theo tham số format)') },
        tags: ['catalog'],
        summary: 'Quản trị: xuất danh mục (JSON hoặc XLSX, định dạng trong docs/catalog-format.md)',
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['json', 'xlsx'], { default: 'xlsx' })), at: At }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json'],
      },
    },
    async (req, reply) => {
      const now = clock.now();
      const at = req.query.at ?? todayVn(now);
      const name = `danh-muc-thu-tuc-${at}`;
      if (req.query.format === 'json') {
        const body = JSON.stringify(await exportJson(db, now, at), null, 2);
        return reply
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .type('application/json; charset=utf-8')
          .send(Buffer.from(body, 'utf8'));
      }
      const buf = await exportXlsx(db, now, at);
      return reply
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(buf);
    },
  );

  app.post(
    '/api/v1/catalog/import',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary:
          'Quản trị: nhập danh mục từ tệp JSON/XLSX (multipart/form-data, trường "file"). Kiểm tra từng dòng; có lỗi thì từ chối cả tệp. Trả về lần nhập để theo dõi tiến độ.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ wait: Type.Optional(Type.Boolean({ description: 'Chờ nhập xong rồi mới trả lời' })) }),
        response: { 200: ImportJob, 202: ImportJob },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('file_missing', 'Hãy gửi tệp bằng multipart/form-data, trong trường "file".');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw badRequest('file_missing', 'Thiếu tệp trong trường "file".');
      const buf = await part.toBuffer();
      if (buf.length === 0) throw badRequest('file_empty', 'Tệp gửi lên rỗng.');
      const job = await importer.submit(contextOf(req), buf, part.filename || null, req.query.wait === true);
      return reply.status(req.query.wait ? 200 : 202).send(job);
    },
  );

  app.get(
    '/api/v1/catalog/imports',
    {
      config: { access: MANAGERS },
      schema: { tags: ['catalog'], summary: 'Quản trị: các lần nhập gần đây', response: { 200: list(ImportJob) } },
    },
    async () => {
      const items = await importer.list(20);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/v1/catalog/imports/:id',
    {
      config: { access: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Quản trị: tiến độ và kết quả một lần nhập (đã xử lý/tổng số, lỗi theo trang tính, dòng, cột)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: ImportJob },
      },
    },
    async (req) => importer.get(req.params.id),
  );
}
