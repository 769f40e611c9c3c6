import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { createAuthService, resolveSessionKey } from './platform/auth/auth.service.js';
import { createHttpServer, type App, type HttpServerOptions } from './platform/http/server.js';
import { OutboxWorker } from './platform/outbox.js';
import { JobScheduler } from './platform/jobs.js';
import { registerPlatformRoutes } from './platform/platform.routes.js';
import type { Deps } from './platform/deps.js';
import { registerOrg } from './modules/org/org.module.js';
import { registerCalendar } from './modules/calendar/calendar.module.js';
import { registerDossiers } from './modules/dossiers/dossiers.module.js';
import { registerFeedback } from './modules/feedback/feedback.module.js';
import { registerTasks } from './modules/tasks/tasks.module.js';
import { registerCatalog } from './modules/catalog/catalog.module.js';
import { registerReports } from './modules/reports/reports.module.js';
import { registerCitizens } from './modules/citizens/citizens.module.js';
import { registerPayments } from './modules/payments/payments.module.js';
import { registerQuality } from './modules/quality/quality.module.js';
import { registerReform } from './modules/reform/reform.module.js';

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
];

export interface Built {
  app: App;
  deps: Deps;
}

export async function buildApp(config: Config, database: Database, opts: HttpServerOptions = {}): Promise<Built> {
  const key = await resolveSessionKey(database, config.sessionSecret, config.production);
  const auth = createAuthService(database, key, config.sessionTtlHours);
  const app = await createHttpServer(config, auth, opts);
  const deps: Deps = { clock: { now: () => new Date() }, config, database, auth, outbox: new OutboxWorker(database), jobs: new JobScheduler(database) };
  registerPlatformRoutes(app, deps);
  for (const m of MODULES) await m.register(app, deps);
  await app.ready();
  return { app, deps };
}
