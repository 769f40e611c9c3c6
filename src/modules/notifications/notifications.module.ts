import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { registerNotificationsRoutes } from './notifications.routes.js';
import { createNotificationsService, DELIVER_TOPIC } from './notifications.service.js';

/**
 * The notification centre (issue 21 §3): routes, and the consumer of `notifications.deliver` that
 * sends each notification on the recipient's channels (docs/notifications.md).
 */
export function registerNotifications(app: App, deps: Deps): void {
  const svc = createNotificationsService({ database: deps.database, config: deps.config, clock: deps.clock, log: app.log });
  registerNotificationsRoutes(app, svc);
  deps.outbox.register(DELIVER_TOPIC, (m) => svc.deliver(m));
}
