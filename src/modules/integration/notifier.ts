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

export function createNotifier(db: Executor): Notifier {
  return {
    kind: 'sandbox',
    async send(m) {
      await recordDelivery(db, { channel: m.channel, adapter: 'sandbox', key: m.key, subject: m.reference, payload: m });
    },
  };
}
