import type { Database } from './platform/db/database.js';
import type { Config } from './platform/config.js';
import { createCalendarService } from './modules/calendar/calendar.public.js';
import { demoSteps, MODULES, type SeedDeps } from './modules.js';

/**
 * Start-up seeding, idempotent, in the order of the module manifest (src/modules.ts): reference
 * data in every mode (administrative units, the official calendar, the privacy catalogue); demo
 * data (a demo province, agencies, users per role, and each module's demo records) only when not
 * in production. In production no demo account or key is ever created.
 * The demo issues documents as the app does (written refusals, certified copies: stored files,
 * sealed through the signing configuration), hence the file store and signing settings.
 */
export async function seed(database: Database, config: Config): Promise<void> {
  // One calendar service for every seeder (the server builds its own in src/app.ts).
  const s: SeedDeps = { database, config, calendar: createCalendarService(database) };
  for (const m of MODULES) if (m.reference) await m.reference(s);
  if (!config.demo) return;
  for (const step of demoSteps()) await step.run(s);
}
