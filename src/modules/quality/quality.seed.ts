import type { CalendarService } from '../calendar/calendar.public.js';
import type { Database } from '../../platform/db/database.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import { settleCoveredByRebuild } from '../../platform/outbox.admin.js';
import { createQualityService, FEED_TOPIC } from './quality.service.js';

/**
 * Builds the read model once from the action log (in every mode: dossiers that existed before
 * the module was installed, and the demo dossiers). Later changes arrive through the outbox.
 * The changes already waiting in the outbox are covered by this build and are settled with it, so
 * the read model is complete (and says so: no pending change) before the server first listens.
 * Seeding runs before the server serves anything (in the setup process on a first start), so no
 * dossier changes while it runs.
 */
export async function seedQuality(database: Database, calendar: CalendarService): Promise<void> {
  if (await getSetting(database.db, 'quality_read_model_built_v2')) return;
  await createQualityService({ database, calendar, clock: { now: () => new Date() } }).recomputeFromLog(); // seeds run on wall time
  await database.transaction(async (tx) => {
    await settleCoveredByRebuild(tx, FEED_TOPIC);
    await ensureSetting(tx, 'quality_read_model_built_v2', new Date().toISOString());
  });
}
