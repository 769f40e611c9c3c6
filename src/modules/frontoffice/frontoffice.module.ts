import type { App } from '../../platform/http/server.js';
import type { Deps } from '../../platform/deps.js';
import { CallHub } from './frontoffice.events.js';
import { registerFrontOfficeRoutes } from './frontoffice.routes.js';
import { createFrontOfficeService } from './frontoffice.service.js';

/** Daily at 02:30 (Asia/Ho_Chi_Minh): call events older than FO_EVENT_RETENTION_DAYS are deleted. */
export const EVENT_CLEANUP_CRON = '30 2 * * *';

export function registerFrontOffice(app: App, deps: Deps): void {
  const calendar = deps.calendar;
  const hub = new CallHub(deps.database, deps.config.databaseUrl, app.log);
  const svc = createFrontOfficeService(deps.database, calendar, hub, { clock: () => deps.clock.now(), publicBaseUrl: deps.config.publicBaseUrl });
  registerFrontOfficeRoutes(app, svc);
  deps.jobs.define('frontoffice.event-cleanup', EVENT_CLEANUP_CRON, async () => {
    await svc.cleanupEvents(deps.config.frontOfficeEventRetentionDays);
  });
  // LISTEN on PostgreSQL from start; the hub ends its connection when the server closes.
  app.addHook('onReady', async () => {
    await hub.start();
  });
  app.addHook('onClose', async () => {
    await hub.stop();
  });
}
