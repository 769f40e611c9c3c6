import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { SESSION_COOKIE } from '../../platform/auth/auth.service.js';
import { Pagination } from '../../platform/platform.routes.js';
import { UPLOAD_LIMIT_BYTES } from '../../platform/files.js';
import { listDeliveries, type NotificationMessage } from '../integration/integration.public.js';
import { listApplicantDossiers } from '../dossiers/dossiers.public.js';
import {
  AccessLogOut,
  DraftCreate,
  DraftList,
  DraftOut,
  DraftPatch,
  DraftUploadOut,
  Jwks,
  MessagesOut,
  OidcStartOut,
  OnceOnlyOut,
  PrefillOut,
  ProfileOut,
  ProfilePatch,
  RatingCreate,
  RatingOut,
  RatingSheet,
  RatingSummaryOut,
  RatingUpdate,
  RedirectOut,
  RegisterBody,
  RegisterOut,
  RemindersOut,
  SandboxIdentities,
  SessionOut,
  StaffWarehouseOut,
  SubmitOut,
  TodoOut,
  WarehouseExport,
  WarehouseOut,
} from './citizens.schemas.js';
import type { CitizenService } from './citizens.service.js';
import type { PrivacyService } from './citizens.privacy.service.js';
import { SANDBOX_IDENTITIES, type IdentityProvider } from './identity.js';
import { fileResponse, MIME, noContent } from '../../platform/http/openapi.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const DossierId = Type.Object({ dossierId: Type.String({ format: 'uuid' }) });
const IdemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) });
const STAFF = ['one_stop_officer', 'specialist', 'unit_leader'] as const;
const attachmentName = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerCitizenRoutes(
  app: App,
  svc: CitizenService,
  opts: {
    idp: IdentityProvider | null;
    production: boolean;
    db: import('../../platform/db/database.js').Executor;
    privacy: PrivacyService;
    clock: { now(): Date };
  },
): void {
  const tags = ['citizens'];

  // ---- accounts and e-ID ------------------------------------------------------------------------
  app.post(
    '/api/v1/citizens/register',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        response: { 201: RegisterOut },
        tags,
        summary: 'Đăng ký tài khoản công dân hoặc doanh nghiệp',
        description:
          'Tên đăng nhập là số định danh cá nhân (công dân) hoặc mã số doanh nghiệp. Tài khoản tự khai chưa xác thực; đăng nhập qua VNeID để xác thực danh tính. Phải đồng ý với thông báo xử lý dữ liệu cá nhân đang có hiệu lực (GET /api/v1/privacy/notice): `consentNoticeVersion` = số phiên bản; thiếu là 422 consent_required, phiên bản cũ là 422 consent_outdated.',
        body: RegisterBody,
      },
    },
    async (req, reply) => {
      // The privacy notice must be consented to, in the same transaction as the account (Luật 91/2025/QH15 Điều 9).
      const ctx = contextOf(req);
      return reply
        .status(201)
        .send(
          await svc.register(ctx, req.body, (tx, userId) =>
            opts.privacy.requireConsent(tx, ctx, userId, req.body.consentNoticeVersion ?? null, 'registration'),
          ),
        );
    },
  );

  app.get(
    '/api/v1/citizens/oidc/vneid/start',
    {
      config: { access: 'public' },
      schema: {
        response: { 200: OidcStartOut },
        tags,
        summary: 'Bắt đầu đăng nhập bằng định danh điện tử (OpenID Connect)',
        description: '503 identity_provider_not_configured khi hệ thống chưa cấu hình nhà cung cấp định danh (vận hành thật, không bật SANDBOX=vneid).',
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (req) => svc.startOidc(req.query.returnTo ?? null),
  );

  app.post(
    '/api/v1/citizens/oidc/vneid/callback',
    {
      config: { access: 'public', limit: 'public_write' },
      schema: {
        response: { 200: SessionOut },
        tags,
        summary: 'Hoàn tất đăng nhập định danh điện tử: đổi mã lấy id token, xác minh, mở phiên',
        body: Type.Object(
          { code: Type.String({ minLength: 10, maxLength: 200 }), state: Type.String({ minLength: 10, maxLength: 200 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const r = await svc.finishOidc(contextOf(req), req.body.code, req.body.state, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, r.token, { httpOnly: true, sameSite: 'lax', secure: opts.production, path: '/', expires: r.expiresAt });
      const a = r.actor;
      return {
        token: r.token,
        expiresAt: r.expiresAt.toISOString(),
        created: r.created,
        linked: r.linked,
        returnTo: r.returnTo,
        user: { id: a.id, username: a.username, fullName: a.fullName, kind: a.kind, roles: a.roles, agency: a.agency },
      };
    },
  );

  app.post(
    '/api/v1/citizens/me/vneid-link',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: OidcStartOut },
        tags,
        summary: 'Xác thực số định danh tự khai bằng VNeID (liên kết tài khoản)',
        description:
          'Tài khoản đăng ký bằng mật khẩu (số định danh tự khai, chưa xác thực) bắt đầu một lần đăng nhập VNeID; lần đăng nhập đó phải được hoàn tất (callback) trong phiên của chính tài khoản này và cho cùng số định danh, khi đó số định danh của tài khoản được ghi là đã xác thực. 409 already_verified, verified_account_exists; 422 personal_id_mismatch; 503 identity_provider_not_configured.',
        body: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.startLink(contextOf(req), req.body.returnTo ?? null),
  );

  app.get(
    '/api/v1/citizens/identity/by-dossier/:dossierId',
    {
      config: { access: [...STAFF, 'admin', 'provincial_office'] },
      schema: {
        tags,
        summary: 'Cán bộ xem số định danh của người nộp hồ sơ đã được xác thực qua VNeID hay chỉ tự khai',
        params: DossierId,
        response: {
          200: Type.Object({
            account: Type.Boolean({ description: 'Nộp qua tài khoản trực tuyến' }),
            verified: Type.Union([Type.Boolean(), Type.Null()], {
              description: 'Số định danh ghi trên hồ sơ đã được xác thực qua VNeID (tài khoản đã xác thực và đúng số đó)',
            }),
            source: Type.Union([Type.String(), Type.Null()], { description: 'self_declared, vneid, vneid_sandbox, demo' }),
            verifiedAt: Type.Union([Type.String(), Type.Null()]),
            sameId: Type.Union([Type.Boolean(), Type.Null()], { description: 'Số định danh trên hồ sơ trùng số của tài khoản nộp' }),
          }),
        },
      },
    },
    async (req) => svc.applicantIdentity(contextOf(req), req.params.dossierId),
  );

  // Sandbox routes exist only while the VNeID sandbox is on (demo mode, or SANDBOX=vneid).
  if (opts.idp?.sandbox) {
    app.get(
      '/api/v1/sandbox/vneid/identities',
      {
        config: { access: 'public' },
        schema: { response: { 200: SandboxIdentities }, tags: ['sandbox'], summary: 'SANDBOX VNeID: danh tính thử nghiệm (không phải dữ liệu thật)' },
      },
      async () => ({
        provider: opts.idp!.name,
        items: SANDBOX_IDENTITIES.map((i) => ({ key: i.key, fullName: i.fullName, personalId: i.personalId, dateOfBirth: i.dateOfBirth })),
      }),
    );
    app.post(
      '/api/v1/sandbox/vneid/authorize',
      {
        config: { access: 'public' },
        schema: {
          response: { 200: RedirectOut },
          tags: ['sandbox'],
          summary: 'SANDBOX VNeID: người dùng thử nghiệm chọn danh tính, nhận mã xác thực',
          body: Type.Object(
            { state: Type.String({ minLength: 10, maxLength: 200 }), identity: Type.String({ minLength: 2, maxLength: 60 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => svc.sandboxAuthorize(req.body.state, req.body.identity),
    );
    app.get(
      '/api/v1/sandbox/vneid/jwks',
      {
        config: { access: 'public' },
        schema: { response: { 200: Jwks }, tags: ['sandbox'], summary: 'SANDBOX VNeID: khóa công khai ký id token (JWKS)' },
      },
      async () => (opts.idp as unknown as { jwks(): Promise<unknown> }).jwks(),
    );
  }

  app.get(
    '/api/v1/citizens/me',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: ProfileOut }, tags, summary: 'Thông tin tài khoản công dân, doanh nghiệp' },
    },
    async (req) => svc.me(contextOf(req)),
  );

  app.patch(
    '/api/v1/citizens/me',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: ProfileOut },
        tags,
        summary: 'Cập nhật thông tin liên hệ và kênh nhận thông báo (thư điện tử, SMS, Zalo)',
        body: ProfilePatch,
      },
    },
    async (req) => svc.updateMe(contextOf(req), req.body),
  );

  // ---- warehouse --------------------------------------------------------------------------------
  app.get(
    '/api/v1/citizens/me/warehouse',
    {
      config: { access: ['citizen'] },
      schema: {
        tags,
        summary: 'Kho dữ liệu của tôi: dữ liệu hồ sơ, giấy tờ đã số hóa, kết quả đã cấp (nguồn, ngày, hiệu lực, mã băm)',
        response: { 200: WarehouseOut },
      },
    },
    async (req) => svc.warehouse(contextOf(req)),
  );

  app.get(
    '/api/v1/citizens/me/warehouse/export',
    {
      config: { access: ['citizen'] },
      schema: {
        response: {
          200: { description: 'Toàn bộ dữ liệu của tôi (tệp JSON tải về)', content: { 'application/json': { schema: Type.Unsafe<string>(WarehouseExport) } } },
        },
        tags,
        summary: 'Tải toàn bộ dữ liệu của tôi (JSON)',
      },
    },
    async (req, reply) => {
      // Consents and correction requests are part of what is held about the person (issue 18 §2).
      const data = { ...(await svc.exportAll(contextOf(req))), privacy: await opts.privacy.exportOwn(contextOf(req)) };
      return reply
        .header('content-disposition', attachmentName(`du-lieu-cua-toi-${data.exportedAt.slice(0, 10)}.json`))
        .type('application/json')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.get(
    '/api/v1/citizens/me/warehouse/:id/file',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tệp của giấy tờ, đúng kiểu đã lưu (tiêu đề x-content-sha256)') },
        tags,
        summary: 'Tải tệp của một giấy tờ trong kho (kiểm tra toàn vẹn SHA-256)',
        params: Id,
      },
    },
    async (req, reply) => {
      const { item, content } = await svc.downloadOwn(contextOf(req), req.params.id);
      return reply
        .type(item.mimeType ?? 'application/octet-stream')
        .header('x-content-sha256', item.sha256)
        .header('content-disposition', attachmentName(item.fileName ?? 'tep'))
        .send(content);
    },
  );

  app.get(
    '/api/v1/citizens/me/access-log',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: AccessLogOut },
        tags,
        summary: 'Ai đã xem, khai thác dữ liệu của tôi (cơ quan, hồ sơ, thời điểm)',
        querystring: Type.Object({
          readerKind: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('system'), Type.Literal('citizen')])),
          ...Pagination,
        }),
      },
    },
    async (req) => svc.accessLog(contextOf(req), { readerKind: req.query.readerKind, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/api/v1/citizens/warehouse/by-dossier/:dossierId',
    {
      config: { access: [...STAFF] },
      schema: {
        response: { 200: StaffWarehouseOut },
        tags,
        summary: 'Cán bộ xem kho dữ liệu của người nộp hồ sơ (chỉ hồ sơ thuộc phạm vi; được ghi nhật ký cho công dân)',
        params: DossierId,
      },
    },
    async (req) => svc.staffRead(contextOf(req), req.params.dossierId),
  );

  app.get(
    '/api/v1/citizens/warehouse/by-dossier/:dossierId/items/:id/file',
    {
      config: { access: [...STAFF] },
      schema: {
        response: { 200: fileResponse(MIME.any, 'Tệp của giấy tờ, đúng kiểu đã lưu (tiêu đề x-content-sha256)') },
        tags,
        summary: 'Cán bộ tải một giấy tờ trong kho của người nộp hồ sơ (ghi nhật ký)',
        params: Type.Object({ dossierId: Type.String({ format: 'uuid' }), id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (req, reply) => {
      const { item, content } = await svc.staffDownload(contextOf(req), req.params.dossierId, req.params.id);
      return reply
        .type(item.mimeType ?? 'application/octet-stream')
        .header('x-content-sha256', item.sha256)
        .header('content-disposition', attachmentName(item.fileName ?? 'tep'))
        .send(content);
    },
  );

  app.post(
    '/api/v1/citizens/warehouse/by-dossier/:dossierId/items/:id/reuse',
    {
      config: { access: [...STAFF], problems: { 422: ['dossier_closed', 'not_a_document', 'consent_required', 'component_not_in_dossier'] } },
      schema: {
        tags,
        summary:
          'Cán bộ dùng lại một giấy tờ trong kho dữ liệu của người nộp cho một thành phần hồ sơ, thay vì yêu cầu nộp lại (ghi nhận sự đồng ý khi cần; tính vào chỉ số 4.3)',
        params: Type.Object({ dossierId: Type.String({ format: 'uuid' }), id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            componentIndex: Type.Integer({ minimum: 0, maximum: 100 }),
            consent: Type.Optional(
              Type.Object({ given: Type.Boolean(), how: Type.String({ enum: ['in_person', 'written', 'portal'] }) }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            fileId: Type.String({ format: 'uuid' }),
            componentIndex: Type.Integer(),
            itemId: Type.String({ format: 'uuid' }),
            title: Type.String(),
            certified: Type.Boolean(),
            consentRecorded: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await svc.staffReuse(
            contextOf(req),
            req.params.dossierId,
            req.params.id,
            req.body as { componentIndex: number; consent?: { given: boolean; how: 'in_person' | 'written' | 'portal' } },
          ),
        ),
  );

  // ---- submission -------------------------------------------------------------------------------
  app.get(
    '/api/v1/citizens/me/prefill/:code',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: PrefillOut },
        tags,
        summary: 'Tờ khai điện tử của thủ tục, điền sẵn từ kho dữ liệu (mỗi trường ghi nguồn), giấy tờ có thể dùng lại, nơi nộp',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{1,2}\\.[0-9]{6}$' }) }),
        querystring: Type.Object({ caseKey: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (req) => svc.prefill(contextOf(req), req.params.code, req.query.caseKey),
  );

  app.get(
    '/api/v1/citizens/me/drafts',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: DraftList },
        tags,
        summary: 'Hồ sơ nháp (đã lưu) và hồ sơ đã nộp trực tuyến',
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('submitted')])), ...Pagination }),
      },
    },
    async (req) => svc.listDrafts(contextOf(req), { status: req.query.status ?? 'draft', limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.post(
    '/api/v1/citizens/me/drafts',
    {
      config: { access: ['citizen'] },
      schema: {
        response: {
          200: { ...DraftOut, description: 'Bản nháp đang soạn của cùng thủ tục (không tạo thêm)' },
          201: { ...DraftOut, description: 'Bản nháp mới' },
        },
        tags,
        summary: 'Bắt đầu hồ sơ trực tuyến: bản nháp với tờ khai đã điền sẵn',
        description:
          'Nếu đã có bản nháp đang soạn của cùng thủ tục (cùng trường hợp, nơi nộp khi có ghi), trả lại bản nháp đó (200) thay vì tạo thêm; tạo mới trả 201. `fresh: true` luôn tạo bản nháp mới.',
        body: DraftCreate,
      },
    },
    async (req, reply) => {
      const r = await svc.createDraft(contextOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r.draft);
    },
  );

  app.get(
    '/api/v1/citizens/me/drafts/:id',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: DraftOut }, tags, summary: 'Một hồ sơ nháp', params: Id },
    },
    async (req) => svc.getDraft(contextOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/citizens/me/drafts/:id',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: DraftOut },
        tags,
        summary: 'Lưu nháp: tờ khai, trường hợp, nơi nộp, giấy tờ chọn từ kho (gửi version đang xem)',
        params: Id,
        body: DraftPatch,
      },
    },
    async (req) => svc.updateDraft(contextOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/citizens/me/drafts/:id',
    {
      config: { access: ['citizen'] },
      schema: { response: { 204: noContent('Đã xóa bản nháp') }, tags, summary: 'Xóa hồ sơ nháp', params: Id },
    },
    async (req, reply) => {
      await svc.discardDraft(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/citizens/me/drafts/:id/files',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 201: DraftUploadOut },
        tags,
        summary: 'Tải lên giấy tờ cho một thành phần hồ sơ (multipart, trường "file"); giấy tờ được lưu vào kho để dùng lại',
        params: Id,
        querystring: Type.Object({ componentIndex: Type.Integer({ minimum: 0, maximum: 100 }) }),
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw badRequest('multipart_required', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
      const part = await req.file({ limits: { fileSize: UPLOAD_LIMIT_BYTES } });
      if (!part || part.fieldname !== 'file') throw badRequest('file_required', 'Thiếu tệp trong trường "file".');
      const buf = await part.toBuffer().catch(() => {
        throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      });
      if (part.file.truncated) throw badRequest('file_too_large', `Tệp vượt quá ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB.`);
      if (buf.length === 0) throw badRequest('file_empty', 'Tệp rỗng.');
      return reply.status(201).send(await svc.uploadToDraft(contextOf(req), req.params.id, req.query.componentIndex, { name: part.filename, content: buf }));
    },
  );

  app.post(
    '/api/v1/citizens/me/drafts/:id/submit',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 201: SubmitOut } as Record<number, typeof SubmitOut>,
        tags,
        summary: 'Nộp hồ sơ trực tuyến (gửi Idempotency-Key để gửi lại an toàn); trả biên nhận',
        description: '422 consent_required khi chưa đồng ý với thông báo xử lý dữ liệu cá nhân đang có hiệu lực (POST /api/v1/citizens/me/consents).',
        params: Id,
        headers: IdemHeader,
      },
    },
    async (req, reply) => {
      // Online submission needs the person's consent to the notice in force (422 consent_required otherwise).
      await opts.privacy.requireConsent(opts.db, contextOf(req), req.actor!.id, null, 'online_submission');
      const r = await svc.submitDraft(contextOf(req), req.params.id, req.headers['idempotency-key'] ?? null);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.status).send(r.body);
    },
  );

  app.get(
    '/api/v1/citizens/me/todo',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: TodoOut }, tags, summary: 'Việc cần làm: hồ sơ chờ nộp phí, kết quả đã có, hồ sơ chờ đánh giá' },
    },
    async (req) => svc.todo(contextOf(req)),
  );

  app.get(
    '/api/v1/citizens/me/messages',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: MessagesOut },
        tags,
        summary: 'Thông báo đã gửi cho tôi (thư điện tử, SMS, Zalo) — bộ gửi SANDBOX ghi lại tin nhắn',
        querystring: Type.Object({ ...Pagination }),
      },
    },
    async (req) => {
      const actor = req.actor!;
      const codes = (await listApplicantDossiers(opts.db, actor.id, opts.clock.now(), 30)).map((d) => d.code);
      const all = [];
      for (const subject of [`user:${actor.id}`, ...codes])
        all.push(...(await listDeliveries(opts.db, { subject, limit: 100, offset: 0 })).items.filter((d) => ['email', 'sms', 'zalo'].includes(d.channel)));
      all.sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt));
      const limit = req.query.limit ?? 50;
      const offset = req.query.offset ?? 0;
      // The message as sent (NotificationMessage), without the delivery's internal keys.
      const items = all.slice(offset, offset + limit).map((d) => {
        const m = d.payload as NotificationMessage;
        return { id: d.id, channel: m.channel, payload: { to: m.to, text: m.text, subject: m.subject ?? null }, deliveredAt: d.deliveredAt };
      });
      return { items, total: all.length };
    },
  );

  // ---- ratings ----------------------------------------------------------------------------------
  app.post(
    '/api/v1/citizens/me/ratings',
    {
      config: { access: ['citizen'] },
      schema: { response: { 201: RatingOut }, tags, summary: 'Đánh giá mức độ hài lòng sau khi nhận kết quả (một lần cho mỗi hồ sơ)', body: RatingCreate },
    },
    async (req, reply) => reply.status(201).send(await svc.rate(contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/citizens/me/ratings/:dossierId',
    {
      config: { access: ['citizen'] },
      schema: {
        response: { 200: RatingSheet },
        tags,
        summary: 'Phiếu đánh giá của một hồ sơ (tiêu chí, đánh giá đã gửi, còn sửa được không)',
        params: DossierId,
      },
    },
    async (req) => svc.getRating(contextOf(req), req.params.dossierId),
  );

  app.put(
    '/api/v1/citizens/me/ratings/:dossierId',
    {
      config: { access: ['citizen'] },
      schema: { response: { 200: RatingOut }, tags, summary: 'Sửa đánh giá (trong 7 ngày kể từ khi đánh giá)', params: DossierId, body: RatingUpdate },
    },
    async (req) => svc.updateRating(contextOf(req), req.params.dossierId, req.body),
  );

  // Without an account (QĐ 766 indicator 5.4): the signed link/QR on the receipt, the counter screen.
  const Token = Type.Object({ token: Type.String({ minLength: 20, maxLength: 120, pattern: '^[lc]\\.[0-9a-f-]{36}\\.[A-Za-z0-9_-]{22}$' }) });
  app.post(
    '/api/v1/ratings/counter',
    {
      config: { access: ['one_stop_officer', 'specialist', 'unit_leader', 'admin'] },
      schema: {
        tags,
        summary: 'Mở màn hình đánh giá tại quầy cho một hồ sơ (người nộp tự chọn; cán bộ không thấy lựa chọn)',
        body: Type.Object({ dossierId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ dossierCode: Type.String(), token: Type.String() }) },
      },
    },
    async (req) => svc.counterRatingToken(contextOf(req), req.body.dossierId),
  );

  app.get(
    '/api/v1/ratings/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Phiếu đánh giá theo đường dẫn có chữ ký (mã QR trên giấy tiếp nhận, màn hình tại quầy): không cần đăng nhập',
        params: Token,
        response: {
          200: Type.Object({
            dossier: Type.Object({ code: Type.String(), procedureName: Type.String(), agencyName: Type.Union([Type.String(), Type.Null()]) }),
            channel: Type.String({ enum: ['link', 'counter'] }),
            rated: Type.Boolean(),
            canRate: Type.Boolean(),
            reason: Type.Union([Type.String(), Type.Null()]),
            criteria: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
          }),
        },
      },
    },
    async (req) => svc.tokenRatingForm(req.params.token),
  );

  app.post(
    '/api/v1/ratings/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Gửi đánh giá không cần tài khoản (một lần cho mỗi hồ sơ; không trả lại lựa chọn)',
        params: Token,
        body: Type.Object({ answers: RatingCreate.properties.answers, comment: RatingCreate.properties.comment }, { additionalProperties: false }),
        response: { 201: Type.Object({ rated: Type.Literal(true), dossierCode: Type.String() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.rateByToken(contextOf(req), req.params.token, req.body)),
  );

  app.get(
    '/api/v1/citizens/ratings/summary',
    {
      config: { access: ['unit_leader', 'provincial_office', 'home_affairs', 'admin'] },
      schema: {
        response: { 200: RatingSummaryOut },
        tags,
        summary: 'Tổng hợp mức độ hài lòng theo tiêu chí (phạm vi cơ quan của người xem)',
        querystring: Type.Object({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) }),
      },
    },
    async (req) => svc.ratingSummary(contextOf(req), req.query),
  );

  // ---- once-only and proactive service --------------------------------------------------------------
  app.get(
    '/api/v1/citizens/once-only',
    {
      config: { access: ['catalog_manager', 'admin', 'home_affairs', 'provincial_office'] },
      schema: {
        response: { 200: OnceOnlyOut },
        tags,
        summary: 'Nguyên tắc "chỉ cung cấp một lần": số trường phải khai khi không và có điền sẵn, tỷ lệ cắt giảm (tính từ tờ khai của từng thủ tục)',
        querystring: Type.Object({ ...Pagination }),
      },
    },
    async (req) => {
      const r = await svc.onceOnly();
      const limit = req.query.limit ?? 50;
      const offset = req.query.offset ?? 0;
      return { ...r, items: r.items.slice(offset, offset + limit) };
    },
  );

  app.post(
    '/api/v1/citizens/reminders/run',
    {
      config: { access: ['admin'] },
      schema: { response: { 200: RemindersOut }, tags, summary: 'Chạy ngay việc nhắc kết quả sắp hết hiệu lực (việc định kỳ citizens.expiry-reminders)' },
    },
    async () => svc.runExpiryReminders(),
  );

  void notFound;
}
