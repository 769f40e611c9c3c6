import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import webpush from 'web-push';
import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import { createNotifier } from '../integration/integration.public.js';

/**
 * The delivery channels behind one port each. E-mail: SMTP through nodemailer when SMTP_HOST is
 * set, else the notifications SANDBOX (records the message, sends nothing) when it is on, else not
 * configured. Web push: the Push API with VAPID (web-push). SMS and Zalo: the integration module's
 * notifier port (its SANDBOX adapter records; no real gateway is shipped yet).
 *
 * A channel that cannot work (not configured, no address) throws a `permanent` error: the
 * delivery records it and does not retry; any other error is retried by the outbox.
 */
export interface OutgoingMessage {
  to: string;
  title: string;
  body: string;
  /** Absolute URL of the page the notification is about, or null. */
  url: string | null;
  /** Deduplication key of this message on this channel. */
  key: string;
  /** Whom it concerns, as the sandbox log files it (e.g. `user:<id>`: the citizen's message list). */
  reference: string | null;
}

export const permanent = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { permanent: true, code });
export const isPermanent = (err: unknown) => (err as { permanent?: boolean }).permanent === true;

export interface EmailSender {
  readonly kind: 'smtp' | 'sandbox' | 'not_configured';
  send(m: OutgoingMessage): Promise<void>;
}

type Smtp = NonNullable<Config['smtp']>;
const transports = new Map<string, Transporter>();

function smtpTransport(s: Smtp): Transporter {
  const key = JSON.stringify(s);
  let t = transports.get(key);
  if (!t) {
    if (transports.size > 8) transports.clear();
    t = nodemailer.createTransport({ host: s.host, port: s.port, secure: s.secure, ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}) });
    transports.set(key, t);
  }
  return t;
}

/** The e-mail sender for the configuration as it stands now (read at each delivery). */
export function emailSender(db: Executor, config: Pick<Config, 'smtp' | 'sandboxes'>): EmailSender {
  const smtp = config.smtp;
  if (smtp) {
    return {
      kind: 'smtp',
      async send(m) {
        const text = m.url ? `${m.body}\n\n${m.url}` : m.body;
        try {
          await smtpTransport(smtp).sendMail({ from: smtp.from, to: m.to, subject: m.title, text, messageId: `<${m.key.replace(/[^\w.-]/g, '.')}@motcua>` });
        } catch (err) {
          // 5xx from the server (e.g. a refused address) will not get better by retrying.
          const code = (err as { responseCode?: number }).responseCode;
          if (code !== undefined && code >= 500) throw permanent('smtp_rejected', (err as Error).message);
          throw err;
        }
      },
    };
  }
  if (config.sandboxes.has('notifications')) {
    const sandbox = createNotifier(db, config);
    return {
      kind: 'sandbox',
      send: (m) =>
        sandbox.send({ channel: 'email', to: m.to, subject: m.title, text: m.url ? `${m.body}\n\n${m.url}` : m.body, key: m.key, reference: m.reference }),
    };
  }
  return {
    kind: 'not_configured',
    async send() {
      throw permanent('email_not_configured', 'no SMTP server (SMTP_HOST) is configured');
    },
  };
}

/** SMS and Zalo through the integration module's notifier port. */
export function textSender(db: Executor, config: Pick<Config, 'sandboxes'>, channel: 'sms' | 'zalo') {
  const notifier = createNotifier(db, config);
  return {
    kind: notifier.kind,
    async send(m: OutgoingMessage) {
      await notifier.send({
        channel,
        to: m.to,
        subject: null,
        text: m.url ? `${m.title}: ${m.body} ${m.url}` : `${m.title}: ${m.body}`,
        key: m.key,
        reference: m.reference,
      });
    },
  };
}

// ---- web push ----------------------------------------------------------------------------------

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The VAPID key pair: from the configuration; in demo mode, generated once into DATA_DIR/vapid.json
 * when the configuration has none; null in production without keys (web push is then off).
 */
export function resolveVapidKeys(config: Pick<Config, 'webPush' | 'demo' | 'dataDir'>): VapidKeys | null {
  const w = config.webPush;
  if (w.publicKey && w.privateKey) return { publicKey: w.publicKey, privateKey: w.privateKey };
  if (!config.demo) return null;
  const file = path.join(config.dataDir, 'vapid.json');
  if (existsSync(file)) {
    const k = JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
    if (k.publicKey && k.privateKey) return k;
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys; // another process made them first
  }
  return keys;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type PushOutcome = { ok: true } | { ok: false; gone: boolean; error: string };

const agents = new Map<string, https.Agent>();
function agentFor(caFile: string | null): https.Agent | undefined {
  if (!caFile) return undefined;
  let a = agents.get(caFile);
  if (!a) {
    a = new https.Agent({ ca: readFileSync(caFile) });
    agents.set(caFile, a);
  }
  return a;
}

/** Sends one encrypted push message (RFC 8291, aes128gcm) to one browser subscription. */
export async function sendPush(keys: VapidKeys, config: Pick<Config, 'webPush'>, target: PushTarget, m: OutgoingMessage): Promise<PushOutcome> {
  const payload = JSON.stringify({ title: m.title, body: m.body, url: m.url, tag: m.key });
  try {
    const agent = agentFor(config.webPush.caFile);
    await webpush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
      vapidDetails: { subject: config.webPush.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 24 * 3600,
      contentEncoding: 'aes128gcm',
      ...(agent ? { agent } : {}),
    });
    return { ok: true };
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    return { ok: false, gone: status === 404 || status === 410, error: `${status ?? ''} ${(err as Error).message}`.trim().slice(0, 500) };
  }
}
