import { existsSync } from 'node:fs';
import path from 'node:path';
import type { App } from './platform/http/server.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import type { Deps } from './platform/deps.js';
import type { MigrationSource } from './platform/db/migrate.js';
import { fromRoot } from './platform/paths.js';
import type { CalendarService } from './modules/calendar/calendar.public.js';
import { registerOrg } from './modules/org/org.module.js';
import { seedDemoOrg, seedDemoUsers, seedUnits } from './modules/org/org.seed.js';
import { registerCalendar } from './modules/calendar/calendar.module.js';
import { seedCalendar } from './modules/calendar/calendar.public.js';
import { registerFeedback } from './modules/feedback/feedback.module.js';
import { seedDemoFeedback } from './modules/feedback/feedback.seed.js';
import { registerTasks } from './modules/tasks/tasks.module.js';
import { seedDemoTasks } from './modules/tasks/tasks.seed.js';
import { registerCatalog } from './modules/catalog/catalog.module.js';
import { seedDemoCatalog, upgradeDemoFeeModel } from './modules/catalog/catalog.seed.js';
import { registerDossiers } from './modules/dossiers/dossiers.module.js';
import { seedDemoDossiers } from './modules/dossiers/dossiers.seed.js';
import { registerHistory } from './modules/history/history.module.js';
import { seedDemoHistory } from './modules/history/history.seed.js';
import { registerReports } from './modules/reports/reports.module.js';
import { seedDemoReports, seedReportRegimes } from './modules/reports/reports.seed.js';
import { registerCitizens } from './modules/citizens/citizens.module.js';
import { seedDemoCitizens } from './modules/citizens/citizens.seed.js';
import { seedDemoConsents, seedPrivacy } from './modules/citizens/citizens.privacy.seed.js';
import { seedDemoReuse } from './modules/citizens/citizens.reuse.seed.js';
import { registerPayments } from './modules/payments/payments.module.js';
import { seedDemoPayments } from './modules/payments/payments.seed.js';
import { registerSignatures } from './modules/signatures/signatures.module.js';
import { registerCertification } from './modules/certification/certification.module.js';
import { seedDemoCertifications } from './modules/certification/certification.seed.js';
import { registerQuality } from './modules/quality/quality.module.js';
import { seedQuality } from './modules/quality/quality.seed.js';
import { registerReform } from './modules/reform/reform.module.js';
import { seedDemoReform } from './modules/reform/reform.seed.js';
import { registerNotifications } from './modules/notifications/notifications.module.js';
import { registerDirection } from './modules/direction/direction.module.js';
import { registerFrontOffice } from './modules/frontoffice/frontoffice.module.js';
import { seedDemoFrontOffice } from './modules/frontoffice/frontoffice.seed.js';

/** What a seeder receives: the database, the configuration, and the one calendar service of the seeding process. */
export interface SeedDeps {
  database: Database;
  config: Config;
  calendar: CalendarService;
}

/** One step of seeding; `after` runs it right after another module's demo steps (a demo record that needs that module's data). */
export interface SeedStep {
  run: (s: SeedDeps) => Promise<unknown>;
  after?: string;
}

export interface ModuleEntry {
  name: string;
  /** Routes, outbox consumers and scheduled jobs (src/app.ts); absent for a module that only offers functions. */
  register?: (app: App, deps: Deps) => void | Promise<void>;
  /** Reference data, every mode (idempotent). */
  reference?: SeedStep['run'];
  /** Demo data, demo mode only (idempotent: each seeder checks its own marker). */
  demo?: SeedStep[];
}

/**
 * The module manifest: the ONE order of the modules, in dependency order. Migrations are applied
 * in it (platform first, then each module's `migrations/` folder), modules register in it
 * (src/app.ts), and seeding runs in it (src/seed.ts: first every module's reference data, then in
 * demo mode every module's demo data). A module needing another's tables or data comes after it
 * (reform uses tasks' tables; history's import replays dossiers; reports count them; quality's
 * read model is rebuilt from every dossier, imported and certified ones included).
 */
export const MODULES: readonly ModuleEntry[] = [
  {
    name: 'org',
    register: registerOrg,
    reference: (s) => seedUnits(s.database),
    demo: [{ run: (s) => seedDemoOrg(s.database) }, { run: (s) => seedDemoUsers(s.database) }],
  },
  { name: 'calendar', register: registerCalendar, reference: (s) => seedCalendar(s.database) },
  { name: 'feedback', register: registerFeedback, demo: [{ run: (s) => seedDemoFeedback(s.database, s.calendar) }] },
  { name: 'tasks', register: registerTasks, demo: [{ run: (s) => seedDemoTasks(s.database, s.calendar) }] },
  { name: 'catalog', register: registerCatalog, demo: [{ run: (s) => seedDemoCatalog(s.database) }, { run: (s) => upgradeDemoFeeModel(s.database) }] },
  { name: 'dossiers', register: registerDossiers, demo: [{ run: (s) => seedDemoDossiers(s.database, s.config, s.calendar) }] },
  { name: 'integration' },
  {
    name: 'history',
    register: registerHistory,
    // A year of the demo province's history, loaded through the history importer (docs/history-import.md).
    demo: [
      {
        run: async (s) => {
          const history = await seedDemoHistory(s.database, s.config, s.calendar);
          if (history)
            console.info(`[seed] demo history: ${history.imported} dossiers imported (${history.rejected} rejected) in ${Math.round(history.ms / 1000)} s`);
        },
      },
    ],
  },
  {
    name: 'reports',
    register: registerReports,
    demo: [{ run: (s) => seedReportRegimes(s.database) }, { run: (s) => seedDemoReports(s.database, s.calendar) }],
  },
  {
    name: 'citizens',
    register: registerCitizens,
    reference: (s) => seedPrivacy(s.database),
    demo: [
      { run: (s) => seedDemoCitizens(s.database, s.config) },
      // The demo citizen's open dossiers re-use a certified copy from their warehouse (QĐ 766 4.3).
      { run: (s) => seedDemoReuse(s.database, s.config, s.calendar), after: 'certification' },
      { run: (s) => seedDemoConsents(s.database, s.config), after: 'frontoffice' },
    ],
  },
  { name: 'payments', register: registerPayments, demo: [{ run: (s) => seedDemoPayments(s.database) }] },
  { name: 'signatures', register: registerSignatures },
  // Certified electronic copies at the counters (QĐ 766 4.x), after the demo citizen's verified profile.
  { name: 'certification', register: registerCertification, demo: [{ run: (s) => seedDemoCertifications(s.database, s.config, s.calendar) }] },
  {
    name: 'quality',
    register: registerQuality,
    // The read model is built from the log once: in production at once, in demo mode after the demo dossiers.
    reference: (s) => (s.config.demo ? Promise.resolve() : seedQuality(s.database, s.calendar)),
    demo: [{ run: (s) => seedQuality(s.database, s.calendar) }],
  },
  { name: 'reform', register: registerReform, demo: [{ run: (s) => seedDemoReform(s.database, s.config, s.calendar) }] },
  { name: 'notifications', register: registerNotifications },
  { name: 'direction', register: registerDirection },
  { name: 'frontoffice', register: registerFrontOffice, demo: [{ run: (s) => seedDemoFrontOffice(s.database) }] },
];

/** The migration folders in manifest order: the platform's, then each module's `migrations/` (when it has one). */
export function migrationSources(modules: readonly ModuleEntry[] = MODULES): MigrationSource[] {
  return [
    { name: 'platform', dir: fromRoot('src/platform/migrations') },
    ...modules.map((m) => ({ name: m.name, dir: fromRoot(path.join('src/modules', m.name, 'migrations')) })),
  ]
    .filter((s) => existsSync(s.dir))
    .map((s) => ({ module: s.name, dir: s.dir }));
}

/** The demo steps in manifest order, each `after: X` step placed right after module X's own steps. */
export function demoSteps(modules: readonly ModuleEntry[] = MODULES): SeedStep[] {
  const own = (m: ModuleEntry) => (m.demo ?? []).filter((s) => !s.after);
  const following = (name: string) => modules.flatMap((m) => (m.demo ?? []).filter((s) => s.after === name));
  const names = new Set(modules.map((m) => m.name));
  for (const m of modules)
    for (const s of m.demo ?? []) if (s.after && !names.has(s.after)) throw new Error(`seed step of ${m.name} runs after an unknown module: ${s.after}`);
  return modules.flatMap((m) => [...own(m), ...following(m.name)]);
}
