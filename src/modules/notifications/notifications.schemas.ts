import { Type } from 'typebox';
import { CHANNELS } from './notifications.rules.js';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const NotificationOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({
      description:
        'Loại: dossier.status, dossier.step_due_soon, dossier.step_overdue, dossier.apology_due, task.reminder, task.digest, feedback.*, direction.prompt…',
    }),
    title: Type.String(),
    body: Type.String(),
    link: Nullable(Type.String({ description: 'Đường dẫn trong ứng dụng web, ví dụ /ho-so/<id>' })),
    subject: Nullable(Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: false })),
    createdAt: Type.String({ format: 'date-time' }),
    readAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const NotificationList = Type.Object(
  {
    items: Type.Array(NotificationOut),
    hasMore: Type.Boolean({ description: 'Còn trang sau (offset + limit).' }),
    unread: Type.Integer({ description: 'Số thông báo chưa đọc (tất cả, không chỉ trang này).' }),
  },
  { additionalProperties: false },
);

export const UnreadOut = Type.Object({ unread: Type.Integer() }, { additionalProperties: false });
export const ReadAllOut = Type.Object({ updated: Type.Integer(), unread: Type.Integer() }, { additionalProperties: false });

const ChannelEnum = Type.String({ enum: [...CHANNELS] });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM giờ Việt Nam' });

export const PreferencesOut = Type.Object(
  {
    channels: Type.Array(ChannelEnum, { description: 'Kênh đã chọn (ngoài thông báo trong ứng dụng, luôn có).' }),
    available: Type.Array(ChannelEnum, { description: 'Kênh tài khoản này được chọn (thông báo đẩy chỉ dành cho cán bộ).' }),
    quietHours: Nullable(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false })),
    version: Type.Integer({ description: 'Phiên bản để lưu lại (0 = chưa từng lưu, đang dùng mặc định).' }),
    contact: Type.Object({ email: Nullable(Type.String()), phone: Nullable(Type.String()), zalo: Nullable(Type.String()) }, { additionalProperties: false }),
    push: Type.Object(
      { publicKey: Nullable(Type.String({ description: 'Khóa công khai VAPID cho PushManager.subscribe (null: thông báo đẩy chưa bật).' })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PreferencesIn = Type.Object(
  {
    channels: Type.Array(ChannelEnum, { maxItems: CHANNELS.length, uniqueItems: true }),
    quietHours: Nullable(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false })),
    version: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const PushSubscriptionIn = Type.Object(
  {
    endpoint: Type.String({ minLength: 10, maxLength: 2000 }),
    keys: Type.Object(
      { p256dh: Type.String({ minLength: 1, maxLength: 200 }), auth: Type.String({ minLength: 1, maxLength: 100 }) },
      { additionalProperties: false },
    ),
    expirationTime: Type.Optional(Nullable(Type.Number())),
  },
  { additionalProperties: false },
);

export const PushUnsubscribeIn = Type.Object({ endpoint: Type.String({ minLength: 10, maxLength: 2000 }) }, { additionalProperties: false });

export const DeliveriesOut = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          channel: ChannelEnum,
          status: Type.String({ enum: ['sent', 'failed', 'skipped'] }),
          detail: Nullable(Type.String()),
          at: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
