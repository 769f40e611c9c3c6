import type { Database } from './platform/db/database.js';
import type { Config } from './platform/config.js';
import { seedDemoOrg, seedDemoUsers, seedUnits } from './modules/org/org.seed.js';
import { seedCalendar } from './modules/calendar/calendar.service.js';
import { seedDemoFeedback } from './modules/feedback/feedback.seed.js';
import { seedDemoTasks } from './modules/tasks/tasks.seed.js';
import { seedDemoCatalog, upgradeDemoFeeModel } from './modules/catalog/catalog.seed.js';
import { seedDemoDossiers } from './modules/dossiers/dossiers.seed.js';
import { seedDemoReports, seedReportRegimes } from './modules/reports/reports.seed.js';
import { seedDemoCitizens } from './modules/citizens/citizens.seed.js';
import { seedDemoPayments } from './modules/payments/payments.seed.js';
import { seedQuality } from './modules/quality/quality.seed.js';
import { seedDemoReform } from './modules/reform/reform.seed.js';
import { seedDemoHistory } from './modules/history/history.seed.js';
import { seedDemoFrontOffice } from './modules/frontoffice/frontoffice.seed.js';
import { seedDemoConsents, seedPrivacy } from './modules/citizens/citizens.privacy.seed.js';
import { seedDemoCertifications } from './modules/certification/certification.seed.js';
import { seedDemoReuse } from './modules/citizens/citizens.reuse.seed.js';

/**
 * Start-up seeding, idempotent: reference data in every mode (administrative units);
 * demo data (a demo province, agencies, users per role, and each module's demo records) only
 * when not in production. In production no demo account or key is ever created.
 * The demo issues documents as the app does (written refusals, certified copies: stored files,
 * sealed through the signing configuration), hence the file store and signing settings.
 */
export type SeedConfig = Pick<Config, 'demo' | 'filesDir' | 'dataDir' | 'signing' | 'sandboxes' | 'publicBaseUrl' | 'resultSigningKey'>;

export async function seed(database: Database, config: SeedConfig): Promise<void> {
  await seedUnits(database);
  await seedCalendar(database);
  await seedPrivacy(database);
  if (!config.demo) await seedQuality(database);
  if (!config.demo) return;
  await seedDemoOrg(database);
  await seedDemoUsers(database);
  await seedDemoFeedback(database);
  await seedDemoTasks(database);
  await seedDemoCatalog(database);
  await upgradeDemoFeeModel(database);
  await seedDemoDossiers(database, config);
  // A year of the demo province's history, loaded through the history importer (docs/history-import.md).
  const history = await seedDemoHistory(database, config);
  if (history) console.info(`[seed] demo history: ${history.imported} dossiers imported (${history.rejected} rejected) in ${Math.round(history.ms / 1000)} s`);
  await seedReportRegimes(database);
  await seedDemoReports(database);
  await seedDemoCitizens(database, config);
  await seedDemoPayments(database);
  // Certified electronic copies at the counters (QĐ 766 4.x), after the demo citizen's verified profile.
  await seedDemoCertifications(database, config);
  // The demo citizen's open dossiers re-use a certified copy from their warehouse (QĐ 766 4.3).
  await seedDemoReuse(database, config);
  await seedQuality(database);
  await seedDemoReform(database);
  await seedDemoFrontOffice(database);
  await seedDemoConsents(database, config);
}
