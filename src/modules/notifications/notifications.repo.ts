import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';
import type { Channel } from './notifications.rules.js';

/** All SQL of the notifications module; each function takes the executor (a transaction or the pool). */

export interface NotificationRow {
  id: string;
  recipientId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  subject: { type: string; id: string } | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification as read: every column (typed from the generated schema). */
type NotificationTableRow = TableRow<'notification'>;
const toRow = (r: NotificationTableRow): NotificationRow => ({
  id: r.id,
  recipientId: r.recipient_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link ?? null,
  subject: r.subject_type ? { type: r.subject_type, id: r.subject_id as string } : null,
  createdAt: new Date(r.created_at),
  readAt: r.read_at ? new Date(r.read_at) : null,
});

/** Inserts one notification; returns its id, or null when the recipient already has one with this dedupe key. */
export async function insertNotification(
  tx: Executor,
  n: {
    recipientId: string;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    subject: { type: string; id: string } | null;
    dedupeKey: string | null;
  },
): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`INSERT INTO notification (recipient_id, kind, title, body, link, subject_type, subject_id, dedupe_key)
    VALUES (${n.recipientId}, ${n.kind}, ${n.title}, ${n.body}, ${n.link}, ${n.subject?.type ?? null}, ${n.subject?.id ?? null}, ${n.dedupeKey})
    ON CONFLICT (recipient_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id`.execute(tx);
  return rows[0]?.id ?? null;
}

export async function getNotification(db: Executor, id: string): Promise<NotificationRow | null> {
  const { rows } =
    await sql<NotificationTableRow>`SELECT id, recipient_id, kind, title, body, link, subject_type, subject_id, dedupe_key, created_at, read_at FROM notification WHERE id = ${id}`.execute(
      db,
    );
  return rows.length ? toRow(rows[0]) : null;
}

/** A page of a person's notifications, newest first: limit + 1 rows are read to tell whether more follow. */
export async function listFor(
  db: Executor,
  userId: string,
  f: { limit: number; offset: number; unreadOnly: boolean },
): Promise<{ items: NotificationRow[]; hasMore: boolean }> {
  const unread = f.unreadOnly ? sql`AND read_at IS NULL` : sql``;
  const { rows } =
    await sql<NotificationTableRow>`SELECT id, recipient_id, kind, title, body, link, subject_type, subject_id, dedupe_key, created_at, read_at FROM notification WHERE recipient_id = ${userId} ${unread}
    ORDER BY created_at DESC, id DESC LIMIT ${f.limit + 1} OFFSET ${f.offset}`.execute(db);
  return { items: rows.slice(0, f.limit).map(toRow), hasMore: rows.length > f.limit };
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`SELECT count(*) AS n FROM notification WHERE recipient_id = ${userId} AND read_at IS NULL`.execute(db);
  return Number(rows[0].n);
}

/** Marks one of the person's notifications read (keeps the first read time); null when it is not theirs. */
export async function markRead(db: Executor, userId: string, id: string, at: Date): Promise<NotificationRow | null> {
  const { rows } =
    await sql<NotificationTableRow>`UPDATE notification SET read_at = coalesce(read_at, ${at}) WHERE id = ${id} AND recipient_id = ${userId} RETURNING id, recipient_id, kind, title, body, link, subject_type, subject_id, dedupe_key, created_at, read_at`.execute(
      db,
    );
  return rows.length ? toRow(rows[0]) : null;
}

export async function markAllRead(db: Executor, userId: string, at: Date): Promise<number> {
  const r = await sql`UPDATE notification SET read_at = ${at} WHERE recipient_id = ${userId} AND read_at IS NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

// ---- recipients and preferences -----------------------------------------------------------------

export interface AccountRow {
  id: string;
  kind: 'staff' | 'citizen';
  fullName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export async function getAccount(db: Executor, userId: string): Promise<AccountRow | null> {
  const { rows } = await sql<
    Pick<TableRow<'app_user'>, 'id' | 'kind' | 'full_name' | 'email' | 'phone' | 'active'>
  >`SELECT id, kind, full_name, email, phone, active FROM app_user WHERE id = ${userId}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: r.id,
    kind: r.kind as AccountRow['kind'],
    fullName: r.full_name,
    email: r.email ?? null,
    phone: r.phone ?? null,
    active: r.active,
  };
}

export interface PreferenceRow {
  channels: Channel[];
  quietStart: number | null;
  quietEnd: number | null;
  version: number;
  updatedAt: Date;
}

export async function getPreference(db: Executor, userId: string): Promise<PreferenceRow | null> {
  const { rows } = await sql<
    TableRow<'notification_preference'>
  >`SELECT user_id, channels, quiet_start, quiet_end, version, updated_at FROM notification_preference WHERE user_id = ${userId}`.execute(db);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    channels: r.channels as Channel[],
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    version: r.version,
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * Writes the person's preference when its version is still `expectedVersion` (0 = no row yet).
 * Returns the new version, or null when someone changed it in between.
 */
export async function savePreference(
  tx: Executor,
  userId: string,
  p: { channels: Channel[]; quietStart: number | null; quietEnd: number | null },
  expectedVersion: number,
): Promise<number | null> {
  if (expectedVersion === 0) {
    const { rows } = await sql<{ version: number }>`INSERT INTO notification_preference (user_id, channels, quiet_start, quiet_end)
      VALUES (${userId}, ${p.channels}::text[], ${p.quietStart}, ${p.quietEnd}) ON CONFLICT (user_id) DO NOTHING RETURNING version`.execute(tx);
    return rows[0]?.version ?? null;
  }
  const { rows } = await sql<{
    version: number;
  }>`UPDATE notification_preference SET channels = ${p.channels}::text[], quiet_start = ${p.quietStart}, quiet_end = ${p.quietEnd},
      version = version + 1, updated_at = now()
    WHERE user_id = ${userId} AND version = ${expectedVersion} RETURNING version`.execute(tx);
  return rows[0]?.version ?? null;
}

// ---- deliveries ------------------------------------------------------------------------------

export async function deliveredChannels(db: Executor, notificationId: string): Promise<Set<string>> {
  const { rows } = await sql<{
    channel: string;
  }>`SELECT channel FROM notification_delivery WHERE notification_id = ${notificationId} AND status <> 'failed'`.execute(db);
  return new Set(rows.map((r) => r.channel));
}

export async function recordChannel(
  db: Executor,
  notificationId: string,
  channel: Channel,
  status: 'sent' | 'failed' | 'skipped',
  detail: string | null,
): Promise<void> {
  await sql`INSERT INTO notification_delivery (notification_id, channel, status, detail) VALUES (${notificationId}, ${channel}, ${status}, ${detail})
    ON CONFLICT (notification_id, channel) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail, at = now()`.execute(db);
}

export async function listDeliveries(db: Executor, notificationId: string): Promise<{ channel: string; status: string; detail: string | null; at: Date }[]> {
  const { rows } = await sql<
    Pick<TableRow<'notification_delivery'>, 'channel' | 'status' | 'detail' | 'at'>
  >`SELECT channel, status, detail, at FROM notification_delivery WHERE notification_id = ${notificationId} ORDER BY channel`.execute(db);
  return rows.map((r) => ({
    channel: r.channel,
    status: r.status,
    detail: r.detail ?? null,
    at: new Date(r.at),
  }));
}

// ---- web push subscriptions --------------------------------------------------------------------

export interface PushSubscriptionRow {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Adds (or moves to this user) a browser's subscription; returns its id. */
export async function savePushSubscription(
  tx: Executor,
  s: { userId: string; endpoint: string; p256dh: string; auth: string; userAgent: string | null },
): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO push_subscription (user_id, endpoint, p256dh, auth, user_agent) VALUES (${s.userId}, ${s.endpoint}, ${s.p256dh}, ${s.auth}, ${s.userAgent})
    ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, user_agent = EXCLUDED.user_agent, last_error = NULL
    RETURNING id`.execute(tx);
  return rows[0].id;
}

export async function deletePushSubscription(tx: Executor, userId: string, endpoint: string): Promise<boolean> {
  const r = await sql`DELETE FROM push_subscription WHERE user_id = ${userId} AND endpoint = ${endpoint}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function pushSubscriptionsOf(db: Executor, userId: string): Promise<PushSubscriptionRow[]> {
  const { rows } = await sql<
    Pick<TableRow<'push_subscription'>, 'id' | 'user_id' | 'endpoint' | 'p256dh' | 'auth'>
  >`SELECT id, user_id, endpoint, p256dh, auth FROM push_subscription WHERE user_id = ${userId} ORDER BY created_at`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    endpoint: r.endpoint,
    p256dh: r.p256dh,
    auth: r.auth,
  }));
}

/** A subscription the push service says is gone (404/410) is removed; other errors are kept on it. */
export async function pushSubscriptionFailed(db: Executor, id: string, gone: boolean, error: string): Promise<void> {
  if (gone) await sql`DELETE FROM push_subscription WHERE id = ${id}`.execute(db);
  else await sql`UPDATE push_subscription SET last_error = ${error} WHERE id = ${id}`.execute(db);
}
