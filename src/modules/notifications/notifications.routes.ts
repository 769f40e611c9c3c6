import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { contextOf } from '../../platform/http/server.js';
import { ROLES, type Role } from '../../platform/context.js';
import {
  DeliveriesOut,
  NotificationList,
  NotificationOut,
  PreferencesIn,
  PreferencesOut,
  PushSubscriptionIn,
  PushUnsubscribeIn,
  ReadAllOut,
  UnreadOut,
} from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** Web push reaches staff browsers: every role but citizen. */
const STAFF: Role[] = ROLES.filter((r) => r !== 'citizen');
const tags = ['notifications'];

/** The notification centre of the signed-in person (staff or citizen): only their own notifications. */
export function registerNotificationsRoutes(app: App, svc: NotificationsService): void {
  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Thông báo của tôi (mới nhất trước), kèm số chưa đọc',
        description: 'limit (mặc định 20, tối đa 100) và offset; unread=true chỉ lấy thông báo chưa đọc. hasMore cho biết còn trang sau.',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
            unread: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: NotificationList },
      },
    },
    async (req) => svc.list(req.actor!, req.query),
  );

  app.get(
    '/api/v1/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Số thông báo chưa đọc (cho chuông trên thanh tiêu đề)', response: { 200: UnreadOut } },
    },
    async (req) => svc.unread(req.actor!),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Đánh dấu một thông báo đã đọc', params: Id, response: { 200: NotificationOut } },
    },
    async (req) => svc.read(req.actor!, req.params.id),
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Đánh dấu tất cả thông báo của tôi đã đọc', response: { 200: ReadAllOut } },
    },
    async (req) => svc.readAll(req.actor!),
  );

  app.get(
    '/api/v1/notifications/:id/deliveries',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Kết quả gửi một thông báo của tôi qua từng kênh (thư điện tử, SMS, Zalo, thông báo đẩy)',
        params: Id,
        response: { 200: DeliveriesOut },
      },
    },
    async (req) => svc.deliveries(req.actor!, req.params.id),
  );

  app.get(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Cài đặt nhận thông báo của tôi: kênh và giờ yên lặng', response: { 200: PreferencesOut } },
    },
    async (req) => svc.preferences(req.actor!),
  );

  app.put(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Lưu kênh nhận thông báo và giờ yên lặng',
        description:
          'version: giá trị nhận được từ GET (0 lần đầu); khác → 409 version_conflict. Trong giờ yên lặng thông báo qua các kênh được giữ lại đến khi hết giờ; thông báo trong ứng dụng luôn có ngay.',
        body: PreferencesIn,
        response: { 200: PreferencesOut },
      },
    },
    async (req) => svc.savePreferences(contextOf(req), req.body),
  );

  app.post(
    '/api/v1/notifications/push-subscriptions',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Đăng ký nhận thông báo đẩy trên trình duyệt này (cán bộ)',
        description: 'Thân là PushSubscription.toJSON() của trình duyệt (endpoint https, keys.p256dh, keys.auth). Gửi lại cùng endpoint chỉ cập nhật.',
        body: PushSubscriptionIn,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.subscribePush(contextOf(req), req.body, (req.headers['user-agent'] as string | undefined)?.slice(0, 300) ?? null)),
  );

  app.post(
    '/api/v1/notifications/push-subscriptions/remove',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Hủy đăng ký thông báo đẩy của một trình duyệt',
        body: PushUnsubscribeIn,
        response: { 200: Type.Object({ removed: Type.Boolean() }) },
      },
    },
    async (req) => svc.unsubscribePush(contextOf(req), req.body.endpoint),
  );
}
