import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { badRequest } from '../../platform/errors.js';
import type { AbuseGuards } from '../../platform/http/rate-limit.js';
import { CHANNELS, STATUSES, TOPICS } from './feedback.rules.js';
import {
  AnswerBody,
  Attachment,
  Category,
  CategoryCreate,
  CategoryUpdate,
  ClassifyBody,
  Created,
  DuplicateBody,
  ExtendBody,
  Feedback,
  FeedbackDetail,
  FeedbackNotifications,
  FollowUpBody,
  OfficerIntake,
  Open311KeyList,
  PublicItem,
  PublicSubmit,
  PublishBody,
  RerouteBody,
  Stats,
  TrackQuery,
  TrackView,
} from './feedback.schemas.js';
import { CLASSIFY_ROLES, HANDLE_ROLES, INTAKE_ROLES, PUBLISH_ROLES, QUEUE_ROLES, STATS_ROLES, type FeedbackService } from './feedback.service.js';
import { feedbackListXlsx } from './feedback.export.js';

/** The most rows one export holds. */
const EXPORT_MAX_ROWS = 10_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import { idempotencyKeyOf as idemKey } from '../../platform/idempotency.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const list = <T extends import('typebox').TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
const tags = ['feedback'];
const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** Reads the single multipart file (field "file"), up to the limit. */
async function readFile(req: FastifyRequest): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  if (!req.isMultipart()) throw badRequest('multipart_required', 'Gửi tệp bằng multipart/form-data, trường "file".');
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw badRequest('file_required', 'Thiếu tệp trong trường "file".');
  const data = await part.toBuffer();
  return { fileName: part.filename, contentType: part.mimetype, data };
}

export function registerFeedbackRoutes(app: App, feedback: FeedbackService, abuse: Pick<AbuseGuards, 'chargeUpload'>): void {
  // ---- categories -------------------------------------------------------------------------------
  app.get(
    '/api/v1/feedback/categories',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Lĩnh vực phản ánh, kiến nghị (dịch vụ Open311) theo cơ quan',
        querystring: Type.Object({
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          all: Type.Optional(Type.Boolean()),
        }),
        response: { 200: list(Category) },
      },
    },
    async (req) => {
      const items = await feedback.listCategories({ agencyId: req.query.agencyId, q: req.query.q, all: req.query.all && req.actor?.roles.includes('admin') });
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/v1/feedback/categories',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Thêm lĩnh vực phản ánh', body: CategoryCreate, response: { 201: Category } },
    },
    async (req, reply) => reply.status(201).send(await feedback.createCategory(contextOf(req), req.body)),
  );

  app.patch(
    '/api/v1/feedback/categories/:id',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Sửa lĩnh vực phản ánh (kể cả ngừng sử dụng)', params: Id, body: CategoryUpdate, response: { 200: Category } },
    },
    async (req) => feedback.updateCategory(contextOf(req), req.params.id, req.body),
  );

  // ---- intake ----------------------------------------------------------------------------------
  app.post(
    '/api/v1/feedback',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        tags,
        summary: 'Gửi phản ánh, kiến nghị qua Cổng (họ tên và số điện thoại hoặc thư điện tử là bắt buộc)',
        body: PublicSubmit,
        response: { 201: Created },
      },
    },
    async (req, reply) => {
      const r = await feedback.submitPublic(contextOf(req), req.body, idemKey(req));
      return reply.status(r.status as 201).send(r.body);
    },
  );

  app.post(
    '/api/v1/feedback/intake',
    {
      config: { access: INTAKE_ROLES },
      schema: {
        tags,
        summary: 'Cán bộ nhập phản ánh nhận trực tiếp, qua thư, thư điện tử hoặc đường dây nóng',
        body: OfficerIntake,
        response: { 201: Created },
      },
    },
    async (req, reply) => {
      const r = await feedback.intake(contextOf(req), req.body, idemKey(req));
      return reply.status(r.status as 201).send(r.body);
    },
  );

  // ---- the sender ---------------------------------------------------------------------------------
  app.get(
    '/api/v1/feedback/track',
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        tags,
        summary: 'Người gửi theo dõi phản ánh bằng mã và số điện thoại/thư điện tử đã khai',
        querystring: TrackQuery,
        response: { 200: TrackView },
      },
    },
    async (req) => feedback.track(req.query.code, req.query.contact),
  );

  app.post(
    '/api/v1/feedback/follow-up',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: { tags, summary: 'Người gửi phản hồi lại kết quả (một lần)', body: FollowUpBody, response: { 200: TrackView } },
    },
    async (req) => feedback.followUp(contextOf(req), req.body),
  );

  app.post(
    '/api/v1/feedback/track/attachments',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        tags,
        summary: 'Người gửi đính kèm tệp (multipart, trường "file") khi phản ánh chưa được chuyển xử lý',
        querystring: TrackQuery,
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      const file = await readFile(req);
      // Anonymous uploads count against the daily budget (per client and in all) before anything is stored.
      abuse.chargeUpload(req.ip, file.data.length);
      return reply.status(201).send(await feedback.addAttachment(contextOf(req), '', file, 'submission', { code: req.query.code, contact: req.query.contact }));
    },
  );

  app.get(
    '/api/v1/feedback/track/attachments/:attId',
    {
      config: { access: 'public', limit: 'public_lookup' },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tệp đính kèm, đúng kiểu đã lưu') },
        tags,
        summary: 'Người gửi tải tệp (kể cả văn bản trả lời)',
        params: Type.Object({ attId: Type.String({ format: 'uuid' }) }),
        querystring: TrackQuery,
      },
    },
    async (req, reply) => {
      const a = await feedback.attachment(null, '', req.params.attId, { code: req.query.code, contact: req.query.contact });
      return reply
        .type(a.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .send(a.data);
    },
  );

  app.get(
    '/api/v1/feedback/mine',
    {
      config: { access: ['citizen'] },
      schema: { tags, summary: 'Phản ánh của tôi (công dân đã đăng nhập)', querystring: Type.Object({ ...Pagination }), response: { 200: list(Feedback) } },
    },
    async (req) => feedback.mine(req.actor!, { limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  // ---- public ----------------------------------------------------------------------------------
  app.get(
    '/api/v1/feedback/public',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Kết quả trả lời phản ánh đã công khai (không có thông tin cá nhân)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          agencyId: Type.Optional(Type.String({ format: 'uuid' })),
          topic: Type.Optional(Type.String({ enum: [...TOPICS] })),
          ...Pagination,
        }),
        response: { 200: list(PublicItem) },
      },
    },
    async (req) => feedback.publicList({ ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/feedback/public/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Một kết quả đã công khai',
        params: Type.Object({ code: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$' }) }),
        response: { 200: PublicItem },
      },
    },
    async (req) => feedback.publicItem(req.params.code),
  );

  // ---- statistics ---------------------------------------------------------------------------------
  app.get(
    '/api/v1/feedback/stats',
    {
      config: { access: STATS_ROLES },
      schema: {
        tags,
        summary: 'Thống kê phản ánh theo cơ quan, trạng thái; tỷ lệ đúng hạn',
        querystring: Type.Object({ from: Type.String(DATE), to: Type.String(DATE), agencyId: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: Stats },
      },
    },
    async (req) => feedback.stats(req.actor, req.query),
  );

  // ---- staff queue ---------------------------------------------------------------------------------
  const ListFilters = {
    status: Type.Optional(Type.String({ pattern: `^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$` })),
    topic: Type.Optional(Type.String({ enum: [...TOPICS] })),
    channel: Type.Optional(Type.String({ enum: [...CHANNELS] })),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    overdue: Type.Optional(Type.Boolean()),
    escalated: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.String(DATE)),
    to: Type.Optional(Type.String(DATE)),
  };
  app.get(
    '/api/v1/feedback',
    {
      config: { access: QUEUE_ROLES, auditRead: { action: 'feedback.list', entity: 'feedback' } },
      schema: {
        tags,
        summary: 'Danh sách phản ánh cần xử lý (theo phạm vi cơ quan)',
        querystring: Type.Object({ ...ListFilters, ...Pagination }),
        response: { 200: list(Feedback) },
      },
    },
    async (req) => {
      const { status, ...rest } = req.query;
      return feedback.list(req.actor!, {
        ...rest,
        status: status ? status.split(',') : undefined,
        limit: req.query.limit ?? 50,
        offset: req.query.offset ?? 0,
      });
    },
  );

  app.get(
    '/api/v1/feedback/export.xlsx',
    {
      config: { access: QUEUE_ROLES, auditRead: { action: 'feedback.export', entity: 'feedback' } },
      schema: {
        tags,
        summary: 'Xuất danh sách phản ánh ra Excel (cùng bộ lọc với danh sách; tối đa 10.000 dòng)',
        querystring: Type.Object(ListFilters),
        response: { 200: { description: 'Tệp XLSX', content: { [XLSX_TYPE]: { schema: Type.String({ format: 'binary' }) } } } },
      },
    },
    async (req, reply) => {
      const { status, ...rest } = req.query;
      const r = await feedback.list(req.actor!, { ...rest, status: status ? status.split(',') : undefined, limit: EXPORT_MAX_ROWS, offset: 0 });
      const heading = `${r.items.length < r.total ? `${r.items.length} trên tổng số ${r.total}` : r.total} phản ánh${req.query.from || req.query.to ? `, tiếp nhận ${req.query.from ?? '…'} – ${req.query.to ?? '…'}` : ''}.`;
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="phan-anh-kien-nghi.xlsx"')
        .send((await feedbackListXlsx(r.items, heading)) as unknown as string); // a Buffer is sent as is (the schema documents the binary)
    },
  );

  app.get(
    '/api/v1/feedback/:id',
    {
      config: { access: QUEUE_ROLES, auditRead: { action: 'feedback.read', entity: 'feedback' } },
      schema: { tags, summary: 'Chi tiết phản ánh và nhật ký xử lý', params: Id, response: { 200: FeedbackDetail } },
    },
    async (req) => feedback.get(req.actor!, req.params.id),
  );

  app.get(
    '/api/v1/feedback/:id/notifications',
    {
      config: { access: QUEUE_ROLES, auditRead: { action: 'feedback.notifications.read', entity: 'feedback' } },
      schema: {
        tags,
        summary: 'Thông báo đã gửi cho người gửi và cán bộ (bản ghi của bộ gửi thử nghiệm)',
        params: Id,
        response: { 200: FeedbackNotifications },
      },
    },
    async (req) => {
      const items = await feedback.notifications(req.actor!, req.params.id);
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/v1/feedback/:id/classify',
    {
      config: { access: CLASSIFY_ROLES },
      schema: {
        tags,
        summary: 'Phân loại: chuyển cơ quan có thẩm quyền, hoặc không tiếp nhận / hướng dẫn khiếu nại',
        params: Id,
        body: ClassifyBody,
        response: { 200: FeedbackDetail },
      },
    },
    async (req) => feedback.classify(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/reroute',
    {
      config: { access: CLASSIFY_ROLES },
      schema: { tags, summary: 'Chuyển lại cơ quan khác (sai thẩm quyền)', params: Id, body: RerouteBody, response: { 200: FeedbackDetail } },
    },
    async (req) => feedback.reroute(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/duplicate',
    {
      config: { access: CLASSIFY_ROLES },
      schema: { tags, summary: 'Gộp vào phản ánh trùng', params: Id, body: DuplicateBody, response: { 200: FeedbackDetail } },
    },
    async (req) => feedback.linkDuplicate(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/extend',
    {
      config: { access: HANDLE_ROLES },
      schema: { tags, summary: 'Gia hạn xử lý vụ việc phức tạp (một lần, báo người gửi)', params: Id, body: ExtendBody, response: { 200: FeedbackDetail } },
    },
    async (req) => feedback.extend(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/answer',
    {
      config: { access: HANDLE_ROLES },
      schema: {
        tags,
        summary: 'Trả lời bằng văn bản (tiếp thu / không tiếp thu / đang xem xét)',
        params: Id,
        body: AnswerBody,
        response: { 200: FeedbackDetail },
      },
    },
    async (req) => feedback.answer(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/publish',
    {
      config: { access: PUBLISH_ROLES },
      schema: {
        tags,
        summary: 'Kiểm duyệt và công khai kết quả (không có thông tin cá nhân)',
        params: Id,
        body: PublishBody,
        response: { 200: FeedbackDetail },
      },
    },
    async (req) => feedback.publish(contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/feedback/:id/attachments',
    {
      config: { access: INTAKE_ROLES },
      schema: {
        tags,
        summary: 'Đính kèm tệp (multipart, trường "file"): bản chụp đơn thư hoặc văn bản trả lời',
        params: Id,
        querystring: Type.Object({ purpose: Type.String({ enum: ['submission', 'answer'] }) }),
        response: { 201: Attachment },
      },
    },
    async (req, reply) => {
      const file = await readFile(req);
      return reply.status(201).send(await feedback.addAttachment(contextOf(req), req.params.id, file, req.query.purpose as 'submission' | 'answer'));
    },
  );

  app.get(
    '/api/v1/feedback/:id/attachments/:attId',
    {
      config: { access: QUEUE_ROLES, auditRead: { action: 'feedback.attachment.read', entity: 'feedback' } },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tệp đính kèm, đúng kiểu đã lưu') },
        tags,
        summary: 'Tải tệp đính kèm',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), attId: Type.String({ format: 'uuid' }) }),
      },
    },
    async (req, reply) => {
      const a = await feedback.attachment(req.actor!, req.params.id, req.params.attId);
      return reply
        .type(a.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .send(a.data);
    },
  );

  // ---- Open311 API keys (admin) -------------------------------------------------------------------
  app.get(
    '/api/v1/feedback/open311-keys',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Khóa API Open311', response: { 200: Open311KeyList } },
    },
    async () => {
      const items = await feedback.listApiKeys();
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/v1/feedback/open311-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Cấp khóa API Open311 (khóa chỉ hiện một lần)',
        body: Type.Object({ name: Type.String({ minLength: 3, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), name: Type.String(), key: Type.String() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await feedback.createApiKey(contextOf(req), req.body.name)),
  );

  app.patch(
    '/api/v1/feedback/open311-keys/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Thu hồi / kích hoạt lại khóa API Open311',
        params: Id,
        body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await feedback.setApiKeyActive(contextOf(req), req.params.id, req.body.active);
      return reply.status(204).send(null);
    },
  );
}
