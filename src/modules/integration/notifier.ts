import type { Executor } from '../../platform/db/database.js';
import { recordDelivery } from './integration.repo.js';

/**
 * Notifications to applicants (e-mail, SMS, Zalo) behind one port. The shipped adapter is a
 * SANDBOX: it sends nothing and records each message in `integration_delivery`, where a developer
 * or an administrator can read it (GET /api/v1/integration/deliveries). A real gateway adapter
 * implements the same `send`.
 */
export interface NotificationMessage {
  channel: 'email' | 'sms' | 'zalo';
  to: string;
  subject: string | null;
  text: string;
  /** Deduplication key (e.g. the outbox id). */
  key: string;
  reference: string | null;
}

export interface Notifier {
  readonly kind: string;
  send(m: NotificationMessage): Promise<void>;
}

/**
 * The notifier of this server: the SANDBOX while `notifications` is among the sandboxes (demo mode,
 * or SANDBOX=notifications in production). Otherwise no real gateway is shipped yet: `send` fails
 * with a permanent `notifier_not_configured` error, so the outbox keeps the message as dead (with
 * that error) instead of pretending it was sent (docs/operations.md).
 */
export function createNotifier(db: Executor, config: { sandboxes: ReadonlySet<string> }): Notifier {
  if (!config.sandboxes.has('notifications')) {
    return {
      kind: 'not_configured',
      async send(m) {
        throw Object.assign(new Error(`notifier_not_configured: no e-mail/SMS/Zalo gateway is configured; ${m.channel} message ${m.key} not sent`), {
          permanent: true,
          code: 'notifier_not_configured',
        });
      },
    };
  }
  return {
    kind: 'sandbox',
    async send(m) {
      await recordDelivery(db, { channel: m.channel, adapter: 'sandbox', key: m.key, subject: m.reference, payload: m });
    },
  };
}
