/**
 * The notifications module's public surface: other modules import only from here.
 *
 * `notify(trx, input)` writes an in-app notification for a staff user or a citizen account, and
 * the outbox row that delivers it on the person's chosen channels (e-mail, SMS, Zalo, web push)
 * outside their quiet hours — both in the caller's transaction. A dedupeKey makes it once-only.
 */
export { notify, type NotifyInput } from './notifications.service.js';
