import { Type } from 'typebox';
import type { App } from './http/server.js';
import { contextOf } from './http/server.js';
import type { Deps } from './deps.js';
import { SESSION_COOKIE } from './auth/auth.service.js';
import { ROLES } from './context.js';
import { AuditPage, searchAudit } from './audit.js';
import { getSetting } from './auth/auth.repo.js';
import { outboxVerdict, registerOutboxRoutes } from './outbox.routes.js';
import { errorCodeList } from './error-codes.js';

export const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String() },
  { additionalProperties: true, $id: 'Problem' },
);

export const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen')]),
  roles: Type.Array(Type.String({ enum: [...ROLES] })),
  agency: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
});

export const Pagination = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export function registerPlatformRoutes(app: App, deps: Deps): void {
  const { config, database, auth } = deps;

  // `degraded` (still 200: the server answers) names its reasons, e.g. an outbox row waiting past
  // OUTBOX_ALERT_SECONDS; the details are on the admin outbox screen.
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Tình trạng hệ thống',
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
            reasons: Type.Array(Type.String()),
            db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            version: Type.String(),
          }),
        },
      },
    },
    async () => {
      const outbox = await outboxVerdict(deps);
      const reasons = outbox.degraded ? [outbox.degraded] : [];
      return { status: reasons.length ? ('degraded' as const) : ('ok' as const), reasons, db: database.kind, version: config.version };
    },
  );
  registerOutboxRoutes(app, deps);

  app.get(
    '/api/v1/meta',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Thông tin chung: chế độ demo, tỉnh, các bộ chuyển đổi thử nghiệm (sandbox) đang bật',
        response: {
          200: Type.Object({
            demo: Type.Boolean(),
            production: Type.Boolean({ description: 'Máy chủ chạy ở chế độ vận hành thật (NODE_ENV=production)' }),
            sandboxes: Type.Array(Type.String(), {
              description:
                'Bộ chuyển đổi THỬ NGHIỆM đang bật: vneid, payment, national_portal, notifications (mọi bộ trong chế độ demo; trong vận hành thật chỉ khi SANDBOX nêu tên)',
            }),
            province: Type.Object({ code: Type.String(), name: Type.String() }),
          }),
        },
      },
    },
    async () => ({
      demo: config.demo,
      production: config.production,
      sandboxes: [...config.sandboxes],
      province: {
        code: (await getSetting(database.db, 'province_code')) ?? '',
        name: (await getSetting(database.db, 'province_name')) ?? '',
      },
    }),
  );

  // The error-code catalogue (error-codes.ts): every problem+json `code`, its status and meaning.
  app.get(
    '/api/v1/error-codes',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Danh mục mã lỗi: mọi giá trị `code` của lỗi (problem+json), mã trạng thái HTTP và ý nghĩa (tiếng Việt, tiếng Anh)',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ code: Type.String(), status: Type.Array(Type.Integer()), vi: Type.String(), en: Type.String() })),
          }),
        },
      },
    },
    async () => ({ items: errorCodeList() }),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập',
        description:
          'Đăng nhập sai nhiều lần làm chậm lần thử sau (không khóa tài khoản): sau 5 lần sai cùng tài khoản từ một máy, máy đó chờ 30 giây rồi gấp đôi (tối đa 15 phút); sau 30 lần sai từ một địa chỉ, chờ 5 giây đến tối đa 1 phút; tài khoản bị đoán sai nhiều (10 lần) chỉ làm chậm các máy đã đăng nhập sai. Máy chưa đăng nhập sai với mật khẩu đúng luôn đăng nhập được. Đang phải chờ → 429 kèm Retry-After.',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserOut }) },
      },
    },
    async (req, reply) => {
      const { token, actor, expiresAt } = await auth.login(
        contextOf(req),
        req.body.username.normalize('NFC'),
        req.body.password,
        req.headers['user-agent'] ?? null,
      );
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.production, path: '/', expires: expiresAt });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        user: { id: actor.id, username: actor.username, fullName: actor.fullName, kind: actor.kind, roles: actor.roles, agency: actor.agency },
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await auth.logout(contextOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Tài khoản đang đăng nhập', response: { 200: Type.Object({ user: UserOut }) } },
    },
    async (req) => {
      const a = req.actor!;
      return { user: { id: a.id, username: a.username, fullName: a.fullName, kind: a.kind, roles: a.roles, agency: a.agency } };
    },
  );

  app.get(
    '/api/v1/audit',
    {
      // Audit rows name the people concerned (e.g. the applicant's ID number of a dossier read).
      config: { access: ['admin'], auditRead: { action: 'audit.search', entity: 'audit_log' } },
      schema: {
        tags: ['platform'],
        summary: 'Tra cứu nhật ký hệ thống',
        querystring: Type.Object({
          entity: Type.Optional(Type.String()),
          entityId: Type.Optional(Type.String()),
          actor: Type.Optional(Type.String()),
          action: Type.Optional(Type.String()),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          ...Pagination,
        }),
        response: { 200: AuditPage },
      },
    },
    async (req) => searchAudit(database.db, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );
}
