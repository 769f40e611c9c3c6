import { sandboxWarning, type Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { createAuthService, resolveSessionKey } from './platform/auth/auth.service.js';
import { createHttpServer, type App, type HttpServerOptions } from './platform/http/server.js';
import { registerReadAudit } from './platform/http/read-audit.js';
import { createAbuseGuards } from './platform/http/rate-limit.js';
import { OutboxWorker } from './platform/outbox.js';
import { JobScheduler } from './platform/jobs.js';
import { registerPlatformRoutes } from './platform/platform.routes.js';
import type { Deps } from './platform/deps.js';
import { registerOrg } from './modules/org/org.module.js';
import { registerCalendar } from './modules/calendar/calendar.module.js';
import { createCalendarService } from './modules/calendar/calendar.public.js';
import { registerDossiers } from './modules/dossiers/dossiers.module.js';
import { registerFeedback } from './modules/feedback/feedback.module.js';
import { registerTasks } from './modules/tasks/tasks.module.js';
import { registerCatalog } from './modules/catalog/catalog.module.js';
import { registerReports } from './modules/reports/reports.module.js';
import { registerCitizens } from './modules/citizens/citizens.module.js';
import { registerPayments } from './modules/payments/payments.module.js';
import { registerQuality } from './modules/quality/quality.module.js';
import { registerReform } from './modules/reform/reform.module.js';
import { registerSignatures } from './modules/signatures/signatures.module.js';
import { registerCertification } from './modules/certification/certification.module.js';
import { registerHistory } from './modules/history/history.module.js';
import { registerNotifications } from './modules/notifications/notifications.module.js';
import { registerDirection } from './modules/direction/direction.module.js';
import { registerFrontOffice } from './modules/frontoffice/frontoffice.module.js';

/**
 * Composition root: builds the platform services and lets each module register its routes,
 * outbox handlers and scheduled jobs. Modules are listed in dependency order.
 */
export const MODULES: { name: string; register: (app: App, deps: Deps) => void | Promise<void> }[] = [
  { name: 'org', register: registerOrg },
  { name: 'calendar', register: registerCalendar },
  { name: 'feedback', register: registerFeedback },
  { name: 'tasks', register: registerTasks },
  { name: 'catalog', register: registerCatalog },
  { name: 'dossiers', register: registerDossiers },
  { name: 'reports', register: registerReports },
  { name: 'citizens', register: registerCitizens },
  { name: 'payments', register: registerPayments },
  { name: 'quality', register: registerQuality },
  { name: 'reform', register: registerReform },
  { name: 'signatures', register: registerSignatures },
  { name: 'certification', register: registerCertification },
  { name: 'history', register: registerHistory },
  { name: 'notifications', register: registerNotifications },
  { name: 'direction', register: registerDirection },
  { name: 'frontoffice', register: registerFrontOffice },
];

export interface Built {
  app: App;
  deps: Deps;
}

export async function buildApp(config: Config, database: Database, opts: HttpServerOptions = {}): Promise<Built> {
  const key = await resolveSessionKey(database, config.sessionSecret, config.production);
  const clock = { now: () => new Date() };
  const auth = createAuthService(database, key, config.sessionTtlHours, clock);
  const abuse = createAbuseGuards(config, clock);
  const app = await createHttpServer(config, auth, { ...opts, abuse });
  const log = app.log;
  const deps: Deps = { clock, config, database, auth, outbox: new OutboxWorker(database, { log }), jobs: new JobScheduler(database, { log }), abuse, calendar: createCalendarService(database) };
  registerReadAudit(app, database.db); // staff reads of personal data: one audit row per request (read-audit.ts)
  registerPlatformRoutes(app, deps);
  for (const m of MODULES) await m.register(app, deps);
  // Every queued topic of src/platform/outbox.topics.ts must have its consumer: a row nobody
  // delivers would wait forever.
  const unhandled = deps.outbox.unhandledTopics();
  if (unhandled.length) throw new Error(`outbox topics without a handler: ${unhandled.join(', ')} (declare them audit-only or register their consumer)`);
  const warning = sandboxWarning(config);
  if (warning) app.log.warn({ sandboxes: [...config.sandboxes] }, warning);
  await app.ready();
  return { app, deps };
}
