/** Client for the notification centre (GET/POST /api/v1/notifications…). */
import { request, withQuery } from '../../api';
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
    request<NotificationPage>(withQuery('/api/v1/notifications', { limit: q.limit, offset: q.offset, unread: q.unread ? 'true' : undefined }), { signal }),
  unread: (signal?: AbortSignal) => request<ApiOk<'/api/v1/notifications/unread-count'>>('/api/v1/notifications/unread-count', { signal }),
  read: (id: string) => request<Notification>(`/api/v1/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => request<ApiOk<'/api/v1/notifications/read-all', 'post'>>('/api/v1/notifications/read-all', { method: 'POST' }),
  preferences: (signal?: AbortSignal) => request<Preferences>('/api/v1/notifications/preferences', { signal }),
  savePreferences: (body: PreferencesBody) => request<Preferences>('/api/v1/notifications/preferences', { method: 'PUT', body }),
  subscribePush: (sub: PushSubscriptionJSON) =>
    request<ApiOk<'/api/v1/notifications/push-subscriptions', 'post'>>('/api/v1/notifications/push-subscriptions', { method: 'POST', body: sub }),
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
