/** Client for the notification centre (GET/POST /api/v1/notifications…). */
import { GET, POST, PUT } from '../../api';
import type { ApiBody, ApiOk, Item } from '../../api/types';

export type Channel = Item<Preferences['channels']>;
export const NOTIFICATION_PATHS = { centre: '/thong-bao', digest: '/giam-sat/nhiem-vu/tong-hop-thang' } as const;

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts).
export type NotificationPage = ApiOk<'/api/v1/notifications'>;
export type Notification = Item<NotificationPage['items']>;
export type Preferences = ApiOk<'/api/v1/notifications/preferences'>;
export type PreferencesBody = ApiBody<'/api/v1/notifications/preferences', 'put'>;

export const notificationsApi = {
  list: (q: { limit: number; offset: number; unread?: boolean }, signal?: AbortSignal) =>
    GET('/api/v1/notifications', { params: { query: { limit: q.limit, offset: q.offset, unread: q.unread || undefined } }, signal }),
  unread: (signal?: AbortSignal) => GET('/api/v1/notifications/unread-count', { signal }),
  read: (id: string) => POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }),
  readAll: () => POST('/api/v1/notifications/read-all'),
  /** The monthly task digest (GET /api/v1/tasks/digest?month=YYYY-MM). */
  digest: (month: string, signal?: AbortSignal) => GET('/api/v1/tasks/digest', { params: { query: { month } }, signal }),
  preferences: (signal?: AbortSignal) => GET('/api/v1/notifications/preferences', { signal }),
  savePreferences: (body: PreferencesBody) => PUT('/api/v1/notifications/preferences', { body }),
  subscribePush: (sub: PushSubscriptionJSON) =>
    POST('/api/v1/notifications/push-subscriptions', {
      // The DOM types every member as optional; the server refuses a subscription without them.
      body: { endpoint: sub.endpoint ?? '', keys: { p256dh: sub.keys?.p256dh ?? '', auth: sub.keys?.auth ?? '' }, expirationTime: sub.expirationTime },
    }),
};

/** Tells the bell to re-read the unread count (after a read or read-all on the page). */
export const UNREAD_CHANGED = 'motcua:unread-changed';
export const announceUnreadChanged = () => window.dispatchEvent(new Event(UNREAD_CHANGED));

/** Base64url VAPID key → the bytes PushManager.subscribe wants. */
export function vapidKeyBytes(key: string): Uint8Array<ArrayBuffer> {
  const b64 = key.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (key.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}
