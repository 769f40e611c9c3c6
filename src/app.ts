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
import { createCalendarService } from './modules/calendar/calendar.public.js';
import { buildDossierServices } from './modules/dossiers/dossiers.public.js';
import { createQualityService } from './modules/quality/quality.public.js';
import { createTasksService } from './modules/tasks/tasks.public.js';
import { MODULES } from './modules.js';

/**
 * Composition root: builds the platform services and the services shared across modules (the
 * calendar, the dossier service, the QĐ 766 quality service, the tasks service) once, all on the
 * one clock, then lets each module of the manifest (src/modules.ts)
 * register its routes, outbox handlers and scheduled jobs, in the manifest's order.
 */
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
  const shared = {
    clock,
    config,
    database,
    auth,
    outbox: new OutboxWorker(database, { log }),
    jobs: new JobScheduler(database, { log }),
    abuse,
    calendar: createCalendarService(database),
  };
  // The same object becomes `deps` (Object.assign), so services keyed by it (signaturesOf) are built once too.
  const deps: Deps = Object.assign(shared, {
    dossiers: buildDossierServices(shared),
    quality: createQualityService(shared),
    tasks: createTasksService(database, shared),
  });
  registerReadAudit(app, database.db); // staff reads of personal data: one audit row per request (read-audit.ts)
  registerPlatformRoutes(app, deps);
  for (const m of MODULES) await m.register?.(app, deps);
  // Every queued topic of src/platform/outbox.topics.ts must have its consumer: a row nobody
  // delivers would wait forever.
  const unhandled = deps.outbox.unhandledTopics();
  if (unhandled.length) throw new Error(`outbox topics without a handler: ${unhandled.join(', ')} (declare them audit-only or register their consumer)`);
  const warning = sandboxWarning(config);
  if (warning) app.log.warn({ sandboxes: [...config.sandboxes] }, warning);
  await app.ready();
  return { app, deps };
}
