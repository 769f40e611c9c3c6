import type { Config } from '../../platform/config.js';
import type { Database, Executor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/deps.js';
import type { RequestContext, Actor } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue, type ClaimedMessage, type WorkerLog } from '../../platform/outbox.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { getProfile } from '../citizens/citizens.public.js';
import * as repo from './notifications.repo.js';
import { CHANNELS, channelsFor, defaultChannels, formatClock, parseClock, quietUntil, type Channel } from './notifications.rules.js';
import { emailSender, isPermanent, resolveVapidKeys, sendPush, textSender, type OutgoingMessage } from './notifications.channels.js';

export const DELIVER_TOPIC = 'notifications.deliver' as const;

export interface NotifyInput {
  /** A staff user id or a citizen account id (both app_user ids). */
  recipient: { userId: string } | { citizenId: string };
  /** e.g. 'dossier.step_due_soon', 'dossier.step_overdue', 'direction.prompt', 'task.digest', 'dossier.status'. */
  kind: string;
  /** Vietnamese. */
  title: string;
  /** Vietnamese. */
  body: string;
  /** Web path, e.g. /ho-so/<id>. */
  link?: string | null;
  subject?: { type: string; id: string } | null;
  /** The same key twice for one recipient → one notification. */
  dedupeKey?: string | null;
}

/**
 * Writes the in-app notification and its delivery row (outbox `notifications.deliver`) in the
 * caller's transaction. The in-app notification is visible at once; the consumer sends it on the
 * person's chosen channels outside their quiet hours. With a dedupeKey the recipient already has,
 * nothing is written. Resolves to true when a notification was written (false: a duplicate).
 */
export async function notify(trx: Executor, input: NotifyInput): Promise<boolean> {
  const recipientId = 'userId' in input.recipient ? input.recipient.userId : input.recipient.citizenId;
  if (!recipientId) throw new Error('notify: recipient id missing');
  if (!input.kind || !input.title.trim() || !input.body.trim()) throw new Error('notify: kind, title and body are required');
  const id = await repo.insertNotification(trx, {
    recipientId,
    kind: input.kind,
    title: input.title.slice(0, 300),
    body: input.body.slice(0, 4000),
    link: input.link ?? null,
    subject: input.subject ?? null,
    dedupeKey: input.dedupeKey ?? null,
  });
  if (id) await enqueue(trx, { topic: DELIVER_TOPIC, aggregateKey: `notification:${id}`, payload: { notificationId: id } });
  return id !== null;
}

export interface PreferenceView {
  channels: Channel[];
  available: Channel[];
  quietHours: { start: string; end: string } | null;
  version: number;
  contact: { email: string | null; phone: string | null; zalo: string | null };
  push: { publicKey: string | null };
}

interface Contact {
  email: string | null;
  phone: string | null;
  zalo: string | null;
  profileChannels: string[] | null;
}

export function createNotificationsService(d: { database: Database; config: Config; clock: Clock; log: WorkerLog }) {
  const db = d.database.db;
  const { config, clock } = d;

  async function contactOf(acct: repo.AccountRow): Promise<Contact> {
    if (acct.kind === 'staff') return { email: acct.email, phone: acct.phone, zalo: acct.phone, profileChannels: null };
    const p = await getProfile(db, acct.id);
    return {
      email: p?.email ?? acct.email,
      phone: p?.phone ?? acct.phone,
      zalo: p?.zaloPhone ?? p?.phone ?? acct.phone,
      profileChannels: p?.notifyChannels ?? null,
    };
  }

  async function effectivePreference(
    acct: repo.AccountRow,
    contact: Contact,
  ): Promise<{ channels: Channel[]; quietStart: number | null; quietEnd: number | null; version: number }> {
    const p = await repo.getPreference(db, acct.id);
    const allowed = channelsFor(acct.kind);
    if (p) return { channels: p.channels.filter((c) => allowed.includes(c)), quietStart: p.quietStart, quietEnd: p.quietEnd, version: p.version };
    return { channels: defaultChannels(acct.kind, contact.profileChannels), quietStart: null, quietEnd: null, version: 0 };
  }

  const vapid = () => resolveVapidKeys(config);

  /** Sends one channel; returns the status to record. Transient errors are thrown. */
  async function sendOn(
    channel: Channel,
    acct: repo.AccountRow,
    contact: Contact,
    n: repo.NotificationRow,
    msgKey: string,
  ): Promise<{ status: 'sent' | 'failed' | 'skipped'; detail: string | null }> {
    const url = n.link ? new URL(n.link, config.publicBaseUrl).toString() : null;
    const base: Omit<OutgoingMessage, 'to'> = { title: n.title, body: n.body, url, key: `${msgKey}:${channel}`, reference: `user:${acct.id}` };
    try {
      switch (channel) {
        case 'email': {
          if (!contact.email) return { status: 'skipped', detail: 'no_address' };
          const s = emailSender(db, config);
          await s.send({ ...base, to: contact.email });
          return { status: 'sent', detail: s.kind };
        }
        case 'sms':
        case 'zalo': {
          const to = channel === 'sms' ? contact.phone : contact.zalo;
          if (!to) return { status: 'skipped', detail: 'no_address' };
          const s = textSender(db, config, channel);
          await s.send({ ...base, to });
          return { status: 'sent', detail: s.kind };
        }
        case 'push': {
          if (acct.kind !== 'staff') return { status: 'skipped', detail: 'staff_only' };
          const keys = vapid();
          if (!keys) return { status: 'failed', detail: 'push_not_configured' };
          const subs = await repo.pushSubscriptionsOf(db, acct.id);
          if (!subs.length) return { status: 'skipped', detail: 'no_subscription' };
          let sent = 0;
          let gone = 0;
          const errors: string[] = [];
          for (const s of subs) {
            const r = await sendPush(keys, config, s, { ...base, to: s.endpoint });
            if (r.ok) sent++;
            else {
              if (r.gone) gone++;
              else errors.push(r.error);
              await repo.pushSubscriptionFailed(db, s.id, r.gone, r.error);
            }
          }
          if (sent > 0) return { status: 'sent', detail: `${sent}/${subs.length}` };
          if (gone === subs.length) return { status: 'failed', detail: 'subscriptions_gone' };
          throw new Error(`push failed: ${errors.join('; ')}`); // retried by the outbox
        }
      }
    } catch (err) {
      if (isPermanent(err)) return { status: 'failed', detail: (err as Error).message.slice(0, 500) };
      throw err;
    }
  }

  const service = {
    /** The consumer of `notifications.deliver`: quiet hours, then each chosen channel not yet sent. */
    async deliver(m: ClaimedMessage): Promise<void> {
      const id = m.payload.notificationId as string;
      const n = await repo.getNotification(db, id);
      if (!n) return;
      const acct = await repo.getAccount(db, n.recipientId);
      if (!acct || !acct.active) return;
      const contact = await contactOf(acct);
      const pref = await effectivePreference(acct, contact);
      if (!pref.channels.length) return;
      const until = quietUntil(clock.now(), pref.quietStart, pref.quietEnd);
      if (until) {
        // Held: a new row due when the quiet hours end (the in-app notification is already there).
        await enqueue(db, {
          topic: DELIVER_TOPIC,
          aggregateKey: `notification:${id}`,
          payload: { notificationId: id, heldUntil: until.toISOString() },
          availableAt: until,
        });
        return;
      }
      const done = await repo.deliveredChannels(db, id);
      const errors: string[] = [];
      for (const ch of pref.channels) {
        if (done.has(ch)) continue;
        try {
          const r = await sendOn(ch, acct, contact, n, id);
          await repo.recordChannel(db, id, ch, r.status, r.detail);
        } catch (err) {
          const msg = (err as Error).message ?? String(err);
          await repo.recordChannel(db, id, ch, 'failed', msg.slice(0, 500));
          errors.push(`${ch}: ${msg}`);
        }
      }
      if (errors.length) throw new Error(`notification ${id} not delivered on ${errors.join('; ')}`);
    },

    async list(actor: Actor, q: { limit?: number; offset?: number; unread?: boolean }) {
      const limit = q.limit ?? 20;
      const offset = q.offset ?? 0;
      const page = await repo.listFor(db, actor.id, { limit, offset, unreadOnly: q.unread === true });
      return { items: page.items.map(view), hasMore: page.hasMore, unread: await repo.unreadCount(db, actor.id) };
    },

    async unread(actor: Actor) {
      return { unread: await repo.unreadCount(db, actor.id) };
    },

    async read(actor: Actor, id: string) {
      const r = await repo.markRead(db, actor.id, id, clock.now());
      if (!r) throw notFound('thông báo');
      return view(r);
    },

    async readAll(actor: Actor) {
      const updated = await repo.markAllRead(db, actor.id, clock.now());
      return { updated, unread: 0 };
    },

    async preferences(actor: Actor): Promise<PreferenceView> {
      const acct = await repo.getAccount(db, actor.id);
      if (!acct) throw notFound('tài khoản');
      const contact = await contactOf(acct);
      const p = await effectivePreference(acct, contact);
      return {
        channels: p.channels,
        available: channelsFor(acct.kind),
        quietHours: p.quietStart === null || p.quietEnd === null ? null : { start: formatClock(p.quietStart), end: formatClock(p.quietEnd) },
        version: p.version,
        contact: { email: contact.email, phone: contact.phone, zalo: contact.zalo },
        push: { publicKey: acct.kind === 'staff' ? (vapid()?.publicKey ?? null) : null },
      };
    },

    async savePreferences(
      ctx: RequestContext,
      body: { channels: string[]; quietHours: { start: string; end: string } | null; version: number },
    ): Promise<PreferenceView> {
      const actor = ctx.actor!;
      const acct = await repo.getAccount(db, actor.id);
      if (!acct) throw notFound('tài khoản');
      const allowed = channelsFor(acct.kind);
      const bad = body.channels.filter((c) => !(allowed as string[]).includes(c));
      if (bad.length) throw badRequest('channel_not_available', `Kênh ${bad.join(', ')} không dùng được cho tài khoản này (được chọn: ${allowed.join(', ')}).`);
      const channels = CHANNELS.filter((c) => body.channels.includes(c));
      let quietStart: number | null = null;
      let quietEnd: number | null = null;
      if (body.quietHours) {
        quietStart = parseClock(body.quietHours.start);
        quietEnd = parseClock(body.quietHours.end);
        if (quietStart === null || quietEnd === null) throw badRequest('invalid_quiet_hours', 'Giờ yên lặng phải có dạng HH:MM (00:00–23:59).');
        if (quietStart === quietEnd) throw badRequest('invalid_quiet_hours', 'Giờ bắt đầu và kết thúc yên lặng phải khác nhau.');
      }
      await d.database.transaction(async (tx) => {
        const v = await repo.savePreference(tx, actor.id, { channels, quietStart, quietEnd }, body.version);
        if (v === null) throw conflict('version_conflict', 'Cài đặt thông báo đã được thay đổi ở nơi khác; hãy tải lại rồi lưu lại.');
        await recordAudit(tx, ctx, {
          action: 'notifications.preferences.saved',
          entity: 'notification_preference',
          entityId: actor.id,
          summary: { channels, quietHours: body.quietHours },
        });
      });
      return service.preferences(actor);
    },

    async subscribePush(ctx: RequestContext, body: { endpoint: string; keys: { p256dh: string; auth: string } }, userAgent: string | null) {
      const actor = ctx.actor!;
      let u: URL;
      try {
        u = new URL(body.endpoint);
      } catch {
        throw badRequest('invalid_endpoint', 'Địa chỉ đăng ký nhận thông báo đẩy không hợp lệ.');
      }
      if (u.protocol !== 'https:') throw badRequest('invalid_endpoint', 'Địa chỉ đăng ký nhận thông báo đẩy phải dùng https.');
      if (!/^[A-Za-z0-9_-]{80,100}$/.test(body.keys.p256dh) || !/^[A-Za-z0-9_-]{16,30}$/.test(body.keys.auth))
        throw badRequest('invalid_keys', 'Khóa p256dh/auth của trình duyệt không hợp lệ (base64url).');
      const id = await d.database.transaction(async (tx) => {
        const sid = await repo.savePushSubscription(tx, {
          userId: actor.id,
          endpoint: body.endpoint,
          p256dh: body.keys.p256dh,
          auth: body.keys.auth,
          userAgent,
        });
        await recordAudit(tx, ctx, { action: 'notifications.push.subscribed', entity: 'push_subscription', entityId: sid, summary: { origin: u.origin } });
        return sid;
      });
      return { id };
    },

    async unsubscribePush(ctx: RequestContext, endpoint: string) {
      const actor = ctx.actor!;
      const removed = await d.database.transaction(async (tx) => {
        const r = await repo.deletePushSubscription(tx, actor.id, endpoint);
        if (r) await recordAudit(tx, ctx, { action: 'notifications.push.unsubscribed', entity: 'push_subscription', entityId: null, summary: {} });
        return r;
      });
      return { removed };
    },

    /** What was sent for one of the person's notifications, per channel. */
    async deliveries(actor: Actor, id: string) {
      const n = await repo.getNotification(db, id);
      if (!n || n.recipientId !== actor.id) throw notFound('thông báo');
      return { items: (await repo.listDeliveries(db, id)).map((x) => ({ ...x, at: x.at.toISOString() })) };
    },
  };
  return service;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

function view(n: repo.NotificationRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    subject: n.subject,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
