import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { badRequest } from '../../platform/errors.js';
import { ROLES, type Role } from '../../platform/context.js';
import { STATUSES } from './tasks.rules.js';
import {
  AgencyMapping,
  AnswerIn,
  AssignIn,
  CoordinationIn,
  CoordinationOut,
  FileOut,
  ImportJob,
  ImportPreview,
  ImportResult,
  Overview,
  PLAN_KINDS,
  PlanOut,
  PlanUpdate,
  ProgressIn,
  ProgressOut,
  ReviewIn,
  SubmitIn,
  TaskDetail,
  TaskOut,
  ROLES_IN_TASK,
  TASK_VIEWS,
  TaskUpdate,
} from './tasks.schemas.js';
import { ASSIGNING_ROLES, type ImportFields, type TasksService, type UploadedFile } from './tasks.service.js';
import { planToXlsx } from './tasks.export.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const list = <T extends import('typebox').TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
/** Every staff role (citizens have nothing to do here). */
const STAFF: Role[] = ROLES.filter((r) => r !== 'citizen');
const ASSIGNERS: Role[] = [...ASSIGNING_ROLES];
const IdemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128 })) });

const uploads = new WeakMap<FastifyRequest, UploadedFile>();

/**
 * Reads a multipart request before validation: the file (field `file`) is kept aside and the
 * body becomes { file: <name>, ...text fields } so the strict body schema validates the fields.
 */
async function readMultipart(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi dạng multipart/form-data với tệp trong trường "file".');
  const body: Record<string, unknown> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw badRequest('validation_failed', `Trường tệp "${part.fieldname}" không được phép; dùng "file".`);
      const data = await part.toBuffer();
      uploads.set(req, { name: part.filename || 'tep', contentType: part.mimetype || 'application/octet-stream', data });
      body.file = part.filename || 'tep';
    } else {
      body[part.fieldname] = part.fieldname === 'reportDay' ? Number(part.value) : String(part.value);
    }
  }
  if (!uploads.has(req)) throw badRequest('file_required', 'Thiếu tệp (trường "file").');
  req.body = body;
}

/** The multipart fields of a plan import (and of its preview). */
const ImportBody = Type.Object(
  {
    file: Type.String({ format: 'binary' }),
    number: Type.Optional(Type.String({ maxLength: 100 })),
    issuedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    signer: Type.Optional(Type.String({ maxLength: 200 })),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 1000 })),
    kind: Type.Optional(Type.String({ enum: [...PLAN_KINDS] })),
    summary: Type.Optional(Type.String({ maxLength: 10000 })),
    reportDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
  },
  { additionalProperties: false },
);

const idem = (req: FastifyRequest) => (req.headers['idempotency-key'] as string | undefined) || undefined;

export function registerTasksRoutes(app: App, svc: TasksService): void {
  // ---- plans --------------------------------------------------------------------------------
  app.post(
    '/api/v1/plans/import',
    {
      config: { access: ASSIGNERS },
      preValidation: readMultipart,
      schema: {
        tags: ['tasks'],
        summary: 'Nhập kế hoạch từ bảng phụ lục (TSV/CSV, XLSX, DOCX, văn bản dán) — tạo kế hoạch và toàn bộ nhiệm vụ trong một yêu cầu',
        description:
          'multipart/form-data: tệp trong trường `file`; các trường tùy chọn number, issuedOn (YYYY-MM-DD), signer, title, kind, summary, reportDay. Tên cơ quan chưa khớp danh mục được giữ nguyên trên nhiệm vụ và trả về trong `unmatched`.',
        consumes: ['multipart/form-data'],
        headers: IdemHeader,
        body: ImportBody,
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      const { file: _f, ...fields } = req.body as Record<string, unknown>;
      void _f;
      const r = await svc.importPlan(contextOf(req), uploads.get(req)!, fields as ImportFields, idem(req));
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/v1/plans/imports',
    {
      config: { access: ASSIGNERS },
      preValidation: readMultipart,
      schema: {
        tags: ['tasks'],
        summary: 'Nhập kế hoạch dưới dạng công việc có tiến độ: trả về mã công việc ngay, theo dõi tại GET /api/v1/plans/imports/{id}',
        description:
          'Cùng dữ liệu multipart như POST /api/v1/plans/import. Tệp rỗng, ngày sai được báo lỗi ngay (400, không tạo công việc). Sau đó công việc đọc tệp, đối chiếu cơ quan và thời hạn từng nhiệm vụ (processed/total), rồi ghi kế hoạch trong một giao dịch: hoặc toàn bộ, hoặc không gì cả. Kết quả (`result`) giống POST /api/v1/plans/import; khi thất bại, `errors` nêu mã và lý do.',
        consumes: ['multipart/form-data'],
        headers: IdemHeader,
        body: ImportBody,
        response: { 202: ImportJob },
      },
    },
    async (req, reply) => {
      const { file: _f, ...fields } = req.body as Record<string, unknown>;
      void _f;
      const { job, done } = await svc.startImportJob(contextOf(req), uploads.get(req)!, fields as ImportFields, idem(req));
      void done;
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/api/v1/plans/imports/:id',
    {
      config: { access: ASSIGNERS },
      schema: { tags: ['tasks'], summary: 'Tiến độ và kết quả của một lần nhập kế hoạch', params: Id, response: { 200: ImportJob } },
    },
    async (req) => svc.importJob(req.params.id),
  );

  app.post(
    '/api/v1/plans/import/preview',
    {
      config: { access: ASSIGNERS },
      preValidation: readMultipart,
      schema: {
        tags: ['tasks'],
        summary: 'Xem trước việc nhập kế hoạch: đọc bảng phụ lục, không ghi gì',
        description:
          'Cùng dữ liệu multipart như POST /api/v1/plans/import. Trả về thông tin kế hoạch, từng nhiệm vụ với cơ quan và thời hạn, tên cơ quan chưa khớp danh mục và thời hạn cần xem lại; không tạo kế hoạch, không lưu tệp. Sau khi xem, gửi lại cùng tệp tới /api/v1/plans/import để nhập.',
        consumes: ['multipart/form-data'],
        body: ImportBody,
        response: { 200: ImportPreview },
      },
    },
    async (req) => {
      const { file: _f, ...fields } = req.body as Record<string, unknown>;
      void _f;
      return svc.previewImport(uploads.get(req)!, fields as ImportFields);
    },
  );

  app.get(
    '/api/v1/plans',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Danh sách kế hoạch, chương trình, văn bản chỉ đạo',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...Pagination }),
        response: { 200: list(PlanOut) },
      },
    },
    async (req) => svc.listPlans({ q: req.query.q, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/plans/:id',
    {
      config: { access: STAFF },
      schema: { tags: ['tasks'], summary: 'Chi tiết kế hoạch', params: Id, response: { 200: PlanOut } },
    },
    async (req) => svc.getPlan(req.params.id),
  );

  app.patch(
    '/api/v1/plans/:id',
    {
      config: { access: ASSIGNERS },
      schema: { tags: ['tasks'], summary: 'Bổ sung số, ngày, người ký, ngày báo cáo… của kế hoạch', params: Id, body: PlanUpdate, response: { 200: PlanOut } },
    },
    async (req) => svc.updatePlan(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/plans/:id/review',
    {
      config: { access: ASSIGNERS },
      schema: {
        tags: ['tasks'],
        summary: 'Rà soát sau khi nhập: tên cơ quan chưa khớp danh mục, thời hạn chưa phân tích được',
        params: Id,
        response: {
          200: Type.Object({
            plan: PlanOut,
            unmatched: Type.Array(Type.Object({ written: Type.String(), role: Type.String({ enum: [...ROLES_IN_TASK] }), tasks: Type.Array(Type.String()) })),
            deadlines: Type.Array(Type.Object({ taskId: Type.String(), number: Type.Union([Type.String(), Type.Null()]), text: Type.String() })),
          }),
        },
      },
    },
    async (req) => svc.planReview(req.params.id),
  );

  app.post(
    '/api/v1/plans/:id/agency-mappings',
    {
      config: { access: ASSIGNERS },
      schema: {
        tags: ['tasks'],
        summary: 'Ánh xạ một tên cơ quan chưa khớp (như kế hoạch viết) tới cơ quan hoặc nhóm cơ quan, cho mọi nhiệm vụ của kế hoạch',
        params: Id,
        body: AgencyMapping,
        response: { 200: Type.Object({ tasks: Type.Integer() }) },
      },
    },
    async (req) => svc.mapAgency(contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/plans/:id/export.xlsx',
    {
      config: { access: STAFF },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Danh sách nhiệm vụ (XLSX)') },
        tags: ['tasks'],
        summary: 'Xuất danh sách nhiệm vụ của kế hoạch ra XLSX',
        params: Id,
      },
    },
    async (req, reply) => {
      const plan = await svc.getPlan(req.params.id);
      const tasks = await svc.listTasks(req.actor!, { plan: plan.id, limit: 5000, offset: 0 });
      const buf = await planToXlsx(plan, tasks.items);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="nhiem-vu.xlsx"; filename*=UTF-8''${encodeURIComponent('nhiem-vu-' + (plan.number ?? plan.id.slice(0, 8)) + '.xlsx')}`,
        )
        .send(buf);
    },
  );

  // ---- tasks --------------------------------------------------------------------------------
  app.get(
    '/api/v1/tasks',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Danh sách nhiệm vụ (không phải từng kỳ báo cáo); giữ nguyên văn cơ quan và thời hạn bên cạnh giá trị đã chuẩn hóa',
        querystring: Type.Object({
          plan: Type.Optional(Type.String({ format: 'uuid' })),
          agency: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(Type.String({ enum: [...STATUSES] })),
          view: Type.Optional(
            Type.String({ enum: [...TASK_VIEWS], description: 'Bảng nhiệm vụ của cơ quan mình: chủ trì, phối hợp, sắp đến hạn (14 ngày), quá hạn' }),
          ),
          needsReview: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          ...Pagination,
        }),
        response: { 200: list(TaskOut) },
      },
    },
    async (req) => svc.listTasks(req.actor!, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/tasks/overview',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Tổng hợp cho lãnh đạo: hoàn thành và chậm muộn theo cơ quan',
        querystring: Type.Object({ plan: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: Overview },
      },
    },
    async (req) => svc.overview(req.query.plan ?? null),
  );

  app.get(
    '/api/v1/tasks/digest',
    {
      config: { access: ['provincial_office', 'admin'] },
      schema: {
        tags: ['tasks'],
        summary: 'Bản tổng hợp tháng gửi Văn phòng UBND tỉnh (tạo nếu chưa có)',
        querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }),
        response: { 200: Type.Object({ month: Type.String(), overview: Overview, created: Type.Boolean() }) },
      },
    },
    async (req) => svc.monthlyDigest(req.query.month),
  );

  app.post(
    '/api/v1/tasks/follow-up/run',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['tasks'],
        summary: 'Chạy ngay việc đôn đốc hằng ngày (tạo kỳ mới, cập nhật quá hạn, gửi nhắc việc)',
        response: { 200: Type.Object({ occurrences: Type.Integer(), reminders: Type.Integer(), escalations: Type.Integer() }) },
      },
    },
    async () => svc.followUp(),
  );

  app.get(
    '/api/v1/tasks/:id',
    {
      config: { access: STAFF },
      schema: { tags: ['tasks'], summary: 'Chi tiết nhiệm vụ: các kỳ, báo cáo, lịch sử', params: Id, response: { 200: TaskDetail } },
    },
    async (req) => svc.taskDetail(req.actor!, req.params.id),
  );

  app.patch(
    '/api/v1/tasks/:id',
    {
      config: { access: ASSIGNERS },
      schema: { tags: ['tasks'], summary: 'Sửa nhiệm vụ, chuẩn hóa thời hạn (giữ nguyên văn)', params: Id, body: TaskUpdate, response: { 200: TaskOut } },
    },
    async (req) => svc.updateTask(contextOf(req), req.params.id, req.body),
  );

  app.put(
    '/api/v1/tasks/:id/agencies',
    {
      config: { access: ASSIGNERS },
      schema: { tags: ['tasks'], summary: 'Giao nhiệm vụ: cơ quan chủ trì và phối hợp', params: Id, body: AssignIn, response: { 200: TaskOut } },
    },
    async (req) => svc.assign(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/tasks/:id/progress',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Báo cáo tiến độ của cơ quan (chủ trì hoặc phối hợp) cho một kỳ',
        params: Id,
        headers: IdemHeader,
        body: ProgressIn,
        response: { 201: ProgressOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.report(contextOf(req), req.params.id, req.body, idem(req))),
  );

  app.post(
    '/api/v1/task-progress/:id/review',
    {
      config: { access: ASSIGNERS },
      schema: { tags: ['tasks'], summary: 'Văn phòng chấp nhận hoặc trả lại báo cáo tiến độ', params: Id, body: ReviewIn, response: { 200: ProgressOut } },
    },
    async (req) => svc.review(contextOf(req), req.params.id, req.body),
  );

  // ---- files --------------------------------------------------------------------------------
  app.post(
    '/api/v1/task-files',
    {
      config: { access: STAFF },
      preValidation: readMultipart,
      schema: {
        tags: ['tasks'],
        summary: 'Tải lên tệp minh chứng / tệp đính kèm (multipart, trường `file`)',
        consumes: ['multipart/form-data'],
        body: Type.Object({ file: Type.String({ format: 'binary' }) }, { additionalProperties: false }),
        response: { 201: FileOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.uploadFile(contextOf(req), uploads.get(req)!)),
  );

  app.get(
    '/api/v1/task-files/:id',
    {
      config: { access: STAFF },
      schema: { response: { 200: fileResponse(MIME.any, 'Tệp minh chứng, đúng kiểu đã lưu') }, tags: ['tasks'], summary: 'Tải về tệp minh chứng', params: Id },
    },
    async (req, reply) => {
      const f = await svc.getFile(req.params.id);
      return reply
        .type(f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(f.data);
    },
  );

  // ---- coordination requests ----------------------------------------------------------------
  app.get(
    '/api/v1/coordination-requests',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Văn bản xin ý kiến của cơ quan mình (gửi đi và nhận được)',
        querystring: Type.Object({ ...Pagination }),
        response: { 200: list(CoordinationOut) },
      },
    },
    async (req) => svc.listCoordinations(req.actor!, { limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/api/v1/coordination-requests',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Cơ quan chủ trì xin ý kiến / đề nghị phối hợp các cơ quan, có hạn trả lời',
        headers: IdemHeader,
        body: CoordinationIn,
        response: { 201: CoordinationOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createCoordination(contextOf(req), req.body, idem(req))),
  );

  app.get(
    '/api/v1/coordination-requests/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Chi tiết văn bản xin ý kiến và tổng hợp ai đã trả lời, trả lời chậm, chưa trả lời',
        params: Id,
        response: { 200: CoordinationOut },
      },
    },
    async (req) => svc.getCoordination(req.actor!, req.params.id),
  );

  app.post(
    '/api/v1/coordination-requests/:id/answers',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Cơ quan được xin ý kiến trả lời (thống nhất / có ý kiến, tệp)',
        params: Id,
        headers: IdemHeader,
        body: AnswerIn,
        response: { 200: CoordinationOut },
      },
    },
    async (req) => svc.answerCoordination(contextOf(req), req.params.id, req.body, idem(req)),
  );

  app.post(
    '/api/v1/coordination-requests/:id/submit',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Cơ quan chủ trì trình UBND tỉnh: Tờ trình nêu cơ quan trả lời chậm, chưa trả lời',
        params: Id,
        body: SubmitIn,
        response: { 200: CoordinationOut },
      },
    },
    async (req) => svc.submitCoordination(contextOf(req), req.params.id, req.body.version),
  );
}
