/** Routes of the personal-data features (issue 18 §2); docs/personal-data.md. */
import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { Pagination } from '../../platform/platform.routes.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';
import type { PrivacyService } from './citizens.privacy.service.js';
import { CORRECTABLE_FIELDS } from './citizens.privacy.rules.js';

const nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const open = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });
const closed = <P extends Parameters<typeof Type.Object>[0]>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Str = Type.String();
const NStr = nullable(Type.String());
const Lines = Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { minItems: 1, maxItems: 30 });

const NoticeBody = Type.Object(
  {
    title: Type.String({ minLength: 5, maxLength: 300 }),
    controller: Type.String({ minLength: 5, maxLength: 1000 }),
    purposes: Lines,
    dataCategories: Lines,
    retention: Lines,
    recipients: Lines,
    rights: Lines,
    withdrawal: Type.String({ minLength: 5, maxLength: 2000 }),
    contact: Type.String({ minLength: 5, maxLength: 1000 }),
    legalBasis: Type.String({ minLength: 5, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
const NoticeOut = open(
  {
    version: Type.Integer(),
    effectiveFrom: Str,
    title: Str,
    controller: Str,
    purposes: Type.Array(Str),
    dataCategories: Type.Array(Str),
    retention: Type.Array(Str),
    recipients: Type.Array(Str),
    rights: Type.Array(Str),
    withdrawal: Str,
    contact: Str,
    legalBasis: Str,
  },
  'Thông báo xử lý dữ liệu cá nhân (một phiên bản)',
);
const ConsentsOut = closed({
  currentVersion: Type.Integer(),
  consented: Type.Boolean({ description: 'Đã đồng ý với phiên bản đang có hiệu lực (chưa rút lại)' }),
  items: Type.Array(
    closed({
      id: Str,
      noticeVersion: Type.Integer(),
      channel: Type.Enum(['registration', 'online_submission', 'portal', 'demo_seed'], { description: 'demo_seed: dữ liệu mẫu' }),
      givenAt: Str,
      withdrawnAt: NStr,
      withdrawalReason: NStr,
    }),
  ),
});
const Activity = open({
  key: Str,
  name: Str,
  purpose: Str,
  legalBasis: Str,
  subjects: Str,
  dataCategories: Str,
  recipients: Str,
  retention: Str,
  security: Str,
  module: Str,
});
const RetentionClass = closed(
  {
    key: Str,
    position: Type.Integer(),
    name: Str,
    data: Str,
    periodDays: nullable(Type.Integer()),
    minDays: nullable(Type.Integer()),
    action: Type.Enum(['delete', 'anonymise', 'keep']),
    basis: Str,
    appliedByJob: Type.Boolean(),
    updatedAt: Str,
  },
  'Một loại dữ liệu và thời hạn lưu của nó',
);
const Correction = closed(
  {
    id: Str,
    field: Type.Enum([...CORRECTABLE_FIELDS]),
    fieldName: Str,
    currentValue: NStr,
    proposedValue: Str,
    reason: NStr,
    evidenceItemId: NStr,
    status: Type.Enum(['pending', 'accepted', 'rejected', 'cancelled']),
    receivedAt: Str,
    dueAt: Str,
    overdue: Type.Boolean(),
    handledAt: NStr,
    handledByName: NStr,
    decisionReason: NStr,
    version: Type.Integer(),
    subject: Type.Optional(closed({ userId: Str, username: Str, fullName: Str }, 'Người yêu cầu (chỉ trong câu trả lời cho cán bộ)')),
  },
  'Yêu cầu chỉnh sửa dữ liệu cá nhân',
);
const CorrectionList = closed({ items: Type.Array(Correction), total: Type.Integer() });
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const OFFICERS = ['one_stop_officer', 'admin'] as const;

export function registerPrivacyRoutes(app: App, svc: PrivacyService): void {
  const tags = ['citizens'];

  // ---- notice and consent ------------------------------------------------------------------------
  app.get(
    '/api/v1/privacy/notice',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: NoticeOut },
        tags,
        summary: 'Thông báo xử lý dữ liệu cá nhân đang có hiệu lực (mục đích, loại dữ liệu, thời hạn lưu, bên nhận, quyền, liên hệ)',
        description:
          'Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 9: sự đồng ý chỉ có hiệu lực khi người dùng biết rõ các nội dung này. Khi đăng ký tài khoản gửi `consentNoticeVersion` bằng số phiên bản ở đây.',
      },
    },
    async () => svc.currentNotice(),
  );

  app.get(
    '/api/v1/privacy/notices',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: open({ items: Type.Array(NoticeOut), total: Type.Integer() }) },
        tags,
        summary: 'Các phiên bản thông báo xử lý dữ liệu cá nhân',
      },
    },
    async () => svc.notices(),
  );

  app.post(
    '/api/v1/privacy/notices',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 201: NoticeOut },
        tags,
        summary: 'Ban hành phiên bản mới của thông báo (có hiệu lực ngay; mọi người dùng được hỏi lại sự đồng ý)',
        body: NoticeBody,
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publishNotice(contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/citizens/me/consents',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: ConsentsOut }, tags, summary: 'Sự đồng ý của tôi (phiên bản, thời điểm, kênh, rút lại)' },
    },
    async (req) => svc.myConsents(contextOf(req)),
  );

  app.post(
    '/api/v1/citizens/me/consents',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: ConsentsOut },
        tags,
        summary: 'Đồng ý với thông báo xử lý dữ liệu cá nhân đang có hiệu lực',
        description:
          '422 consent_outdated khi phiên bản gửi lên không phải phiên bản đang có hiệu lực. `channel`: online_submission khi đồng ý tại màn hình nộp hồ sơ, portal ở trang dữ liệu cá nhân.',
        body: Type.Object(
          { noticeVersion: Type.Integer({ minimum: 1 }), channel: Type.Optional(Type.Union([Type.Literal('online_submission'), Type.Literal('portal')])) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.consent(contextOf(req), req.body.noticeVersion, req.body.channel ?? 'portal'),
  );

  app.post(
    '/api/v1/citizens/me/consents/withdraw',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: ConsentsOut },
        tags,
        summary: 'Rút lại sự đồng ý',
        description:
          'Sau khi rút, không nộp được hồ sơ trực tuyến mới cho đến khi đồng ý lại (422 consent_required). Không xóa dữ liệu pháp luật buộc lưu giữ (hồ sơ đã nộp, chứng từ thanh toán, nhật ký). 409 no_active_consent.',
        body: Type.Object({ reason: Type.Optional(nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.withdraw(contextOf(req), req.body.reason ?? null),
  );

  // ---- record of processing activities, retention ------------------------------------------------
  app.get(
    '/api/v1/privacy/processing-activities',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: open({ items: Type.Array(Activity), total: Type.Integer(), retention: Type.Array(RetentionClass), law: Str }) },
        tags,
        summary:
          'Hồ sơ hoạt động xử lý dữ liệu cá nhân (mục đích, căn cứ, chủ thể, loại dữ liệu, bên nhận, thời hạn lưu, biện pháp bảo vệ) và thời hạn lưu theo loại dữ liệu',
      },
    },
    async () => svc.activities(),
  );

  app.get(
    '/api/v1/privacy/processing-activities/export',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: fileResponse(MIME.xlsx, 'Hồ sơ hoạt động xử lý dữ liệu cá nhân (XLSX: hoạt động xử lý, thời hạn lưu)') },
        tags,
        summary: 'Xuất hồ sơ hoạt động xử lý dữ liệu cá nhân ra Excel',
      },
    },
    async (_req, reply) => {
      const buf = await svc.activitiesXlsx();
      return reply
        .type(MIME.xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('ho-so-hoat-dong-xu-ly-du-lieu-ca-nhan.xlsx')}`)
        .send(buf);
    },
  );

  app.patch(
    '/api/v1/privacy/retention/:key',
    {
      config: { access: ['admin'] },
      schema: {
        response: { 200: RetentionClass },
        tags,
        summary: 'Đặt thời hạn lưu của một loại dữ liệu (không ngắn hơn mức tối thiểu)',
        description: '422 invalid_retention_period: ngắn hơn mức tối thiểu, hoặc loại dữ liệu lưu theo luật chuyên ngành (hồ sơ, thanh toán, nhật ký).',
        params: Type.Object({ key: Type.String({ pattern: '^[a-z_]{2,40}$' }) }),
        body: Type.Object({ periodDays: Type.Integer({ minimum: 1, maximum: 36500 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.setRetention(contextOf(req), req.params.key, req.body.periodDays),
  );

  app.post(
    '/api/v1/privacy/retention/run',
    {
      config: { access: ['admin'] },
      schema: {
        response: {
          200: closed({
            ranAt: Str,
            classes: Type.Array(
              closed({ key: Str, action: Type.Enum(['delete', 'anonymise', 'keep']), periodDays: Type.Integer(), cutoff: Str, rows: Type.Integer() }),
            ),
          }),
        },
        tags,
        summary: 'Áp dụng thời hạn lưu ngay (công việc tự động chạy hằng ngày lúc 02:30)',
      },
    },
    async (req) => svc.applyRetention(contextOf(req)),
  );

  // ---- correction requests -----------------------------------------------------------------------
  app.post(
    '/api/v1/citizens/me/corrections',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 201: Correction },
        tags,
        summary: 'Yêu cầu chỉnh sửa dữ liệu cá nhân (họ tên, ngày sinh, giới tính, tên doanh nghiệp)',
        description:
          'Thông tin liên hệ (điện thoại, thư điện tử, nơi cư trú) tự sửa tại PATCH /api/v1/citizens/me. Hạn trả lời: 2 ngày làm việc (Nghị định 356/2025/NĐ-CP). 422 correct_at_source (tài khoản đã xác thực VNeID: sửa tại Cơ sở dữ liệu quốc gia về dân cư), same_value, invalid_value, inconsistent_with_personal_id, field_not_applicable, invalid_document; 409 correction_pending.',
        body: Type.Object(
          {
            field: Type.Union(CORRECTABLE_FIELDS.map((f) => Type.Literal(f))),
            proposedValue: Type.String({ minLength: 1, maxLength: 300 }),
            reason: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
            evidenceItemId: Type.Optional(
              nullable(Type.String({ format: 'uuid', description: 'Giấy tờ chứng minh trong kho dữ liệu của tôi (không bắt buộc)' })),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.requestCorrection(contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/citizens/me/corrections',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: CorrectionList }, tags, summary: 'Các yêu cầu chỉnh sửa dữ liệu của tôi và kết quả' },
    },
    async (req) => svc.myCorrections(contextOf(req)),
  );

  app.post(
    '/api/v1/citizens/me/corrections/:id/cancel',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: Correction },
        tags,
        summary: 'Hủy yêu cầu chỉnh sửa đang chờ',
        params: Id,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.cancelCorrection(contextOf(req), req.params.id, req.body.version),
  );

  app.get(
    '/api/v1/privacy/corrections',
    {
      config: { access: [...OFFICERS], auditRead: { action: 'privacy.corrections.read', entity: 'privacy_correction_request' } },
      schema: {
        response: { 200: CorrectionList },
        tags,
        summary: 'Cán bộ xem yêu cầu chỉnh sửa dữ liệu cá nhân (đang chờ trước, theo hạn)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('cancelled')])),
          ...Pagination,
        }),
      },
    },
    async (req) => svc.corrections({ status: req.query.status, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/api/v1/privacy/corrections/:id/decision',
    {
      config: { access: [...OFFICERS] },
      schema: {
        response: { 200: Correction },
        tags,
        summary: 'Chấp nhận (sửa hồ sơ tài khoản, ghi nhật ký) hoặc từ chối (nêu lý do) yêu cầu chỉnh sửa; công dân được thông báo',
        description: '422 reason_required khi từ chối không nêu lý do; 409 already_handled, version_conflict.',
        params: Id,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
            reason: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => svc.decideCorrection(contextOf(req), req.params.id, req.body),
  );
}
